"""The console and the one table builder every view uses.

Every value from the dataset goes in as ``Text`` (never markup) after ``clean``, so markup
such as ``[/]`` prints literally and control characters cannot drive the terminal. Numbers
are never wrapped or cropped: below ``STACK_BELOW`` columns a table becomes a stacked list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from aomori_cli.text import clean, wrap

STACK_BELOW = 40
MIN_WIDTH = 20


def T(text: object, style: str = "") -> Text:  # noqa: N802 - reads like a constructor
    return Text(clean(str(text)), style=style)


def prose(text: str, width: int, style: str = "") -> Text:
    """A paragraph wrapped to ``width`` cells with Japanese line-breaking rules."""
    return Text("\n".join(wrap(clean(text), width)), style=style)


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
        # emoji=False: ":warning:" in a data file stays text. highlight=False: no guessing.
        console = Console(emoji=False, highlight=False, width=width)
    if console.width < MIN_WIDTH:
        # Narrower than this, Rich would have to crop values; the terminal wraps lines instead.
        console.width = MIN_WIDTH
    return console


@dataclass(frozen=True, slots=True)
class Col:
    """One column of a table: its header, and how its cells are laid out."""

    header: str
    number: bool = False  # right-aligned, never wrapped or cropped
    ratio: int | None = None
    max_width: int | None = None
    footer: str = ""


def grid(
    console: Console,
    cols: Sequence[Col],
    rows: Sequence[Sequence[Text]],
    *,
    title: str = "",
    key_cols: int = 2,
) -> RenderableType:
    """A table, or below STACK_BELOW columns a stacked list that keeps every value whole."""
    if console.width < STACK_BELOW:
        return stacked(cols, rows, title, key_cols)
    narrow = console.width < 60
    table = Table(
        box=box.MINIMAL if narrow else box.SIMPLE_HEAD,
        padding=0,
        pad_edge=False,
        show_edge=False,
        show_footer=any(c.footer for c in cols),
        title=T(title) if title else None,
    )
    for i, c in enumerate(cols):
        if c.number:
            widest = max(
                [r[i].cell_len for r in rows] + [T(c.footer).cell_len, T(c.header).cell_len]
            )
            # A fixed width: Rich need not measure the cells, and never crops a number.
            table.add_column(
                T(c.header), justify="right", no_wrap=True, width=widest, footer=T(c.footer)
            )
        else:
            table.add_column(
                T(c.header),
                overflow="fold",
                ratio=c.ratio,
                max_width=c.max_width,
                min_width=4,
                footer=T(c.footer),
            )
    for row in rows:
        table.add_row(*row)
    return table


def stacked(
    cols: Sequence[Col], rows: Sequence[Sequence[Text]], title: str, key_cols: int
) -> RenderableType:
    lines: list[RenderableType] = [T(title, "bold")] if title else []
    for row in rows:
        # Joined without a space: a space would let the wrapper break after the number.
        head = Text("：").join(cell for cell in row[:key_cols] if cell.plain)
        head.stylize("bold")
        lines.append(head)
        for col, cell in zip(cols[key_cols:], row[key_cols:], strict=True):
            if cell.plain:
                line = Text("  ")
                if col.header:
                    line.append_text(T(f"{col.header}: ", "dim"))
                line.append_text(cell)
                lines.append(line)
    footers = [f"{c.header or ''} {c.footer}".strip() for c in cols if c.footer]
    if footers:
        lines.append(T(" / ".join(footers), "bold"))
    return Group(*lines)
