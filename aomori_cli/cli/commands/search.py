"""`aomori search`: Search the programmes."""

from typing import Annotated, Any

import typer

from aomori_cli import contract
from aomori_cli.cli.app import state
from aomori_cli.cli.commands.common import command_app, protect
from aomori_cli.cli.compat import UsageError
from aomori_cli.cli.output import (
    ExcelOpt,
    FieldsOpt,
    FormatOpt,
    JsonOpt,
    OutputOpt,
    Result,
    emit,
    out_options,
)

search_app = command_app()


@search_app.command(
    epilog="Examples: aomori search 経営;  aomori search けんこう;  "
    "aomori search 'business succession';  aomori search ＤＸ --json"
)
def search(
    query: Annotated[
        str,
        typer.Argument(metavar="QUERY", help="Words to look for: kanji, kana, romaji or English."),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, help="At most this many results (0: all).")
    ] = 10,
    field: Annotated[
        # Typer 0.28 takes no list of Literal; the names are checked below.
        list[str] | None,
        typer.Option(
            "--field",
            help="Only look in this field (repeatable): " + ", ".join(contract.SEARCH_FIELDS) + ".",
        ),
    ] = None,
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Search names, readings, English names, KPIs, overviews, results and divisions."""
    out = out_options(fmt, json_flag, fields, output_path, excel)
    if not query.strip():
        raise UsageError("the query is empty")
    for name in field or ():
        if name not in contract.SEARCH_FIELDS:
            raise UsageError(f"--field: {name!r} is not one of {', '.join(contract.SEARCH_FIELDS)}")
    from aomori_cli.search.index import index_for

    report = state.report()
    index = index_for(report, query)
    hits = index.search(query, fields=field or None, limit=limit)
    empty = f"no programme matches {' '.join(query.split())!r}"
    if not hits and out.format == "table":
        # Nothing matched well enough to answer: say so, and name the nearest names.
        from aomori_cli.search.resolve import closest

        near = closest(index, query)
        empty += f"; did you mean: {', '.join(near)}" if near else ""

    def view(width: int | None) -> list[Any]:
        from aomori_cli import layout

        return layout.hits(hits, width)

    result = Result(contract.HIT, hits, view, empty=empty)
    emit(out, result, protect=protect())


APPS = {"search": search_app}
