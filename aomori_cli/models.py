"""Immutable, typed models of the report. Money is int thousand yen; sequences are tuples.

The models are NamedTuples rather than frozen dataclasses: the same immutability and typing,
but a class costs ~0.12 ms to create at import against ~0.5 ms for a dataclass, and these
ten are created on every run (measured; see bench/startup.py). Compare them by field, never
with plain tuples.
"""

import re
from typing import NamedTuple

NO_FIGURE = "-"

# "2,898件", "165,551千円", "延べ 15回", "3市町": an optional qualifier, a number, a unit.
_FIGURE = (  # compiled by re on first use: a run that reads the cache never needs it
    r"^(?:(?P<qualifier>[^\d\s,.+-][^\d]*?)\s*)?(?P<number>\d{1,3}(?:,\d{3})+|\d+)\s*(?P<unit>\D*)$"
)


def share(amount: int, total: int) -> float:
    """Fraction of the total (0 when the total is 0)."""
    return amount / total if total else 0.0


class Figure(NamedTuple):
    """A KPI figure as printed, and what it means."""

    raw: str
    value: int
    unit: str
    qualifier: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "raw": self.raw,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
        }


def parse_figure(raw: str) -> Figure | None:
    """Parse a printed figure; ``"-"`` gives None. Raises ValueError for anything else."""
    text = raw.strip()
    if text in (NO_FIGURE, "－", "ー", "―", "‐"):
        return None
    match = re.match(_FIGURE, text)
    if match is None:
        import unicodedata  # only for figures typed with full-width digits

        match = re.match(_FIGURE, unicodedata.normalize("NFKC", text))
        if match is None:
            raise ValueError(raw)
    qualifier = match["qualifier"]
    return Figure(
        raw=raw,
        value=int(match["number"].replace(",", "")),
        unit=match["unit"].strip(),
        qualifier=qualifier.strip() if qualifier else None,
    )


class Kpi(NamedTuple):
    name: str
    fy2023: Figure | None
    fy2024: Figure | None

    @property
    def unit(self) -> str:
        for figure in (self.fy2024, self.fy2023):
            if figure is not None:
                return figure.unit
        return ""

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "fy2023": self.fy2023.to_dict() if self.fy2023 else None,
            "fy2024": self.fy2024.to_dict() if self.fy2024 else None,
        }


class Correction(NamedTuple):
    """A repair of the seed's extraction damage: what the seed prints and what we hold."""

    field: str
    printed: str
    corrected: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {
            "field": self.field,
            "printed": self.printed,
            "corrected": self.corrected,
            "reason": self.reason,
        }


class Programme(NamedTuple):
    no: int
    name: str
    budget_thousand_yen: int
    new: bool
    reposted: bool
    division: str
    group: str
    page: int
    overview: str
    results: str
    kpis: tuple[Kpi, ...]
    name_en: str = ""
    reading: str = ""
    romaji: str = ""
    notes: tuple[str, ...] = ()
    remarks: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    keywords_en: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "no": self.no,
            "name": self.name,
            "name_en": self.name_en,
            "budget_thousand_yen": self.budget_thousand_yen,
            "new": self.new,
            "reposted": self.reposted,
            "division": self.division,
            "group": self.group,
            "page": self.page,
            "overview": self.overview,
            "results": self.results,
            "kpis": [k.to_dict() for k in self.kpis],
            "notes": list(self.notes),
            "reading": self.reading,
            "romaji": self.romaji,
            "keywords_en": list(self.keywords_en),
            "remarks": list(self.remarks),
            "corrections": [c.to_dict() for c in self.corrections],
        }


class Division(NamedTuple):
    name: str
    reading: str = ""
    romaji: str = ""
    name_en: str = ""


class SectionItem(NamedTuple):
    heading: str
    paragraphs: tuple[str, ...]


class Section(NamedTuple):
    policy: str = ""
    number: str = ""
    title: str = ""
    title_en: str = ""
    subtotal_thousand_yen: int | None = None
    summary: tuple[str, ...] = ()
    items: tuple[SectionItem, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "policy": self.policy,
            "number": self.number,
            "title": self.title,
            "title_en": self.title_en,
            "subtotal_thousand_yen": self.subtotal_thousand_yen,
            "summary": list(self.summary),
            "items": [{"heading": i.heading, "paragraphs": list(i.paragraphs)} for i in self.items],
        }


class CaseStudy(NamedTuple):
    heading: str = ""
    subsidy: str = ""
    company: str = ""
    plant: str = ""
    plant_location: str = ""
    head_office: str = ""
    headline: str = ""
    company_overview: tuple[str, ...] = ()
    background: tuple[str, ...] = ()
    developed: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "heading": self.heading,
            "subsidy": self.subsidy,
            "company": self.company,
            "plant": self.plant,
            "plant_location": self.plant_location,
            "head_office": self.head_office,
            "headline": self.headline,
            "company_overview": list(self.company_overview),
            "background": list(self.background),
            "developed": list(self.developed),
            "corrections": [c.to_dict() for c in self.corrections],
        }


class KpiYear(NamedTuple):
    key: str
    label: str
    printed: str


class Report(NamedTuple):
    programmes: tuple[Programme, ...]
    prefecture: str = ""
    prefecture_en: str = ""
    title: str = ""
    title_en: str = ""
    title_note: str = ""
    fiscal_year: int | None = None
    fiscal_year_label: str = ""
    pages: tuple[int, int] | None = None
    source_file: str = ""
    kpi_years: tuple[KpiYear, ...] = ()
    section: Section = Section()
    divisions: tuple[Division, ...] = ()
    corrections: tuple[Correction, ...] = ()
    case_study: CaseStudy | None = None
    path: str = ""

    @property
    def total_thousand_yen(self) -> int:
        return sum(p.budget_thousand_yen for p in self.programmes)

    def by_number(self, no: int) -> Programme:
        for p in self.programmes:
            if p.no == no:
                return p
        from aomori_cli.errors import LookupFailed

        numbers = [p.no for p in self.programmes]
        span = f"{min(numbers)}–{max(numbers)}" if numbers else "none"
        raise LookupFailed(f"no programme number {no} (numbers run {span})")

    def division(self, name: str) -> Division:
        for d in self.divisions:
            if d.name == name:
                return d
        return Division(name)

    def division_names(self) -> tuple[str, ...]:
        """Every division, in the order of first appearance among the programmes."""
        return tuple(dict.fromkeys(p.division for p in self.programmes))

    def group_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.group for p in self.programmes if p.group))

    def about_dict(self) -> dict[str, object]:
        return {
            "prefecture": self.prefecture,
            "prefecture_en": self.prefecture_en,
            "title": self.title,
            "title_en": self.title_en,
            "title_note": self.title_note,
            "fiscal_year": self.fiscal_year,
            "fiscal_year_label": self.fiscal_year_label,
            "pages": list(self.pages) if self.pages else None,
            "kpi_years": [{"key": y.key, "label": y.label} for y in self.kpi_years],
            "section": self.section.to_dict(),
            "programme_count": len(self.programmes),
            "total_thousand_yen": self.total_thousand_yen,
            "source_file": self.source_file,
            "data_file": self.path,
            "corrections": [c.to_dict() for c in self.corrections],
            "programme_corrections": [
                {"no": p.no, **c.to_dict()} for p in self.programmes for c in p.corrections
            ],
            "case_study": self.case_study.to_dict() if self.case_study else None,
        }
