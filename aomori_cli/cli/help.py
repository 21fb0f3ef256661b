"""Help in the user's language, laid out by display width.

Help texts are fixed when a command is declared, before the language is known (``--lang`` is
read later), so they are written in English and translated here, when the help is written:
each paragraph of a command's help or epilog, each option's help, each heading is looked up
in the catalogue (``aomori_cli.i18n``). The command classes are given to Typer with its
public ``cls=`` hook; their context writes help with ``Formatter``, a subclass of the class
Click's ``Context.formatter_class`` names. Unlike Click's, it measures text in terminal cells
(a kanji takes two), breaks Japanese by the kinsoku rules of ``aomori_cli.text``, and fits a
narrow terminal instead of assuming 50 columns.
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from aomori_cli.i18n import N_, _, japanese
from aomori_cli.text import cell_width, wrap

MAX_WIDTH = 80
# What Click appends to an option's help, in Click's words: [default: x; required].
_EXTRAS = (
    (re.compile(r"default: (.*)", re.S), "default: {default}", "default"),
    (re.compile(r"env var: (.*)", re.S), "env var: {var}", "var"),
)


def paragraphs(text: str) -> list[str]:
    """The messages of a help text as the catalogue holds them: each paragraph on one line
    (Click rewraps them anyway); a paragraph Click keeps as written (after a ``\\b`` line,
    the examples) is not a message and is kept whole, marked by its leading ``\\b``."""
    text = inspect.cleandoc(text).partition("\f")[0]
    result = []
    for block in re.split(r"\n\s*\n", text):
        if block.startswith("\b"):
            result.append(block)
        elif block.strip():
            result.append(" ".join(block.split()))
    return result


def messages(text: str | None) -> list[str]:
    """The catalogue entries a help text needs."""
    return [p for p in paragraphs(text or "") if not p.startswith("\b")]


def translate_extra(extra: str) -> str:
    """One of Click's notes after an option's help (``default: thousand``) translated."""
    if extra == "required":
        return _("required")
    if japanese():
        from aomori_cli.cli.usage import range_words

        words = range_words(extra)
        if words is not None:
            return words
    for pattern, message, name in _EXTRAS:
        found = pattern.fullmatch(extra)
        if found:
            return _(message).format(**{name: found.group(1)})
    return extra


def translate_help(text: str) -> str:
    """An option's or argument's help with Click's notes: each part translated."""
    help_text, extras = text, ""
    if text.endswith("]"):
        if text.startswith("[") and "  [" not in text:
            help_text, extras = "", text[1:-1]
        elif "  [" in text:
            help_text, _sep, extras = text[:-1].rpartition("  [")
    translated = " ".join(_(p) for p in paragraphs(help_text)) if help_text else ""
    if extras:
        notes = "; ".join(translate_extra(e) for e in extras.split("; "))
        translated = f"{translated}  [{notes}]" if translated else f"[{notes}]"
    return translated


def example(line: str, indent: str, width: int) -> list[str]:
    """An example command line, broken where it is too wide only between its words (never
    inside a quoted one), each break marked with a backslash so that it still runs as typed."""
    words = re.findall(r"(?:'[^']*'|\"[^\"]*\"|\S)+", line.strip()) or [""]
    start = indent + " " * (len(line) - len(line.lstrip()))
    lines = _fill([start + words[0], *words[1:]], width, start + "  ", reserve=2)
    return [f"{text} \\" for text in lines[:-1]] + lines[-1:]


def _term(term: str, width: int) -> list[str]:
    """An option and its value on lines of ``width``: the value's lines indented under the
    option (at the option's indent, <table|json|…> read as an option of its own), and a list
    of choices too long for a line broken after a |, not cut off by the terminal."""
    words: list[str] = []
    for word in term.split(" "):
        while cell_width(word) > width - 2 and "|" in word[: width - 2]:
            cut = word.rindex("|", 0, width - 2) + 1
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    return _fill(words, width, "  ")


