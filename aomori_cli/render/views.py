"""Each command's view for people, drawn with the builders of render.base."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from aomori_cli.models import Correction, Programme, Report
from aomori_cli.numbers import UNIT_LABEL, change, change_pct, grouped, money, pct
from aomori_cli.render.base import Col, T, grid, prose

if TYPE_CHECKING:
    from aomori_cli.changes import Comparison, KpiChange
    from aomori_cli.query import Totals
    from aomori_cli.search.index import Hit

yen = grouped
_DIRECTION_STYLE = {"up": "green", "down": "red"}


# --- list ------------------------------------------------------------------------------------


def programme_table(
    console: Console, report: Report, programmes: Sequence[Programme], title: str = ""
) -> RenderableType:
    width = console.width
    total_all = report.total_thousand_yen
    total = sum(p.budget_thousand_yen for p in programmes)
    wide, medium = width >= 80, 50 <= width < 80
    cols = [
        Col("No.", number=True, footer=f"{len(programmes)}件"),
        Col("事業名", ratio=3, footer="計"),
        Col("事業費(千円)" if width >= 50 else "千円", number=True, footer=yen(total)),
    ]
    if wide:
        cols.append(Col("割合", number=True, footer=pct(total / total_all) if total_all else ""))
    cols.append(Col("新規"))
    if wide:
        cols += [Col("担当課", max_width=24), Col("頁", number=True)]
    rows = []
    for p in programmes:
        name = T(p.name)
        if medium:
            name.append("\n")
            name.append_text(T(p.division, "dim"))
        cells = [T(p.no), name, T(yen(p.budget_thousand_yen))]
        if wide:
            cells.append(T(pct(p.budget_thousand_yen / total_all) if total_all else ""))
        cells.append(T("○" if p.new else ""))
        if wide:
            cells += [T(p.division), T(p.page)]
        rows.append(cells)
    return grid(console, cols, rows, title=title)


def rows_table(
    console: Console, columns: Sequence[str], rows: Sequence[Mapping[str, object]]
) -> RenderableType:
    """A plain table of chosen fields (``--fields``)."""
    cols = [
        Col(
            c,
            number=bool(rows)
            and all(
                isinstance(r.get(c), int | float) and not isinstance(r.get(c), bool) for r in rows
            ),
        )
        for c in columns
    ]
    cells = [[T(_plain(r.get(c))) for c in columns] for r in rows]
    return grid(console, cols, cells, key_cols=min(2, len(columns)))


def _plain(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "○" if value else ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list | tuple):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("raw", value.get("name", "")))
    return str(value)


# --- show ------------------------------------------------------------------------------------


def programme_detail(
    console: Console, report: Report, p: Programme, comparison: Comparison
) -> RenderableType:
    head = Table.grid(padding=(0, 1))
    head.add_column(style="bold", no_wrap=True)
    head.add_column(overflow="fold")
    marks = " ".join(m for m, on in (("新規", p.new), ("再掲", p.reposted)) if on)
    head.add_row(T("No."), T(p.no))
    head.add_row(T("事業名"), T(p.name, "bold"))
    if p.name_en:
        head.add_row(T("English"), T(p.name_en))
    head.add_row(T("事業費"), T(f"{yen(p.budget_thousand_yen)} 千円 ({pct(comparison.share)})"))
    if marks:
        head.add_row(T("区分"), T(marks))
    head.add_row(T("担当課"), T(f"{p.division} {p.group}".strip()))
    head.add_row(T("掲載頁"), T(p.page))
    parts: list[RenderableType] = [head]
    for label, body in (("事業概要", p.overview), ("事業実績", p.results)):
        if body:
            parts += [Text(""), T(f"【{label}】", "bold"), prose(body, console.width)]
    if comparison.changes:
        parts += [Text(""), T("【KPI】", "bold"), kpi_table(console, comparison)]
    for note in p.notes:
        parts += [Text(""), prose(note, console.width, "dim")]
    for remark in p.remarks:
        parts += [prose(f"注: {remark}", console.width, "dim")]
    parts.append(Text(""))
    parts.append(T(source_line(report, p), "dim"))
    for c in p.corrections:
        parts.append(T(f"訂正 ({c.field}): 「{c.printed}」→「{c.corrected}」 {c.reason}", "dim"))
    return Group(*parts)


def source_line(report: Report, p: Programme) -> str:
    title = report.title or "report"
    label = report.fiscal_year_label
    fy = f" {label}" if label and label not in title else ""
    section = f" {report.section.policy}" if report.section.policy else ""
    return f"出典: {title}{fy}{section} p.{p.page}"


def _raw(figure: object) -> str:
    return getattr(figure, "raw", "-")


def kpi_table(console: Console, comparison: Comparison) -> RenderableType:
    short = console.width < 70
    cols = [
        Col("項目", ratio=3),
        Col("R5" if short else "令和5年度", number=True),
        Col("R6" if short else "令和6年度", number=True),
        Col("増減", number=True),
        Col("増減率", number=True),
    ]
    rows = []
    for c in comparison.changes:
        style = _DIRECTION_STYLE.get(c.direction, "")
        rows.append(
            [
                T(c.kpi.name),
                T(_raw(c.kpi.fy2023)),
                T(_raw(c.kpi.fy2024)),
                T(change(c.change), style),
                T(change_pct(c.change_pct), style),
            ]
        )
    return grid(console, cols, rows, key_cols=1)


def comparison_block(console: Console, comparison: Comparison) -> RenderableType:
    p = comparison.programme
    title = T(f"No.{p.no} {p.name}", "bold")
    title.append_text(T(f"  {yen(p.budget_thousand_yen)} 千円", "dim"))
    if not comparison.changes:
        return Group(title, T("KPI の記載なし", "dim"))
    return Group(title, kpi_table(console, comparison))


def comparisons(console: Console, items: Sequence[Comparison]) -> RenderableType:
    """Each programme's KPI table; with several, a summary side by side; and the legend."""
    blocks: list[RenderableType] = []
    for c in items:
        blocks += [comparison_block(console, c), Text("")]
    if len(items) > 1:
        blocks.append(comparison_summary(console, items))
    blocks.append(T(LEGEND, "dim"))
    return Group(*blocks)


