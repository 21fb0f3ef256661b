"""Compile the message catalogue: aomori_cli/locale/*/LC_MESSAGES/aomori.po -> aomori.mo.

    python scripts/msgfmt.py          # write every .mo next to its .po
    python scripts/msgfmt.py --check  # exit 1 if a .mo is not what its .po compiles to

GNU msgfmt does the same (``msgfmt -o aomori.mo aomori.po``); this is the standard library's
Tools/i18n/msgfmt.py, reduced to what the catalogue uses (msgid, msgid_plural, msgstr[n],
comments, continued strings), so that no tool outside Python is needed. The output is the GNU
.mo format that ``gettext.GNUTranslations`` reads, its entries sorted, hence reproducible.
"""

from __future__ import annotations

import ast
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "aomori_cli" / "locale"

Key = tuple[str, str | None]  # (msgid, msgid_plural)


class PoError(ValueError):
    pass


def parse(text: str) -> dict[Key, list[str]]:
    """The entries of a .po file: (msgid, msgid_plural) -> [msgstr, …]. The header is the
    entry whose msgid is empty; entries flagged fuzzy are left out, as msgfmt does."""
    entries: dict[Key, list[str]] = {}
    entry: dict[str, list[str]] = {}
    current: list[str] | None = None
    fuzzy = pending_fuzzy = False

    def flush(lineno: int) -> None:
        if "msgid" in entry and not fuzzy:
            plural = entry.get("msgid_plural")
            key = ("".join(entry["msgid"]), None if plural is None else "".join(plural))
            if key in entries:
                raise PoError(f"line {lineno}: duplicate msgid {key[0]!r}")
            indexes = sorted(int(k[7:-1]) for k in entry if k.startswith("msgstr["))
            strs = ["".join(entry[f"msgstr[{i}]"]) for i in indexes]
            entries[key] = strs if strs else ["".join(entry.get("msgstr", []))]
        entry.clear()

    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            pending_fuzzy = True
            continue
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgid_plural", "msgstr") or re.fullmatch(
            r"msgstr\[\d+\]", keyword
        ):
            if keyword == "msgid":
                flush(lineno)
                fuzzy, pending_fuzzy = pending_fuzzy, False
            current = entry.setdefault(keyword, [])
            line = rest.strip()
        if current is None or not line.startswith('"'):
            raise PoError(f"line {lineno}: cannot read {line[:40]!r}")
        value = ast.literal_eval(line)
        if not isinstance(value, str):
            raise PoError(f"line {lineno}: not a string")
        current.append(value)
    flush(0)
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
        compiled = compile_mo(parse(po.read_text(encoding="utf-8")))
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
