"""Which programmes, in what order, and their totals: pure functions over the models.
(Year-on-year changes are in aomori_cli.changes.)"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from aomori_cli.models import Programme, Report, share


@dataclass(frozen=True, slots=True)
class Selection:
    """Which programmes a command works on. Divisions and groups are exact names (resolved
    from what the user typed beforehand); several of one kind select any of them."""

    divisions: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    new: bool | None = None
    reposted: bool | None = None
    min_budget: int | None = None
    max_budget: int | None = None
    numbers: frozenset[int] | None = None  # e.g. the programmes a search matched

    def admits(self, p: Programme) -> bool:
        return (
            (not self.divisions or p.division in self.divisions)
            and (not self.groups or p.group in self.groups)
            and (self.new is None or p.new == self.new)
            and (self.reposted is None or p.reposted == self.reposted)
            and (self.min_budget is None or p.budget_thousand_yen >= self.min_budget)
            and (self.max_budget is None or p.budget_thousand_yen <= self.max_budget)
            and (self.numbers is None or p.no in self.numbers)
        )


def select(programmes: Iterable[Programme], selection: Selection | None) -> tuple[Programme, ...]:
    """The programmes the selection admits (all of them when there is none)."""
    if selection is None:
        return tuple(programmes)
    return tuple(p for p in programmes if selection.admits(p))


def _reading(names: dict[str, str], name: str) -> tuple[str, str]:
    """A name's place in 五十音 order, by its curated reading (else its own text)."""
    from aomori_cli.text import kana_order

    return kana_order(names.get(name) or name)


def sort_programmes(
    report: Report, programmes: Iterable[Programme], key: str = "no", *, reverse: bool = False
) -> tuple[Programme, ...]:
    """Sort by no, budget (largest first unless reversed), name, division or group (by their
    readings, 五十音), or page; ties keep report order."""
    division_readings = {d.name: d.reading for d in report.divisions}
    group_readings = {g.name: g.reading for g in report.groups}
    keys: dict[str, Callable[[Programme], tuple[object, ...]]] = {
        "no": lambda p: (p.no,),
        "budget": lambda p: (-p.budget_thousand_yen, p.no),
        "name": lambda p: (_reading({}, p.reading or p.name), p.no),
        "division": lambda p: (_reading(division_readings, p.division), p.no),
        "group": lambda p: (
            _reading(division_readings, p.division),
            _reading(group_readings, p.group),
            p.no,
        ),
        "page": lambda p: (p.page, p.no),
    }
    ordered = sorted(programmes, key=keys[key])
    return tuple(reversed(ordered)) if reverse else tuple(ordered)


def listed(report: Report, programmes: Sequence[Programme]) -> list[tuple[Programme, float]]:
    """Each programme with its share of the whole section's budget (contract.PROGRAMME)."""
    total = report.total_thousand_yen
    return [(p, share(p.budget_thousand_yen, total)) for p in programmes]


# --- totals ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TotalRow:
    """One group's count, budget and share."""

    key: str
    count: int
    budget_thousand_yen: int
    share: float


@dataclass(frozen=True, slots=True)
class Totals:
    """Budgets summed by a key."""

    by: str
    count: int
    total_thousand_yen: int
    rows: tuple[TotalRow, ...]
    subtotal_thousand_yen: int | None  # the report's 小計, when the whole section is summed

    @property
    def matches_subtotal(self) -> bool | None:
        if self.subtotal_thousand_yen is None:
            return None
        return self.subtotal_thousand_yen == self.total_thousand_yen


def _group_key(programme: Programme, by: str) -> str:
    if by == "division":
        return programme.division
    if by == "group":
        return f"{programme.division} {programme.group}".strip()
    if by == "new":
        return "新規" if programme.new else "継続"
    if by == "reposted":
        return "再掲" if programme.reposted else "本掲"
    raise ValueError(f"unknown grouping {by!r}")


def totals(
    report: Report, by: str = "division", programmes: Sequence[Programme] | None = None
) -> Totals:
    """Budget by a key: count, sum and share; rows by budget, largest first. The report's
    小計 is compared only when every programme is summed."""
    chosen = report.programmes if programmes is None else tuple(programmes)
    total = sum(p.budget_thousand_yen for p in chosen)
    sums: dict[str, list[int]] = {}
    for p in chosen:
        entry = sums.setdefault(_group_key(p, by), [0, 0])
        entry[0] += 1
        entry[1] += p.budget_thousand_yen
    first_seen = {key: i for i, key in enumerate(sums)}
    rows = tuple(
        TotalRow(key, count, amount, share(amount, total))
        for key, (count, amount) in sorted(
            sums.items(), key=lambda kv: (-kv[1][1], first_seen[kv[0]])
        )
    )
    whole = tuple(chosen) == report.programmes
    return Totals(
        by=by,
        count=len(chosen),
        total_thousand_yen=total,
        rows=rows,
        subtotal_thousand_yen=report.section.subtotal_thousand_yen if whole else None,
    )
