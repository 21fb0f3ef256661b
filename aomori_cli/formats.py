"""Writers for scripts and spreadsheets: JSON, JSON Lines, CSV, TSV, Markdown; and writing a
file the way a careful shell redirect does. Standard library only."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from aomori_cli.errors import AomoriError, reason
from aomori_cli.i18n import _

if TYPE_CHECKING:
    from aomori_cli.layout import Block, Table

Row = Mapping[str, object]


# json escapes C0 controls but, with ensure_ascii=False, passes C1 controls, bidi overrides,
# line separators, zero-width and tag characters through raw. Inside JSON strings a \u escape
# means the same, so escaping them keeps the data identical while no terminal or JavaScript
# parser sees them raw.
def _json_unsafe() -> str:
    """A character class of what JSON leaves raw but a terminal would act on or hide: DEL and
    the very characters human formats replace (aomori_cli.text.HIDDEN)."""
    from aomori_cli.text import HIDDEN

    codes = sorted({0x7F, *HIDDEN})
    runs: list[list[int]] = []
    for code in codes:  # as ranges: a short pattern compiles in a tenth of the time
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return (
        "["
        + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs)
        + "]"
    )


_JSON_UNSAFE = _json_unsafe()


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code > 0xFFFF:  # a surrogate pair, as JSON spells characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _safe_json(text: str) -> str:
    return re.sub(_JSON_UNSAFE, _escape, text)


def to_json(obj: object) -> str:
    """UTF-8 JSON (Japanese unescaped), one value, ending in a newline. An object is indented;
    a top-level array has one element per line, each on one line (like JSON Lines inside an
    array: grep and diff see one programme per line). That layout is also what keeps 2,000
    programmes within 3x the time of 23: json's C encoder writes each element, where an
    indented array goes through its pure-Python encoder, five times slower."""
    if isinstance(obj, list):
        lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in obj)
        text = f"[\n{lines}\n]" if obj else "[]"
    else:
        text = json.dumps(obj, ensure_ascii=False, indent=2)
    return _safe_json(text) + "\n"


def to_jsonl(rows: Iterable[object]) -> str:
    return "".join(_safe_json(json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)


def _cell(value: object) -> str:
    """A value as machine-readable text: true/false, empty for none, numbers in full."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    text = str(value)
    if isinstance(value, float) and "e" in text:
        # -5e-05 is no number to a spreadsheet (and a formula to the --excel guard): the same
        # shortest digits, written out.
        from decimal import Decimal

        return format(Decimal(text), "f")
    return text


_NUMBER = r"^-?\d+(\.\d+)?$"


def _spreadsheet_safe(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (=, +, -, @ at the start, or their
    full-width forms, which Japanese Excel reads as the same when it takes a cell in; a tab or
    CR first). The start is the first character that is not a space, a control or a format
    character: LibreOffice drops a NUL, and ran "\0=HYPERLINK(…)" (from an attack review)."""
    import unicodedata

    start = 0
    while start < len(text) and (
        text[start].isspace() or unicodedata.category(text[start]) in ("Cc", "Cf")
    ):
        start += 1
    first = text[start : start + 1]
    formula = text[:1] in ("\t", "\r") or (first != "" and first in "=+-@＝＋－＠")
    if len(text) > 1 and formula and not re.match(_NUMBER, text):
        return "'" + text
    return text


def to_csv(rows: Sequence[Row], columns: Sequence[str], *, excel: bool = False) -> str:
    """RFC 4180 CSV; ``excel``: a BOM (Excel on Japanese Windows then reads UTF-8, not
    cp932), CRLF line ends, and cells that would start a formula defused with a leading '."""
    import csv
    import io

    buffer = io.StringIO()
    # The csv module quotes a field that holds a character of its line end: with CRLF, one
    # holding a CR or an LF (RFC 4180), so that a lone CR never splits a record. A record of
    # plain CSV then ends with LF alone.
    writer = csv.writer(buffer, lineterminator="\r\n")
    end = "\r\n" if excel else "\n"
    lines = []
    records = [[_cell(row.get(c)) for c in columns] for row in rows]
    if excel:
        records = [[_spreadsheet_safe(c) for c in record] for record in records]
    for record in [list(columns), *records]:
        writer.writerow(record)
        lines.append(buffer.getvalue()[:-2] + end)
        buffer.seek(0)
        buffer.truncate()
    text = "".join(lines)
    return "\ufeff" + text if excel else text


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def to_tsv(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """One record per line: tab, newline, carriage return and backslash inside a field are
    written \\t, \\n, \\r and \\\\ (PostgreSQL's text COPY format, Miller's TSV)."""
    lines = ["\t".join(c.translate(_TSV_ESCAPES) for c in columns)]
    for row in rows:
        lines.append("\t".join(_cell(row.get(c)).translate(_TSV_ESCAPES) for c in columns))
    return "\n".join(lines) + "\n"


# Markdown is for people: escaped so that the data shows as text and never as markup, a link,
# an image or raw HTML. GitHub also makes links of bare URLs ("https://…", "www.…") and of
# e-mail addresses, from the text after escapes are undone: an escaped ":" or "." stops the
# first two, and only a different "@" (full-width ＠) the third.
_MD_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
        "[": "\\[",
        "]": "\\]",
        "!": "\\!",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "#": "\\#",
        "~": "\\~",
        "@": "＠",
        "$": "\\$",  # GitHub renders $…$ as mathematics
        "\u00a0": " ",  # a no-break space keeps an amount with its unit in terminals only
    }
)
_MD_AUTOLINK = r"(?i)(:)(?=//)|(www)(\.)"  # compiled by re when Markdown is written; GitHub
# starts a www link after any character but a letter or digit ("_www.", "x_www."): every "www."
# is escaped, which shows the same.
# What would start a list, a heading or a rule at the start of a paragraph ("- ", "1. ").
_MD_BLOCK_START = r"^(\d*)([-+=.)])"


