"""Rich tables and panels for people. The only module that imports rich.

Every value from the dataset goes in as ``Text`` (never markup) after ``clean``, so markup
such as ``[/]`` prints literally and control characters cannot drive the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import IO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from aomori_cli.models import Correction, Programme, Report
from aomori_cli.output import clean
from aomori_cli.query import Comparison, RankedChange, Totals
from aomori_cli.search import Hit


def T(text: object, style: str = "") -> Text:  # noqa: N802 - reads like a constructor
    return Text(clean(str(text)), style=style)


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    # emoji=False: ":warning:" in a data file stays text. highlight=False: no guessing colours.
    return Console(file=file, emoji=False, highlight=False, width=width)


def yen(amount: int) -> str:
    return f"{amount:,}"


def money(amount_thousand: int, unit: str = "thousand") -> str:
    if unit == "yen":
        return f"{amount_thousand * 1000:,}"
    if unit == "oku":
        return f"{amount_thousand / 100_000:,.2f}"
    return f"{amount_thousand:,}"


UNIT_LABEL = {"thousand": "千円", "yen": "円", "oku": "億円"}


def pct(fraction: float) -> str:
    if 0 < fraction < 0.001:
        return f"{fraction * 100:.2f}%"
    return f"{fraction * 100:.1f}%"


def _table(console: Console, **kwargs: object) -> Table:
    narrow = console.width < 60
    return Table(
        box=box.SIMPLE_HEAD if not narrow else box.MINIMAL,
        pad_edge=False,
        collapse_padding=narrow,
        show_edge=False,
        **kwargs,  # type: ignore[arg-type]
    )


# --- list ------------------------------------------------------------------------------------


def programme_table(
    console: Console, report: Report, programmes: Sequence[Programme], title: str = ""
) -> Table:
    width = console.width
    total_all = report.total_thousand_yen
    total = sum(p.budget_thousand_yen for p in programmes)
    table = _table(console, title=T(title) if title else None, show_footer=True)
    table.add_column("No.", justify="right", no_wrap=True, footer=T(f"{len(programmes)}件"))
    table.add_column("事業名", overflow="fold", ratio=3, min_width=8, footer=T("計"))
    table.add_column(
        "事業費(千円)" if width >= 50 else "千円",
        justify="right",
        no_wrap=True,
        footer=T(yen(total)),
    )
    if width >= 72:
        table.add_column(
            "割合",
            justify="right",
            no_wrap=True,
            footer=T(pct(total / total_all) if total_all else ""),
        )
    if width >= 45:
        table.add_column("新規", justify="center", no_wrap=True)
    if width >= 72:
        table.add_column("担当課", overflow="fold", max_width=24)
        table.add_column("頁", justify="right", no_wrap=True)
    for p in programmes:
        name = T(p.name)
        if 45 <= width < 72:
            name.append("\n")
            name.append_text(T(p.division, "dim"))
        cells: list[Text] = [T(p.no), name, T(yen(p.budget_thousand_yen))]
        if width >= 72:
            cells.append(T(pct(p.budget_thousand_yen / total_all) if total_all else ""))
        if width >= 45:
            cells.append(T("○" if p.new else ""))
        if width >= 72:
            cells += [T(p.division), T(p.page)]
        table.add_row(*cells)
    return table


def rows_table(
    console: Console, columns: Sequence[str], rows: Sequence[Mapping[str, object]]
) -> Table:
    """A plain table of chosen fields (``--fields``)."""
    table = _table(console)
    for c in columns:
        numeric = bool(rows) and all(
            isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool) for r in rows
        )
        table.add_column(T(c), justify="right" if numeric else "left", overflow="fold")
    for r in rows:
        table.add_row(*(T(_plain(r.get(c))) for c in columns))
    return table


def _plain(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "○" if value else ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_plain(v) for v in value)
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
            parts += [Text(""), T(f"【{label}】", "bold"), T(body)]
    if comparison.changes:
        parts += [Text(""), T("【KPI】", "bold"), kpi_table(console, comparison)]
    for note in p.notes:
        parts += [Text(""), T(note, "dim")]
    for remark in p.remarks:
        parts += [T(f"注: {remark}", "dim")]
    parts.append(Text(""))
    parts.append(T(source_line(report, p), "dim"))
    for c in p.corrections:
        parts.append(T(f"訂正 ({c.field}): 「{c.printed}」→「{c.corrected}」 {c.reason}", "dim"))
    return Group(*parts)


def source_line(report: Report, p: Programme) -> str:
    title = report.title or "report"
    fy = (
        f" {report.fiscal_year_label}"
        if report.fiscal_year_label and report.fiscal_year_label not in title
        else ""
    )
    section = f" {report.section.policy}" if report.section.policy else ""
    return f"出典: {title}{fy}{section} p.{p.page}"


def _signed(value: int | None) -> str:
    if value is None:
        return "-"
    return f"{value:+,}" if value else "0"


def _mark(direction: str) -> str:
    return {"up": "▲", "down": "▼", "flat": "＝"}.get(direction, "")


def kpi_table(console: Console, comparison: Comparison) -> Table:
    width = console.width
    table = _table(console)
    table.add_column("項目", overflow="fold", ratio=3, min_width=8)
    table.add_column("R5" if width < 70 else "令和5年度", justify="right", overflow="fold")
    table.add_column("R6" if width < 70 else "令和6年度", justify="right", overflow="fold")
    if width >= 50:
        table.add_column("増減", justify="right", no_wrap=True)
        table.add_column("増減率", justify="right", no_wrap=True)
    else:
        table.add_column("増減", justify="right", overflow="fold")
    for c in comparison.changes:
        mark = _mark(c.direction)
        style = {"up": "green", "down": "red"}.get(c.direction, "")
        change = T(f"{mark}{_signed(c.change)}" if c.change is not None else "-", style)
        rate = T(f"{c.change_pct:+.1f}%" if c.change_pct is not None else "-", style)
        cells = [T(c.name), T(c.fy2023_raw), T(c.fy2024_raw)]
        if width >= 50:
            cells += [change, rate]
        else:
            cells.append(change)
        table.add_row(*cells)
    return table


def comparison_block(console: Console, comparison: Comparison) -> RenderableType:
    p = comparison.programme
    title = T(f"No.{p.no} {p.name}", "bold")
    title.append_text(T(f"  {yen(p.budget_thousand_yen)} 千円", "dim"))
    if not comparison.changes:
        return Group(title, T("KPI の記載なし", "dim"))
    return Group(title, kpi_table(console, comparison))


def comparison_summary(console: Console, comparisons: Sequence[Comparison]) -> Table:
    width = console.width
    table = _table(console, title=T("比較 (令和5年度 → 令和6年度)"))
    table.add_column("No.", justify="right", no_wrap=True)
    table.add_column("事業名", overflow="fold", ratio=3, min_width=8)
    table.add_column("千円", justify="right", no_wrap=True)
    if width >= 72:
        table.add_column("割合", justify="right", no_wrap=True)
        table.add_column("担当課", overflow="fold", ratio=2)
    table.add_column("▲", justify="right", no_wrap=True)
    table.add_column("▼", justify="right", no_wrap=True)
    table.add_column("＝", justify="right", no_wrap=True)
    for c in comparisons:
        p = c.programme
        cells = [T(p.no), T(p.name), T(yen(p.budget_thousand_yen))]
        if width >= 72:
            cells += [T(pct(c.share)), T(p.division)]
        cells += [T(c.count("up")), T(c.count("down")), T(c.count("flat"))]
        table.add_row(*cells)
    return table


def ranked_changes(console: Console, items: Sequence[RankedChange]) -> Table:
    width = console.width
    table = _table(console, title=T("KPI の増減 (令和5年度 → 令和6年度)"))
    table.add_column("No.", justify="right", no_wrap=True)
    if width >= 80:
        table.add_column("事業名", overflow="fold", ratio=2)
    table.add_column("項目", overflow="fold", ratio=3, min_width=8)
    table.add_column("R5", justify="right", overflow="fold")
    table.add_column("R6", justify="right", overflow="fold")
    table.add_column("増減率", justify="right", no_wrap=True)
    for item in items:
        c = item.change
        style = {"up": "green", "down": "red"}.get(c.direction, "")
        cells = [T(item.no)]
        if width >= 80:
            cells.append(T(item.programme))
        cells += [
            T(c.name),
            T(c.fy2023_raw),
            T(c.fy2024_raw),
            T(
                f"{_mark(c.direction)}{c.change_pct:+.1f}%" if c.change_pct is not None else "-",
                style,
            ),
        ]
        table.add_row(*cells)
    return table


# --- totals ----------------------------------------------------------------------------------

_BY_LABEL = {
    "division": "担当課",
    "group": "担当課・グループ",
    "new": "新規/継続",
    "reposted": "再掲/本掲",
}


def totals_table(console: Console, totals: Totals, unit: str = "thousand") -> RenderableType:
    width = console.width
    bar_width = max(0, min(24, width - 60))
    table = _table(console, show_footer=True)
    table.add_column(
        _BY_LABEL.get(totals.by, totals.by), overflow="fold", ratio=3, min_width=6, footer=T("合計")
    )
    table.add_column("件数", justify="right", no_wrap=True, footer=T(totals.count))
    table.add_column(
        UNIT_LABEL[unit],
        justify="right",
        no_wrap=True,
        footer=T(money(totals.total_thousand_yen, unit)),
    )
    table.add_column(
        "割合", justify="right", no_wrap=True, footer=T("100.0%" if totals.count else "")
    )
    if bar_width >= 4:
        table.add_column("", no_wrap=True)
    for row in totals.rows:
        cells = [
            T(row.key),
            T(row.count),
            T(money(row.budget_thousand_yen, unit)),
            T(pct(row.share)),
        ]
        if bar_width >= 4:
            cells.append(T(bar(row.share, bar_width), "cyan"))
        table.add_row(*cells)
    parts: list[RenderableType] = [table]
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

_FIELD_LABEL = {
    "name": "事業名",
    "reading": "よみ",
    "romaji": "romaji",
    "name_en": "English",
    "kpi": "KPI",
    "overview": "事業概要",
    "results": "事業実績",
    "division": "担当課",
    "group": "グループ",
}


def search_table(console: Console, hits: Sequence[Hit]) -> Table:
    width = console.width
    table = _table(console)
    table.add_column("No.", justify="right", no_wrap=True)
    table.add_column("事業名", overflow="fold", ratio=2, min_width=8)
    table.add_column("score", justify="right", no_wrap=True)
    if width >= 60:
        table.add_column("where", no_wrap=True)
        table.add_column("match", overflow="fold", ratio=3)
    for h in hits:
        cells = [
            T(h.programme.no),
            T(h.programme.name),
            T(f"{h.score:.0f}" + ("" if h.exact else "~")),
        ]
        if width >= 60:
            snippet, start, end = h.snippet()
            text = T(snippet)
            if end > start:
                text.stylize("bold reverse", start, end)
            cells += [T(_FIELD_LABEL.get(h.field, h.field)), text]
        table.add_row(*cells)
    return table


# --- about and fields ------------------------------------------------------------------------


def about(console: Console, report: Report, data_label: str) -> RenderableType:
    s = report.section
    parts: list[RenderableType] = []
    parts.append(T(report.title or "(untitled report)", "bold"))
    if report.title_en:
        parts.append(T(report.title_en, "dim"))
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
        parts += [T(p) for p in s.summary]
        for item in s.items:
            parts.append(T(f"○ {item.heading}", "bold"))
            parts += [T(p) for p in item.paragraphs]
    corrections: list[tuple[int | str | None, Correction]] = [(None, c) for c in report.corrections]
    corrections += [(p.no, c) for p in report.programmes for c in p.corrections]
    if report.case_study:
        corrections += [("事例", c) for c in report.case_study.corrections]
    if corrections:
        parts += [Text(""), T(f"【抽出時の損傷の訂正】 {len(corrections)} 件", "bold")]
        for where, c in corrections:
            label = f"No.{where} " if isinstance(where, int) else f"{where} " if where else ""
            parts.append(T(f"・{label}{c.field}: 「{c.printed}」→「{c.corrected}」", ""))
            parts.append(T(f"  {c.reason}", "dim"))
    cs = report.case_study
    if cs:
        parts += [Text(""), T(f"【{cs.heading}】", "bold")]
        parts.append(
            T(
                f"{cs.company} {cs.plant} ({cs.plant_location}、本社: {cs.head_office}) — {cs.subsidy}"
            )
        )
        parts.append(T(cs.headline, "bold"))
        parts += [T(p) for p in (*cs.company_overview, *cs.background)]
        if cs.developed:
            parts.append(T("開発: " + "、".join(cs.developed)))
    return Group(*parts)


def fields_table(console: Console, fields: Sequence[tuple[str, str]]) -> Table:
    table = _table(console)
    table.add_column("field", no_wrap=True)
    table.add_column("description", overflow="fold")
    for name, description in fields:
        table.add_row(T(name), T(description))
    return table
