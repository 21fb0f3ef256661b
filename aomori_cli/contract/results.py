"""The results commands compute: KPI changes (compare), totals, search hits and fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aomori_cli.contract.base import (
    BOOL,
    FRACTION,
    INT,
    KPI_NAME_EN,
    NAME_EN,
    NUM,
    SEARCH_FIELDS,
    STR,
    STRS,
    Field,
    Json,
    Shape,
    array_of,
    human_change,
    human_change_pct,
    nullable,
    percent_of,
)  # fmt: skip

if TYPE_CHECKING:  # only for typing: a run imports the modules its own command needs
    from aomori_cli.changes import Comparison, KpiChange
    from aomori_cli.search.index import Hit
    from aomori_cli.totals import TotalRow, Totals
from aomori_cli.contract.report import CORRECTION  # noqa: F401


def _year_part(year: str, part: str) -> Callable[[KpiChange], Json]:
    def get(c: KpiChange) -> Json:
        figure = getattr(c.kpi, year)
        return getattr(figure, part) if figure is not None else None

    return get


_CHANGE_FIELDS: list[Field[KpiChange]] = [
    Field("name", STR, "the KPI as printed", lambda c: c.kpi.name),
    Field("name_en", STR, KPI_NAME_EN, lambda c: c.kpi.name_en),
    Field("unit", STR, "its unit (FY2024's, else FY2023's)", lambda c: c.kpi.unit),
    Field("fy2023", nullable(INT), "FY2023's value (令和5年度)", lambda c: c.fy2023),
    Field("fy2024", nullable(INT), "FY2024's value (令和6年度)", lambda c: c.fy2024),
    Field(
        "change",
        nullable(INT),
        "FY2024 - FY2023 (null without both figures, or where they count different things: units or 延べ differ)",
        lambda c: c.change,
        human=human_change,
    ),
    Field(
        "change_pct",
        nullable(NUM),
        "percent change, unrounded; null when FY2023 is 0 or a year has no figure",
        lambda c: c.change_pct,
        human=human_change_pct,
    ),
    *(
        Field(f"{year}_{part}", nullable(STR), f"{label}: {what}", _year_part(year, part))
        for year, label in (("fy2023", "FY2023 (令和5年度)"), ("fy2024", "FY2024 (令和6年度)"))
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
        Field("programme_en", STR, NAME_EN, lambda c: c.programme.name_en),
        *_CHANGE_FIELDS,
    ],
)

COMPARISON: Shape[Comparison] = Shape(
    "comparison",
    "One programme's KPIs year on year (compare --json, one per programme given).",
    [
        Field("no", INT, "number", lambda c: c.programme.no),
        Field("name", STR, "事業名", lambda c: c.programme.name),
        Field("name_en", STR, NAME_EN, lambda c: c.programme.name_en),
        Field("budget_thousand_yen", INT, "千円", lambda c: c.programme.budget_thousand_yen),
        Field(
            "share",
            FRACTION,
            "fraction of the whole section's budget, whatever the filters",
            lambda c: c.share,
            human=percent_of,
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
        Field(
            "kpis_no_figure",
            INT,
            "KPIs with no change: no figure for a year, or years that count different things",
            lambda c: c.tally("n/a"),
        ),
    ],
)

TOTAL_ROW: Shape[TotalRow] = Shape(
    "total_row",
    "One group's budget.",
    [
        Field(
            "key",
            STR,
            "the division; the division and its group, a space between; 新規/継続; or 再掲/本掲",
            lambda r: r.key,
        ),
        Field("count", INT, "programmes", lambda r: r.count),
        Field("budget_thousand_yen", INT, "千円", lambda r: r.budget_thousand_yen),
        Field(
            "share",
            FRACTION,
            "fraction of the chosen programmes' total (list's share is of the whole section's)",
            lambda r: r.share,
            human=percent_of,
        ),
        # Added in a later version: last, so that no CSV column moves.
        Field(
            "key_en",
            STR,
            "the key in English: the division's and group's English names (Division / Group), "
            "or new, continuing, reposted, not reposted",
            lambda r: r.key_en,
        ),
        # So that a row joins list's rows on their division and group, without splitting
        # the key at a space (from a review).
        Field(
            "division",
            nullable(STR),
            "the division summed, as list gives it (null by new or reposted)",
            lambda r: r.names[0] if r.names else None,
        ),
        Field(
            "group",
            nullable(STR),
            "the group summed, as list gives it (null except with --by group)",
            lambda r: r.names[1] if len(r.names) > 1 else None,
        ),
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
        Field("name_en", STR, NAME_EN, lambda h: h.programme.name_en),
        Field("division", STR, "its division (担当課)", lambda h: h.programme.division),
        Field(
            "budget_thousand_yen",
            INT,
            "its budget, in thousand yen (千円)",
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


FIELD_ROW: Shape[tuple[str, Field[Any]]] = Shape(
    "field",
    "One field that --fields can choose (fields --json).",
    [
        Field("command", STR, "the commands it belongs to", lambda cf: cf[0]),
        Field("field", STR, "its name", lambda cf: cf[1].name),
        Field("description", STR, "what it holds", lambda cf: cf[1].description),
        # Added later, so after the others: each command apart, for select(.commands[] ==
        # "list"), where command joins them for reading ("list, show").
        Field(
            "commands", STRS, "the commands it belongs to, each apart", lambda cf: cf[0].split(", ")
        ),
    ],
)
