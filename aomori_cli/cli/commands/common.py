"""What several commands share: their Typer app settings, the programme argument and its
completion, resolving names, and the files --output must not overwrite."""

from pathlib import Path
from typing import Annotated

import typer

from aomori_cli.cli.app import SETTINGS, state
from aomori_cli.cli.compat import UsageError
from aomori_cli.models import Programme, Report


def command_app() -> typer.Typer:
    """A Typer app for one command: it is built only when that command runs."""
    return typer.Typer(add_completion=False, **SETTINGS)  # type: ignore[arg-type]


def protect() -> list[Path]:
    """Files --output must never overwrite: the dataset being read."""
    from aomori_cli.load import default_data_path

    return [state.data or default_data_path()]


def resolve(report: Report, text: str) -> Programme:
    stripped = text.strip()
    if stripped.isascii() and stripped.isdigit():  # the common case, without the search index
        return report.by_number(int(stripped))
    if stripped.startswith("-") and not stripped[1:].strip().isdigit():
        raise UsageError(f"no such option: {text}")
    from aomori_cli.search.resolve import resolve_programme

    return resolve_programme(report, text)


def division(report: Report, text: str) -> str:
    from aomori_cli.search.resolve import resolve_name

    divisions = [report.division(name) for name in report.division_names()]
    choices = {
        d.name: [("text", d.reading), ("romaji", d.romaji), ("english", d.name_en)]
        for d in divisions
    }
    return resolve_name("division", text, choices)


def group(report: Report, text: str, divisions: tuple[str, ...]) -> str:
    from aomori_cli.search.resolve import resolve_name

    names = [
        p.group for p in report.programmes if p.group and (not divisions or p.division in divisions)
    ]
    return resolve_name("group", text, {name: [] for name in dict.fromkeys(names)})


def complete_programme(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from aomori_cli.cli.completion import programmes

    return programmes(ctx.find_root().params.get("data"), incomplete)


ProgrammeArg = Annotated[
    str,
    typer.Argument(
        metavar="ID_OR_NAME",
        help="Programme number (1–23) or part of its name (kanji, kana, romaji or English).",
        autocompletion=complete_programme,
    ),
]
