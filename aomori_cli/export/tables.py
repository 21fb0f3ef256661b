"""The export's tables, each declared once, column by column: its SQL type, its description
(taken from aomori_cli.contract where the JSON output has the same field) and how its value is
read from the models. The CREATE statements, the rows and the metadata file all come from
these declarations, so a column cannot exist without a description."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from aomori_cli import contract
from aomori_cli.changes import alike
from aomori_cli.models import Correction, Division, Figure, Group, Kpi, Programme, Report

T = TypeVar("T")

# Bumped when a table or column changes meaning or goes away (added columns do not bump it);
# readers find it with PRAGMA user_version.
SCHEMA_VERSION = 1
# Japanese has no spaces between words: FTS5's default tokenizer would index whole sentences
# as one token. The trigram tokenizer (SQLite 3.34+) matches any run of three or more
# characters. A module constant so the tests can make it fail.
FTS_TOKENIZER = "trigram"
FTS_TABLE = "programmes_fts"


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    """One column: its SQL declaration, what it holds, and how it is read from an item."""

    name: str
    declaration: str
    description: str
    value: Callable[[T], object]


@dataclass(frozen=True, slots=True)
class Table(Generic[T]):
    """One table: its columns in order, and the constraints that span several of them."""

    name: str
    description: str
    columns: tuple[Column[T], ...]
    constraints: tuple[str, ...] = ()

    def create(self) -> str:
        parts = [f"{quote(c.name)} {c.declaration}" for c in self.columns]
        body = ",\n  ".join([*parts, *self.constraints])
        return f"CREATE TABLE {quote(self.name)} (\n  {body}\n)"

    def insert(self) -> str:
        names = ", ".join(quote(c.name) for c in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        return f"INSERT INTO {quote(self.name)} ({names}) VALUES ({marks})"

    def rows(self, items: Iterable[T]) -> list[tuple[object, ...]]:
        return [tuple(c.value(item) for c in self.columns) for item in items]


@dataclass(frozen=True, slots=True)
class View:
    """A view: its SQL and a description of each column it gives, in order."""

    name: str
    description: str
    sql: str
    columns: tuple[tuple[str, str], ...]


def quote(name: str) -> str:
    """An SQL identifier, quoted (``group`` is a keyword)."""
    return '"' + name.replace('"', '""') + '"'


def _json_list(values: Sequence[str]) -> str:
    # JSON arrays in TEXT: SQLite's json_each() reads them, Datasette shows and facets them.
    return json.dumps(list(values), ensure_ascii=False)


def described(shape: contract.Shape[Any], name: str, extra: str = "") -> str:
    return shape.field(name).description + extra


# --- report -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Provenance:
    """The report, with what the export itself records about where its data came from."""

    report: Report
    data_file: str
    version: str


def _r(
    name: str, declaration: str, description: str, value: Callable[[Report], object]
) -> Column[Provenance]:
    return Column(name, declaration, description, lambda item: value(item.report))


REPORT: Table[Provenance] = Table(
    "report",
    "The report and its section, and where this data came from (one row).",
    (
        _r("prefecture", "TEXT NOT NULL", "the prefecture, 青森県", lambda r: r.prefecture),
        _r(
            "prefecture_en", "TEXT NOT NULL", "the prefecture in English", lambda r: r.prefecture_en
        ),
        _r(
            "title",
            "TEXT NOT NULL",
            "a description of the report: the source prints no title (see title_note)",
            lambda r: r.title,
        ),
        _r("title_en", "TEXT NOT NULL", "the title in English", lambda r: r.title_en),
        _r("title_note", "TEXT NOT NULL", "what the title is", lambda r: r.title_note),
        _r("title_note_en", "TEXT NOT NULL", "title_note in English", lambda r: r.title_note_en),
        _r(
            "fiscal_year",
            "INTEGER",
            "the fiscal year reported on, e.g. 2024",
            lambda r: r.fiscal_year,
        ),
        _r(
            "fiscal_year_label",
            "TEXT NOT NULL",
            "the fiscal year as the report names it, e.g. 令和6年度",
            lambda r: r.fiscal_year_label,
        ),
        _r(
            "policy",
            "TEXT NOT NULL",
            "the section's policy, e.g. 基本方針②",
            lambda r: r.section.policy,
        ),
        _r("section_title", "TEXT NOT NULL", "the section's title", lambda r: r.section.title),
        _r(
            "section_title_en",
            "TEXT NOT NULL",
            "the section's title in English (curated)",
            lambda r: r.section.title_en,
        ),
        _r(
            "section_summary",
            "TEXT NOT NULL",
            "the section's 取組の概要, one paragraph a line",
            lambda r: "\n".join(r.section.summary),
        ),
        _r(
            "first_page",
            "INTEGER",
            "the section's first page in the report",
            lambda r: r.pages[0] if r.pages else None,
        ),
        _r(
            "last_page",
            "INTEGER",
            "the section's last page in the report",
            lambda r: r.pages[1] if r.pages else None,
        ),
        _r(
            "subtotal_thousand_yen",
            "INTEGER",
            "the 小計 the report prints, 千円: SUM(programmes.budget_thousand_yen) should equal it",
            lambda r: r.section.subtotal_thousand_yen,
        ),
        _r(
            "total_thousand_yen",
            "INTEGER NOT NULL",
            "the sum of programmes.budget_thousand_yen, 千円",
            lambda r: r.total_thousand_yen,
        ),
        _r(
            "programme_count",
            "INTEGER NOT NULL",
            "the number of programmes",
            lambda r: len(r.programmes),
        ),
        _r(
            "source_file",
            "TEXT NOT NULL",
            "the source document: a text extraction of the report's PDF",
            lambda r: r.source_file,
        ),
        Column(
            "data_file",
            "TEXT NOT NULL",
            "the dataset this database was exported from",
            lambda i: i.data_file,
        ),
        Column(
            "aomori_version",
            "TEXT NOT NULL",
            "the version of aomori that wrote this database",
            lambda i: i.version,
        ),
    ),
)

# --- divisions and groups ---------------------------------------------------------------------


def _names(table: str, description: str, field: str) -> Table[Division | Group]:
    """Divisions or groups: each name with its curated reading, romaji and English name."""
    return Table(
        table,
        description,
        (
            Column(
                "name",
                "TEXT PRIMARY KEY NOT NULL",
                described(contract.PROGRAMME, field),
                lambda n: n.name,
            ),
            Column("reading", "TEXT NOT NULL", "hiragana reading (curated)", lambda n: n.reading),
            Column("romaji", "TEXT NOT NULL", "romaji (curated)", lambda n: n.romaji),
            Column("name_en", "TEXT NOT NULL", "English name (curated)", lambda n: n.name_en),
        ),
    )


DIVISIONS = _names(
    "divisions",
    "The responsible divisions (担当課), with their readings and English names (curated).",
    "division",
)
GROUPS = _names(
    "groups",
    "The groups (グループ) within the divisions, with their readings and English names (curated).",
    "group",
)

# --- programmes -------------------------------------------------------------------------------

Listed = tuple[Programme, float]


def _p(
    name: str,
    declaration: str,
    value: Callable[[Programme], object],
    extra: str = "",
) -> Column[Listed]:
    return Column(
        name,
        declaration,
        described(contract.PROGRAMME, name, extra),
        lambda item: value(item[0]),
    )


PROGRAMMES: Table[Listed] = Table(
    "programmes",
    "The programmes (事業), one row each, in the report's order.",
    (
        _p("no", "INTEGER PRIMARY KEY NOT NULL", lambda p: p.no),
        _p("name", "TEXT NOT NULL", lambda p: p.name),
        _p("name_en", "TEXT NOT NULL", lambda p: p.name_en),
        _p("reading", "TEXT NOT NULL", lambda p: p.reading),
        _p("romaji", "TEXT NOT NULL", lambda p: p.romaji),
        _p(
            "budget_thousand_yen",
            "INTEGER NOT NULL CHECK (budget_thousand_yen >= 0)",
            lambda p: p.budget_thousand_yen,
        ),
        Column(
            "share",
            "REAL NOT NULL",
            described(contract.PROGRAMME, "share", " (0 to 1, unrounded)"),
            lambda item: item[1],
        ),
        _p("new", "INTEGER NOT NULL CHECK (new IN (0, 1))", lambda p: p.new, "; 1 or 0"),
        _p(
            "reposted",
            "INTEGER NOT NULL CHECK (reposted IN (0, 1))",
            lambda p: p.reposted,
            "; 1 or 0",
        ),
        _p(
            "division",
            "TEXT NOT NULL REFERENCES divisions (name)",
            lambda p: p.division,
            " (divisions.name)",
        ),
        _p(
            "group",
            "TEXT REFERENCES groups (name)",
            lambda p: p.group or None,
            ' (groups.name; NULL when none is printed); quote it in SQL: "group"',
        ),
        _p("page", "INTEGER NOT NULL", lambda p: p.page),
        _p("overview", "TEXT NOT NULL", lambda p: p.overview),
        _p("results", "TEXT NOT NULL", lambda p: p.results),
        _p("notes", "TEXT NOT NULL", lambda p: _json_list(p.notes), " (a JSON array)"),
        _p("remarks", "TEXT NOT NULL", lambda p: _json_list(p.remarks), " (a JSON array)"),
        _p("remarks_ja", "TEXT NOT NULL", lambda p: _json_list(p.remarks_ja), " (a JSON array)"),
        _p(
            "keywords_en",
            "TEXT NOT NULL",
            lambda p: _json_list(p.keywords_en),
            " (a JSON array)",
        ),
    ),
)

# --- KPIs -------------------------------------------------------------------------------------

# A KPI with its programme's number and its position (1 for the first) in that programme.
Numbered = tuple[int, int, Kpi]
NO_FIGURE = "; NULL where the report prints '-'"


def change_description(name: str, extra: str = "") -> str:
    return described(contract.KPI_CHANGE, name, extra)


def _year(year: str, part: str) -> Callable[[Numbered], object]:
    def get(item: Numbered) -> object:
        figure: Figure | None = getattr(item[2], year)
        return getattr(figure, part) if figure is not None else None

    return get


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


KPIS: Table[Numbered] = Table(
    "kpis",
    "The KPIs (成果指標) of each programme, with their 令和5年度 and 令和6年度 figures.",
    (
        Column(
            "programme_no",
            "INTEGER NOT NULL REFERENCES programmes (no)",
            described(contract.RANKED_CHANGE, "no", " (programmes.no)"),
            lambda i: i[0],
        ),
        Column(
            "position",
            "INTEGER NOT NULL CHECK (position >= 1)",
            "its place among the programme's KPIs, 1 for the first (kpis[0] in JSON and in "
            "corrections.field)",
            lambda i: i[1],
        ),
        Column("name", "TEXT NOT NULL", change_description("name"), lambda i: i[2].name),
        Column("name_en", "TEXT NOT NULL", change_description("name_en"), lambda i: i[2].name_en),
        Column("unit", "TEXT NOT NULL", change_description("unit"), lambda i: i[2].unit),
        *(
            Column(f"{year}", "INTEGER", change_description(year, NO_FIGURE), _year(year, "value"))
            for year in ("fy2023", "fy2024")
        ),
        *(
            Column(
                f"{year}_{part}",
                "TEXT",
                change_description(f"{year}_{part}", NO_FIGURE),
                _year(year, part),
            )
            for year in ("fy2023", "fy2024")
            for part in ("raw", "unit", "qualifier")
        ),
        Column(
            "alike",
            "INTEGER",
            "1 where the two years count the same thing (the same unit, and 延べ in both or "
            "neither), so kpi_changes gives a change; 0 where they do not; NULL without both "
            "figures",
            lambda i: _flag(alike(i[2])),
        ),
    ),
    constraints=("PRIMARY KEY (programme_no, position)",),
)

# --- corrections ------------------------------------------------------------------------------

# Where a correction belongs ("report", "programme" or "case_study") and its programme.
Scoped = tuple[str, int | None, Correction]


def _c(name: str, extra: str = "") -> Column[Scoped]:
    return Column(
        name,
        "TEXT NOT NULL",
        described(contract.CORRECTION, name, extra),
        lambda item: getattr(item[2], name),
    )


CORRECTIONS: Table[Scoped] = Table(
    "corrections",
    "Repairs of the source's extraction damage: what the source printed, what this data "
    "holds, and why.",
    (
        Column(
            "scope",
            "TEXT NOT NULL CHECK (scope IN ('report', 'programme', 'case_study'))",
            "what was repaired: the report as a whole, one programme, or the case study (事例紹介)",
            lambda i: i[0],
        ),
        Column(
            "programme_no",
            "INTEGER REFERENCES programmes (no)",
            "the programme repaired (programmes.no); NULL unless scope is 'programme'",
            lambda i: i[1],
        ),
        _c("field", ", as a path into the data (e.g. kpis[2].name)"),
        _c("printed"),
        _c("corrected"),
        _c("reason", ": the damage, and how the value was repaired"),
        _c("reason_ja", ": the same in Japanese"),
    ),
)

TABLES: tuple[Table[Any], ...] = (REPORT, DIVISIONS, GROUPS, PROGRAMMES, KPIS, CORRECTIONS)
