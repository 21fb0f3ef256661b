"""`aomori totals`: Budget totals."""

from typing import Annotated, Any, Literal

import typer

from aomori_cli import contract
from aomori_cli.cli.app import state
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

totals_app = command_app()

By = Literal["division", "group", "new", "reposted"]
Unit = Literal["thousand", "yen", "oku"]


@totals_app.command(
    epilog="Examples: aomori totals;  aomori totals --by group;  aomori totals --by new --unit oku"
)
def totals(
    by: Annotated[
        By, typer.Option("--by", "-b", help="Group by division, group, new or reposted.")
    ] = "division",
    unit: Annotated[
        Unit,
        typer.Option(
            "--unit", help="Show money in thousand (千円), yen (円) or oku (億円); JSON keeps 千円."
        ),
    ] = "thousand",
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Budget totals by division, group or 新規: count, sum, share, and a bar."""
    from aomori_cli import query

    out = out_options(fmt, json_flag, fields, output_path, excel)
    result_totals = query.totals(state.report(), by)

    def view(console: Any) -> Any:
        from aomori_cli.render.views import totals_table

        return totals_table(console, result_totals, unit)

    result = Result(
        contract.TOTAL_ROW,
        result_totals.rows,
        view,
        document=lambda: contract.TOTALS.to_json(result_totals),
    )
    emit(out, result, protect=protect())


APPS = {"totals": totals_app}