def md_text(value: str) -> str:
    """One Markdown table cell: unsafe characters made visible, markup escaped (no HTML,
    link or image can come of it), on one line."""
    from aomori_cli.text import clean

    text = clean(value).translate(_MD_ESCAPES)
    text = re.sub(_MD_AUTOLINK, lambda m: "\\:" if m[1] else f"{m[2]}\\.", text)
    return "<br>".join(text.splitlines())


def md_paragraph(value: str) -> str:
    """md_text() for a paragraph of its own, which also must not start a list or heading."""
    return re.sub(_MD_BLOCK_START, r"\1\\\2", md_text(value))


def markdown(blocks: Sequence[Block]) -> str:
    """Blocks (aomori_cli.layout) as Markdown for people: tables with their own headers,
    formatted figures and total row; records as lists; paragraphs escaped."""
    from aomori_cli.layout import Record, Table

    out: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            out.append(_md_table(block))
        elif isinstance(block, Record):
            out.append("\n".join(f"- **{md_text(k)}**: {md_text(v)}" for k, v, _ in block.pairs))
        elif block.text.strip():
            text = md_paragraph(block.text.strip())
            out.append(f"**{text}**" if block.heading else text)
    return "\n\n".join(out) + "\n"


def _md_table(block: Table) -> str:
    headers = [md_text(c.header) or " " for c in block.columns]
    align = ["---:" if c.number else "---" for c in block.columns]
    lines = [f"**{md_text(block.title)}**\n"] if block.title else []
    lines += ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]
    for row in block.rows:
        cells = [md_text("\n".join(p for p, _ in c.parts if p)) for c in row]
        lines.append("| " + " | ".join(cells) + " |")
    if block.footer is not None:
        lines.append(
            "| " + " | ".join(f"**{md_text(t)}**" if t else "" for t in block.footer) + " |"
        )
    return "\n".join(lines)


# --- files -------------------------------------------------------------------------------------


def write_file(
    path: Path,
    text: str,
    *,
    protect: Iterable[Path] = (),
    on_terminal: Callable[[str], str] | None = None,
) -> None:
    """Write ``text`` to ``path`` as a careful shell redirect would, never half a file.

    A regular file is replaced atomically and keeps its mode (a new one gets 0666 less the
    umask); one with other hard links, or owned by someone else, is written in place, so every
    name sees the new text and the owner stays; a symlink is followed; what is not a regular
    file (a device, a FIFO, /dev/fd/N) is written through, never replaced. A read-only file, a
    directory and the files in ``protect`` (the dataset being read) are refused. Every failure
    is an AomoriError naming the path and the reason. A terminal (-o /dev/tty) is written
    ``on_terminal(text)`` where that is given.
    """
    shown = str(path)
    data = text.encode("utf-8")
    try:
        st: os.stat_result | None = os.stat(path)  # follows symlinks, as a redirect does
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _cannot(shown, exc) from None
    if st is None:
        try:
            target = new_file_target(path)
        except OSError as exc:
            raise _cannot(shown, exc) from None
        _replace(target, data, shown, None)
        return
    if stat.S_ISDIR(st.st_mode):
        raise AomoriError(_("{path}: is a directory").format(path=shown))
    refuse_protected(st, protect, shown)
    if not stat.S_ISREG(st.st_mode) or re.match(_STREAM, os.path.abspath(path)):
        # /dev/fd/1 is opened as given: the kernel resolves it to the open pipe, terminal or
        # file, which stays the one the shell opened (a replaced file would not be).
        terminal = (lambda: on_terminal(text).encode("utf-8")) if on_terminal else None
        _write_through(path, data, shown, terminal)
        return
    # Root may write anything; a file nobody may write is still refused, as zsh's noclobber
    # and a careful user would.
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise AomoriError(_("{path}: is read-only; not overwritten").format(path=shown))
    euid = _euid()
    if st.st_nlink > 1 or (euid > 0 and st.st_uid != euid):
        _write_through(path, data, shown)
        return
    _replace(Path(os.path.realpath(path)), data, shown, st)


