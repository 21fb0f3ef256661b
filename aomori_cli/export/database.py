"""The database itself: the views and the full-text index beside the tables, building it in
one transaction, and Datasette's metadata describing all of it."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from aomori_cli import contract, i18n
from aomori_cli.errors import AomoriError
from aomori_cli.export.tables import (
    CORRECTIONS,
    DIVISIONS,
    FTS_TABLE,
    FTS_TOKENIZER,
    GROUPS,
    KPIS,
    NO_FIGURE,
    PROGRAMMES,
    REPORT,
    SCHEMA_VERSION,
    TABLES,
    Column,
    Provenance,
    Scoped,
    Table,
    View,
    change_description,
    described,
    quote,
)
from aomori_cli.models import Division, Group, Programme, Report, share

# --- views ------------------------------------------------------------------------------------

KPI_CHANGES = View(
    "kpi_changes",
    "Each KPI's change from 令和5年度 to 令和6年度, with its programme.",
    """CREATE VIEW kpi_changes AS
SELECT
  k.programme_no,
  p.name AS programme,
  p.name_en AS programme_en,
  k.position,
  k.name,
  k.name_en,
  k.unit,
  k.fy2023,
  k.fy2024,
  CASE WHEN k.alike THEN k.fy2024 - k.fy2023 END AS change,
  CASE WHEN k.alike AND k.fy2023 <> 0
    THEN CAST(k.fy2024 - k.fy2023 AS REAL) / k.fy2023 * 100 END AS change_pct
FROM kpis AS k
JOIN programmes AS p ON p.no = k.programme_no
ORDER BY k.programme_no, k.position""",
    (
        ("programme_no", described(contract.RANKED_CHANGE, "no", " (programmes.no)")),
        ("programme", described(contract.RANKED_CHANGE, "programme")),
        ("programme_en", described(contract.RANKED_CHANGE, "programme_en")),
        ("position", "its place among the programme's KPIs, 1 for the first"),
        ("name", change_description("name")),
        ("name_en", change_description("name_en")),
        ("unit", change_description("unit")),
        ("fy2023", change_description("fy2023", NO_FIGURE)),
        ("fy2024", change_description("fy2024", NO_FIGURE)),
        ("change", change_description("change")),
        ("change_pct", change_description("change_pct")),
    ),
)

DIVISION_TOTALS = View(
    "division_totals",
    "The budget of each division: programmes, sum and share, largest first.",
    """CREATE VIEW division_totals AS
SELECT
  p.division,
  d.name_en,
  COUNT(*) AS programme_count,
  SUM(p.budget_thousand_yen) AS budget_thousand_yen,
  IFNULL(
    CAST(SUM(p.budget_thousand_yen) AS REAL)
      / NULLIF((SELECT SUM(budget_thousand_yen) FROM programmes), 0),
    0.0
  ) AS share
