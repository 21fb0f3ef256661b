"""What people see of the programmes: the list, one programme, --fields tables, about."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aomori_cli.layout.blocks import BLANK, Block, Cell, Column, Para, Record, Table
from aomori_cli.models import Correction, Programme, Report
from aomori_cli.numbers import UNIT_LABEL, change, change_pct, money, pct

if TYPE_CHECKING:
    from aomori_cli.changes import Comparison
    from aomori_cli.contract import Shape


def raw(figure: object) -> str:
    return str(getattr(figure, "raw", "-"))


FALL, RISE = "red", "green"  # colour helps; the ▲ or + carries the meaning


def direction_style(direction: str) -> str:
    return RISE if direction == "up" else FALL if direction == "down" else ""


NEW_MARK = "○ 新規 (令和6年度に新規の事業)"
OKU_NOTE = "億円は小数第2位に四捨五入 (内訳の和が合計と合わないことがある)"
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
    if unit == "oku":
        blocks.append(Para(OKU_NOTE, "dim"))
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
        style = direction_style(c.direction)
        rows.append(
            [
                Cell(c.kpi.name),
                Cell(raw(c.kpi.fy2023)),
                Cell(raw(c.kpi.fy2024)),
                Cell(change(c.change) + (c.kpi.unit if c.change is not None else ""), style),
                Cell(change_pct(c.change_pct), style),
            ]
        )
    return [Table(columns, rows, key_cols=1)]


# --- about and fields ------------------------------------------------------------------------


def about(report: Report, data_label: str, unit: str = "thousand") -> list[Block]:
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
        ("事業費計", money(report.total_thousand_yen, unit) + UNIT_LABEL[unit], ""),
    ]
    if s.subtotal_thousand_yen is not None:
        subtotal = money(s.subtotal_thousand_yen, unit) + UNIT_LABEL[unit]
        pairs.append(("小計", f"{subtotal} (報告書)", ""))
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