def _fill(words: list[str], width: int, indent: str = "", reserve: int = 0) -> list[str]:
    """``words`` joined by spaces into lines of at most ``width`` cells (less ``reserve``)
    where the words allow: a word is never broken. Lines after the first start with
    ``indent``."""
    lines: list[str] = []
    for word in words:
        if lines and cell_width(lines[-1]) + 1 + cell_width(word) + reserve <= width:
            lines[-1] += " " + word
        else:
            lines.append(indent + word if lines else word)
    return lines or [""]


def terminal_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return shutil.get_terminal_size().columns


# Click's HelpFormatter, reached through Typer's public Context (Typer does not export it).
_HelpFormatter: Any = typer.Context.formatter_class


# Click's own placeholders in a usage line (an argument's, ID_OR_NAME, is named in the help).
USAGE_WORDS = frozenset((N_("[OPTIONS]"), N_("COMMAND"), N_("[ARGS]...")))


class Formatter(_HelpFormatter):  # type: ignore[misc]
    """Click's help formatter, measuring in cells and speaking the user's language."""

    def __init__(
        self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None
    ) -> None:
        if width is None:
            width = max(min(terminal_width(), max_width or MAX_WIDTH) - 2, 20)
        super().__init__(indent_increment=indent_increment, width=width, max_width=max_width)

    def _lines(self, text: str, width: int) -> list[str]:
        return wrap(text, max(width, 10)) or [""]

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = _("Usage: ") if prefix is None else prefix
        first, *rest = prog.split() or [""]
        head = f"{'':>{self.current_indent}}{prefix}{first}"
        indent = " " * min(cell_width(prefix), 8)
        words = [_(word) if word in USAGE_WORDS else word for word in args.split()]
        lines = _fill([head, *rest, *words], self.width, indent)
        self.write("\n".join(lines) + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_(heading)}:\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        out: list[str] = []
        for paragraph in paragraphs(text):
            if out:
                out.append("")
            if paragraph.startswith("\b"):  # kept as written: examples, one a line
                for line in paragraph[1:].strip("\n").splitlines():
                    out += example(line.rstrip(), indent, self.width)
                continue
            lines = self._lines(_(paragraph), self.width - self.current_indent)
            out += [indent + line for line in lines]
        self.write("\n".join(out) + "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        indent = " " * self.current_indent
        first = min(max((cell_width(term) for term, _help in rows), default=0), col_max)
        first = min(first, max(self.width // 3, 8))
        room = self.width - self.current_indent - first - col_spacing
        for term, help_text in rows:
            text = translate_help(help_text) if help_text else ""
            if room < 16:  # too narrow for two columns: the help under its term
                for part in _term(term, self.width - self.current_indent):
                    self.write(f"{indent}{part}\n")
                for line in self._lines(text, self.width - self.current_indent - 4):
                    self.write(f"{indent}    {line}\n" if line else "")
                continue
            lines = self._lines(text, room) if text else []
            gap = " " * (first + col_spacing)
            if cell_width(term) <= first:
                pad = " " * (first + col_spacing - cell_width(term))
                self.write(f"{indent}{term}{pad}{lines[0]}\n" if lines else f"{indent}{term}\n")
                lines = lines[1:]
            else:
                for part in _term(term, self.width - self.current_indent):
                    self.write(f"{indent}{part}\n")
            for line in lines:
                self.write(f"{indent}{gap}{line}\n")


class Context(typer.Context):
    formatter_class = Formatter


def short_help(command: Any) -> str:
    """A command's first sentence, translated (wrapped, never cut, where it is shown)."""
    if command.short_help:
        text = _(" ".join(command.short_help.split()))
    else:
        found = paragraphs(command.help or "")
        text = _(found[0]) if found else ""
    return re.split(r"(?<=[.。])(?:\s|(?=[^\s]))", text, maxsplit=1)[0]


class Command(TyperCommand):
    """A command whose help is in the user's language."""

    context_class = Context


class Group(TyperGroup):
    """A group whose help, and list of commands, are in the user's language."""

    context_class = Context

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        shown = [(name, cmd) for name, cmd in commands if cmd is not None and not cmd.hidden]
        if not shown:
            return
        rows = [(name, short_help(cmd)) for name, cmd in shown]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
