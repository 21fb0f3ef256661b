"""Blocks (aomori_cli.layout) drawn on a terminal with Rich.

Every line is broken here, by the Japanese line-breaking rules (aomori_cli.text.wrap), never
by Rich: each table column gets a width computed first, every cell is wrapped to it, and Rich
only places the lines. A number is never wrapped: when the numbers and the narrowest readable
text columns do not fit the width, the table becomes a list, one labelled value per line.
Every value goes in as ``Text`` after ``clean`` (never as markup), so ``[/]`` prints literally
and no control character reaches the terminal.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from typing import IO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from aomori_cli.i18n import _
from aomori_cli.layout import Block, Cell, Column, Para, Record, Table
from aomori_cli.text import NAME_LENGTH, cell_width, clean, widest_word, wrap_tokens
from aomori_cli.words import word_lengths

MIN_WIDTH = 20
MAX_WIDTH = 1000
MIN_TEXT = 6  # the narrowest a text column may get before the table becomes a list
MIN_KEY = 12  # ... and a column that names the row (six kanji: 補助対象職員数 in two lines)
# A column narrower than a word splits it. An English word is kept whole up to LATIN_FLOOR
# letters (decarbonisation, municipalities), any other (a katakana word, a number) up to
# WORD_FLOOR cells; a name with underscores (budget_thousand_yen) always: it is typed as shown.
WORD_FLOOR = 12
LATIN_FLOOR = 16
_LETTERS = re.compile(r"[A-Za-z]+")
# A word keeps the brackets and punctuation beside it that no line may part it from
# ("equipment)" is one); a few of them, so that a run of thousands stays cheap.
_OPENING = frozenset("([{“‘「『（［【")
_CLOSING = frozenset(")]}.,;:!?’”」』）］】、。")
_ATTACHED = 2
_IDENTIFIER = re.compile(r"[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+")
NEARLY_WHOLE = 8  # cells a column may lack and still be made whole before others grow


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A console for stdout, or (``file``) for a file: no colour or escapes in a file,
    whatever FORCE_COLOR says."""
    if file is not None:
        console = Console(
            file=file,
            width=width,
            emoji=False,
            highlight=False,
            color_system=None,
            force_terminal=False,
        )
    else:
        columns = os.environ.get("COLUMNS", "")
        if width is None and columns and not columns.strip("0"):
            # COLUMNS=0 means unset, as shutil reads it; Rich took it for the narrowest width.
            width = shutil.get_terminal_size().columns
        # emoji=False: ":warning:" in a data file stays text. highlight=False: no guessing.
        console = Console(emoji=False, highlight=False, width=width)
    if console.width < MIN_WIDTH:
        # Narrower than this, nothing is readable; the terminal wraps lines instead.
        console.width = MIN_WIDTH
    # Wider than any screen (COLUMNS=99999999999999999999): Rich would overflow an index.
    console.width = min(console.width, MAX_WIDTH)
    return console


def draw(blocks: Sequence[Block], width: int) -> RenderableType:
    parts: list[RenderableType] = []
    for block in blocks:
        if isinstance(block, Table):
            parts.append(table(block, width))
        elif isinstance(block, Record):
            parts.append(record(block, width))
        else:
            parts.append(para(block, width))
    return Group(*parts)


def wrapped(
    text: str,
    width: int,
    style: str = "",
    marks: Sequence[tuple[int, int, str]] = (),
    room: int = 0,
) -> Text:
    """``text`` made safe and broken into lines of ``width`` cells; ``marks`` (start, end,
    style) follow the characters they cover onto their lines; ``room``: lines it may take
    anyway (see text.wrap_tokens)."""
    text = clean(text)
    # A short text (a name) wider than its column breaks at its words, where they are known.
    known = len(text) <= NAME_LENGTH and cell_width(text) > width
    lines = wrap_tokens(text, width, word_lengths(text) if known else (), room)
    out = Text("\n".join("".join(token for _, token in line) for line in lines), style=style)
    if marks:
        at = 0  # where each token landed in ``out`` (counted here: Text.plain is rebuilt each call)
        for line in lines:
            for start, token in line:
                for lo, hi, mark_style in marks:
                    a, b = max(lo, start), min(hi, start + len(token))
                    if a < b:
                        out.stylize(mark_style, at + a - start, at + b - start)
                at += len(token)
            at += 1  # the newline
    return out


