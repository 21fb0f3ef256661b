"""Budgets summed by division, group, 新規 or 再掲, checked against the report's 小計: pure
functions over the models."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aomori_cli.i18n import N_
from aomori_cli.models import Programme, Report, Value, share

# The keys of totals --by new and --by reposted, in English (the catalogue's msgids: a table
# shows them in the user's language).
KEY_EN = {
    "新規": N_("new"),
    "継続": N_("continuing"),
    "再掲": N_("reposted"),
    "本掲": N_("not reposted"),  # listed in this section first, not again from another
}


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class TotalRow(Value):
    """One group's count, budget and share."""

    key: str
    count: int
    budget_thousand_yen: int
    share: float
    # What the row sums: (division,) or (division, group); () for 新規 and 再掲. The key is
    # these joined by a space, as JSON gives it; two pairs that join alike stay two rows.
    names: tuple[str, ...] = ()
    # The key in English: the English names (Division / Group, as --group takes them back),
    # or new, continuing, reposted, not reposted; the key itself where a name has none.
    key_en: str = ""


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Totals(Value):
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


def _group_key(programme: Programme, by: str) -> tuple[str, tuple[str, ...]]:
    """The row a programme is summed in: its key, and the names it stands for."""
    if by == "division":
        return programme.division, (programme.division,)
    if by == "group":
        names = (programme.division, programme.group)
        return f"{programme.division} {programme.group}".strip(), names
    if by == "new":
        return ("新規" if programme.new else "継続"), ()
    if by == "reposted":
        return ("再掲" if programme.reposted else "本掲"), ()
    raise ValueError(f"unknown grouping {by!r}")


def _key_en(report: Report, key: str, names: tuple[str, ...]) -> str:
    if not names:
        return KEY_EN.get(key, key)
    division = report.division(names[0]).name_en or names[0]
    if len(names) < 2 or not names[1]:
        return division
    return f"{division} / {report.group(names[1]).name_en or names[1]}"


def totals(
    report: Report, by: str = "division", programmes: Sequence[Programme] | None = None
) -> Totals:
    """Budget by a key: count, sum and share; rows by budget, largest first. The report's
    小計 is compared only when every programme is summed."""
    chosen = report.programmes if programmes is None else tuple(programmes)
    total = sum(p.budget_thousand_yen for p in chosen)
    sums: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for p in chosen:
        entry = sums.setdefault(_group_key(p, by), [0, 0])
        entry[0] += 1
        entry[1] += p.budget_thousand_yen
    first_seen = {row: i for i, row in enumerate(sums)}
    rows = tuple(
        TotalRow(key, count, amount, share(amount, total), names, _key_en(report, key, names))
        for (key, names), (count, amount) in sorted(
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
