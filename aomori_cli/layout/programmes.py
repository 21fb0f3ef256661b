"""What people see of the programmes: the list, one programme, --fields tables, about."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aomori_cli.i18n import N_, _, japanese, ngettext, pick
from aomori_cli.layout.blocks import BLANK, Block, Cell, Column, Para, Record, Table
from aomori_cli.models import Correction, Kpi, Programme, Report
from aomori_cli.numbers import (
    amount,
    budget_label,
    change,
    change_pct,
    missing,
    money,
    pct,
    unit_label,
)
from aomori_cli.text import NO_BREAK_SPACE

if TYPE_CHECKING:
    from aomori_cli.changes import Comparison, KpiChange
    from aomori_cli.contract import Shape


def raw(figure: object) -> str:
    """A KPI figure as printed in the report; - (n/a) where there is none."""
    return str(getattr(figure, "raw", None) or missing())


FALL, RISE = "red", "green"  # colour helps; the ▲ or + carries the meaning


def direction_style(direction: str) -> str:
    return RISE if direction == "up" else FALL if direction == "down" else ""


def new_mark() -> str:
    return _("○ new: a programme new in FY2024")


def oku_note(total: bool = True) -> str:
    """The note under money in 億円 (--unit oku), rounded; ``total``: beside a total of the
    parts shown."""
    if total:
        return _(
            "Amounts in ¥ million are rounded to the nearest million (parts may not add up to "
            "the total)"
        )
    return _("Amounts in ¥ million are rounded to the nearest million")


def left_out(labels: Sequence[str]) -> Para:
    """The note under a table narrowed to fit: which columns it leaves out."""
    columns = _(", ").join(labels)
    message = ngettext(
        "Not shown at this width: {columns} (a wider terminal shows it)",
        "Not shown at this width: {columns} (a wider terminal shows them)",
        len(labels),
    )
    return Para(message.format(columns=columns), "dim")


def change_legend() -> str:
    return _("Change: + rise, − fall, 0 no change, n/a no figure (FY2023 → FY2024)")


def unlike_note(changes: Sequence[KpiChange]) -> list[Block]:
    """Where a KPI's two years count different things (5回 → 7件, 延べ → not), why it has no
    change: its n/a is not "no figure"."""
    if not any(c.unlike for c in changes):
        return []
    message = _("n/a also where the two years count different things (units or 延べ differ)")
    return [Para(message, "dim")]


# The report's counting words, explained to English readers; a figure stays as printed
# (延べ 15回), and Japanese readers read the words themselves.
UNIT_WORDS = {
    "件": "cases or items",
    "回": "times",
    "名": "people",
    "人": "people",
    "者": "businesses or people",
    "社": "companies",
    "市町": "municipalities",
    "千円": "thousand yen",
}
QUALIFIER_WORDS = {"延べ": "repeats counted (a participant who came twice counts twice)"}


def unit_legend(items: Sequence[Kpi]) -> list[Block]:
    """In English, what the counting words of these KPIs' figures mean (those it knows)."""
    if japanese():
        return []
    units: dict[str, str] = {}
    qualifiers: dict[str, str] = {}
    for kpi in items:
        for figure in (kpi.fy2023, kpi.fy2024):
            if figure is None:
                continue
            if figure.unit in UNIT_WORDS:
                units.setdefault(figure.unit, UNIT_WORDS[figure.unit])
            if figure.qualifier in QUALIFIER_WORDS:
                qualifiers.setdefault(figure.qualifier, QUALIFIER_WORDS[figure.qualifier])
    if not units and not qualifiers:
        return []
    # A word and its short meaning stay on one line ("千円 thousand / yen" broke it), and the
    # qualifier with the start of its long one (no-break spaces, shown as spaces).
    line = "Units as the report prints them: "
    line += ", ".join(f"{k} {v}".replace(" ", NO_BREAK_SPACE) for k, v in units.items())
    line += "".join(f"; {k}:{NO_BREAK_SPACE}{v}" for k, v in qualifiers.items())
    return [Para(line, "dim")]


def heading(label: str) -> str:
    """A section's title: 【事業概要】 in Japanese, as the report writes it; plain in English."""
    return f"【{label}】" if japanese() else label


def name(p: Programme) -> str:
    """A programme's name in the user's language (its English name where it has one)."""
    return pick(p.name, p.name_en)


def division_name(report: Report, division: str) -> str:
    return pick(division, report.division(division).name_en) if division else division


