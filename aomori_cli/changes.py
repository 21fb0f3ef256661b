"""Year-on-year changes of the KPIs (令和5年度 → 令和6年度): pure functions over the models."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aomori_cli.models import Kpi, Programme, Report, share


@dataclass(frozen=True, slots=True)
class KpiChange:
    """One KPI's two years, with the programme it belongs to."""

    programme: Programme
    kpi: Kpi

    @property
    def fy2023(self) -> int | None:
        return self.kpi.fy2023.value if self.kpi.fy2023 else None

    @property
    def fy2024(self) -> int | None:
        return self.kpi.fy2024.value if self.kpi.fy2024 else None

    @property
    def change(self) -> int | None:
        if self.fy2023 is None or self.fy2024 is None:
            return None
        return self.fy2024 - self.fy2023

    @property
    def change_pct(self) -> float | None:
        """Percent change, unrounded; None where a year has no figure or FY2023 is 0."""
        change = self.change
        if change is None or not self.fy2023:
            return None
        return change / self.fy2023 * 100

    @property
    def direction(self) -> str:
        """ "up", "down", "flat" or "n/a" (a year without a figure)."""
        change = self.change
        if change is None:
            return "n/a"
        return "up" if change > 0 else "down" if change < 0 else "flat"


@dataclass(frozen=True, slots=True)
class Comparison:
    """One programme's KPIs, year on year."""

    programme: Programme
    share: float
    changes: tuple[KpiChange, ...]

    def tally(self, direction: str) -> int:
        return sum(1 for c in self.changes if c.direction == direction)


def compare(report: Report, programme: Programme) -> Comparison:
    return Comparison(
        programme=programme,
        share=share(programme.budget_thousand_yen, report.total_thousand_yen),
        changes=tuple(KpiChange(programme, k) for k in programme.kpis),
    )


def rank_changes(
    programmes: Iterable[Programme], *, sort: str = "pct", direction: str | None = None
) -> tuple[KpiChange, ...]:
    """Every KPI of the programmes ranked by % change (or absolute change), largest fall first.

    KPIs without both figures go last; with ``direction`` ("up"/"down") only those are kept,
    and "up" ranks the largest rise first.
    """
    items = [KpiChange(p, k) for p in programmes for k in p.kpis]
    if direction is not None:
        items = [i for i in items if i.direction == direction]

    def key(item: KpiChange) -> tuple[int, float, int]:
        value = item.change_pct if sort == "pct" else item.change
        if value is None:
            return (1, 0.0, item.programme.no)
        return (0, float(value), item.programme.no)

    ordered = sorted(items, key=key)
    if direction == "up":
        ordered.reverse()
    return tuple(ordered)
