"""Compile the message catalogue: aomori_cli/locale/*/LC_MESSAGES/aomori.po -> aomori.mo.

    python scripts/msgfmt.py          # write every .mo next to its .po
    python scripts/msgfmt.py --check  # exit 1 if a .mo is not what its .po compiles to

GNU msgfmt does the same (``msgfmt -o aomori.mo aomori.po``); this is the standard library's
Tools/i18n/msgfmt.py, reduced to what the catalogue uses (msgid, msgid_plural, msgstr[n],
comments, the fuzzy flag, continued strings) and as strict as msgfmt about their order, so
that no tool outside Python is needed. The output is the GNU
.mo format that ``gettext.GNUTranslations`` reads, its entries sorted, hence reproducible.
"""

from __future__ import annotations

import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "aomori_cli" / "locale"

Key = tuple[str, str | None]  # (msgid, msgid_plural)


class PoError(ValueError):
    """A .po file that cannot be read: the message names the line."""


_STRING = re.compile(r'"((?:[^"\\]|\\[\\"ntrabfv]|\\[0-7]{1,3}|\\x[0-9a-fA-F]{1,2})*)"')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text: str, lineno: int) -> str:
    """A PO string ("…" with C escapes) as text; anything else is an error."""
    found = _STRING.fullmatch(text.strip())
    if found is None:
        raise PoError(f"line {lineno}: expected one quoted string, got {text.strip()[:40]!r}")

    def escape(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "01234567":
            return chr(int(code, 8))
        if code[0] == "x":
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, code)

    return re.sub(r"\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)", escape, found.group(1))


def parse(text: str, fuzzy: set[Key] | None = None) -> dict[Key, list[str]]:
    """The entries of a .po file: (msgid, msgid_plural) -> [msgstr, …]. The header is the
    entry whose msgid is empty. Entries flagged fuzzy are left out, as msgfmt does, unless
    ``fuzzy`` is given: then they are kept and their keys added to it. Raises PoError, naming
    the line, for anything GNU msgfmt would refuse (and for msgctxt, which is not used)."""
    entries: dict[Key, list[str]] = {}
    entry: dict[str, list[str]] = {}
    order: list[str] = []  # the keywords of the entry, in order
    current: list[str] | None = None
    flagged = pending = False

    def flush(lineno: int) -> None:
        if not entry:
            return
        if "msgstr" not in entry and "msgstr[0]" not in entry:
            raise PoError(f"line {lineno}: msgid without msgstr")
        plural = "".join(entry["msgid_plural"]) if "msgid_plural" in entry else None
        key = ("".join(entry["msgid"]), plural)
        if key in entries or (fuzzy is not None and key in fuzzy):
            raise PoError(f"line {lineno}: duplicate msgid {key[0]!r}")
        forms = sorted(int(k[7:-1]) for k in entry if k.startswith("msgstr["))
        strs = ["".join(entry[f"msgstr[{i}]"]) for i in forms] or ["".join(entry["msgstr"])]
        if not flagged:
            entries[key] = strs
        elif fuzzy is not None:
            entries[key] = strs
            fuzzy.add(key)
        entry.clear()
        order.clear()

    lineno = 0
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            pending = True
            continue
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None:
                raise PoError(f"line {lineno}: a string outside an entry")
            current.append(_unquote(line, lineno))
            continue
        if keyword == "msgid":
            flush(lineno)
            flagged, pending = pending, False
        elif not entry:
            raise PoError(f"line {lineno}: {keyword} before any msgid")
        elif keyword in entry:
            raise PoError(f"line {lineno}: a second {keyword} in one entry")
        elif keyword == "msgid_plural":
            if order != ["msgid"]:
                raise PoError(f"line {lineno}: msgid_plural must follow msgid")
        elif keyword == "msgstr":
            if "msgid_plural" in entry:
                raise PoError(f"line {lineno}: a plural entry needs msgstr[0], msgstr[1], …")
        elif re.fullmatch(r"msgstr\[\d+\]", keyword):
            expected = f"msgstr[{sum(k.startswith('msgstr[') for k in order)}]"
            if "msgid_plural" not in entry:
                raise PoError(f"line {lineno}: {keyword} in an entry without msgid_plural")
            if keyword != expected:
                raise PoError(f"line {lineno}: {keyword} out of place (expected {expected})")
        else:
            raise PoError(f"line {lineno}: cannot read {line[:40]!r}")
        current = entry.setdefault(keyword, [])
        order.append(keyword)
        current.append(_unquote(rest, lineno))
    flush(lineno + 1)
    header = "".join(entries.get(("", None), [""]))
    if entries and "charset=UTF-8" not in header:
        raise PoError("the header must say Content-Type: text/plain; charset=UTF-8")
    return entries


def compile_mo(entries: dict[Key, list[str]]) -> bytes:
    """The GNU .mo file of ``entries`` (untranslated ones left out, as msgfmt does)."""
    pairs: list[tuple[bytes, bytes]] = []
    for (msgid, plural), strs in entries.items():
        if not any(strs) and msgid:
            continue
        key = msgid if plural is None else f"{msgid}\0{plural}"
        pairs.append((key.encode(), "\0".join(strs).encode()))
    pairs.sort()
    count = len(pairs)
    ids = b"".join(k + b"\0" for k, _ in pairs)
    strs_blob = b"".join(v + b"\0" for _, v in pairs)
    key_start = 7 * 4 + count * 16
    value_start = key_start + len(ids)
    offsets: list[int] = []
    position = 0
    for k, _ in pairs:
        offsets += [len(k), key_start + position]
        position += len(k) + 1
    position = 0
    for _, v in pairs:
        offsets += [len(v), value_start + position]
        position += len(v) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    keys = offsets[: 2 * count]
    values = offsets[2 * count :]
    return (
        header
        + struct.pack(f"{len(keys)}i", *keys)
        + struct.pack(f"{len(values)}i", *values)
        + ids
        + strs_blob
    )


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for po in catalogues():
        try:
            compiled = compile_mo(parse(po.read_text(encoding="utf-8")))
        except PoError as exc:
            print(f"{po.relative_to(ROOT)}: {exc}")
            return 1
        mo = po.with_suffix(".mo")
        if check:
            if not mo.exists() or mo.read_bytes() != compiled:
                stale.append(mo)
        else:
            mo.write_bytes(compiled)
            print(f"wrote {mo.relative_to(ROOT)}")
    for mo in stale:
        print(f"{mo.relative_to(ROOT)} is not current: run python scripts/msgfmt.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
