"""What people see of changes, totals and search results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aomori_cli.i18n import N_, _, pick
from aomori_cli.layout.blocks import BLANK, Block, Cell, Column, Para, Table
from aomori_cli.numbers import amount, budget_label, change, change_pct, money, pct, unit_label

if TYPE_CHECKING:
    from aomori_cli.changes import Comparison, KpiChange
    from aomori_cli.models import Report
    from aomori_cli.search.index import Hit
    from aomori_cli.totals import TotalRow, Totals
from aomori_cli.layout.programmes import (
    change_legend,
    direction_style,
    division_name,
    group_name,
    kpis,
    left_out,
    name,
    oku_note,
    raw,
    unit_legend,
    unlike_note,
)

# --- compare ---------------------------------------------------------------------------------


def comparisons(
    report: Report, items: Sequence[Comparison], width: int | None, unit: str = "thousand"
) -> list[Block]:
    """Each programme's KPI table; with several, a summary side by side; and the legend."""
    blocks: list[Block] = []
    for c in items:
        p = c.programme
        budget = amount(p.budget_thousand_yen, unit)
        blocks.append(Para(f"No.{p.no} {name(p)}  {budget}", "bold", heading=True))
        blocks += kpis(c, width) if c.changes else [Para(_("No KPI given"), "dim")]
        blocks.append(BLANK)
    if len(items) > 1:
        blocks += [*summary(report, items, width, unit), BLANK]
    blocks.append(Para(change_legend(), "dim"))
    blocks += unlike_note([k for c in items for k in c.changes])
    blocks += unit_legend([k for c in items for k in c.programme.kpis])
    if unit == "oku":
        blocks.append(Para(oku_note(total=False), "dim"))
    return blocks


def summary(
    report: Report, items: Sequence[Comparison], width: int | None, unit: str = "thousand"
) -> list[Block]:
    wide = width is None or width >= 72
    # A KPI a year has no figure for is counted too: a row of 0 0 0 would read "no KPIs".
    unknown = any(c.tally("n/a") for c in items)
    columns = [
        Column("No.", number=True),
        Column(_("Programme"), ratio=3),
        Column(unit_label(unit), number=True, label=budget_label(unit)),
    ]
    if wide:
        columns += [Column(_("Share"), number=True), Column(_("Division"), ratio=2)]
    columns += [
        Column(_("Rose"), number=True),
        Column(_("Fell"), number=True),
        Column(_("Same"), number=True),
    ]
    if unknown:
        columns.append(Column(_("No figure"), number=True))
    rows = []
    for c in items:
        p = c.programme
        cells = [Cell(p.no), Cell(name(p)), Cell(money(p.budget_thousand_yen, unit))]
        if wide:
            cells += [Cell(pct(c.share)), Cell(division_name(report, p.division))]
        cells += [Cell(c.tally("up")), Cell(c.tally("down")), Cell(c.tally("flat"))]
        if unknown:
            cells.append(Cell(c.tally("n/a")))
        rows.append(cells)
    title = _("KPIs that rose, fell or stayed (FY2023 → FY2024)")
    blocks: list[Block] = [Table(columns, rows, title=title)]
    if not wide:
        blocks.append(left_out([_("Share"), _("Division")]))
    return blocks


def ranked(items: Sequence[KpiChange], width: int | None, by_unit: bool = False) -> list[Block]:
    wide = width is None or width >= 80
    full = width is None or width >= 120  # room for 令和5年度 rather than R5
    # Narrower, a table leaves the programme out (its number stays), and a list of labelled
    # values names it under each KPI.
    programme = Column(_("Programme"), ratio=2, listed_only=not wide)
    columns = [Column("No.", number=True), *([programme] if wide else [])]
    columns += [
        Column(_("Indicator"), ratio=3),
        Column(_("FY2023") if full else _("FY23"), number=True, label=_("FY2023")),
        Column(_("FY2024") if full else _("FY24"), number=True, label=_("FY2024")),
        Column(_("Change"), number=True),
        Column(_("Change %"), number=True),
        *([] if wide else [programme]),
    ]
    rows: list[list[Cell]] = []
    for n, c in enumerate(items):
        ranked_apart = c.change is not None and c.kpi.unit != items[n - 1].kpi.unit
        if by_unit and n and (ranked_apart or (c.change is None) != (items[n - 1].change is None)):
            # Ranked within each unit: a blank row where the next unit's ranking begins,
            # so that ▲5,585件 below +7,175千円 does not read as out of order.
            rows.append([Cell("") for _column in columns])
        style = direction_style(c.direction)
        cells = [
            Cell(pick(c.kpi.name, c.kpi.name_en)),
            Cell(raw(c.kpi.fy2023)),
            Cell(raw(c.kpi.fy2024)),
            Cell(change(c.change) + (c.kpi.unit if c.change is not None else ""), style),
            Cell(change_pct(c.change_pct), style),
        ]
        programme_cell = Cell(name(c.programme))
        if wide:
            rows.append([Cell(c.programme.no), programme_cell, *cells])
        else:
            rows.append([Cell(c.programme.no), *cells, programme_cell])
    title = _("KPI changes (FY2023 → FY2024)")
    legend = change_legend()
    if by_unit:
        legend += _(". Changes are ranked within each unit (yen are not compared with cases)")
    table = Table(columns, rows, title=title, key_cols=3 if wide else 2)
    return [table, Para(legend, "dim"), *unlike_note(items), *unit_legend([c.kpi for c in items])]