def para(block: Para, width: int) -> Text:
    indent = min(block.indent, width // 4)
    hang = min(block.hang, width // 4)
    if not indent and not hang:
        return wrapped(block.text, width, block.style)
    body = wrapped(block.text, width - indent - hang, block.style).split("\n")
    first = Text(" " * indent) + body[0]
    return Text("\n").join([first, *(Text(" " * (indent + hang)) + line for line in body[1:])])


def record(block: Record, width: int) -> RenderableType:
    label_width = max((cell_width(label) for label, _, _ in block.pairs), default=0)
    value_width = width - label_width - 1
    widest = max((widest_word(value) for _, value, _ in block.pairs), default=0)
    if value_width < max(MIN_TEXT * 2, widest):
        # Too narrow for two columns, or for a figure beside its label: the label above.
        lines: list[RenderableType] = []
        for label, value, style in block.pairs:
            lines.append(wrapped(label, width, "bold"))
            # Indented by two, or less where that keeps a figure with its unit on one line.
            room = width - widest_word(value)
            indent = room if 0 <= room < 2 else 2
            body = wrapped(value, width - indent, style)
            for line in body.split("\n"):
                lines.append(Text(" " * indent) + line)
        return Group(*lines)
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=label_width)
    grid.add_column(no_wrap=True, width=value_width)
    for label, value, style in block.pairs:
        grid.add_row(Text(clean(label), style="bold"), wrapped(value, value_width, style))
    return grid


def _cell_natural(cell: Cell) -> int:
    return max((cell_width(line) for part, _ in cell.parts for line in part.split("\n")), default=0)


def _word_floor(text: str) -> int:
    """The narrowest a column may be for ``text``'s words to stay whole (see WORD_FLOOR)."""
    names = [cell_width(name) for name in _IDENTIFIER.findall(text)] if "_" in text else []
    words = [
        _attached(text, m.start() - 1, -1, _OPENING)
        + min(m.end() - m.start(), LATIN_FLOOR)
        + _attached(text, m.end(), 1, _CLOSING)
        for m in _LETTERS.finditer(text)
    ]
    return max([min(widest_word(text), WORD_FLOOR), *words, *names])


def _attached(text: str, at: int, step: int, marks: frozenset[str]) -> int:
    """Cells of the marks (at most _ATTACHED) beside a word, from ``at`` on in ``step``."""
    cells = 0
    for _step in range(_ATTACHED):
        if not 0 <= at < len(text) or text[at] not in marks:
            break
        cells += cell_width(text[at])
        at += step
    return cells


def column_widths(block: Table, width: int) -> list[int] | None:
    """Each column's width, or None when the table cannot be drawn without cutting a figure
    (then it is drawn as a list)."""
    count = len(block.columns)
    available = width - (count - 1)  # one cell between columns
    natural, floor, whole = [], [], []
    for i, col in enumerate(block.columns):
        cells = [row[i] for row in block.rows]
        texts = [col.header] + ([block.footer[i]] if block.footer else [])
        widest = max([_cell_natural(c) for c in cells] + [cell_width(t) for t in texts])
        whole.append(widest)
        if col.number:
            natural.append(widest)
            floor.append(widest)
            continue
        if col.decoration:
            natural.append(widest)
            floor.append(1)
            continue
        if col.max_width:
            widest = min(widest, col.max_width)
        words = [_word_floor(p) for c in cells for p, _ in c.parts] + [_word_floor(col.header)]
        least = MIN_KEY if i < block.key_cols else MIN_TEXT
        smallest = max([*words, min(least, widest)])
        natural.append(widest)
        floor.append(min(smallest, widest))
    if sum(floor) > available:
        return None
    if sum(whole) <= available:  # a column's max_width holds only where room is short
        return whole
    if sum(natural) <= available:
        return natural
    widths = floor[:]
    spare = available - sum(widths)
    # A column a few cells short of whole is made whole first: a division name kept on one
    # line saves a line on every row, where those cells would barely shorten a long name.
    for i in sorted(range(count), key=lambda i: natural[i] - widths[i]):
        need = natural[i] - widths[i]
        if 0 < need <= min(NEARLY_WHOLE, spare // 3):
            widths[i] += need
            spare -= need
    while spare > 0:
        growing = [i for i, c in enumerate(block.columns) if widths[i] < natural[i]]
        if not growing:
            break
        total_ratio = sum(block.columns[i].ratio for i in growing)
        given = 0
        for i in growing:
            share = max(1, spare * block.columns[i].ratio // total_ratio)
            step = min(share, natural[i] - widths[i], spare - given)
            widths[i] += step
            given += step
            if given >= spare:
                break
        spare -= given
        if given == 0:
            break
    return widths


def _cell_text(cell: Cell, width: int, room: int = 0) -> Text:
    out = Text()
    for n, (part, style) in enumerate(cell.parts):
        if n:
            out.append("\n")
        out.append_text(wrapped(part, width, style, cell.marks if n == 0 else (), room))
    return out


def _row(row: Sequence[Cell], widths: Sequence[int], *, hang: bool = False) -> list[Text]:
    """A row's cells; a one-paragraph cell whose words would have taken more lines than it
    needed is broken at its words after all where the row is that tall anyway. ``hang``: the
    first cell's lines after its first are indented by one, so that they do not read as the
    next row's start (a KPI's name that wraps, beside no figures: from a review)."""
    texts = [_cell_text(c, w) for c, w in zip(row, widths, strict=True)]
    if hang and row and len(texts[0].plain.split("\n")) > 1 and widths[0] > 2 * MIN_TEXT:
        lines = _cell_text(row[0], widths[0] - 1).split("\n")
        texts[0] = Text("\n ").join(lines)
    heights = [len(t.plain.split("\n")) for t in texts]
    room = max(heights, default=1)
    for i, (cell, w) in enumerate(zip(row, widths, strict=True)):
        # Only a cell that wrapped, short of its row, with words known (a Japanese name).
        if hang and i == 0:
            continue
        if 1 < heights[i] < room and len(cell.parts) == 1 and word_lengths(clean(cell.parts[0][0])):
            texts[i] = _cell_text(cell, w, room)
    return texts


def table(block: Table, width: int) -> RenderableType:
    listed = [i for i, col in enumerate(block.columns) if col.listed_only]
    if listed:
        shown = _without(block, listed)
        if column_widths(shown, width) is None:
            return listing(block, width)
        from aomori_cli.layout.programmes import left_out

        note = left_out([block.columns[i].header for i in listed])
        return Group(table(shown, width), para(note, width))
    widths = column_widths(block, width)
    if widths is None:
        return listing(block, width)
    cut = [
        i
        for i, (col, w) in enumerate(zip(block.columns, widths, strict=True))
        if col.decoration and any(_cell_natural(row[i]) > w for row in block.rows)
    ]
    if cut:  # a bar cut short would misstate its share: none rather than a wrong one
        return table(_without(block, cut), width)
    rich = RichTable(
        box=box.MINIMAL if width < 60 else box.SIMPLE_HEAD,
        padding=0,
        pad_edge=False,
        show_edge=False,
        show_footer=block.footer is not None,
        title=wrapped(block.title, width) if block.title else None,
    )
    for i, (col, w) in enumerate(zip(block.columns, widths, strict=True)):
        footer = wrapped(block.footer[i], w) if block.footer else Text("")
        rich.add_column(
            wrapped(col.header, w),
            justify="right" if col.number else "left",
            no_wrap=True,
            width=w,
            footer=footer,
        )
    hang = bool(block.columns) and not block.columns[0].number
    for row in block.rows:
        rich.add_row(*_row(row, widths, hang=hang))
    return rich


def _without(block: Table, dropped: Sequence[int]) -> Table:
    keep = [i for i in range(len(block.columns)) if i not in dropped]
    footer = [block.footer[i] for i in keep] if block.footer else None
    rows = [[row[i] for i in keep] for row in block.rows]
    columns = [block.columns[i] for i in keep]
    return Table(columns, rows, title=block.title, footer=footer, key_cols=block.key_cols)


def listing(block: Table, width: int) -> RenderableType:
    """The table as a list: each row's key cells on one line ("No.19：…"), then each other
    value on a line of its own after its header (on the next line when both do not fit);
    the total row likewise, after its own label."""
    key = min(block.key_cols, len(block.columns))
    lines: list[RenderableType] = [wrapped(block.title, width, "bold")] if block.title else []
    rows = [list(row) for row in block.rows]
    if block.footer:
        rows.append([Cell(text) for text in block.footer])
    # A column is named alike in every record: in full (事業費(千円), 令和5年度) where each of
    # its values fits beside that, else by its header (千円, R5; ¥ thousand: 1,686,628 rather
    # than a line more), never one in one record and the other in the next (from a review).
    separator = _(": ")
    labels = [
        col.label
        if all(cell_width(f"  {col.label}{separator}{row[i].text}") <= width for row in rows)
        else col.header
        for i, col in enumerate(block.columns)
    ]
    for n, row in enumerate(rows):
        total = block.footer is not None and n == len(rows) - 1
        names = [
            f"{col.header}{c.text}" if col.header == "No." and not total else c.text
            for col, c in zip(block.columns[:key], row[:key], strict=True)
            if c.text
        ]
        lines.append(_record_title(names, width, numbered=block.columns[0].header == "No."))
        for i, (col, cell) in enumerate(zip(block.columns[key:], row[key:], strict=True)):
            if cell.text:
                lines.append(_labelled(labels[key + i], col, cell, width))
    return Group(*lines)


def _record_title(names: Sequence[str], width: int, *, numbered: bool) -> Text:
    """A row's key cells on one line, "No.19: …": a name that wraps goes on under itself,
    not under "No.", where it read as the start of another record (from a review)."""
    separator = _(": ")
    hang = cell_width(names[0] + separator) if numbered and len(names) > 1 else 0
    rest = separator.join(names[1:])
    if not hang or hang > width // 2 or widest_word(rest) > width - hang:
        return wrapped(separator.join(names), width, "bold")  # no room to hang a word whole
    body = wrapped(rest, width - hang, "bold").split("\n")
    title = Text(clean(names[0] + separator), style="bold") + body[0]
    for line in body[1:]:
        title.append("\n" + " " * hang)
        title.append_text(line)
    return title


def _labelled(name: str, col: Column, cell: Cell, width: int) -> Text:
    label = f"  {name}{_(': ')}" if name else "  "
    if cell_width(label.rstrip()) > width:  # a long field name keeps whole without its indent
        label = label.lstrip()
    value_width = width - cell_width(label)
    value = cell.text
    if col.number or value_width < MIN_TEXT:
        # A figure stays whole: beside its label when it fits, else on the line below.
        if cell_width(value) <= value_width:
            out = Text(clean(label), style="dim")
            out.append_text(Text(clean(value), style=cell.parts[0][1]))
            return out
        out = Text(clean(label.rstrip()), style="dim")
        for line in wrapped(value, width - 4, cell.parts[0][1]).split("\n"):
            out.append("\n    ")
            out.append_text(line)
        return out
    if _word_floor(value) > value_width:
        # Beside its label a word would be split (Transpor / t): the value goes below instead.
        label, value_width = label.rstrip() + "\n    ", width - 4
    out = Text(clean(label), style="dim")
    body = _cell_text(cell, value_width)
    indent = " " * cell_width(label.rsplit("\n", 1)[-1])
    body_lines = body.split("\n")
    for n, line in enumerate(body_lines):
        if n:
            out.append("\n" + indent)
        out.append_text(line)
    return out
