"""The output options every command shares, and writing a result in the format chosen.

A command builds a ``Result`` (its rows, their shape from aomori_cli.contract, and its view
for people); ``emit`` computes the whole text first, then writes it, so a failure leaves
stdout (or the file) untouched.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from aomori_cli import formats
from aomori_cli.cli.compat import UsageError
from aomori_cli.contract import Shape
from aomori_cli.errors import AomoriError
from aomori_cli.i18n import _

if TYPE_CHECKING:
    from aomori_cli.layout import Block

Format = Literal["table", "json", "jsonl", "csv", "tsv", "md"]

FormatOpt = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="Output format: table, json, jsonl, csv, tsv or md."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields", metavar="A,B", help="Only these fields, comma-separated (see 'aomori fields')."
    ),
]
# The name as typed (not a Path, which drops a trailing slash): "out/" names a folder.
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (atomically, keeping its mode) instead of stdout; - is stdout.",
    ),
]
ExcelOpt = Annotated[
    bool,
    typer.Option(
        "--excel",
        help=(
            "CSV for Excel: UTF-8 with BOM, CRLF line ends, and cells that would start a "
            "formula kept as text (implies --format csv)."
        ),
    ),
]


class Out:
    """How one command's result is to be written; ``unit``: money in tables, CSV and
    Markdown (JSON always keeps thousand yen)."""

    __slots__ = ("format", "fields", "path", "excel", "unit")

    def __init__(
        self,
        fmt: Format,
        fields: list[str] | None,
        path: Path | None,
        excel: bool,
        unit: str = "thousand",
    ) -> None:
        self.format, self.fields, self.path, self.excel = fmt, fields, path, excel
        self.unit = unit


def out_options(
    fmt: Format | None,
    json_flag: bool = False,
    fields: str | None = None,
    output: str | None = None,
    excel: bool = False,
    unit: str = "thousand",
) -> Out:
    if json_flag and fmt not in (None, "json"):
        raise UsageError(_("--json cannot be combined with --format {format}").format(format=fmt))
    if excel and (json_flag or fmt not in (None, "csv")):
        other = "--json" if json_flag else f"--format {fmt}"
        raise UsageError(_("--excel writes CSV; it cannot go with {option}").format(option=other))
    chosen: Format = "json" if json_flag else "csv" if excel else fmt or "table"
    names = None
    if fields is not None:
        # A name given twice is one column, in every format (a JSON object has each key once).
        names = list(dict.fromkeys(f.strip() for f in fields.split(",") if f.strip()))
        if not names:
            raise UsageError(_("--fields needs at least one field name, e.g. --fields no,name"))
    if output is not None and not output:
        raise UsageError(_("--output needs a file name"))
    if output is not None and chosen == "csv" and output.lower().endswith((".xlsx", ".xls")):
        # Excel refuses a CSV named as a workbook; it opens the same file named .csv.
        stem, ext = os.path.splitext(output)
        message = _(
            "{path}: CSV opens in Excel as a .csv file, not {ext}: "
            "--excel -o {csv} writes it for Excel"
        )
        raise UsageError(message.format(path=output, ext=ext, csv=stem + ".csv"))
    if output is not None and (
        output.endswith(("/", os.sep)) or os.path.basename(output) in (".", "..")
    ):
        raise AomoriError(
            _("{path}: is a directory; --output needs a file name").format(path=output)
        )
    path = None if output in (None, "-") else Path(output)
    return Out(chosen, names, path, excel, unit)


class Result:
    """What a command found, ready to be written in any format.

    ``rows`` are of ``shape``: --fields chooses among its keys, and CSV, TSV and JSON Lines
    write one row each. ``document`` is the --json value when it is not simply the list of
    rows (totals' object, compare's programmes); ``one``: a single object (show). ``view``
    gives what people see, as blocks (aomori_cli.layout) for a width (None: Markdown).
    ``empty`` is said on stderr instead of drawing an empty table.
    """

    def __init__(
        self,
        shape: Shape[Any],
        rows: Sequence[Any],
        view: Callable[[int | None], list[Block]],
        *,
        document: Callable[[], object] | None = None,
        one: bool = False,
        empty: str = "",
    ) -> None:
        self.shape, self.rows, self.view = shape, rows, view
        self.document, self.one, self.empty = document, one, empty


def render(out: Out, result: Result) -> str | None:
    """The text to write, or None when there is nothing (an empty result, said on stderr)."""
    shape, rows, names = result.shape, result.rows, out.fields
    if names and out.unit != "thousand":  # budget_yen, as --unit yen names its column
        suffix = "_yen" if out.unit == "yen" else "_oku"
        money = {
            c[: -len(MONEY_SUFFIX)] + suffix: c for c in shape.columns if c.endswith(MONEY_SUFFIX)
        }
        names = list(dict.fromkeys(money.get(n, n) for n in names))
    if names:
        unknown = [n for n in names if n not in shape.columns]
        if unknown:
            from aomori_cli.cli.usage import close_options

            close = close_options(unknown[0].casefold(), list(shape.columns))[:1]
            message = _("unknown field {field!r} for --fields; choose from {fields}")
            if close:
                message = _(
                    "unknown field {field!r} for --fields; did you mean {close}? "
                    "Choose from {fields}"
                )
            fields = ", ".join(shape.columns)
            raise UsageError(message.format(field=unknown[0], close="".join(close), fields=fields))
    if out.format == "json":
        if names is None and result.document is not None:
            return formats.to_json(result.document())
        objects = [shape.to_json(r, names) for r in rows]
        return formats.to_json(objects[0] if result.one and len(objects) == 1 else objects)
    if out.format == "jsonl":
        document = result.document() if names is None and result.document else None
        lines = document if isinstance(document, list) else [shape.to_json(r, names) for r in rows]
        return formats.to_jsonl(lines)
    columns = names or shape.columns
    if out.format in ("csv", "tsv"):
        cells = [shape.cells(r, columns) for r in rows]
        if out.unit != "thousand":
            columns, cells = in_unit(columns, cells, out.unit)
        if out.format == "tsv":
            return formats.to_tsv(cells, columns)
        return formats.to_csv(cells, columns, excel=out.excel)
    if out.format == "table" and result.empty and not rows and out.path is None:
        say(result.empty)
        return None
    view = result.view
    if names:
        from aomori_cli import layout

        chosen = names
        view = lambda _width: layout.fields_rows(shape, chosen, rows, out.unit)  # noqa: E731
    if out.format == "md":
        return formats.markdown(view(None))
    return _draw(out, view)


MONEY_SUFFIX = "_thousand_yen"


def in_unit(
    columns: list[str], cells: list[dict[str, object]], unit: str
) -> tuple[list[str], list[dict[str, object]]]:
    """Money columns (…_thousand_yen) as …_yen or …_oku, exactly (no float)."""
    renamed = {
        c: c[: -len(MONEY_SUFFIX)] + ("_yen" if unit == "yen" else "_oku")
        for c in columns
        if c.endswith(MONEY_SUFFIX)
    }

    def convert(value: object) -> object:
        if not isinstance(value, int) or isinstance(value, bool):
            return value
        if unit == "yen":
            return value * 1000
        sign = "-" if value < 0 else ""
        whole, part = divmod(abs(value), 100_000)  # 1 億円 = 100,000 千円
        return f"{sign}{whole}.{part:05d}".rstrip("0").rstrip(".")

    new_cells = [
        {renamed.get(k, k): convert(v) if k in renamed else v for k, v in row.items()}
        for row in cells
    ]
    return [renamed.get(c, c) for c in columns], new_cells


def _draw(out: Out, view: Callable[[int | None], list[Block]]) -> str:
    import io

    from aomori_cli import render

    if out.path is not None:
        buffer = io.StringIO()
        console = render.make_console(file=buffer, width=100)
        console.print(render.draw(view(console.width), console.width))
        text = buffer.getvalue()
    else:
        console = render.make_console()
        with console.capture() as capture:
            console.print(render.draw(view(console.width), console.width))
        text = capture.get()
    # Rich pads every line to the table's width; a reader or a pipe needs none of it, and
    # nor does a terminal, where the padding ends inside the last style (the bold of a total).
    return "\n".join(_without_trailing_spaces(line) for line in text.split("\n"))


_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def _without_trailing_spaces(line: str) -> str:
    """The line without the spaces at its end, keeping the style codes among them (read from
    the end, so a long line of spaces costs no more than its length)."""
    end, codes = len(line), []
    while end:
        if line[end - 1] == " ":
            end -= 1
            continue
        start = line.rfind("\x1b[", 0, end) if line[end - 1] == "m" else -1
        if start < 0 or not _STYLE.fullmatch(line, start, end):
            break
        codes.append(line[start:end])
        end = start
    return line[:end] + "".join(reversed(codes))


def emit(out: Out, result: Result, *, protect: Sequence[Path] = ()) -> None:
    text = render(out, result)
    if text is None:
        return
    raw = out.format in ("csv", "tsv")  # data exactly: controls are not pictured
    if out.path is not None:  # -o /dev/tty is a terminal too
        on_terminal = _for_terminal if raw else None
        formats.write_file(out.path, text, protect=protect, on_terminal=on_terminal)
    else:
        terminal = raw and sys.stdout.isatty()
        if terminal:
            text = _for_terminal(text)
        write_stdout(text, utf8=out.format != "table")
        if terminal and out.excel:
            say(_("--excel writes a file for Excel: add -o FILE.csv to save it"))


def write_stdout(text: str, *, utf8: bool) -> None:
    """Write ``text`` to stdout whole. ``utf8``: as UTF-8 whatever the locale (JSON, CSV, TSV
    and Markdown are files for programs, the same bytes everywhere); else in the terminal's
    encoding, a character it cannot show as '?'. Written through the binary stream until all
    of it is taken: under PYTHONUNBUFFERED a text stream writes once, and the end of a large
    output cut short by a reader that stopped (`| head`) would be lost without an error."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # not a real stream (stdout replaced): it takes text
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    encoding = "utf-8" if utf8 else (getattr(sys.stdout, "encoding", None) or "utf-8")
    data = memoryview(text.encode(encoding, "replace"))
    while data:
        try:
            written = buffer.write(data)
        except BlockingIOError as exc:  # a non-blocking stdout, full for now
            written = exc.characters_written
        data = data[written or 0 :]
        if data and not written:
            _wait_writable()
    while True:
        try:
            buffer.flush()
            return
        except BlockingIOError:
            _wait_writable()


def _wait_writable() -> None:
    """Wait until a non-blocking stdout that is full takes more, rather than try again at
    once: that spun a core at 100% for as long as the reader was slow."""
    import select

    try:
        select.select([], [sys.stdout.fileno()], [])
    except (OSError, ValueError):  # no descriptor to wait on: a short pause instead
        import time

        time.sleep(0.01)


def _for_terminal(text: str) -> str:
    """CSV and TSV hold the data exactly, for files and pipes; on a terminal a dataset's ESC
    or OSC 52 would be obeyed, so controls are shown as pictures there, as in every other
    human format (tabs kept: they are TSV's columns)."""
    from aomori_cli.text import clean

    # --excel's BOM (for Excel, not for a reader) and its CRLF row ends: a terminal's line ends.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return "\t".join(clean(part) for part in text.split("\t"))


def say(message: str) -> None:
    """A note or an error for the user: one line on stderr."""
    from aomori_cli.text import one_line

    try:  # what was printed comes first, as it was written (a terminal shows both streams)
        sys.stdout.flush()
    except (OSError, ValueError):
        pass  # a closed or broken stdout: the message still goes to stderr
    sys.stderr.write(f"aomori: {one_line(message)}\n")
    sys.stderr.flush()