# --- totals ----------------------------------------------------------------------------------

BY_LABEL = {
    "division": N_("Division"),
    "group": N_("Division and group"),
    "new": N_("New/continuing"),
    "reposted": N_("Reposted or not"),
}
_EIGHTHS = " ▏▎▍▌▋▊▉█"


def bar(fraction: float, width: int) -> str:
    cells = max(0.0, min(1.0, fraction)) * width
    full = int(cells)
    rest = int((cells - full) * 8)
    return "█" * full + (_EIGHTHS[rest] if rest and full < width else "")


def totals(
    report: Report, result: Totals, width: int | None, unit: str = "thousand", title: str = ""
) -> list[Block]:
    bar_width = 0 if width is None else max(0, min(24, width - 60))
    columns = [
        Column(_(BY_LABEL[result.by]) if result.by in BY_LABEL else result.by, ratio=3),
        Column(_("Count"), number=True),
        Column(unit_label(unit), number=True, label=budget_label(unit)),
        Column(_("Share"), number=True),
    ]
    footer = [
        _("Total"),
        str(result.count),
        money(result.total_thousand_yen, unit),
        "100.0%" if result.count else "",
    ]
    if bar_width >= 4:
        columns.append(Column("", decoration=True))
        footer.append("")
    rows = []
    for row in result.rows:
        cells = [
            Cell(total_label(report, result.by, row)),
            Cell(row.count),
            Cell(money(row.budget_thousand_yen, unit)),
            Cell(pct(row.share)),
        ]
        if bar_width >= 4:
            cells.append(Cell(bar(row.share, bar_width), "cyan"))
        rows.append(cells)
    blocks: list[Block] = [Table(columns, rows, title=title, footer=footer, key_cols=1)]
    check = subtotal_check(result)
    if check:
        blocks.append(Para(check, "green" if result.matches_subtotal else "bold red"))
    if title:
        blocks.append(Para(_("Share: of the total of the programmes chosen"), "dim"))
    if unit == "oku":
        blocks.append(Para(oku_note(), "dim"))
    return blocks


def total_label(report: Report, by: str, row: TotalRow) -> str:
    """A row of totals named in the user's language (divisions and groups by their English
    names in English); the key itself, as JSON gives it, is the same in both."""
    if by == "division" and row.names:
        return division_name(report, row.names[0])
    if by == "group" and len(row.names) == 2:
        division, group = division_name(report, row.names[0]), group_name(report, row.names[1])
        if not row.names[1]:
            return division
        return _("{division} / {group}").format(division=division, group=group)
    from aomori_cli.totals import KEY_EN

    return _(KEY_EN[row.key]) if row.key in KEY_EN else row.key


def subtotal_check(result: Totals) -> str:
    if result.subtotal_thousand_yen is None:
        return ""
    sub = amount(result.subtotal_thousand_yen)
    if result.matches_subtotal:
        return _("✓ matches the report's subtotal (小計) of {subtotal}").format(subtotal=sub)
    total = amount(result.total_thousand_yen)
    return _(
        "✗ differs from the report's subtotal (小計) of {subtotal}: the total is {total}"
    ).format(subtotal=sub, total=total)


# --- search ----------------------------------------------------------------------------------

FIELD_LABEL = {
    "name": N_("Japanese name"),
    "reading": N_("reading"),
    "romaji": N_("romaji"),
    "name_en": N_("English"),
    "keywords": N_("keywords"),
    "kpi": N_("KPI"),
    "overview": N_("overview"),
    "results": N_("results"),
    "division": N_("division"),
    "group": N_("group"),
}


def hits(
    report: Report, found: Sequence[Hit], width: int | None, unit: str = "thousand"
) -> list[Block]:
    columns = [
        Column("No.", number=True),
        Column(_("Programme"), ratio=2),
        Column(_("Division"), ratio=1),
    ]
    columns += [
        Column(unit_label(unit), number=True, label=budget_label(unit)),
        Column(_("Where"), max_width=10),
        Column(_("Found"), ratio=3),
    ]
    rows = []
    for h in found:
        p = h.programme
        snippet, start, end = h.snippet()
        marks = [(start, end, "bold reverse")] if end > start else []
        label = _(FIELD_LABEL[h.field]) if h.field in FIELD_LABEL else h.field
        where = label + ("" if h.exact else "~")
        cells = [Cell(p.no), Cell(name(p)), Cell(division_name(report, p.division))]
        cells += [
            Cell(money(p.budget_thousand_yen, unit)),
            Cell(where),
            Cell(snippet, marks=marks),
        ]
        rows.append(cells)
    blocks: list[Block] = [Table(columns, rows)]
    if any(not h.exact for h in found):
        blocks.append(Para(_("~ a fuzzy match: close, not exact"), "dim"))
    if unit == "oku" and found:
        blocks.append(Para(oku_note(total=False), "dim"))
    return blocks
