"""The report's own objects in the contract: figures, KPIs, corrections, a programme (show,
list), and about's report, section and case study."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from aomori_cli.contract.base import (
    BOOL,
    FRACTION,
    INT,
    KPI_NAME_EN,
    NAME_EN,
    STR,
    STRS,
    Field,
    Json,
    Shape,
    T,
    array_of,
    nullable,
    percent_of,
    ref,
)  # fmt: skip
from aomori_cli.models import Correction, Figure, Kpi, Programme, Report, SectionItem

if TYPE_CHECKING:  # only for typing: a run imports the modules its own command needs
    pass


def _figure_text(f: Figure | None) -> str:
    return f.raw if f is not None else "-"


def kpis_cell(kpis: Iterable[Kpi]) -> str:
    return "; ".join(f"{k.name}: {_figure_text(k.fy2023)} → {_figure_text(k.fy2024)}" for k in kpis)


def corrections_cell(corrections: Iterable[Correction]) -> str:
    return "; ".join(f"{c.field}: {c.printed} → {c.corrected}" for c in corrections)


FIGURE: Shape[Figure] = Shape(
    "figure",
    "A KPI figure as printed and as parsed.",
    [
        Field("raw", STR, "as printed, e.g. '延べ 15回'", lambda f: f.raw),
        Field("value", INT, "the number", lambda f: f.value),
        Field("unit", STR, "the unit, e.g. '件', '千円'", lambda f: f.unit),
        Field("qualifier", nullable(STR), "e.g. '延べ' (cumulative)", lambda f: f.qualifier),
    ],
)


def _figure(f: Figure | None) -> Json:
    return FIGURE.to_json(f) if f is not None else None


KPI: Shape[Kpi] = Shape(
    "kpi",
    "A KPI with its FY2023 and FY2024 figures (null where the report prints '-').",
    [
        Field("name", STR, "the KPI as printed", lambda k: k.name),
        Field("name_en", STR, KPI_NAME_EN, lambda k: k.name_en),
        Field("fy2023", nullable(ref("figure")), "令和5年度", lambda k: _figure(k.fy2023)),
        Field("fy2024", nullable(ref("figure")), "令和6年度", lambda k: _figure(k.fy2024)),
    ],
)

CORRECTION: Shape[Correction] = Shape(
    "correction",
    "A repair of the source's extraction damage.",
    [
        Field("field", STR, "what was repaired", lambda c: c.field),
        Field("printed", STR, "what the source prints", lambda c: c.printed),
        Field("corrected", STR, "what the dataset holds", lambda c: c.corrected),
        Field("reason", STR, "why", lambda c: c.reason),
        Field("reason_ja", STR, "why, in Japanese", lambda c: c.reason_ja),
    ],
)


def _programme_fields(get: Callable[[T], Programme], share: Callable[[T], float]) -> list[Field[T]]:
    def f(
        name: str,
        schema: dict[str, Any],
        description: str,
        value: Callable[[Programme], Json],
        cell: Callable[[Programme], object] | None = None,
    ) -> Field[T]:
        flat = cell or value
        return Field(name, schema, description, lambda i: value(get(i)), lambda i: flat(get(i)))

    return [
        f("no", {**INT, "minimum": 1}, "number in the report's list table", lambda p: p.no),
        f("name", STR, "name (事業名), as printed", lambda p: p.name),
        f("name_en", STR, NAME_EN, lambda p: p.name_en),
        f(
            "budget_thousand_yen",
            {**INT, "minimum": 0},
            "FY2024 budget (R6事業費) in thousand yen (千円), an integer",
            lambda p: p.budget_thousand_yen,
        ),
        Field(
            "share",
            FRACTION,
            "fraction of the whole section's budget, whatever the filters",
            share,
            human=percent_of,
        ),
        f("new", BOOL, "true when marked ○ as new in FY2024 (R6新規)", lambda p: p.new),
        f("reposted", BOOL, "true for (再掲) programmes, printed again", lambda p: p.reposted),
        f("division", STR, "担当課, the responsible division", lambda p: p.division),
        f("group", STR, "group (グループ) within the division", lambda p: p.group),
        f("page", {**INT, "minimum": 1}, "掲載頁, the report page", lambda p: p.page),
        f("overview", STR, "overview (事業概要)", lambda p: p.overview),
        f("results", STR, "results (事業実績)", lambda p: p.results),
        f(
            "kpis",
            array_of("kpi"),
            "KPIs: name with FY2023 and FY2024 figures (raw, value, unit, qualifier)",
            lambda p: [KPI.to_json(k) for k in p.kpis],
            lambda p: kpis_cell(p.kpis),
        ),
        f("kpi_count", INT, "number of KPIs", lambda p: len(p.kpis)),
        f(
            "notes",
            STRS,
            "notes the report attaches",
            lambda p: list(p.notes),
            lambda p: " ".join(p.notes),
        ),
        f("reading", STR, "hiragana reading of the name (curated)", lambda p: p.reading),
        f("romaji", STR, "romaji of the name (curated)", lambda p: p.romaji),
        f(
            "keywords_en",
            STRS,
            "English search words (curated from the programme's own text)",
            lambda p: list(p.keywords_en),
            lambda p: "; ".join(p.keywords_en),
        ),
        f(
            "remarks",
            STRS,
            "curators' remarks on the source",
            lambda p: list(p.remarks),
            lambda p: " ".join(p.remarks),
        ),
        f(
            "remarks_ja",
            STRS,
            "the remarks in Japanese",
            lambda p: list(p.remarks_ja),
            lambda p: " ".join(p.remarks_ja),
        ),
        f(
            "corrections",
            array_of("correction"),
            "repairs of the source's extraction damage",
            lambda p: [CORRECTION.to_json(c) for c in p.corrections],
            lambda p: corrections_cell(p.corrections),
        ),
        # Added in a later version: last, so that no CSV column an existing script reads by
        # its position moves (from a review).
        f(
            "division_en",
            STR,
            "the division's English name (curated; empty where the dataset gives none)",
            lambda p: p.division_en,
        ),
        f(
            "group_en",
            STR,
            "the group's English name (curated; empty where there is none)",
            lambda p: p.group_en,
        ),
    ]


# A programme as listed: with its share of the whole section's budget.
Listed = tuple[Programme, float]

PROGRAMME: Shape[Listed] = Shape(
    "programme",
    "One programme (show --json; each element of list --json), in report order.",
    _programme_fields(lambda i: i[0], lambda i: i[1]),
)


# --- about -----------------------------------------------------------------------------------

SECTION_ITEM: Shape[SectionItem] = Shape(
    "section_item",
    "A ○ item of the section's 取組の概要.",
    [
        Field("heading", STR, "heading", lambda i: i.heading),
        Field("paragraphs", STRS, "paragraphs", lambda i: list(i.paragraphs)),
    ],
)

SECTION: Shape[Report] = Shape(
    "section",
    "The report's section: 基本方針② and its 取組の概要.",
    [
        Field("policy", STR, "e.g. 基本方針②", lambda r: r.section.policy),
        Field("number", STR, "e.g. ②", lambda r: r.section.number),
        Field("title", STR, "the section's title", lambda r: r.section.title),
        Field("title_en", STR, "in English (curated)", lambda r: r.section.title_en),
        Field(
            "subtotal_thousand_yen",
            nullable(INT),
            "the 小計 the report prints",
            lambda r: r.section.subtotal_thousand_yen,
        ),
        Field("summary", STRS, "取組の概要", lambda r: list(r.section.summary)),
        Field(
            "items",
            array_of("section_item"),
            "its ○ items",
            lambda r: [SECTION_ITEM.to_json(i) for i in r.section.items],
        ),
    ],
)

U = TypeVar("U")


def _lifted(field: Field[U], get: Callable[[T], U]) -> Field[T]:
    """``field`` of a part of another item (what ``get`` returns of it)."""
    return Field(field.name, field.schema, field.description, lambda item: field.value(get(item)))


def _attribute(name: str, convert: Callable[[Any], Json] | None = None) -> Callable[[Any], Json]:
    def get(item: Any) -> Json:
        value = getattr(item, name)
        return convert(value) if convert else value

    return get


PROGRAMME_CORRECTION: Shape[tuple[int, Correction]] = Shape(
    "programme_correction",
    "A correction of one programme's value.",
    [
        Field("no", INT, "the programme", lambda nc: nc[0]),
        *(_lifted(f, lambda nc: nc[1]) for f in CORRECTION.fields),
    ],
)

_CASE_STUDY_FIELDS = (
    "heading", "subsidy", "company", "plant", "plant_location", "head_office", "headline",
)  # fmt: skip
_CASE_STUDY_LISTS = ("company_overview", "background", "developed")

CASE_STUDY: Shape[Any] = Shape(
    "case_study",
    "The section's case study (事例紹介).",
    [
        *(Field(n, STR, n, _attribute(n)) for n in _CASE_STUDY_FIELDS),
        *(Field(n, STRS, n, _attribute(n, list)) for n in _CASE_STUDY_LISTS),
        Field(
            "corrections",
            array_of("correction"),
            "repairs of its text",
            lambda c: [CORRECTION.to_json(x) for x in c.corrections],
        ),
    ],
)

ABOUT: Shape[Report] = Shape(
    "about_result",
    "about --json: the report, its section, the data's provenance and corrections.",
    [
        Field("prefecture", STR, "青森県", lambda r: r.prefecture),
        Field("prefecture_en", STR, "in English", lambda r: r.prefecture_en),
        Field("title", STR, "a description of the report (not printed in it)", lambda r: r.title),
        Field("title_en", STR, "in English", lambda r: r.title_en),
        Field("title_note", STR, "what the title is", lambda r: r.title_note),
        Field("title_note_en", STR, "in English", lambda r: r.title_note_en),
        Field("fiscal_year", nullable(INT), "e.g. 2024", lambda r: r.fiscal_year),
        Field("fiscal_year_label", STR, "e.g. 令和6年度", lambda r: r.fiscal_year_label),
        Field(
            "pages",
            nullable({"type": "array", "items": INT, "minItems": 2, "maxItems": 2}),
            "first and last page",
            lambda r: list(r.pages) if r.pages else None,
        ),
        Field(
            "kpi_years",
            {"type": "array", "items": ref("kpi_year")},
            "the KPI years",
            lambda r: [{"key": y.key, "label": y.label} for y in r.kpi_years],
        ),
        Field("section", ref("section"), "the section", lambda r: SECTION.to_json(r)),
        Field("programme_count", INT, "programmes", lambda r: len(r.programmes)),
        Field(
            "total_thousand_yen", INT, "their budgets' sum, 千円", lambda r: r.total_thousand_yen
        ),
        Field("source_file", STR, "the source document", lambda r: r.source_file),
        Field("data_file", STR, "the dataset read", lambda r: r.path),
        Field(
            "corrections",
            array_of("correction"),
            "corrections touching the whole section",
            lambda r: [CORRECTION.to_json(c) for c in r.corrections],
        ),
        Field(
            "programme_corrections",
            array_of("programme_correction"),
            "every programme's corrections",
            lambda r: [
                PROGRAMME_CORRECTION.to_json((p.no, c)) for p in r.programmes for c in p.corrections
            ],
        ),
        Field(
            "case_study",
            nullable(ref("case_study")),
            "the case study",
            lambda r: CASE_STUDY.to_json(r.case_study) if r.case_study else None,
        ),
    ],
)

KPI_YEAR: Shape[Any] = Shape(
    "kpi_year",
    "A KPI year: its key in JSON and its label.",
    [
        Field("key", STR, "fy2023 or fy2024", lambda y: y["key"]),
        Field("label", STR, "令和5年度 or 令和6年度", lambda y: y["label"]),
    ],
)
