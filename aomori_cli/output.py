"""Writers for scripts and spreadsheets: JSON, JSON Lines, CSV/TSV, Markdown. Stdlib only."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from aomori_cli.errors import AomoriError

_BIDI = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], "\ufffd"
)
_CONTROLS: dict[int, str] = {
    **{c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)},  # ESC shows as ␛
    0x09: " ",
    0x7F: "\u2421",
    **dict.fromkeys(range(0x80, 0xA0), "\ufffd"),  # C1 controls, CSI and OSC among them
    **_BIDI,
}
_LINE_BREAKS = {0x0A: " ", 0x0D: " ", 0x2028: " ", 0x2029: " "}


def clean(text: str) -> str:
    """Text safe for a terminal: controls shown as symbols (ESC as ␛), bidi overrides removed."""
    return text.translate(_CONTROLS)


def one_line(text: str) -> str:
    """clean() for messages: also folds line breaks, so a message stays one line."""
    return clean(text.translate(_LINE_BREAKS))


Row = Mapping[str, object]


# json escapes C0 controls (ESC among them) but, with ensure_ascii=False, passes C1 controls,
# bidi overrides and line separators through raw. They can only stand inside JSON strings,
# where a \uXXXX escape means the same, so escaping them keeps the JSON identical in meaning
# while no terminal or JavaScript parser ever sees them raw. (A regex, not str.translate:
# translate with a table costs 0.5 s on the 12 MB of JSON of 10,000 programmes.)
_JSON_UNSAFE = "[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"


_JSON_ESCAPES = {
    c: f"\\u{c:04x}"
    for c in (
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x2028, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def escape_unsafe(text: str) -> str:
    if len(text) < 100_000:  # small: a table is quicker than compiling the pattern
        return text.translate(_JSON_ESCAPES)
    pattern = re.compile(_JSON_UNSAFE)
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


# Past this many elements a top-level list is written one compact element per line: json's
# indenting encoder is pure Python, about 3× slower than its C encoder on 10,000 programmes.
LONG_LIST = 100


class Encoded(str):
    """An element already encoded as compact JSON and escaped (see records.programme_list)."""

    __slots__ = ()


def to_json(obj: object) -> str:
    """Indented JSON; a long top-level list has one element per line (still one JSON value)."""
    # ensure_ascii=False keeps Japanese readable.
    if isinstance(obj, list) and len(obj) > LONG_LIST:
        import json

        body = ",\n".join(
            item if isinstance(item, Encoded) else json.dumps(item, ensure_ascii=False)
            for item in obj
        )
        # Encoded items come escaped already: when all are, the scan is skipped.
        if not all(isinstance(item, Encoded) for item in obj):
            body = escape_unsafe(body)
        return f"[\n{body}\n]\n"
    return escape_unsafe(dumps_indented(obj)) + "\n"


def dumps_indented(obj: object) -> str:
    """Exactly ``json.dumps(obj, ensure_ascii=False, indent=2)`` (a property test holds it to
    that), without importing the json package: its import is ~1.5 ms of a `--json` run."""
    try:
        from _json import encode_basestring  # the C function json itself uses
    except ImportError:  # pragma: no cover - every CPython has it
        import json

        return json.dumps(obj, ensure_ascii=False, indent=2)
    parts: list[str] = []
    try:
        _emit(obj, "", parts, encode_basestring)
    except TypeError:  # keys or values json handles in ways this writer does not
        import json

        return json.dumps(obj, ensure_ascii=False, indent=2)
    return "".join(parts)


def _emit(value: object, indent: str, out: list[str], quote: Callable[[str], str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(quote(value))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        if value != value:
            out.append("NaN")
        elif value in (float("inf"), float("-inf")):
            out.append("Infinity" if value > 0 else "-Infinity")
        else:
            out.append(float.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        out.append("{")
        first = True
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(key)
            out.append("\n" if first else ",\n")
            first = False
            out.append(f"{inner}{quote(key)}: ")
            _emit(item, inner, out, quote)
        out.append(f"\n{indent}}}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = indent + "  "
        out.append("[")
        for i, item in enumerate(value):
            out.append(f"\n{inner}" if i == 0 else f",\n{inner}")
            _emit(item, inner, out, quote)
        out.append(f"\n{indent}]")
    else:
        raise TypeError(type(value).__name__)


def to_jsonl(rows: Iterable[object]) -> str:
    import json

    return escape_unsafe("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1 else f"{value:.1f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    # Control characters are shown as symbols (ESC as ␛): CSV and Markdown get printed
    # to terminals too, and no spreadsheet needs them.
    return clean(str(value))


_NUMBER = r"^-?\d+(\.\d+)?$"


def _spreadsheet_safe(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (=, +, -, @ at the start)."""
    if len(text) > 1 and text[0] in "=+-@\t\r" and not re.match(_NUMBER, text):
        return "'" + text
    return text


def to_delimited(
    rows: Sequence[Row], columns: Sequence[str], *, delimiter: str = ",", excel: bool = False
) -> str:
    import csv  # here, not at the top: only CSV and TSV output needs it
    import io

    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator="\r\n" if excel else "\n",
        quoting=csv.QUOTE_MINIMAL,
    )
    writer.writerow(columns)
    for row in rows:
        writer.writerow(_spreadsheet_safe(_cell(row.get(c))) for c in columns)
    text = buffer.getvalue()
    # A UTF-8 byte order mark is what makes Excel on Japanese Windows read UTF-8, not cp932.
    return "\ufeff" + text if excel else text


def _md_cell(value: object) -> str:
    text = _cell(value).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\r\n", "<br>").replace("\n", "<br>")


def to_markdown(rows: Sequence[Row], columns: Sequence[str]) -> str:
    lines = [
        "| " + " | ".join(_md_cell(c) for c in columns) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
    ]
    lines += ["| " + " | ".join(_md_cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def select(
    rows: Sequence[Row], columns: Sequence[str], fields: Sequence[str] | None
) -> tuple[list[dict[str, object]], list[str]]:
    """Keep only ``fields`` (in the order given); raise AomoriError naming an unknown field."""
    if not fields:
        return [dict(r) for r in rows], list(columns)
    unknown = [f for f in fields if f not in columns]
    if unknown:
        raise AomoriError(f"unknown field {unknown[0]!r}; available: {', '.join(columns)}")
    return [{f: r.get(f) for f in fields} for r in rows], list(fields)


def parse_fields(text: str | None) -> list[str] | None:
    if text is None:
        return None
    fields = [f.strip() for f in text.split(",") if f.strip()]
    if not fields:
        raise AomoriError("--fields needs at least one field name, e.g. --fields no,name")
    return fields


def write_atomic(path: Path, text: str, *, newline: str | None = None) -> None:
    """Write ``text`` to ``path`` through a temporary file, so a failure leaves no half file."""
    import tempfile

    target = path.expanduser()
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise AomoriError(f"{path}: is a directory")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise AomoriError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline or "") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise AomoriError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
