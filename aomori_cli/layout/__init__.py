"""What each command shows a person, as plain blocks (paragraphs, records and tables of
already formatted text). The terminal (aomori_cli.render) and Markdown (aomori_cli.formats)
both draw these blocks, so a table has the same headers, figures and total row in both.

``width`` is the terminal's width, or None for Markdown (no width: every column).
"""

from aomori_cli.layout.blocks import BLANK, Block, Cell, Column, Para, Record, Table
from aomori_cli.layout.figures import comparisons, hits, ranked, summary, totals
from aomori_cli.layout.programmes import about, fields, fields_rows, programme, programmes

__all__ = [
    "BLANK", "Block", "Cell", "Column", "Para", "Record", "Table", "about", "comparisons",
    "fields", "fields_rows", "hits", "programme", "programmes", "ranked", "summary", "totals",
]  # fmt: skip
