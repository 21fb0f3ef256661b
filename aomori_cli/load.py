"""Find, read and parse the dataset TOML, giving a validated Report (aomori_cli.validate).

The file is read whole (at most MAX_BYTES) and its values counted before parsing; the parsed
document may come from the private cache (aomori_cli.cache), and is validated either way.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

from aomori_cli.errors import DataError, reason
from aomori_cli.i18n import _
from aomori_cli.models import Report
from aomori_cli.validate import build_report

ENV_DATA = "AOMORI_DATA"
MAX_BYTES = 32 * 1024 * 1024
# Parsing TOML costs time per value, not per byte (32 MiB of "1," takes tomllib 40 s), so the
# values are counted before parsing: every key needs "=", every item "," or "[", every table
# "[" or "{". The shipped file has about 90 of these a programme; this allows over 5,000.
MAX_VALUES = 500_000
_STRUCTURE = (b"=", b",", b"[", b"{", b"\n", b"\\")  # an escape costs tomllib like a value
# tomllib's time grows with the square of the parts of a dotted key (a.a.a…: 10,000 parts take
# seconds), and its memory with a number's digits (130 bytes a digit): both are bounded far
# beyond any report before parsing.
# Each run of dotted parts is matched once, from its start, in chunks of at most
# MAX_DOTTED_PARTS parts, and its dots counted: the search stays linear (a pattern asking for
# 64 parts retried every part of a long line) and its memory bounded (the regular expression
# keeps a frame for each part it repeats: one long run took gigabytes).
# A part is a bare key (letters, digits, _ and -; any UTF-8 byte, so that a malformed key is
# counted too) or a quoted one ("あ", "a b", 'x', with escapes). Only a key counts: a run whose
# last part is followed by = or ] (a table's name), or one that starts a line, so text in a
# string (No.1、No.2、… in a programme's results) is never taken for one. That is checked
# after the run is found, at its end: as a lookahead in the pattern, a run not followed by
# one would be retried at each part.
# A quoted part is matched as runs of plain characters between escapes ("unrolled"): one
# alternative a character kept a backtracking frame a character, 120 bytes a byte of input.
_KEY_PART = rb"(?:\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\"|'[^'\n]*'|[\w\x80-\xff-]+)"
MAX_DOTTED_PARTS = 64
# A run starts nowhere inside a word or after a backslash: an escaped quote (\") inside a
# string is no part's start, so a line of them is not scanned again from each. A chunk may
# also start right after a dot, where the one before it ended.
_DOTTED_CHUNK = (
    rb"(?:(?<=\.)|(?<![\w\x80-\xff\"'\\-]))(?:"
    + _KEY_PART
    + rb"[ \t]*\.[ \t]*){1,%d}" % MAX_DOTTED_PARTS
)
_KEY_END = _KEY_PART + rb"[ \t]*[=\]]"
_LONG_NUMBER = rb"(?<![0-9_])[0-9_]{1000}"
_PACKAGE_DIR = Path(__file__).resolve().parent
_BOM = b"\xef\xbb\xbf"


def default_data_path() -> Path:
    """The shipped dataset: inside the package in an install, at the top of a checkout."""
    installed = _PACKAGE_DIR / "data" / "programs.toml"
    if installed.is_file():
        return installed
    return _PACKAGE_DIR.parent / "data" / "programs.toml"


SIDE_FILE_LIMIT = 4 * 1024 * 1024


def read_side_file(path: Path) -> Any:
    """A JSON file shipped beside the dataset (readings, synonyms, words), parsed; None when it
    is missing, not a regular file, over SIDE_FILE_LIMIT bytes or malformed: each only helps
    search or display, so none is no error."""
    import json

    try:
        if not path.is_file() or path.stat().st_size > SIDE_FILE_LIMIT:
            return None
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def load_report(path: str | os.PathLike[str] | None = None, *, cache: bool = True) -> Report:
    """Read and validate a dataset file; the shipped one when ``path`` is None.

    The parsed TOML may come from the private cache (aomori_cli.cache); it is validated here
    exactly as a fresh parse is, so the cache can save parsing but never change a figure.
    """
    file = Path(path) if path is not None else default_data_path()
    data = read_bytes(file)
    name = str(file)
    if cache:
        from aomori_cli import cache as doc_cache

        doc = doc_cache.get(data)
        if doc is not None:
            try:
                return build_report(doc, name)
            except DataError:
                pass  # not what this code accepts: parse afresh, and report that parse's errors
    doc = parse_toml(data, name)
    report = build_report(doc, name)
    if cache:
        doc_cache.put(data, doc)
    return report


def parse_report(data: bytes, name: str = "programs.toml") -> Report:
    """Validate raw file content and build the Report (no cache)."""
    return build_report(parse_toml(data, name), name)


def read_bytes(file: Path) -> bytes:
    name = str(file)
    too_big = DataError(
        _("{name}: data files are limited to {size} MiB").format(name=name, size=MAX_BYTES >> 20)
    )
    try:
        # O_NONBLOCK: a FIFO given as the data file must not hang the open.
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            status = os.fstat(fh.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise DataError(_("{name}: is a directory, not a data file").format(name=name))
            if not stat.S_ISREG(status.st_mode):
                raise DataError(_("{name}: is not a regular file").format(name=name))
            if status.st_size > MAX_BYTES:  # refused before reading a byte
                raise too_big
            # One byte past the limit, so a file that grows after fstat() is still refused.
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DataError(_("{name}: no such data file").format(name=name)) from None
    except IsADirectoryError:
        raise DataError(_("{name}: is a directory, not a data file").format(name=name)) from None
    except PermissionError:
        raise DataError(
            _("{name}: cannot read the data file (permission denied)").format(name=name)
        ) from None
    except OSError as exc:
        raise DataError(
            _("{name}: cannot read the data file ({reason})").format(name=name, reason=reason(exc))
        ) from None
    if len(data) > MAX_BYTES:
        raise too_big
    return data


def decode(data: bytes, name: str) -> str:
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = _("{name}: not UTF-8 text (byte 0x{byte} on line {line}); save the file as UTF-8")
        raise DataError(
            message.format(name=name, byte=f"{data[exc.start]:02x}", line=line)
        ) from None
    if not text.strip():
        raise DataError(_("{name}: the data file is empty").format(name=name))
    return text


def parse_toml(data: bytes, name: str) -> dict[str, Any]:
    values = sum(data.count(mark) for mark in _STRUCTURE)
    if values > MAX_VALUES:
        message = _(
            "{name}: the data file is too large: over {most} keys, array items, lines and "
            "escapes (it has {count}; a report has a few thousand)"
        )
        raise DataError(message.format(name=name, most=f"{MAX_VALUES:,}", count=f"{values:,}"))
    import re

    if _long_dotted_key(data):
        raise DataError(
            _("{name}: a dotted key of 64 or more parts; a report's keys have a few").format(
                name=name
            )
        )
    if re.search(_LONG_NUMBER, data):
        raise DataError(
            _("{name}: a run of 1,000 or more digits; a report's numbers have a few").format(
                name=name
            )
        )
    text = decode(data, name)
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(_syntax_error(name, str(exc).replace("\n", " "))) from None
    except RecursionError:
        raise DataError(
            _("{name}: arrays or tables are nested too deeply").format(name=name)
        ) from None
    except ValueError:  # an integer of more than 4,300 digits (Python's own limit)
        raise DataError(
            _("{name}: a number in the file is far too long").format(name=name)
        ) from None


def _long_dotted_key(data: bytes) -> bool:
    """Whether the file holds a dotted key of MAX_DOTTED_PARTS parts or more: a run of them
    followed by = or ] (a key or a table's name), or starting a line, where only a key can
    stand (a.a.a… without =, which tomllib takes in time growing with its square before it
    fails). A run is matched a chunk of at most MAX_DOTTED_PARTS parts at a time, its chunks
    joined where one ends as the next starts: the regular expression keeps a frame for each
    part it repeats, and one long run (30 MB of a.a.a… in a string) had taken gigabytes."""
    import re

    key_end = re.compile(_KEY_END)
    parts, first, end = 0, -1, -1
    for chunk in re.finditer(_DOTTED_CHUNK, data):
        if chunk.start() != end:  # a new run
            parts, first = 0, chunk.start()
        parts += chunk[0].count(b".")
        end = chunk.end()
        if parts >= MAX_DOTTED_PARTS and (
            key_end.match(data, end) or not data[data.rfind(b"\n", 0, first) + 1 : first].strip()
        ):
            return True
    return False


def _syntax_error(name: str, message: str) -> str:
    """tomllib's message with where it is said in the user's language: tomllib says
    "Invalid value (at line 3, column 9)" or "… (at end of document)", in English only."""
    import re

    at = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", message)
    if at:
        text = _("{name}: TOML syntax error at line {line}, column {column}: {message}")
        return text.format(name=name, line=at[2], column=at[3], message=at[1])
    end = re.fullmatch(r"(.*) \(at end of document\)", message)
    if end:
        text = _("{name}: TOML syntax error at the end of the file: {message}")
        return text.format(name=name, message=end[1])
    return _("{name}: TOML syntax error: {message}").format(name=name, message=message)
