"""Which programmes, in what order: pure functions over the models. (Their sums are in
aomori_cli.totals, year-on-year changes in aomori_cli.changes.)"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from aomori_cli.models import Programme, Report, Value, share


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Selection(Value):
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
    readings, 五十音), name_en (A to Z), or page; ties keep report order."""
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
        # A to Z by the English name, whatever the language; a programme without one last.
        "name_en": lambda p: (not p.name_en.strip(), p.name_en.casefold(), p.no),
        "page": lambda p: (p.page, p.no),
    }
    ordered = sorted(programmes, key=keys[key])
    return tuple(reversed(ordered)) if reverse else tuple(ordered)


def listed(report: Report, programmes: Sequence[Programme]) -> list[tuple[Programme, float]]:
    """Each programme with its share of the whole section's budget (contract.PROGRAMME)."""
    total = report.total_thousand_yen
    return [(p, share(p.budget_thousand_yen, total)) for p in programmes]