FROM programmes AS p
JOIN divisions AS d ON d.name = p.division
GROUP BY p.division
ORDER BY budget_thousand_yen DESC, MIN(p.no)""",
    (
        ("division", described(contract.PROGRAMME, "division")),
        ("name_en", "its English name (curated)"),
        ("programme_count", described(contract.TOTAL_ROW, "count")),
        ("budget_thousand_yen", "their budgets' sum, 千円"),
        ("share", described(contract.TOTAL_ROW, "share", " (0 to 1, unrounded)")),
    ),
)

VIEWS = (KPI_CHANGES, DIVISION_TOTALS)

# --- full-text index --------------------------------------------------------------------------

FTS_COLUMNS: tuple[Column[Programme], ...] = (
    *(
        Column(n, "", described(contract.PROGRAMME, n), v)
        for n, v in (
            ("name", lambda p: p.name),
            ("name_en", lambda p: p.name_en),
            ("reading", lambda p: p.reading),
            ("romaji", lambda p: p.romaji),
            ("overview", lambda p: p.overview),
            ("results", lambda p: p.results),
        )
    ),
    Column(
        "kpis", "", "the names of its KPIs, one a line", lambda p: "\n".join(k.name for k in p.kpis)
    ),
)
FTS_DESCRIPTION = (
    "Full-text index of the programmes (trigram tokenizer: any run of 3 or more characters); "
    "its rowid is programmes.no. Terms shorter than 3 characters match nothing: use LIKE."
)


# --- building -----------------------------------------------------------------------------------


def _divisions(report: Report) -> list[Division]:
    """Every declared division, and any a programme names without declaring it (a --data
    dataset need not declare them), so the foreign key always holds."""
    declared = {d.name: d for d in report.divisions}
    for name in report.division_names():
        declared.setdefault(name, report.division(name))
    return list(declared.values())


def _groups(report: Report) -> list[Group]:
    declared = {g.name: g for g in report.groups}
    for name in report.group_names():
        declared.setdefault(name, report.group(name))
    return list(declared.values())


def _corrections(report: Report) -> list[Scoped]:
    found: list[Scoped] = [("report", None, c) for c in report.corrections]
    found += [("programme", p.no, c) for p in report.programmes for c in p.corrections]
    if report.case_study is not None:
        found += [("case_study", None, c) for c in report.case_study.corrections]
    return found


def build(
    connection: sqlite3.Connection, report: Report, provenance: Provenance, *, fts: bool = True
) -> None:
    """Create and fill every table, view and (with ``fts``) the full-text index."""
    total = report.total_thousand_yen
    items: list[tuple[Table[Any], Sequence[Any]]] = [
        (REPORT, [provenance]),
        (DIVISIONS, _divisions(report)),
        (GROUPS, _groups(report)),
        (PROGRAMMES, [(p, share(p.budget_thousand_yen, total)) for p in report.programmes]),
        (KPIS, [(p.no, n, k) for p in report.programmes for n, k in enumerate(p.kpis, 1)]),
        (CORRECTIONS, _corrections(report)),
    ]
    with connection:  # one transaction: committed whole, or not at all
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        for table, rows in items:
            connection.execute(table.create())
            connection.executemany(table.insert(), table.rows(rows))
        for view in VIEWS:
            connection.execute(view.sql)
        if fts:
            _build_fts(connection, report.programmes)
    problems = connection.execute("PRAGMA foreign_key_check").fetchall()
    if problems:  # the tables above are built so that this cannot happen
        raise AssertionError(f"foreign keys broken: {problems[:3]}")


def _build_fts(connection: sqlite3.Connection, programmes: Sequence[Programme]) -> None:
    names = ", ".join(quote(c.name) for c in FTS_COLUMNS)
    try:
        connection.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({names}, tokenize = '{FTS_TOKENIZER}')"
        )
    except sqlite3.OperationalError as exc:
        message = i18n._(
            "cannot build the full-text index: this Python's SQLite {version} has no FTS5 "
            "{tokenizer} tokenizer ({reason}; SQLite 3.34 or newer has it); --no-fts exports "
            "without the index"
        )
        raise AomoriError(
            message.format(version=sqlite3.sqlite_version, tokenizer=FTS_TOKENIZER, reason=exc)
        ) from None
    marks = ", ".join("?" for _ in range(len(FTS_COLUMNS) + 1))
    connection.executemany(
        f"INSERT INTO {FTS_TABLE} (rowid, {names}) VALUES ({marks})",
        [(p.no, *(c.value(p) for c in FTS_COLUMNS)) for p in programmes],
    )


# --- metadata -------------------------------------------------------------------------------


def metadata(report: Report, database: str, *, fts: bool = True) -> dict[str, Any]:
    """Datasette's metadata for a database named ``database`` (its file name without the
    extension, as Datasette names it): title, source, licence note, and every table, view
    and column described."""
    tables: dict[str, Any] = {}
    for table in TABLES:
        tables[table.name] = {
            "description": table.description,
            "columns": {c.name: c.description for c in table.columns},
        }
    for view in VIEWS:
        tables[view.name] = {"description": view.description, "columns": dict(view.columns)}
    programmes = tables[PROGRAMMES.name]
    programmes.update(label_column="name", facets=["division", "new"])
    if fts:
        programmes.update(fts_table=FTS_TABLE, fts_pk="no")
        tables[FTS_TABLE] = {
            "description": FTS_DESCRIPTION,
            "columns": {c.name: c.description for c in FTS_COLUMNS},
        }
    section = report.section
    pages = f"pp. {report.pages[0]}–{report.pages[1]}" if report.pages else ""
    # A --data dataset may leave any of these empty: only what is there is said.
    title = " ".join(x for x in (report.title, section.policy, section.title) if x)
    about = ", ".join(
        x for x in (report.title_en or report.title, section.title_en or section.title, pages) if x
    )
    source = ", ".join(x for x in (report.title or report.prefecture, pages) if x)
    return {
        "title": title or "aomori",
        "description": ". ".join(x for x in (about, report.title_note) if x),
        "source": f"{source} ({report.source_file})" if report.source_file else source,
        "license": (
            "The report is a publication of Aomori Prefecture (青森県) and prints no licence "
            "for reuse: check the prefecture's terms before republishing. The curated additions "
            "(readings, English names, corrections) ship with aomori under its MIT licence."
        ),
        "databases": {
            database: {
                "description": (
                    f"{len(report.programmes)} programmes, their KPIs and budgets (千円), "
                    "exported by aomori. Money is integer thousand yen; booleans are 1 or 0."
                ),
                "tables": tables,
            }
        },
    }
