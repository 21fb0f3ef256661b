"""Every command the README shows is run here, and its output must match the README.

Refresh the README's outputs after a deliberate change with:  python tests/test_readme.py --update
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aomori_cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)
# The README shows Japanese output, as most users see it (it says so); a command with
# --lang en shows the English.
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "AOMORI_DATA": "", "AOMORI_LANG": "ja"}


def commands(text: str) -> list[tuple[str, str]]:
    """(command, shown output) for each `$ aomori …` line of the console blocks."""
    out = []
    for block in BLOCK.findall(text):
        parts = re.split(r"^\$ ", block, flags=re.M)
        for part in parts[1:]:
            command, _, shown = part.partition("\n")
            out.append((command, shown))
    return out


def run(command: str) -> tuple[int, str]:
    args = shlex.split(command)
    assert args[0] == "aomori", command
    with CliRunner().isolation(env=ENV) as (out, err, _):
        code = cli.run(args[1:])
        sys.stdout.flush()
        sys.stderr.flush()
        # What a terminal shows: a note on stderr comes after the output.
        shown = out.getvalue().decode("utf-8") + err.getvalue().decode("utf-8")
    return code, tidy(shown)


def tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"


def test_readme_shows_every_command() -> None:
    shown = {c.split()[1] for c, _ in commands(README.read_text("utf-8")) if len(c.split()) > 1}
    for command in ("list", "show", "compare", "totals", "search", "about", "fields", "schema"):
        assert command in shown, command


@pytest.mark.parametrize(("command", "shown"), commands(README.read_text("utf-8")))
def test_readme_command_output(command: str, shown: str) -> None:
    code, output = run(command)
    assert code == 0, command
    assert output == tidy(shown), (
        f"README is stale for: {command} (run tests/test_readme.py --update)"
    )


def update() -> None:
    text = README.read_text("utf-8")

    def fill(match: re.Match[str]) -> str:
        block = match.group(1)
        parts = re.split(r"^\$ ", block, flags=re.M)
        rebuilt = parts[0]
        for part in parts[1:]:
            command = part.partition("\n")[0]
            rebuilt += f"$ {command}\n{run(command)[1]}"
        return f"```console\n{rebuilt}```"

    README.write_text(BLOCK.sub(fill, text), "utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