def group_name(report: Report, group: str) -> str:
    return pick(group, report.group(group).name_en) if group else group


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
    label = unit_label(unit)
    money_header = budget_label(unit) if width is None or width >= 50 else label
    # Narrower, share, division and page are shown only when the table becomes a list of
    # labelled values, which has room for them (else a note says they are left out); between
    # 50 and 80 columns the division is under the name.
    narrow = not wide
    # Under the name, the division is in brackets, and the header says so: told apart only
    # by being dim, it read as the name's last lines without colour (piped, in a file).
    heading = _("Programme (division)") if medium else _("Programme")
    columns = [Column("No.", number=True), Column(heading, ratio=3)]
    columns.append(Column(money_header, number=True, label=budget_label(unit)))
    n = len(chosen)
    total_label = ngettext("Total, {count} programme", "Total, {count} programmes", n)
    footer = ["", total_label.format(count=n), money(total, unit)]
    columns.append(Column(_("Share"), number=True, listed_only=narrow))
    footer.append(pct(total / total_all) if total_all else "")
    # Narrower than 80, a 新規 column none of the rows marks is left out: it took the room of
    # columns that say something (from a new user's review).
    marked = wide or any(p.new for p in chosen)
    if marked:
        columns.append(Column(_("New")))
        footer.append("")
    if not medium:
        columns.append(Column(_("Division"), listed_only=narrow))
        footer.append("")
    columns.append(Column(_("Page"), number=True, listed_only=narrow))
    footer.append("")
    rows = []
    for p in chosen:
        division = division_name(report, p.division)
        under = [(_("({division})").format(division=division), "dim")]
        cell = Cell(name(p), more=under if medium else ())
        cells = [Cell(p.no), cell, Cell(money(p.budget_thousand_yen, unit))]
        cells.append(Cell(pct(p.budget_thousand_yen / total_all) if total_all else ""))
        if marked:
            cells.append(Cell("○" if p.new else ""))
        if not medium:
            cells.append(Cell(division))
        cells.append(Cell(p.page))
        rows.append(cells)
    blocks: list[Block] = [Table(columns, rows, title=title, footer=footer)]
    if wide and len(chosen) < len(report.programmes):  # of what, when not all are shown
        note = _("Share: of the total of all {count} programmes ({total})")
        count = len(report.programmes)
        blocks.append(Para(note.format(count=count, total=amount(total_all, unit)), "dim"))
    if any(p.new for p in chosen):
        blocks.append(Para(new_mark(), "dim"))
    if unit == "oku":
        blocks.append(Para(oku_note(), "dim"))
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
            header = f"{header[: -len('_thousand_yen')]} ({unit_label(unit)})"
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
    blocks: list[Block] = [Table(columns, rows, key_cols=min(2, len(columns)))]
    if unit == "oku" and any(f.name.endswith("_thousand_yen") for f in fields):
        blocks.append(Para(oku_note(total=False), "dim"))
    return blocks


# --- show ------------------------------------------------------------------------------------


def programme(
    report: Report, p: Programme, comparison: Comparison, unit: str = "thousand"
) -> list[Block]:
    marks = " ".join(m for m, on in ((_("new"), p.new), (_("reposted"), p.reposted)) if on)
    # Both names in both languages: the one in the user's language first.
    english = p.name_en if p.name_en.strip() else ""
    names = [(_("Name"), p.name, "bold"), (_("English"), english, "")]
    if not japanese() and english:
        names = [(_("Name"), english, "bold"), (_("Japanese"), p.name, "")]
    pairs = [("No.", str(p.no), ""), *((k, v, st) for k, v, st in names if v)]
    budget = amount(p.budget_thousand_yen, unit)
    pairs.append((_("Budget"), f"{budget} ({pct(comparison.share)})", ""))
    if marks:
        pairs.append((_("Marked"), marks, ""))
    division = division_name(report, p.division)
    group = group_name(report, p.group)
    where = _("{division} / {group}").format(division=division, group=group) if group else division
    pairs += [(_("Division"), where, ""), (_("Page"), str(p.page), "")]
    blocks: list[Block] = [Record(pairs)]
    for label, body in ((_("Overview"), p.overview), (_("Results"), p.results)):
        if body:
            blocks += [BLANK, Para(heading(label), "bold", heading=True), Para(body)]
    if comparison.changes:
        blocks += [BLANK, Para(heading("KPI"), "bold", heading=True), *kpis(comparison, None)]
        blocks += unit_legend(p.kpis)
    for note in p.notes:
        blocks += [BLANK, Para(note, "dim")]
    remarks = p.remarks_ja if japanese() and p.remarks_ja else p.remarks
    if remarks:  # set apart from the table's legend above, which it is not part of
        blocks.append(BLANK)
    blocks += [Para(_("Note: {remark}").format(remark=r), "dim") for r in remarks]
    blocks += [BLANK, *source(report, p)]
    blocks += [Para(correction_line(c), "dim", hang=2) for c in p.corrections]
    if unit == "oku":
        blocks.append(Para(oku_note(total=False), "dim"))
    return blocks


