"""What each command shows a person, as plain blocks: paragraphs, records and tables of
already formatted text. The terminal (aomori_cli.render) and Markdown (aomori_cli.formats)
both draw these blocks, so a table has the same headers, figures and total row in both.

``width`` is the terminal's width, or None for Markdown (no width: every column).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aomori_cli.models import Correction, Programme, Report
from aomori_cli.numbers import UNIT_LABEL, change, change_pct, grouped, money, pct

if TYPE_CHECKING:
    from aomori_cli.changes import Comparison, KpiChange
    from aomori_cli.contract import Shape
    from aomori_cli.query import Totals
    from aomori_cli.search.index import Hit

FALL, RISE = "red", "green"


class Cell:
    """A table cell: one or more paragraphs, each with a style; ``marks`` are (start, end,
    style) ranges of the first paragraph (a search match)."""

    __slots__ = ("parts", "marks")

    def __init__(
        self,
        text: object = "",
        style: str = "",
        *,
        more: Sequence[tuple[str, str]] = (),
        marks: Sequence[tuple[int, int, str]] = (),
    ) -> None:
        self.parts: tuple[tuple[str, str], ...] = ((str(text), style), *more)
        self.marks = tuple(marks)

    @property
    def text(self) -> str:
        return "\n".join(p for p, _ in self.parts if p)


class Column:
    __slots__ = ("header", "number", "ratio", "max_width")

    def __init__(
        self, header: str, *, number: bool = False, ratio: int = 1, max_width: int | None = None
    ) -> None:
        self.header, self.number, self.ratio, self.max_width = header, number, ratio, max_width


class Table:
    """Rows of cells under column headers; ``footer`` is the total row. ``key_cols``: how
    many leading cells name a row when the table is too narrow and becomes a list."""

    __slots__ = ("columns", "rows", "title", "footer", "key_cols")

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        *,
        title: str = "",
        footer: Sequence[str] | None = None,
        key_cols: int = 2,
    ) -> None:
        self.columns = tuple(columns)
        self.rows = tuple(tuple(r) for r in rows)
        self.title, self.footer, self.key_cols = title, footer, key_cols


class Para:
    """A paragraph, wrapped by the Japanese line-breaking rules; ``heading`` marks a title."""

    __slots__ = ("text", "style", "heading")

    def __init__(self, text: str, style: str = "", *, heading: bool = False) -> None:
        self.text, self.style, self.heading = text, style, heading


class Record:
    """Labelled values, one per line (a programme's facts)."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: Sequence[tuple[str, str, str]]) -> None:
        self.pairs = tuple(pairs)  # (label, value, style)


Block = Table | Para | Record
BLANK = Para("")


def _raw(figure: object) -> str:
    return str(getattr(figure, "raw", "-"))


def _direction_style(direction: str) -> str:
    return RISE if direction == "up" else FALL if direction == "down" else ""


NEW_MARK = "○ 新規 (令和6年度に新規の事業)"
CHANGE_LEGEND = (
    "増減: + 増加、▲ 減少 (▲ はマイナスを表す)、0 横ばい、- 記載なし (令和5年度 → 令和6年度)"
)


# --- list ------------------------------------------------------------------------------------


def programmes(
    report: Report,
    chosen: Sequence[Programme],
    title: str = "",
    width: int | None = None,
    unit: str = "thousand",
) -> list[Block]:
    total_all = report.total_thousand_yen
    total = sum(p.budget_thousand_yen for p in chosen)
    wide = width is None or width >= 80
    medium = width is not None and 50 <= width < 80
    money_header = (
        f"事業費({UNIT_LABEL[unit]})" if width is None or width >= 50 else UNIT_LABEL[unit]
    )
    columns = [Column("No.", number=True), Column("事業名", ratio=3)]
    columns.append(Column(money_header, number=True))
    footer = [f"{len(chosen)}件", "計", money(total, unit)]
    if wide:
        columns.append(Column("割合", number=True))
        footer.append(pct(total / total_all) if total_all else "")
    columns.append(Column("新規"))
    footer.append("")
    if wide:
        columns += [Column("担当課", max_width=24), Column("頁", number=True)]
        footer += ["", ""]
    rows = []
    for p in chosen:
        name = Cell(p.name, more=[(p.division, "dim")] if medium else ())
        cells = [Cell(p.no), name, Cell(money(p.budget_thousand_yen, unit))]
        if wide:
            cells.append(Cell(pct(p.budget_thousand_yen / total_all) if total_all else ""))
        cells.append(Cell("○" if p.new else ""))
        if wide:
            cells += [Cell(p.division), Cell(p.page)]
        rows.append(cells)
    blocks: list[Block] = [Table(columns, rows, title=title, footer=footer)]
    if any(p.new for p in chosen):
        blocks.append(Para(NEW_MARK, "dim"))
    return blocks


def fields_rows(
    shape: Shape[object], names: Sequence[str], items: Sequence[object], unit: str = "thousand"
) -> list[Block]:
    """A table of the fields --fields chose, each value written for people (money in
    ``unit``)."""
    fields = [shape.field(n) for n in names]
    columns = []
    for f in fields:
        header = f.name
        if unit != "thousand" and header.endswith("_thousand_yen"):
            header = f"{header[: -len('_thousand_yen')]} ({UNIT_LABEL[unit]})"
        columns.append(Column(header, number=f.human_number))
    rows = []
    for item in items:
        cells = []
        for f in fields:
            value = f.cell(item)
            if f.name.endswith("_thousand_yen") and isinstance(value, int):
                cells.append(Cell(money(value, unit)))
            else:
                cells.append(Cell(f.human(value)))
        rows.append(cells)
    return [Table(columns, rows, key_cols=min(2, len(columns)))]


# --- show ------------------------------------------------------------------------------------


def programme(
    report: Report, p: Programme, comparison: Comparison, unit: str = "thousand"
) -> list[Block]:
    marks = " ".join(m for m, on in (("新規", p.new), ("再掲", p.reposted)) if on)
    pairs = [("No.", str(p.no), ""), ("事業名", p.name, "bold")]
    if p.name_en:
        pairs.append(("English", p.name_en, ""))
    budget = money(p.budget_thousand_yen, unit) + UNIT_LABEL[unit]
    pairs.append(("事業費", f"{budget} ({pct(comparison.share)})", ""))
    if marks:
        pairs.append(("区分", marks, ""))
    pairs += [("担当課", f"{p.division} {p.group}".strip(), ""), ("掲載頁", str(p.page), "")]
    blocks: list[Block] = [Record(pairs)]
    for label, body in (("事業概要", p.overview), ("事業実績", p.results)):
        if body:
            blocks += [BLANK, Para(f"【{label}】", "bold", heading=True), Para(body)]
    if comparison.changes:
        blocks += [BLANK, Para("【KPI】", "bold", heading=True), *kpis(comparison, None)]
    for note in p.notes:
        blocks += [BLANK, Para(note, "dim")]
    blocks += [Para(f"注: {remark}", "dim") for remark in p.remarks]
    blocks += [BLANK, *source(report, p)]
    blocks += [Para(correction_line(c), "dim") for c in p.corrections]
    return blocks


def source(report: Report, p: Programme) -> list[Block]:
    """Where the programme is printed: what the report itself prints (section and page); the
    report's title is not printed in it, so it is given as a description, marked so."""
    s = report.section
    section = f"{s.number} {s.title}".strip() or s.policy
    cite = f"出典: {section} p.{p.page}" if section else f"出典: p.{p.page}"
    blocks: list[Block] = [Para(cite, "dim")]
    if report.title:
        kind = "仮題、原文に印刷なし" if report.title_note else "報告書"
        blocks.append(Para(f"報告書 ({kind}): {report.title}", "dim"))
    return blocks


def correction_line(c: Correction) -> str:
    return f"訂正 ({c.field}): 「{c.printed}」→「{c.corrected}」 {c.reason}"


def kpis(comparison: Comparison, width: int | None) -> list[Block]:
    short = width is not None and width < 70
    columns = [
        Column("項目", ratio=3),
        Column("R5" if short else "令和5年度", number=True),
        Column("R6" if short else "令和6年度", number=True),
        Column("増減", number=True),
        Column("増減率", number=True),
    ]
    rows = []
    for c in comparison.changes:
        style = _direction_style(c.direction)
        rows.append(
            [
                Cell(c.kpi.name),
                Cell(_raw(c.kpi.fy2023)),
                Cell(_raw(c.kpi.fy2024)),
                Cell(change(c.change), style),
                Cell(change_pct(c.change_pct), style),
            ]
        )
    return [Table(columns, rows, key_cols=1)]


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
        style = _direction_style(c.direction)
        cells = [Cell(c.programme.no)]
        if wide:
            cells.append(Cell(c.programme.name))
        cells += [
            Cell(c.kpi.name),
            Cell(_raw(c.kpi.fy2023)),
            Cell(_raw(c.kpi.fy2024)),
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
        columns.append(Column(""))
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


def hits(found: Sequence[Hit], width: int | None) -> list[Block]:
    columns = [
        Column("No.", number=True),
        Column("事業名", ratio=2),
        Column("score", number=True),
        Column("where"),
        Column("match", ratio=3),
    ]
    rows = []
    for h in found:
        snippet, start, end = h.snippet()
        marks = [(start, end, "bold reverse")] if end > start else []
        score = f"{h.score:.0f}" + ("" if h.exact else "~")
        rows.append(
            [
                Cell(h.programme.no),
                Cell(h.programme.name),
                Cell(score),
                Cell(FIELD_LABEL.get(h.field, h.field)),
                Cell(snippet, marks=marks),
            ]
        )
    blocks: list[Block] = [Table(columns, rows)]
    if any(not h.exact for h in found):
        blocks.append(Para(FUZZY_MARK, "dim"))
    return blocks


# --- about and fields ------------------------------------------------------------------------


def about(report: Report, data_label: str) -> list[Block]:
    s = report.section
    blocks: list[Block] = [Para(report.title or "(untitled report)", "bold", heading=True)]
    if report.title_en:
        blocks.append(Para(report.title_en, "dim"))
    if report.title_note:
        blocks.append(Para(f"※ {report.title_note}", "dim"))
    pairs = []
    if report.fiscal_year_label:
        pairs.append(("年度", f"{report.fiscal_year_label} (FY{report.fiscal_year})", ""))
    if s.title:
        pairs.append(("章", f"{s.policy} {s.title}".strip(), ""))
    if report.pages:
        pairs.append(("頁", f"{report.pages[0]}–{report.pages[1]}", ""))
    pairs += [
        ("事業数", str(len(report.programmes)), ""),
        ("事業費計", f"{grouped(report.total_thousand_yen)}千円", ""),
    ]
    if s.subtotal_thousand_yen is not None:
        pairs.append(("小計", f"{grouped(s.subtotal_thousand_yen)}千円 (報告書)", ""))
    if report.source_file:
        pairs.append(("出典", report.source_file, ""))
    pairs.append(("データ", data_label, ""))
    blocks.append(Record(pairs))
    if s.summary or s.items:
        blocks += [BLANK, Para("【取組の概要】", "bold", heading=True)]
        blocks += [Para(text) for text in s.summary]
        for item in s.items:
            blocks.append(Para(f"○ {item.heading}", "bold"))
            blocks += [Para(text) for text in item.paragraphs]
    corrections: list[tuple[str, Correction]] = [("", c) for c in report.corrections]
    corrections += [(f"No.{p.no} ", c) for p in report.programmes for c in p.corrections]
    if report.case_study:
        corrections += [("事例 ", c) for c in report.case_study.corrections]
    if corrections:
        title = f"【抽出時の損傷の訂正】 {len(corrections)} 件"
        blocks += [BLANK, Para(title, "bold", heading=True)]
        for where, c in corrections:
            blocks.append(Para(f"・{where}{c.field}: 「{c.printed}」→「{c.corrected}」"))
            blocks.append(Para(f"  {c.reason}", "dim"))
    cs = report.case_study
    if cs:
        blocks += [BLANK, Para(f"【{cs.heading}】", "bold", heading=True)]
        place = f"{cs.plant_location}、本社: {cs.head_office}"
        blocks.append(Para(f"{cs.company} {cs.plant} ({place}) — {cs.subsidy}"))
        blocks.append(Para(cs.headline, "bold"))
        blocks += [Para(text) for text in (*cs.company_overview, *cs.background)]
        if cs.developed:
            blocks.append(Para("開発: " + "、".join(cs.developed)))
    return blocks


def fields(rows: Sequence[tuple[str, str, str]]) -> list[Block]:
    """``aomori fields``: (commands, field, description) rows."""
    columns = [Column("command"), Column("field"), Column("description", ratio=3)]
    return [Table(columns, [[Cell(c), Cell(f), Cell(d)] for c, f, d in rows])]