def comparison_summary(console: Console, comparisons: Sequence[Comparison]) -> RenderableType:
    wide = console.width >= 72
    cols = [Col("No.", number=True), Col("事業名", ratio=3), Col("千円", number=True)]
    if wide:
        cols += [Col("割合", number=True), Col("担当課", ratio=2)]
    cols += [Col("増", number=True), Col("減", number=True), Col("横ばい", number=True)]
    rows = []
    for c in comparisons:
        p = c.programme
        cells = [T(p.no), T(p.name), T(yen(p.budget_thousand_yen))]
        if wide:
            cells += [T(pct(c.share)), T(p.division)]
        cells += [T(c.tally("up")), T(c.tally("down")), T(c.tally("flat"))]
        rows.append(cells)
    return grid(console, cols, rows, title="比較 (令和5年度 → 令和6年度)")


LEGEND = "+ 増加  ▲ 減少  0 横ばい  - 記載なし (令和5年度 → 令和6年度)"


def ranked_changes(console: Console, items: Sequence[KpiChange]) -> RenderableType:
    wide = console.width >= 80
    cols = [Col("No.", number=True)]
    if wide:
        cols.append(Col("事業名", ratio=2))
    cols += [
        Col("項目", ratio=3),
        Col("R5", number=True),
        Col("R6", number=True),
        Col("増減率", number=True),
    ]
    rows = []
    for c in items:
        cells = [T(c.programme.no)]
        if wide:
            cells.append(T(c.programme.name))
        cells += [
            T(c.kpi.name),
            T(_raw(c.kpi.fy2023)),
            T(_raw(c.kpi.fy2024)),
            T(change_pct(c.change_pct), _DIRECTION_STYLE.get(c.direction, "")),
        ]
        rows.append(cells)
    table = grid(
        console, cols, rows, title="KPI の増減 (令和5年度 → 令和6年度)", key_cols=3 if wide else 2
    )
    return Group(table, T(LEGEND, "dim"))


# --- totals ----------------------------------------------------------------------------------

_BY_LABEL = {
    "division": "担当課",
    "group": "担当課・グループ",
    "new": "新規/継続",
    "reposted": "再掲/本掲",
}


def totals_table(console: Console, totals: Totals, unit: str = "thousand") -> RenderableType:
    bar_width = max(0, min(24, console.width - 60))
    cols = [
        Col(_BY_LABEL.get(totals.by, totals.by), ratio=3, footer="合計"),
        Col("件数", number=True, footer=str(totals.count)),
        Col(UNIT_LABEL[unit], number=True, footer=money(totals.total_thousand_yen, unit)),
        Col("割合", number=True, footer="100.0%" if totals.count else ""),
    ]
    if bar_width >= 4:
        cols.append(Col(""))
    rows = []
    for row in totals.rows:
        cells = [
            T(row.key),
            T(row.count),
            T(money(row.budget_thousand_yen, unit)),
            T(pct(row.share)),
        ]
        if bar_width >= 4:
            cells.append(T(bar(row.share, bar_width), "cyan"))
        rows.append(cells)
    parts: list[RenderableType] = [grid(console, cols, rows, key_cols=1)]
    check = subtotal_check(totals)
    if check:
        parts.append(T(check, "green" if totals.matches_subtotal else "bold red"))
    return Group(*parts)