def source(report: Report, p: Programme) -> list[Block]:
    """Where the programme is printed: what the report itself prints (section and page); the
    report's title is not printed in it, so it is given as a description, marked so."""
    s = report.section
    section = f"{s.number} {pick(s.title, s.title_en)}".strip() or s.policy
    page = _("p.{page}").format(page=p.page)
    where = f"{section} {page}" if section else page
    blocks: list[Block] = [Para(_("Source: {where}").format(where=where), "dim")]
    if report.title:
        if report.title_note:
            line = _("Report (descriptive title, not printed in the source): {title}")
        else:
            line = _("Report: {title}")
        blocks.append(Para(line.format(title=pick(report.title, report.title_en)), "dim"))
    return blocks


# A corrected field named as people know it.
FIELD_NAMES = {
    "no": N_("programme number"),
    "name": N_("name"),
    "budget_thousand_yen": N_("budget"),
    "overview": N_("overview"),
    "results": N_("results"),
    "division": N_("division"),
    "group": N_("group"),
    "kpis": N_("KPIs"),
    "company": N_("company"),
    "plant": N_("plant"),
    "plant_location": N_("plant location"),
    "head_office": N_("head office"),
    "headline": N_("headline"),
    "company_overview": N_("company overview"),
}
ITEM_NAMES = {"kpis": N_("KPI"), "company_overview": N_("company overview paragraph")}
KPI_FIELD_NAMES = {"name": N_("indicator name")}  # a key inside kpis[…]
# A key, with an index ([2]), a list of programme numbers ([15,16]) or a span ([5..23]).
_SEGMENT = re.compile(
    r"([a-z_]+)(?:\[([0-9]{1,4})\.\.([0-9]{1,4})\]|\[([0-9]{1,4}(?:,[0-9]{1,4})*)\])?"
)


def field_name(field: str) -> str:
    """A corrected field's path in words: programmes[15,16].division is the division of
    programmes 15, 16; kpis[2].name the name of KPI 3; a list of keys names each. A path of
    another form is shown as written."""
    parts = [_path_name(part) for part in re.split(r", (?![^\[]*\])", field)]
    if any(part is None for part in parts):
        return field
    return _(", ").join(part for part in parts if part is not None)


def _path_name(path: str) -> str | None:
    named = parent = ""
    for segment in re.split(r"\.(?![^\[]*\])", path):  # not the dots of [5..23]
        match = _SEGMENT.fullmatch(segment)
        if match is None:
            return None
        key, first, last, numbers = match.groups()
        item = numbers is not None and "," not in numbers  # one item of a list: kpis[2]
        names = KPI_FIELD_NAMES if parent == "kpis" else ITEM_NAMES if item else FIELD_NAMES
        label = _(names[key]) if key in names else key
        if key == "programmes" and (first or numbers):
            span = _("{first}–{last}").format(first=first, last=last) if first else ""
            listed = numbers.replace(",", _(", ")) if numbers else ""
            label = _("programmes {numbers}").format(numbers=span or listed)
        elif item:  # counted from 1
            label = f"{label} {int(numbers) + 1}"
        elif first or numbers:
            return None
        named = _("{inner} of {outer}").format(inner=label, outer=named) if named else label
        parent = key
    return named


def correction_line(c: Correction) -> str:
    text = _("Corrected ({field}): 「{printed}」→「{corrected}」 {reason}")
    reason = pick(c.reason_ja, c.reason)
    field = field_name(c.field)
    return text.format(field=field, printed=c.printed, corrected=c.corrected, reason=reason)


