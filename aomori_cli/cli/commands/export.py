"""`aomori export sqlite PATH`: the report as a SQLite database, for SQL, Datasette and DuckDB.

``export`` is a group so that other formats can join ``sqlite`` later; it is built, like every
command, only when it runs. The work is in aomori_cli.export.
"""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from aomori_cli.cli.app import SETTINGS, LangOpt, RecordingGroup, state
from aomori_cli.cli.commands import common
from aomori_cli.cli.compat import UsageError
from aomori_cli.cli.help import Command
from aomori_cli.errors import AomoriError
from aomori_cli.i18n import _

EXAMPLES = """Examples:

\b
  aomori export sqlite aomori.db --metadata metadata.json
  datasette aomori.db -m metadata.json
  sqlite3 aomori.db "SELECT SUM(budget_thousand_yen) FROM programmes"
"""


export_app = typer.Typer(
    name="export",
    cls=RecordingGroup,
    add_completion=False,
    **SETTINGS,  # type: ignore[arg-type]
)


@export_app.callback(invoke_without_command=True, epilog=EXAMPLES)
def export(ctx: typer.Context, lang: LangOpt = None) -> None:
    """Export the report as a SQLite database, for SQL, Datasette and DuckDB: 'export sqlite
    PATH'."""
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        # `aomori export` alone: the help on stderr and exit 2, as `aomori` alone does.
        sys.stderr.write(ctx.get_help() + "\n")
        raise typer.Exit(2)


@export_app.command(cls=Command, epilog=EXAMPLES)
def sqlite(
    path: Annotated[
        str,
        typer.Argument(metavar="PATH", help="The database to write, e.g. aomori.db."),
    ],
    metadata: Annotated[
        str | None,
        typer.Option(
            "--metadata",
            "-m",
            metavar="PATH",
            help="Also write Datasette's metadata (every table and column described) here.",
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Overwrite PATH (and the --metadata file) if it exists."),
    ] = False,
    no_fts: Annotated[
        bool,
        typer.Option(
            "--no-fts",
            help="Leave out the full-text index programmes_fts (for a SQLite older than 3.34).",
        ),
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Write the report to a new SQLite database: tables programmes, kpis, divisions, groups,
    corrections and report, views kpi_changes and division_totals, and a full-text index
    programmes_fts. An existing file is kept unless --replace; a failure leaves no file."""
    for given in (path, metadata):
        if given is not None and given in ("", "-"):
            message = _("{path!r} is not a file name (SQLite writes to a file)")
            raise UsageError(message.format(path=given))
        # Path() would drop the / (and x/. is x): a folder's name, never a file's.
        if given is not None and (
            given.endswith(("/", os.sep)) or os.path.basename(given) in (".", "..")
        ):
            raise AomoriError(_("{path}: is a directory; give a file name").format(path=given))
    if metadata is not None and os.path.realpath(metadata) == os.path.realpath(path):
        raise UsageError(_("--metadata must name a different file from the database"))
    from aomori_cli.export import export_sqlite

    report = state.report()
    export_sqlite(
        report,
        Path(path),
        metadata_path=Path(metadata) if metadata is not None else None,
        replace=replace,
        fts=not no_fts,
        protect=common.protect(),
        data_file=str(state.data) if state.data else "data/programs.toml (shipped with aomori)",
    )


APPS = {"export": export_app}
