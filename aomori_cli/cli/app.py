"""The root command: global options, and the subcommands, each built only when it is run.

Typer builds a Click command, with every parameter, for each command it is given (about 1 ms
a command here). The root group is a ``TyperGroup`` (Typer's documented ``cls=`` hook) that
lists the commands by name and builds just the one Click asks for, with Typer's public
``typer.main.get_command``: Click's documented pattern for lazily loaded subcommands.

Annotations here are evaluated when the module is imported (no ``from __future__ import
annotations``): Typer would otherwise evaluate the root's option strings again on every run.
"""

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from aomori_cli.cli.help import Group
from aomori_cli.i18n import ENV_LANG, LanguageError, _, parse, set_language
from aomori_cli.load import ENV_DATA, load_report
from aomori_cli.models import Report

HELP = (
    "Query Aomori Prefecture's FY2024 (令和6年度) report on its SME-support programmes "
    "(基本方針② 中小企業の経営基盤の強化を図ること, pp. 51–62)."
)
EXAMPLES = """Examples:

\b
  aomori list --division 地域企業支援課
  aomori show 10
  aomori compare 10
  aomori totals --by division
  aomori search けんこうけいえい
  aomori list --json | jq '.[].budget_thousand_yen'
  aomori list --excel -o list.csv
  aomori export sqlite aomori.db --metadata metadata.json
"""
# Every Typer app here: plain Click help and errors (no Rich import on an error path, no boxes
# in 40 columns), -h as well as --help, no locals in a traceback.
SETTINGS: dict[str, object] = {
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "pretty_exceptions_show_locals": False,
    "rich_markup_mode": None,
}


def _lang(value: str | None) -> None:
    """--lang: checks the value and sets the language. aomori_cli.cli.run has already set
    it from the command line, so that Click's help and usage errors, printed while it parses,
    are in it too; this refuses a value that is not ja or en, as a usage error."""
    if value is not None:
        try:
            set_language(parse(value, "--lang"))
        except LanguageError:
            raise typer.BadParameter(_("expected ja or en")) from None


# --lang on the root and on every command: `aomori --lang en list` and `aomori list --lang en`.
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="ja|en",
        callback=_lang,
        is_eager=True,
        expose_value=False,
        help=f"Language of help, messages and tables: ja or en (also ${ENV_LANG}; "
        "default: the locale's). JSON, CSV and TSV are the same in both.",
    ),
]


class State:
    """What the global options chose, and the report once loaded."""

    def __init__(self) -> None:
        self.data: Path | None = None
        self.debug = False
        self._report: Report | None = None
        # The command being run ("aomori list"), once Click has found it (before the root's
        # callback resets the rest; see RecordingGroup); emptied by each run.
        self.command = ""

    def reset(self, data: Path | None, debug: bool) -> None:
        self.data, self.debug, self._report = data, debug, None

    def report(self) -> Report:
        if self._report is None:
            self._report = load_report(self.data)
        return self._report


state = State()


class RecordingGroup(Group):
    """A group that records the command line's command once Click has found it (aomori
    export sqlite), so that a usage error Click raises without its context still names the
    help that lists the option."""

    # ctx is Click's Context, which Typer 0.28 vendors and does not export: typed loosely.
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # Said here, from the names: the root holds no command until one is asked for, so
        # Typer would suggest none.
        typed = args[0] if args else ""
        commands = self.list_commands(ctx)
        if typed and not typed.startswith("-") and typed not in commands:
            import unicodedata

            # ｌｉｓｔ, an IME left in full width: the same letters, as full-width digits are
            # the same digits everywhere else.
            folded = unicodedata.normalize("NFKC", typed).casefold()
            if folded in commands:
                args = [folded, *args[1:]]
            else:
                _no_such_command(ctx, typed, commands)
        name, command, rest = super().resolve_command(ctx, args)
        if name:
            state.command = f"{ctx.command_path} {name}"
        return name, command, rest


# Formats people ask for as if they were commands (aomori csv, aomori export xlsx).
_FORMAT_WORDS = frozenset({"csv", "tsv", "json", "jsonl", "md"})
_SPREADSHEET_WORDS = frozenset({"xlsx", "xls", "excel"})


def _no_such_command(ctx: Any, name: str, commands: list[str]) -> None:
    """A usage error that offers the commands like the one typed, or, for a format's name,
    says how to ask for that format."""
    import difflib
    import unicodedata

    message = _("no such command: {name}").format(name=repr(name))
    typed = unicodedata.normalize("NFKC", name).casefold()
    if typed in _FORMAT_WORDS:
        hint = _("; for {format}: aomori list --format {format} (each command takes --format)")
        message += hint.format(format=typed)
    elif typed in _SPREADSHEET_WORDS:
        message += _("; for Excel: aomori list --excel -o list.csv (CSV that Excel opens)")
    elif close := difflib.get_close_matches(typed, commands):
        message += _("; did you mean: {names}").format(names=_(", ").join(close))
    ctx.fail(message)


class LazyGroup(RecordingGroup):
    """The subcommands, by name, in the order of ``aomori_cli.cli.commands.MODULES``."""

    # ctx is Click's Context, which Typer 0.28 vendors and does not export: typed loosely.
    def list_commands(self, ctx: Any) -> list[str]:
        from aomori_cli.cli.commands import MODULES

        return list(MODULES)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        from aomori_cli.cli.commands import command_app

        sub = command_app(cmd_name)
        return typer.main.get_command(sub) if sub is not None else None


app = typer.Typer(
    name="aomori",
    help=HELP,
    epilog=EXAMPLES,
    cls=LazyGroup,
    invoke_without_command=True,
    **SETTINGS,  # type: ignore[arg-type]
)


def _version(value: bool) -> None:
    if value:
        from aomori_cli import __version__

        sys.stdout.write(f"aomori {__version__}\n")
        raise typer.Exit()


def _data_path(value: Path | None) -> Path | None:
    # An empty path (--data '') reaches here as "."; name the mistake, not the folder.
    if value is not None and str(value) == ".":
        raise typer.BadParameter(_("give the path of a data file"))
    return value


@app.callback()
def root(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar=ENV_DATA,
            help=f"Dataset TOML to use instead of the shipped one (also ${ENV_DATA}).",
            show_envvar=False,
            callback=_data_path,
            # The loader reads it and says what is wrong (exit 1), in the user's language.
            readable=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
    lang: LangOpt = None,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Query Aomori Prefecture's FY2024 report on its SME-support programmes."""
    state.reset(data or None, debug or bool(os.environ.get("AOMORI_DEBUG")))
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        # `aomori` alone: the help, on stderr, and exit 2 (as Click's no_args_is_help does).
        sys.stderr.write(ctx.get_help() + "\n")
        raise typer.Exit(2)
