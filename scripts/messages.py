"""The messages of the code, and the Japanese catalogue kept up to date with them.

    python scripts/messages.py           # add new messages to the catalogue, drop stale ones,
                                         # and compile it (scripts/msgfmt.py)
    python scripts/messages.py --check   # exit 1 if a message is missing or untranslated

A message is the English text of a ``_()``, ``N_()`` or ``ngettext()`` call with literal
arguments (as GNU xgettext finds them), a help text Typer shows (each command's help and
epilog paragraph, each option's help, and the headings and notes of Click's help layout, as
``aomori_cli.cli.help`` looks them up), or a field's description as ``aomori fields`` shows
it (the JSON Schema keeps the English: it is the same in both languages). New entries get an empty translation, which the check
refuses until someone writes it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import msgfmt  # noqa: E402

PACKAGE = ROOT / "aomori_cli"
CATALOGUE = PACKAGE / "locale" / "ja" / "LC_MESSAGES" / "aomori.po"
# What Click's help layout prints, looked up by aomori_cli.cli.help.
CLICK = ("Usage: ", "Options", "Arguments", "Commands", "required", "default: {default}")

Key = tuple[str, str | None]


def from_code() -> dict[Key, list[str]]:
    """Every literal message of a _(), N_() or ngettext() call, with where it is."""
    found: dict[Key, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            args = node.args
            literal = [a.value for a in args if isinstance(a, ast.Constant)]
            # The file only, as xgettext --add-location=file writes it: a line number would
            # change the catalogue with every edit above a message.
            where = str(path.relative_to(ROOT))
            if name in ("_", "N_") and len(args) == 1 and isinstance(literal[:1], list):
                if literal and isinstance(literal[0], str):
                    found.setdefault((literal[0], None), []).append(where)
            elif (
                name == "ngettext"
                and len(literal) >= 2
                and all(isinstance(v, str) for v in literal[:2])
            ):
                found.setdefault((str(literal[0]), str(literal[1])), []).append(where)
    return found


def from_help() -> dict[Key, list[str]]:
    """Every help text of every command, as the help formatter looks it up."""
    import typer

    from aomori_cli.cli.app import app
    from aomori_cli.cli.help import messages

    found: dict[Key, list[str]] = {}

    def add(text: str | None, where: str) -> None:
        for message in messages(text):
            found.setdefault((message, None), []).append(where)

    def walk(command: object, path: str, parent: object | None) -> None:
        ctx = typer.Context(command, info_name=path.split()[-1], parent=parent)  # type: ignore[arg-type]
        add(getattr(command, "help", None), path)
        add(getattr(command, "epilog", None), path)
        add(getattr(command, "short_help", None), path)
        for param in command.get_params(ctx):  # type: ignore[attr-defined]
            add(getattr(param, "help", None), f"{path} {param.name}")
        lister = getattr(command, "list_commands", None)
        if lister is not None:
            for name in lister(ctx):
                walk(command.get_command(ctx, name), f"{path} {name}", ctx)  # type: ignore[attr-defined]

    walk(typer.main.get_command(app), "aomori", None)
    for text in CLICK:
        found.setdefault((text, None), []).append("click")
    return found


def from_fields() -> dict[Key, list[str]]:
    """What ``aomori fields`` describes: each field of each command's rows."""
    from aomori_cli.cli.commands.reference import ROW_SHAPES

    found: dict[Key, list[str]] = {}
    for names, shape in ROW_SHAPES.items():
        for field in shape.fields:
            found.setdefault((field.description, None), []).append(f"fields {names[0]}")
    return found


def messages() -> dict[Key, list[str]]:
    found = from_code()
    for extra in (from_help(), from_fields()):
        for key, where in extra.items():
            found.setdefault(key, []).extend(where)
    return found


def quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def write(
    entries: dict[Key, list[str]],
    found: dict[Key, list[str]],
    header: str,
    fuzzy: set[Key] | None = None,
) -> str:
    """The catalogue: every message of the code, with its translation where there is one;
    an entry flagged fuzzy stays flagged (a translator's comments are not kept)."""
    out = ['msgid ""', f"msgstr {quote(header)}", ""]
    for key in sorted(found, key=lambda k: (found[k][0], k)):
        msgid, plural = key
        strs = entries.get(key, [""])
        out.append(f"#: {' '.join(sorted(set(found[key]))[:4])}")
        if fuzzy and key in fuzzy:
            out.append("#, fuzzy")
        out.append(f"msgid {quote(msgid)}")
        if plural is None:
            out.append(f"msgstr {quote(strs[0] if strs else '')}")
        else:
            out.append(f"msgid_plural {quote(plural)}")
            out.append(f"msgstr[0] {quote(strs[0] if strs else '')}")
        out.append("")
    return "\n".join(out)


HEADER = (
    "Project-Id-Version: aomori\n"
    "PO-Revision-Date: 2026-11-29 00:00+0900\n"
    "Last-Translator: aomori developers\n"
    "Language-Team: Japanese\n"
    "Language: ja\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=1; plural=0;\n"
)


def problems(
    entries: dict[Key, list[str]], found: dict[Key, list[str]], fuzzy: set[Key] | None = None
) -> list[str]:
    out = []
    for key in found:
        if fuzzy and key in fuzzy:
            out.append(f"not translated (fuzzy): {key[0]!r} ({found[key][0]})")
        elif key not in entries:
            out.append(f"not in the catalogue: {key[0]!r} ({found[key][0]})")
        elif not all(entries[key]) or not entries[key]:
            out.append(f"not translated: {key[0]!r} ({found[key][0]})")
    for key in entries:
        if key[0] and key not in found:
            out.append(f"in the catalogue but not in the code: {key[0]!r}")
    return out


def main(argv: list[str]) -> int:
    found = messages()
    fuzzy: set[Key] = set()
    try:
        text = CATALOGUE.read_text(encoding="utf-8") if CATALOGUE.exists() else ""
        entries = msgfmt.parse(text, fuzzy) if text else {}
    except msgfmt.PoError as exc:
        print(f"{CATALOGUE.relative_to(ROOT)}: {exc}")
        return 1
    if "--check" in argv:
        wrong = problems(entries, found, fuzzy)
        for line in wrong:
            print(line)
        return 1 if wrong else 0
    CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    CATALOGUE.write_text(write(entries, found, HEADER, fuzzy), encoding="utf-8")
    missing = [k for k in found if not entries.get(k) or not all(entries[k])]
    print(f"{CATALOGUE.relative_to(ROOT)}: {len(found)} messages, {len(missing)} to translate")
    return msgfmt.main([])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