def new_file_target(path: Path) -> Path:
    """Where a file not yet there is made: at the name given, so that a symlink planted there
    after it was looked at is replaced, never followed; through a symlink that is there, to a
    file not yet made (as a redirect follows it), only when the kernel lets this user follow
    it (not one another user planted in a shared sticky folder: fs.protected_symlinks makes
    that PermissionError, which realpath, reading the link itself, would not)."""
    if os.path.islink(path):
        try:
            os.stat(path)
        except FileNotFoundError:
            return Path(os.path.realpath(path))
    return Path(os.path.abspath(path))


def refuse_protected(st: os.stat_result, protect: Iterable[Path], shown: str) -> None:
    """An AomoriError when ``st`` is one of the files in ``protect`` (the dataset being
    read), whatever name reaches it (a symlink, a hard link, another path)."""
    for other in protect:
        try:
            same = os.path.samestat(st, os.stat(other))
        except OSError:
            continue
        if same:
            raise AomoriError(
                _("{path}: is the dataset being read; not overwritten").format(path=shown)
            )


def new_file_mode() -> int:
    """The mode a shell redirect gives a new file: 0666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# Names of a stream already open: written through whatever they lead to.
_STREAM = r"(?:/dev/(?:fd/\d+|stdout|stderr)|/proc/(?:self|\d+)/fd/\d+)\Z"


def _euid() -> int:
    """The effective user id; -1 where there is none (Windows)."""
    geteuid = getattr(os, "geteuid", None)
    return int(geteuid()) if geteuid is not None else -1


def _same_owner(fd: int, st: os.stat_result) -> bool:
    """Give the file open at ``fd`` the owner and group of ``st``, if this user may."""
    now = os.fstat(fd)
    if (now.st_uid, now.st_gid) == (st.st_uid, st.st_gid) or not hasattr(os, "fchown"):
        return True
    try:
        os.fchown(fd, st.st_uid if _euid() == 0 else -1, st.st_gid)
    except PermissionError:
        return False
    return True


def _cannot(shown: str, exc: OSError) -> AomoriError:
    return AomoriError(_("{path}: cannot write ({reason})").format(path=shown, reason=reason(exc)))


def _write_through(
    target: Path, data: bytes, shown: str, terminal: Callable[[], bytes] | None = None
) -> None:
    """Written in place, as a redirect does: a failure part-way leaves it incomplete, and the
    message says so. ``terminal``: what to write instead where the target is a terminal (made
    only then)."""
    try:
        with open(target, "wb") as fh:
            fh.write(terminal() if terminal is not None and fh.isatty() else data)
    except OSError as exc:
        why = reason(exc)
        raise AomoriError(
            _(
                "{path}: cannot write ({reason}); it was written in place and may now be incomplete"
            ).format(path=shown, reason=why)
        ) from None


def _temporary_name(target: Path) -> Path:
    """A hidden name beside ``target`` that no one can guess, within NAME_MAX (255 bytes)."""
    stem = os.fsdecode(os.fsencode(target.name)[:100])
    return target.with_name(f".{stem}.{os.urandom(6).hex()}.tmp")


def _replace(target: Path, data: bytes, shown: str, st: os.stat_result | None) -> None:
    if st is not None:
        mode = stat.S_IMODE(st.st_mode) & 0o777
    else:
        mode = new_file_mode()
    tmp = _temporary_name(target)
    # The handlers are in place before the temporary file exists, and every way out of this
    # block removes it: an error, Ctrl-C, SIGTERM or SIGHUP (which raise Terminated here).
    with signals_raise():
        try:
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
            )
        except PermissionError as exc:
            if st is None:
                raise _cannot(shown, exc) from None
            # The file may be writable where its folder is not: write it in place, as a shell
            # redirect would.
            _write_through(target, data, shown)
            return
        except OSError as exc:
            raise _cannot(shown, exc) from None
        except BaseException:
            tmp.unlink(missing_ok=True)  # a signal between creating the file and getting fd
            raise
        try:
            with os.fdopen(fd, "wb") as fh:
                if st is not None and not _same_owner(fh.fileno(), st):
                    # The new file would change the owner or group (and what the mode bits
                    # grant): write the file itself instead.
                    fh.close()
                    tmp.unlink()
                    _write_through(target, data, shown)
                    return
                fh.write(data)
                if hasattr(os, "fchmod"):
                    os.fchmod(fh.fileno(), mode)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise _cannot(shown, exc) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


# Signals whose default is to end the process: while a file is written, each raises instead,
# so the temporary file is removed (Ctrl-C already raises KeyboardInterrupt).
SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGXCPU", "SIGXFSZ")


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while a file was being written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def signals_raise() -> Iterator[None]:
    """While a file is written, SIGTERM and SIGHUP raise Terminated, so that the writer can
    remove its temporary file; their previous handlers come back afterwards."""
    import signal

    def stop(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    previous = {}
    for name in SIGNALS:
        try:
            signum = getattr(signal, name)
            previous[signum] = signal.signal(signum, stop)
        except (AttributeError, ValueError):  # no such signal here, or not the main thread
            continue
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
