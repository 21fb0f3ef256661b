"""The output contract, defined once: every result the tool prints, as named fields.

From each shape come its JSON object (``to_json``), its flat row for CSV, TSV and Markdown
(``cells``), the columns ``--fields`` chooses from, the field descriptions of ``aomori fields``
and the JSON Schema of ``aomori schema`` (every object closed, every key required).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from aomori_cli.models import Correction, Figure, Kpi, Programme, Report, SectionItem

if TYPE_CHECKING:  # only for typing: a run imports the modules its own command needs
    from aomori_cli.changes import Comparison, KpiChange
    from aomori_cli.query import TotalRow, Totals
    from aomori_cli.search.index import Hit

T = TypeVar("T")
Json = Any

INT = {"type": "integer"}
STR = {"type": "string"}
BOOL = {"type": "boolean"}
NUM = {"type": "number"}
FRACTION = {"type": "number", "minimum": 0, "maximum": 1}
STRS = {"type": "array", "items": STR}
# Where search looks (aomori_cli.search.index scores each in its own band).
SEARCH_FIELDS = (
    "name", "reading", "romaji", "name_en", "keywords", "kpi", "overview", "results", "division",
    "group",
)  # fmt: skip


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def array_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": ref(name)}


def plain(value: object) -> str:
    """A flat value written for people: thousands grouped, ○ for true, - for none."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "○" if value else ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(plain(v) for v in value)
    return str(value)


def _percent_of(value: object) -> str:
    from aomori_cli.numbers import pct

    return pct(value) if isinstance(value, float) else plain(value)


def _change(value: object) -> str:
    from aomori_cli.numbers import change

    return change(value) if isinstance(value, int) or value is None else plain(value)


def _change_pct(value: object) -> str:
    from aomori_cli.numbers import change_pct

    return change_pct(value) if isinstance(value, float) or value is None else plain(value)


class Field(Generic[T]):
    """One key of a shape: its JSON value, its flat cell, its schema and its meaning, and
    how people read it (``human`` writes the flat cell; ``human_number`` aligns it right)."""

    __slots__ = ("name", "schema", "description", "value", "cell", "human", "human_number")

    def __init__(
        self,
        name: str,
        schema: dict[str, Any],
        description: str,
        value: Callable[[T], Json],
        cell: Callable[[T], object] | None = None,
        *,
        human: Callable[[object], str] = plain,
    ) -> None:
        self.name = name
        self.schema = schema
        self.description = description
        self.value = value
        self.cell = cell or value
        self.human = human
        kinds = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
        self.human_number = bool(kinds & {"integer", "number"})


class Shape(Generic[T]):
    """A kind of result object: its fields in their fixed order."""

    __slots__ = ("name", "description", "fields", "_by_name")

    def __init__(self, name: str, description: str, fields: Sequence[Field[T]]) -> None:
        self.name = name
        self.description = description
        self.fields = tuple(fields)
        self._by_name = {f.name: f for f in self.fields}

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field[T]:
        return self._by_name[name]

    def to_json(self, item: T, names: Sequence[str] | None = None) -> dict[str, Json]:
        fields = self.fields if names is None else [self._by_name[n] for n in names]
        return {f.name: f.value(item) for f in fields}

    def cells(self, item: T, names: Sequence[str] | None = None) -> dict[str, object]:
        fields = self.fields if names is None else [self._by_name[n] for n in names]
        return {f.name: f.cell(item) for f in fields}

    def schema(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "type": "object",
            "additionalProperties": False,
            "required": self.columns,
            "properties": {f.name: {**f.schema, "description": f.description} for f in self.fields},
        }


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
        f("name", STR, "事業名, as printed", lambda p: p.name),
        f("name_en", STR, "short English name (curated, not in the report)", lambda p: p.name_en),
        f(
            "budget_thousand_yen",
            {**INT, "minimum": 0},
            "R6事業費 in thousand yen (千円), an integer",
            lambda p: p.budget_thousand_yen,
        ),
        Field(
            "share", FRACTION, "fraction of the section's total budget", share, human=_percent_of
        ),
        f("new", BOOL, "true when marked ○ in R6新規", lambda p: p.new),
        f("reposted", BOOL, "true for (再掲) programmes, printed again", lambda p: p.reposted),
        f("division", STR, "担当課, the responsible division", lambda p: p.division),
        f("group", STR, "グループ within the division", lambda p: p.group),
        f("page", {**INT, "minimum": 1}, "掲載頁, the report page", lambda p: p.page),
        f("overview", STR, "事業概要", lambda p: p.overview),
        f("results", STR, "事業実績", lambda p: p.results),
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
            "corrections",
            array_of("correction"),
            "repairs of the source's extraction damage",
            lambda p: [CORRECTION.to_json(c) for c in p.corrections],
            lambda p: corrections_cell(p.corrections),
        ),
    ]