def kpis(comparison: Comparison, width: int | None) -> list[Block]:
    short = width is not None and width < 70
    columns = [
        Column(_("Indicator"), ratio=3),
        Column(_("FY23") if short else _("FY2023"), number=True, label=_("FY2023")),
        Column(_("FY24") if short else _("FY2024"), number=True, label=_("FY2024")),
        Column(_("Change"), number=True),
        Column(_("Change %"), number=True),
    ]
    rows = []
    for c in comparison.changes:
        style = direction_style(c.direction)
        rows.append(
            [
                Cell(pick(c.kpi.name, c.kpi.name_en)),
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
    title, other = report.title, report.title_en
    if not japanese() and report.title_en:
        title, other = report.title_en, report.title
    blocks: list[Block] = [Para(title or _("(untitled report)"), "bold", heading=True)]
    if other:
        blocks.append(Para(other, "dim"))
    if report.title_note:
        blocks.append(Para(f"※ {pick(report.title_note, report.title_note_en)}", "dim"))
    pairs = []
    if report.fiscal_year_label:
        year = f"{report.fiscal_year_label} (FY{report.fiscal_year})"
        if not japanese():
            year = f"FY{report.fiscal_year} ({report.fiscal_year_label})"
        pairs.append((_("Fiscal year"), year, ""))
    if s.title:
        section = s.title_en if not japanese() and s.title_en else s.title
        pairs.append((_("Section"), f"{s.policy} {section}".strip(), ""))
    if report.pages:
        pages = _("{first}–{last}").format(first=report.pages[0], last=report.pages[1])
        pairs.append((_("Pages"), pages, ""))
    pairs += [
        (_("Programmes"), str(len(report.programmes)), ""),
        (_("Total budget"), amount(report.total_thousand_yen, unit), ""),
    ]
    if s.subtotal_thousand_yen is not None:
        subtotal = amount(s.subtotal_thousand_yen, unit)
        if unit == "thousand":
            text = _("{amount} (as printed)").format(amount=subtotal)
        else:  # the report prints 千円
            printed = amount(s.subtotal_thousand_yen, "thousand")
            text = _("{amount} (printed: {printed})").format(amount=subtotal, printed=printed)
        pairs.append((_("Subtotal"), text, ""))
    if report.source_file:
        pairs.append((_("Source"), report.source_file, ""))
    pairs.append((_("Data"), data_label, ""))
    blocks.append(Record(pairs))
    if unit == "oku":
        blocks.append(Para(oku_note(total=False), "dim"))
    if s.summary or s.items:
        blocks += [BLANK, Para(heading(_("Summary of the measures")), "bold", heading=True)]
        blocks += [Para(text) for text in s.summary]
        for item in s.items:
            blocks.append(Para(f"○ {item.heading}", "bold"))
            blocks += [Para(text) for text in item.paragraphs]
    corrections: list[tuple[str, Correction]] = [("", c) for c in report.corrections]
    corrections += [(f"No.{p.no} ", c) for p in report.programmes for c in p.corrections]
    if report.case_study:
        corrections += [(_("Case study") + " ", c) for c in report.case_study.corrections]
    if corrections:
        title = _("{heading} ({count})").format(
            heading=heading(_("Corrections of extraction damage")), count=len(corrections)
        )
        blocks += [BLANK, Para(title, "bold", heading=True)]
        for where, c in corrections:
            line = f"・{where}{field_name(c.field)}: 「{c.printed}」→「{c.corrected}」"
            blocks.append(Para(line, hang=2))  # the text aligned after the bullet
            blocks.append(Para(pick(c.reason_ja, c.reason), "dim", indent=2))
    cs = report.case_study
    if cs:
        blocks += [BLANK, Para(heading(cs.heading), "bold", heading=True)]
        place = _("{plant}, head office: {office}").format(
            plant=cs.plant_location, office=cs.head_office
        )
        # As the report heads it, in Japanese: 補助金：（株）… 工場（所在地、本社：…）.
        line = _("{company} {plant} ({place}) — {subsidy}")
        blocks.append(
            Para(line.format(company=cs.company, plant=cs.plant, place=place, subsidy=cs.subsidy))
        )
        blocks.append(Para(cs.headline, "bold"))
        blocks += [Para(text) for text in (*cs.company_overview, *cs.background)]
        if cs.developed:
            developed = _(", ").join(cs.developed)
            blocks.append(Para(_("Developed: {items}").format(items=developed)))
    return blocks


def fields(rows: Sequence[tuple[str, str, str]]) -> list[Block]:
    """``aomori fields``: (commands, field, description) rows."""
    columns = [Column(_("command")), Column(_("field")), Column(_("description"), ratio=3)]
    note = _(
        "With --unit yen or oku, CSV and TSV name a …_thousand_yen column …_yen or …_oku "
        "(budget_yen, budget_oku), as its values are in that unit; JSON keeps 千円."
    )
    blocks: list[Block] = [Table(columns, [[Cell(c), Cell(f), Cell(d)] for c, f, d in rows])]
    commands = {c for c, _f, _d in rows}
    if "compare" in commands:  # a review: --fields changed compare's JSON without a word
        blocks.append(
            Para(
                _(
                    "compare: these are the keys of one row per KPI, as CSV has. compare --json of "
                    "programmes named, without --fields, gives one object per programme, its KPIs "
                    "inside (aomori schema: compare; the rows are compare_all)."
                ),
                "dim",
            )
        )
    return [*blocks, Para(note, "dim")]
