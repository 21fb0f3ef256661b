"""Filter, sort, totals and year-on-year comparison: pure functions over the models."""

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from aomori_cli.models import Kpi, Programme, Report, share

SORT_KEYS: dict[str, Callable[[Programme], tuple[object, ...]]] = {
    "no": lambda p: (p.no,),
    "budget": lambda p: (p.budget_thousand_yen, -p.no),
    "name": lambda p: (p.reading or p.name, p.no),
    "division": lambda p: (p.division, p.no),
    "page": lambda p: (p.page, p.no),
}


def filter_programmes(
    programmes: Iterable[Programme],
    *,
    division: str | None = None,
    group: str | None = None,
    new: bool | None = None,
    reposted: bool | None = None,
    min_budget: int | None = None,
    max_budget: int | None = None,
) -> tuple[Programme, ...]:
    """Programmes that pass every given filter; division and group match exactly."""
    return tuple(
        p
        for p in programmes
        if (division is None or p.division == division)
        and (group is None or p.group == group)
        and (new is None or p.new == new)
        and (reposted is None or p.reposted == reposted)
        and (min_budget is None or p.budget_thousand_yen >= min_budget)
        and (max_budget is None or p.budget_thousand_yen <= max_budget)
    )


def sort_programmes(
    programmes: Iterable[Programme], key: str = "no", *, reverse: bool = False
) -> tuple[Programme, ...]:
    """Sort by one of SORT_KEYS. Budget sorts largest first unless reversed."""
    ordered = sorted(programmes, key=SORT_KEYS[key])
    if key == "budget":
        reverse = not reverse
    return tuple(reversed(ordered)) if reverse else tuple(ordered)


# --- totals ----------------------------------------------------------------------------------


class TotalRow(NamedTuple):
    key: str
    programmes: int  # how many; "count" in JSON (a NamedTuple cannot shadow tuple.count)
    budget_thousand_yen: int
    share: float

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "count": self.programmes,
            "budget_thousand_yen": self.budget_thousand_yen,
            "share": self.share,
        }


class Totals(NamedTuple):
    by: str
    programmes: int
    total_thousand_yen: int
    rows: tuple[TotalRow, ...]
    subtotal_thousand_yen: int | None

    @property
    def matches_subtotal(self) -> bool | None:
        if self.subtotal_thousand_yen is None:
            return None
        return self.subtotal_thousand_yen == self.total_thousand_yen

    def to_dict(self) -> dict[str, object]:
        return {
            "total_thousand_yen": self.total_thousand_yen,
            "count": self.programmes,
            "by": self.by,
            "rows": [r.to_dict() for r in self.rows],
            "report_subtotal_thousand_yen": self.subtotal_thousand_yen,
            "matches_report_subtotal": self.matches_subtotal,
        }


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
    """Budget by a key: count, sum and share; rows by budget, largest first."""
    chosen = report.programmes if programmes is None else programmes
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
    return Totals(
        by=by,
        programmes=len(chosen),
        total_thousand_yen=total,
        rows=rows,
        subtotal_thousand_yen=report.section.subtotal_thousand_yen if programmes is None else None,
    )


# --- year-on-year ----------------------------------------------------------------------------


class KpiChange(NamedTuple):
    name: str
    unit: str
    fy2023: int | None
    fy2024: int | None
    fy2023_raw: str
    fy2024_raw: str

    @property
    def change(self) -> int | None:
        if self.fy2023 is None or self.fy2024 is None:
            return None
        return self.fy2024 - self.fy2023

    @property
    def change_pct(self) -> float | None:
        """Percent change; None where a year has no figure or FY2023 is 0."""
        if self.change is None or not self.fy2023:
            return None
        return round(self.change / self.fy2023 * 100, 1)

    @property
    def direction(self) -> str:
        """ "up", "down", "flat" or "n/a" (a year without a figure)."""
        change = self.change
        if change is None:
            return "n/a"
        return "up" if change > 0 else "down" if change < 0 else "flat"

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "unit": self.unit,
            "fy2023": self.fy2023,
            "fy2024": self.fy2024,
            "change": self.change,
            "change_pct": self.change_pct,
        }


def kpi_change(kpi: Kpi) -> KpiChange:
    return KpiChange(
        name=kpi.name,
        unit=kpi.unit,
        fy2023=kpi.fy2023.value if kpi.fy2023 else None,
        fy2024=kpi.fy2024.value if kpi.fy2024 else None,
        fy2023_raw=kpi.fy2023.raw if kpi.fy2023 else "-",
        fy2024_raw=kpi.fy2024.raw if kpi.fy2024 else "-",
    )


class Comparison(NamedTuple):
    programme: Programme
    share: float
    changes: tuple[KpiChange, ...]

    def tally(self, direction: str) -> int:
        return sum(1 for c in self.changes if c.direction == direction)

    def rows(self) -> list[dict[str, object]]:
        """One flat row per KPI (CSV, --fields), shaped as compare --all's rows."""
        p = self.programme
        return [RankedChange(p.no, p.name, c).to_dict() for c in self.changes]

    def to_dict(self) -> dict[str, object]:
        p = self.programme
        return {
            "no": p.no,
            "name": p.name,
            "budget_thousand_yen": p.budget_thousand_yen,
            "share": self.share,
            "division": p.division,
            "kpis": [c.to_dict() for c in self.changes],
            "kpis_up": self.tally("up"),
            "kpis_down": self.tally("down"),
            "kpis_flat": self.tally("flat"),
        }


def compare(report: Report, programme: Programme) -> Comparison:
    return Comparison(
        programme=programme,
        share=share(programme.budget_thousand_yen, report.total_thousand_yen),
        changes=tuple(kpi_change(k) for k in programme.kpis),
    )


class RankedChange(NamedTuple):
    no: int
    programme: str
    change: KpiChange

    def to_dict(self) -> dict[str, object]:
        return {"no": self.no, "programme": self.programme, **self.change.to_dict()}


def rank_changes(
    report: Report, *, sort: str = "pct", direction: str | None = None
) -> tuple[RankedChange, ...]:
    """Every KPI of every programme ranked by % change (or absolute change), largest fall first.

    KPIs without both figures go last; with ``direction`` ("up"/"down") only those are kept.
    """
    items = [RankedChange(p.no, p.name, kpi_change(k)) for p in report.programmes for k in p.kpis]
    if direction is not None:
        items = [i for i in items if i.change.direction == direction]

    def key(item: RankedChange) -> tuple[int, float, int]:
        value = item.change.change_pct if sort == "pct" else item.change.change
        if value is None:
            return (1, 0.0, item.no)
        return (0, float(value), item.no)

    ordered = sorted(items, key=key)
    if direction == "up":
        # Largest rise first; the items without figures were filtered out above.
        ordered.reverse()
    return tuple(ordered)
