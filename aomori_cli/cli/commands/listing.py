"""`aomori list`: List programmes."""

from typing import Annotated, Any, Literal

import typer

from aomori_cli import contract
from aomori_cli.cli.app import state
from aomori_cli.cli.commands import common
from aomori_cli.cli.commands.common import command_app, protect
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

list_app = command_app()

SortKey = Literal["no", "budget", "name", "division", "page"]


@list_app.command(
    "list",
    epilog="Examples: aomori list --division 地域企業 --sort budget;  aomori list --new --json",
)
def list_(
    division: Annotated[
        str | None,
        typer.Option("--division", "-d", help="担当課: exact, part of it, reading or romaji."),
    ] = None,
    group: Annotated[
        str | None, typer.Option("--group", "-g", help="グループ, matched like --division.")
    ] = None,
    new: Annotated[
        bool, typer.Option("--new", help="Only programmes new in FY2024 (新規).")
    ] = False,
    reposted: Annotated[bool, typer.Option("--reposted", help="Only (再掲) programmes.")] = False,
    min_budget: Annotated[
        int | None,
        typer.Option(
            "--min-budget", min=0, metavar="N", help="At least this budget (thousand yen)."
        ),
    ] = None,
    max_budget: Annotated[
        int | None,
        typer.Option(
            "--max-budget", min=0, metavar="N", help="At most this budget (thousand yen)."
        ),
    ] = None,
    sort: Annotated[
        SortKey,
        typer.Option(
            "--sort", "-s", help="Order by no, budget (largest first), name, division or page."
        ),
    ] = "no",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, help="At most this many rows (0: all).")
    ] = 0,
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """List programmes: number, name, budget, share, 新規, division and page."""
    from aomori_cli import query

    out = out_options(fmt, json_flag, fields, output_path, excel)
    report = state.report()
    divisions = (common.division(report, division),) if division is not None else ()
    groups = (common.group(report, group, divisions),) if group is not None else ()
    selection = query.Selection(
        divisions=divisions,
        groups=groups,
        new=True if new else None,
        reposted=True if reposted else None,
        min_budget=min_budget,
        max_budget=max_budget,
    )
    chosen = query.sort_programmes(
        query.select(report.programmes, selection), sort, reverse=reverse
    )
    if limit:
        chosen = chosen[:limit]
    rows = query.listed(report, chosen)
    title = " / ".join(
        b for b in (*divisions, *groups, "新規" if new else "", "再掲" if reposted else "") if b
    )

    def view(console: Any) -> Any:
        from aomori_cli.render.views import programme_table

        return programme_table(console, report, chosen, title)

    result = Result(contract.PROGRAMME, rows, view, empty="no programme matches these filters")
    emit(out, result, protect=protect())


APPS = {"list": list_app}
