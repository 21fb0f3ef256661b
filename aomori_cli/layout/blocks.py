"""The blocks a view is made of: paragraphs, records (labelled values) and tables of
already formatted text. Plain data: aomori_cli.render draws them on a terminal and
aomori_cli.formats writes them as Markdown."""

from __future__ import annotations

from collections.abc import Sequence


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
    """A column: ``number`` ones are never wrapped (the table becomes a list first); a
    ``decoration`` (a bar) is shown whole or, where it does not fit, not at all; a
    ``listed_only`` one only when the table becomes a list, where a line of its own has room
    for it (a note under the table says it is left out). ``label``: what names the value
    when the table becomes a list, where a line has room for more than the header (事業費
    (千円) for a header of 千円); the header where none is given."""

    __slots__ = ("header", "number", "ratio", "max_width", "decoration", "listed_only", "label")

    def __init__(
        self,
        header: str,
        *,
        number: bool = False,
        ratio: int = 1,
        max_width: int | None = None,
        decoration: bool = False,
        listed_only: bool = False,
        label: str | None = None,
    ) -> None:
        self.header, self.number, self.ratio, self.max_width = header, number, ratio, max_width
        self.decoration, self.listed_only = decoration, listed_only
        self.label = header if label is None else label


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
    """A paragraph, wrapped by the Japanese line-breaking rules; ``heading`` marks a title;
    ``indent``: cells before every line of it; ``hang``: before every line but the first (a
    bullet's text aligned after the bullet)."""

    __slots__ = ("text", "style", "heading", "indent", "hang")

    def __init__(
        self,
        text: str,
        style: str = "",
        *,
        heading: bool = False,
        indent: int = 0,
        hang: int = 0,
    ) -> None:
        self.text, self.style, self.heading, self.indent = text, style, heading, indent
        self.hang = hang


class Record:
    """Labelled values, one per line (a programme's facts)."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: Sequence[tuple[str, str, str]]) -> None:
        self.pairs = tuple(pairs)  # (label, value, style)


Block = Table | Para | Record
BLANK = Para("")