# A programme as listed: with its share of the whole section's budget.
Listed = tuple[Programme, float]

PROGRAMME: Shape[Listed] = Shape(
    "programme",
    "One programme (show --json; each element of list --json), in report order.",
    _programme_fields(lambda i: i[0], lambda i: i[1]),
)


def _year_part(year: str, part: str) -> Callable[[KpiChange], Json]:
    def get(c: KpiChange) -> Json:
        figure = getattr(c.kpi, year)
        return getattr(figure, part) if figure is not None else None

    return get


_CHANGE_FIELDS: list[Field[KpiChange]] = [
    Field("name", STR, "the KPI as printed", lambda c: c.kpi.name),
    Field("unit", STR, "its unit (FY2024's, else FY2023's)", lambda c: c.kpi.unit),
    Field("fy2023", nullable(INT), "令和5年度's value", lambda c: c.fy2023),
    Field("fy2024", nullable(INT), "令和6年度's value", lambda c: c.fy2024),
    Field("change", nullable(INT), "FY2024 - FY2023", lambda c: c.change, human=_change),
    Field(
        "change_pct",
        nullable(NUM),
        "percent change, unrounded; null when FY2023 is 0 or a year has no figure",
        lambda c: c.change_pct,
        human=_change_pct,
    ),
    *(
        Field(f"{year}_{part}", nullable(STR), f"{label}: {what}", _year_part(year, part))
        for year, label in (("fy2023", "令和5年度"), ("fy2024", "令和6年度"))
        for part, what in (
            ("raw", "the figure as printed"),
            ("unit", "its unit"),
            ("qualifier", "its qualifier, e.g. 延べ (cumulative)"),
        )
    ),
]

KPI_CHANGE: Shape[KpiChange] = Shape(
    "kpi_change", "One KPI's change from 令和5年度 to 令和6年度.", _CHANGE_FIELDS
)

RANKED_CHANGE: Shape[KpiChange] = Shape(
    "ranked_change",
    "One KPI's change, with its programme (compare --all; compare's CSV rows).",
    [
        Field("no", INT, "the programme's number", lambda c: c.programme.no),
        Field("programme", STR, "the programme's name", lambda c: c.programme.name),
        *_CHANGE_FIELDS,
    ],
)

COMPARISON: Shape[Comparison] = Shape(
    "comparison",
    "One programme's KPIs year on year (compare --json, one per programme given).",
    [
        Field("no", INT, "number", lambda c: c.programme.no),
        Field("name", STR, "事業名", lambda c: c.programme.name),
        Field("budget_thousand_yen", INT, "千円", lambda c: c.programme.budget_thousand_yen),
        Field(
            "share",
            FRACTION,
            "fraction of the section's budget",
            lambda c: c.share,
            human=_percent_of,
        ),
        Field("division", STR, "担当課", lambda c: c.programme.division),
        Field(
            "kpis",
            array_of("kpi_change"),
            "each KPI's change",
            lambda c: [KPI_CHANGE.to_json(k) for k in c.changes],
        ),
        Field("kpis_up", INT, "KPIs that rose", lambda c: c.tally("up")),
        Field("kpis_down", INT, "KPIs that fell", lambda c: c.tally("down")),
        Field("kpis_flat", INT, "KPIs unchanged", lambda c: c.tally("flat")),
    ],
)

TOTAL_ROW: Shape[TotalRow] = Shape(
    "total_row",
    "One group's budget.",
    [
        Field("key", STR, "the division, group, 新規/継続 or 再掲/本掲", lambda r: r.key),
        Field("count", INT, "programmes", lambda r: r.count),
        Field("budget_thousand_yen", INT, "千円", lambda r: r.budget_thousand_yen),
        Field("share", FRACTION, "fraction of the total", lambda r: r.share, human=_percent_of),
    ],
)

