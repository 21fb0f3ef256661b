"""What people see of changes, totals and search results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aomori_cli.layout.blocks import BLANK, Block, Cell, Column, Para, Table
from aomori_cli.numbers import UNIT_LABEL, change, change_pct, grouped, money, pct

if TYPE_CHECKING:
    from aomori_cli.changes import Comparison, KpiChange
    from aomori_cli.search.index import Hit
    from aomori_cli.totals import Totals
from aomori_cli.layout.programmes import CHANGE_LEGEND, OKU_NOTE, direction_style, kpis, raw

# --- compare ---------------------------------------------------------------------------------


def comparisons(
    items: Sequence[Comparison], width: int | None, unit: str = "thousand"
) -> list[Block]:
    """Each programme's KPI table; with several, a summary side by side; and the legend."""
    blocks: list[Block] = []
    for c in items:
        p = c.programme
        budget = money(p.budget_thousand_yen, unit) + UNIT_LABEL[unit]
        blocks.append(Para(f"No.{p.no} {p.name}  {budget}", "bold", heading=True))
        blocks += kpis(c, width) if c.changes else [Para("KPI の記載なし", "dim")]
        blocks.append(BLANK)
    if len(items) > 1:
        blocks += [summary(items, width, unit), BLANK]
    blocks.append(Para(CHANGE_LEGEND, "dim"))
    return blocks


def summary(items: Sequence[Comparison], width: int | None, unit: str = "thousand") -> Table:
    wide = width is None or width >= 72
    columns = [
        Column("No.", number=True),
        Column("事業名", ratio=3),
        Column(UNIT_LABEL[unit], number=True),
    ]
    if wide:
        columns += [Column("割合", number=True), Column("担当課", ratio=2)]
    columns += [
        Column("増加", number=True),
        Column("減少", number=True),
        Column("横ばい", number=True),
    ]
    rows = []
    for c in items:
        p = c.programme
        cells = [Cell(p.no), Cell(p.name), Cell(money(p.budget_thousand_yen, unit))]
        if wide:
            cells += [Cell(pct(c.share)), Cell(p.division)]
        cells += [Cell(c.tally("up")), Cell(c.tally("down")), Cell(c.tally("flat"))]
        rows.append(cells)
    return Table(columns, rows, title="比較 (令和5年度 → 令和6年度)")


def ranked(items: Sequence[KpiChange], width: int | None, by_unit: bool = False) -> list[Block]:
    wide = width is None or width >= 80
    columns = [Column("No.", number=True)]
    if wide:
        columns.append(Column("事業名", ratio=2))
    columns += [
        Column("項目", ratio=3),
        Column("R5", number=True),
        Column("R6", number=True),
        Column("増減", number=True),
        Column("増減率", number=True),
    ]
    rows = []
    for c in items:
        style = direction_style(c.direction)
        cells = [Cell(c.programme.no)]
        if wide:
            cells.append(Cell(c.programme.name))
        cells += [
            Cell(c.kpi.name),
            Cell(raw(c.kpi.fy2023)),
            Cell(raw(c.kpi.fy2024)),
            Cell(change(c.change) + (c.kpi.unit if c.change is not None else ""), style),
            Cell(change_pct(c.change_pct), style),
        ]
        rows.append(cells)
    title = "KPI の増減 (令和5年度 → 令和6年度)"
    legend = CHANGE_LEGEND
    if by_unit:
        legend += "。増減の大きさ順は単位ごと (千円と件を比べない)"
    return [Table(columns, rows, title=title, key_cols=3 if wide else 2), Para(legend, "dim")]


# --- totals ----------------------------------------------------------------------------------

BY_LABEL = {
    "division": "担当課",
    "group": "担当課・グループ",
    "new": "新規/継続",
    "reposted": "再掲/本掲",
}
_EIGHTHS = " ▏▎▍▌▋▊▉█"


def bar(fraction: float, width: int) -> str:
    cells = max(0.0, min(1.0, fraction)) * width
    full = int(cells)
    rest = int((cells - full) * 8)
    return "█" * full + (_EIGHTHS[rest] if rest and full < width else "")


def totals(
    result: Totals, width: int | None, unit: str = "thousand", title: str = ""
) -> list[Block]:
    bar_width = 0 if width is None else max(0, min(24, width - 60))
    columns = [
        Column(BY_LABEL.get(result.by, result.by), ratio=3),
        Column("件数", number=True),
        Column(UNIT_LABEL[unit], number=True),
        Column("割合", number=True),
    ]
    footer = [
        "合計",
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
            Cell(row.key),
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
        blocks.append(Para("割合: 選んだ事業の合計に対する割合", "dim"))
    if unit == "oku":
        blocks.append(Para(OKU_NOTE, "dim"))
    return blocks


def subtotal_check(result: Totals) -> str:
    if result.subtotal_thousand_yen is None:
        return ""
    sub = grouped(result.subtotal_thousand_yen)
    if result.matches_subtotal:
        return f"✓ 報告書の小計 {sub}千円と一致 (matches the report's 小計)"
    return f"✗ 報告書の小計 {sub}千円と不一致: 合計 {grouped(result.total_thousand_yen)}千円"


# --- search ----------------------------------------------------------------------------------

FIELD_LABEL = {
    "name": "事業名",
    "reading": "よみ",
    "romaji": "romaji",
    "name_en": "English",
    "keywords": "keywords",
    "kpi": "KPI",
    "overview": "事業概要",
    "results": "事業実績",
    "division": "担当課",
    "group": "グループ",
}
FUZZY_MARK = "~ 綴りの近い一致 (fuzzy match: close, not exact)"


def hits(found: Sequence[Hit], width: int | None, unit: str = "thousand") -> list[Block]:
    columns = [Column("No.", number=True), Column("事業名", ratio=2), Column("担当課", ratio=1)]
    columns += [
        Column(UNIT_LABEL[unit], number=True),
        Column("一致", max_width=10),
        Column("該当箇所", ratio=3),
    ]
    rows = []
    for h in found:
        p = h.programme
        snippet, start, end = h.snippet()
        marks = [(start, end, "bold reverse")] if end > start else []
        where = FIELD_LABEL.get(h.field, h.field) + ("" if h.exact else "~")
        cells = [Cell(p.no), Cell(p.name), Cell(p.division)]
        cells += [
            Cell(money(p.budget_thousand_yen, unit)),
            Cell(where),
            Cell(snippet, marks=marks),
        ]
        rows.append(cells)
    blocks: list[Block] = [Table(columns, rows)]
    if any(not h.exact for h in found):
        blocks.append(Para(FUZZY_MARK, "dim"))
    return blocks
