"""Year-on-year changes of the KPIs (令和5年度 → 令和6年度): pure functions over the models."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aomori_cli.models import Kpi, Programme, Report, Value, share

# Qualifiers that say a figure is approximate (約 5件): they leave what is counted as it is.
APPROXIMATE = ("約", "およそ", "概ね", "おおむね")


def counting(qualifier: str | None) -> str:
    """What a figure's qualifier says about what it counts, folded: 延べ (repeats counted) in
    any spelling (延, のべ, 延ベ), or whatever else it says (累計); "" for none or 約 alone."""
    if not qualifier:
        return ""
    from aomori_cli.text import normalize

    folded = normalize(qualifier)  # width, kana (延ベ is 延べ), case, spaces
    for word in APPROXIMATE:
        folded = folded.replace(word, "")
    folded = folded.replace("のべ", "延べ")
    return "延べ" if folded == "延" else folded


def alike(kpi: Kpi) -> bool | None:
    """Whether a KPI's two figures count the same thing: the same unit, and the same counting
    (延べ in both or in neither); None without both figures."""
    a, b = kpi.fy2023, kpi.fy2024
    if a is None or b is None:
        return None
    return a.unit == b.unit and counting(a.qualifier) == counting(b.qualifier)


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class KpiChange(Value):
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
    def unlike(self) -> bool:
        """Both years have a figure, but of different things: other units (5回 and 7社 are not
        2 more of anything) or other counting (延べ in one year only; see counting())."""
        return alike(self.kpi) is False

    @property
    def change(self) -> int | None:
        """FY2024 less FY2023; None where a year has no figure, or where they are unlike."""
        a, b = self.kpi.fy2023, self.kpi.fy2024
        if a is None or b is None or self.unlike:
            return None
        return b.value - a.value

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


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Comparison(Value):
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
    programmes: Iterable[Programme],
    *,
    sort: str = "pct",
    direction: str | None = None,
    kpis: Sequence[str] | None = None,
) -> tuple[KpiChange, ...]:
    """The programmes' KPIs ranked, largest fall first: by % change ("pct"), by absolute
    change within each unit ("change": 千円 is never ranked against 件), in report order
    ("no") or by KPI name ("name").

    KPIs without both figures go last. ``direction`` ("up"/"down") keeps only those, and
    "up" ranks the largest rise first. ``kpis``: only KPIs whose name, Japanese or English,
    contains one of these (matched in the normalised form search uses, whatever the language),
    or whose shipped reading or romaji holds it as search finds it as typed (そうだん, soudan).
    """
    from aomori_cli.text import normalize

    items = [KpiChange(p, k) for p in programmes for k in p.kpis]
    if kpis:
        wanted = [normalize(text) for text in kpis if normalize(text)]
        items = [
            i
            for i in items
            if any(w in normalize(i.kpi.name) or w in normalize(i.kpi.name_en) for w in wanted)
            or _read_as(i.kpi.name, kpis)
        ]
    if direction is not None:
        items = [i for i in items if i.direction == direction]
    if sort == "no":
        return tuple(items)
    if sort == "name":  # 五十音, by the shipped reading where there is one, as list sorts names
        from aomori_cli.search.lexicon import reading
        from aomori_cli.text import kana_order

        def by_name(item: KpiChange) -> tuple[tuple[str, str], int]:
            read = reading(item.kpi.name)
            return (kana_order("".join(read.kana) if read else item.kpi.name), item.programme.no)

        return tuple(sorted(items, key=by_name))
    units = {unit: n for n, unit in enumerate(dict.fromkeys(i.kpi.unit for i in items))}
    rise_first = direction == "up"

    def key(item: KpiChange) -> tuple[int, int, float, int]:
        value = item.change_pct if sort == "pct" else item.change
        group = units[item.kpi.unit] if sort == "change" else 0
        if value is None:  # unranked, whatever the unit: together, last
            return (1, 0, 0.0, item.programme.no)
        return (0, group, -float(value) if rise_first else float(value), item.programme.no)

    return tuple(sorted(items, key=key))


def _read_as(name: str, typed: Sequence[str]) -> bool:
    """Whether a KPI's name, by its shipped reading or romaji, is what one of ``typed`` says, as
    search matches kana and romaji (whole words, no typo match)."""
    from aomori_cli.search.match import Query, make_entry

    entries = [e for e in (make_entry("kpi", k, name) for k in ("kana", "roma")) if e]
    return any(Query(t).exact(e) is not None for t in typed if t.strip() for e in entries)


def first_of_each_unit(ranked: Sequence[KpiChange], limit: int) -> tuple[KpiChange, ...]:
    """The first ``limit`` of each unit's ranking (rank_changes with sort "change" ranks within
    each unit): a limit over all of them had shown ▲8回 … 0回 as the five largest falls, and
    not ▲5,585件. A KPI without a change has no rank, so a limit leaves it out (kept as a
    "unit" of its own, it stood among the first rows with no figure); the caller says how
    many were left out."""
    taken: dict[str, int] = {}
    out = []
    for item in ranked:
        if item.change is None:
            continue
        if taken.get(item.kpi.unit, 0) < limit:
            taken[item.kpi.unit] = taken.get(item.kpi.unit, 0) + 1
            out.append(item)
    return tuple(out)