def subtotal_check(totals: Totals) -> str:
    if totals.subtotal_thousand_yen is None:
        return ""
    sub = yen(totals.subtotal_thousand_yen)
    if totals.matches_subtotal:
        return f"✓ 報告書の小計 {sub} 千円と一致 (matches the report's 小計)"
    return f"✗ 報告書の小計 {sub} 千円と不一致: 合計 {yen(totals.total_thousand_yen)} 千円"


_EIGHTHS = " ▏▎▍▌▋▊▉█"


def bar(fraction: float, width: int) -> str:
    cells = max(0.0, min(1.0, fraction)) * width
    full = int(cells)
    rest = int((cells - full) * 8)
    return "█" * full + (_EIGHTHS[rest] if rest and full < width else "")


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


def search_table(console: Console, hits: Sequence[Hit]) -> RenderableType:
    cols = [
        Col("No.", number=True),
        Col("事業名", ratio=2),
        Col("score", number=True),
        Col("where"),
        Col("match", ratio=3),
    ]
    rows = []
    for h in hits:
        snippet, start, end = h.snippet()
        text = T(snippet)
        if end > start:
            text.stylize("bold reverse", start, end)
        score = f"{h.score:.0f}" + ("" if h.exact else "~")
        rows.append(
            [T(h.programme.no), T(h.programme.name), T(score), T(FIELD_LABEL[h.field]), text]
        )
    return grid(console, cols, rows)


# --- about and fields ------------------------------------------------------------------------


def about(console: Console, report: Report, data_label: str) -> RenderableType:
    s = report.section
    parts: list[RenderableType] = [T(report.title or "(untitled report)", "bold")]
    if report.title_en:
        parts.append(T(report.title_en, "dim"))
    if report.title_note:
        parts.append(T(f"※ {report.title_note}", "dim"))
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    if report.fiscal_year_label:
        facts.add_row(T("年度"), T(f"{report.fiscal_year_label} (FY{report.fiscal_year})"))
    if s.title:
        facts.add_row(T("章"), T(f"{s.policy} {s.title}".strip()))
    if report.pages:
        facts.add_row(T("頁"), T(f"{report.pages[0]}–{report.pages[1]}"))
    facts.add_row(T("事業数"), T(len(report.programmes)))
    facts.add_row(T("事業費計"), T(f"{yen(report.total_thousand_yen)} 千円"))
    if s.subtotal_thousand_yen is not None:
        facts.add_row(T("小計"), T(f"{yen(s.subtotal_thousand_yen)} 千円 (報告書)"))
    if report.source_file:
        facts.add_row(T("出典"), T(report.source_file))
    facts.add_row(T("データ"), T(data_label))
    parts.append(facts)
    if s.summary or s.items:
        parts += [Text(""), T("【取組の概要】", "bold")]
        parts += [prose(p, console.width) for p in s.summary]
        for item in s.items:
            parts.append(T(f"○ {item.heading}", "bold"))
            parts += [prose(p, console.width) for p in item.paragraphs]
    corrections: list[tuple[str, Correction]] = [("", c) for c in report.corrections]
    corrections += [(f"No.{p.no} ", c) for p in report.programmes for c in p.corrections]
    if report.case_study:
        corrections += [("事例 ", c) for c in report.case_study.corrections]
    if corrections:
        parts += [Text(""), T(f"【抽出時の損傷の訂正】 {len(corrections)} 件", "bold")]
        for where, c in corrections:
            parts.append(T(f"・{where}{c.field}: 「{c.printed}」→「{c.corrected}」"))
            parts.append(T(f"  {c.reason}", "dim"))
    cs = report.case_study
    if cs:
        parts += [Text(""), T(f"【{cs.heading}】", "bold")]
        place = f"{cs.plant_location}、本社: {cs.head_office}"
        parts.append(T(f"{cs.company} {cs.plant} ({place}) — {cs.subsidy}"))
        parts.append(T(cs.headline, "bold"))
        parts += [prose(p, console.width) for p in (*cs.company_overview, *cs.background)]
        if cs.developed:
            parts.append(T("開発: " + "、".join(cs.developed)))
    return Group(*parts)


def fields_table(console: Console, fields: Sequence[tuple[str, str, str]]) -> RenderableType:
    """``aomori fields``: (commands, field, description) rows."""
    rows = [[T(command), T(name), T(description)] for command, name, description in fields]
    cols = [Col("command"), Col("field"), Col("description", ratio=1)]
    return grid(console, cols, rows, key_cols=2)
