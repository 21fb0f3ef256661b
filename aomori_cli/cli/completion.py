"""Shell completion of programme arguments: the completed value is the number; the name is
shown beside it as inert text that no shell can expand or interpret."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from aomori_cli.errors import AomoriError
from aomori_cli.load import ENV_DATA, load_report

MAX_NAME = 60


def inert(text: str) -> str:
    """A name safe in any shell's completion output: ASCII punctuation ($ ` \\ " ' and the
    rest) becomes its full-width form, controls, separators and format characters go."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0x21 <= code <= 0x7E and not ch.isalnum():
            out.append(chr(code + 0xFEE0))  # "$" -> "＄", "(" -> "（"
        elif ch == " " or (ch.isascii() and ch.isalnum()):
            out.append(ch)
        elif unicodedata.category(ch)[0] in "CZ":
            out.append(" ")  # controls, line and paragraph separators, zero-width, tags
        else:
            out.append(ch)
    name = " ".join("".join(out).split())
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"


def programmes(data: str | os.PathLike[str] | None, incomplete: str) -> list[tuple[str, str]]:
    """(number, name) for each programme whose number starts with ``incomplete`` or whose
    name contains it; the dataset is --data typed earlier, else $AOMORI_DATA, else shipped."""
    path = data or os.environ.get(ENV_DATA) or None
    try:
        report = load_report(Path(path) if path else None)
    except AomoriError:
        return []
    return [
        (str(p.no), inert(p.name))
        for p in report.programmes
        if str(p.no).startswith(incomplete) or (incomplete and incomplete in p.name)
    ]