TOTALS: Shape[Totals] = Shape(
    "totals_result",
    "totals --json.",
    [
        Field("total_thousand_yen", INT, "the sum, 千円", lambda t: t.total_thousand_yen),
        Field("count", INT, "programmes summed", lambda t: t.count),
        Field("by", {"enum": ["division", "group", "new", "reposted"]}, "grouping", lambda t: t.by),
        Field(
            "rows",
            array_of("total_row"),
            "by budget, largest first",
            lambda t: [TOTAL_ROW.to_json(r) for r in t.rows],
        ),
        Field(
            "report_subtotal_thousand_yen",
            nullable(INT),
            "the report's 小計 (null when only part of the section is summed)",
            lambda t: t.subtotal_thousand_yen,
        ),
        Field(
            "matches_report_subtotal",
            nullable(BOOL),
            "whether the sum equals the 小計",
            lambda t: t.matches_subtotal,
        ),
    ],
)


HIT: Shape[Hit] = Shape(
    "hit",
    "One search result (search --json), best first.",
    [
        Field("no", INT, "the programme's number", lambda h: h.programme.no),
        Field("name", STR, "its name", lambda h: h.programme.name),
        Field("division", STR, "its 担当課", lambda h: h.programme.division),
        Field(
            "budget_thousand_yen",
            INT,
            "its budget, 千円",
            lambda h: h.programme.budget_thousand_yen,
        ),
        Field(
            "score",
            {**INT, "minimum": 0, "maximum": 100},
            "relevance, 0-100 in whole points; equal scores are in report order",
            lambda h: round(h.score),
        ),
        Field(
            "field",
            {"enum": list(SEARCH_FIELDS)},
            "where the best match is",
            lambda h: h.field,
        ),
        Field("exact", BOOL, "false for a fuzzy (approximate) match", lambda h: h.exact),
        Field("snippet", STR, "the matched text around the match", lambda h: h.snippet()[0]),
    ],
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

_SECTION: Shape[Report] = Shape(
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


_PROGRAMME_CORRECTION: Shape[tuple[int, Correction]] = Shape(
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
        Field("section", ref("section"), "the section", lambda r: _SECTION.to_json(r)),
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
                _PROGRAMME_CORRECTION.to_json((p.no, c))
                for p in r.programmes
                for c in p.corrections
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

_KPI_YEAR: Shape[Any] = Shape(
    "kpi_year",
    "A KPI year: its key in JSON and its label.",
    [
        Field("key", STR, "fy2023 or fy2024", lambda y: y["key"]),
        Field("label", STR, "令和5年度 or 令和6年度", lambda y: y["label"]),
    ],
)

FIELD_ROW: Shape[tuple[str, Field[Any]]] = Shape(
    "field",
    "One field that --fields can choose (fields --json).",
    [
        Field("command", STR, "the commands it belongs to", lambda cf: cf[0]),
        Field("field", STR, "its name", lambda cf: cf[1].name),
        Field("description", STR, "what it holds", lambda cf: cf[1].description),
    ],
)


SHAPES: tuple[Shape[Any], ...] = (
    FIGURE, KPI, CORRECTION, PROGRAMME, KPI_CHANGE, RANKED_CHANGE, COMPARISON, TOTAL_ROW, TOTALS,
    HIT, SECTION_ITEM, _SECTION, _PROGRAMME_CORRECTION, CASE_STUDY, _KPI_YEAR, ABOUT, FIELD_ROW,
)  # fmt: skip

# What each command's --json prints: (schema, description).
COMMANDS: dict[str, tuple[dict[str, Any], str]] = {
    "list": (array_of("programme"), "list --json: the programmes chosen, in the order asked"),
    "show": (ref("programme"), "show --json: one programme"),
    "compare": (array_of("comparison"), "compare --json: one element per programme given"),
    "compare_all": (array_of("ranked_change"), "compare --all --json: every KPI, ranked"),
    "totals": (ref("totals_result"), "totals --json"),
    "search": (array_of("hit"), "search --json: best first; [] when nothing matches"),
    "about": (ref("about_result"), "about --json"),
    "fields": (array_of("field"), "fields --json"),
}


def schema_document() -> dict[str, Any]:
    """The JSON Schema of every command's --json output, from the shapes above."""
    defs: dict[str, Any] = {shape.name: shape.schema() for shape in SHAPES}
    assert not defs.keys() & COMMANDS.keys(), "a shape and a command share a name"
    for command, (schema, description) in COMMANDS.items():
        defs[command] = {**schema, "description": description}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/aomori/schema.json",
        "title": "aomori JSON output contract",
        "description": (
            "Every object is closed and every key required (null where a value may be "
            "missing). Keys are never removed or renamed; new ones may be added. Money is "
            "integer thousand yen (千円). One definition per command in $defs."
        ),
        "$defs": defs,
    }
