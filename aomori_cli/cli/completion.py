"""Shell completion of programme arguments: the completed value is the number; the name is
shown beside it as inert text that no shell can expand or interpret."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from aomori_cli.errors import AomoriError
from aomori_cli.load import ENV_DATA, load_report

MAX_NAME = 60


# PowerShell takes these for quotes as it does ' and ".
_QUOTES = {"\u2018": "＇", "\u2019": "＇", "\u201a": "＇", "\u201b": "＇", "\u201c": "＂",
           "\u201d": "＂", "\u201e": "＂"}  # fmt: skip


def inert(text: str) -> str:
    """A name safe in any shell's completion output: ASCII punctuation ($ ` \\ " ' and the
    rest) and the quotes PowerShell knows become full-width forms; controls, line and
    paragraph separators and format characters become spaces; at most MAX_NAME characters."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0x21 <= code <= 0x7E and not ch.isalnum():
            out.append(chr(code + 0xFEE0))  # "$" -> "＄", "(" -> "（"
        elif ch in _QUOTES:
            out.append(_QUOTES[ch])
        elif ch == " " or (ch.isascii() and ch.isalnum()):
            out.append(ch)
        elif unicodedata.category(ch)[0] in "CZ":
            out.append(" ")  # controls, line and paragraph separators, zero-width, tags
        else:
            out.append(ch)
    name = " ".join("".join(out).split())
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"


def programmes(data: str | os.PathLike[str] | None, incomplete: str) -> list[tuple[str, str]]:
    """(number, name) for each programme whose number starts with ``incomplete`` (Typer
    keeps only completions that start with what was typed, so a part of a name completes
    nothing); the dataset is --data typed earlier, else $AOMORI_DATA, else the shipped one."""
    path = data or os.environ.get(ENV_DATA) or None
    try:
        report = load_report(Path(path) if path else None)
    except AomoriError:
        return []
    return [
        (str(p.no), inert(p.name)) for p in report.programmes if str(p.no).startswith(incomplete)
    ]
