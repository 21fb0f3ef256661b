"""`aomori show`: Show one programme."""

from typing import Any

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
from aomori_cli.models import share

show_app = command_app()


@show_app.command(
    epilog="Examples: aomori show 10;  aomori show 健康経営;  aomori show kenko --json",
    context_settings={"ignore_unknown_options": True},
)
def show(
    programme: common.ProgrammeArg,
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Show one programme: budget, division, overview, results, KPIs and notes."""
    out = out_options(fmt, json_flag, fields, output_path, excel)
    report = state.report()
    p = common.resolve(report, programme)

    def view(console: Any) -> Any:
        from aomori_cli.changes import compare
        from aomori_cli.render.views import programme_detail

        return programme_detail(console, report, p, compare(report, p))

    listed = (p, share(p.budget_thousand_yen, report.total_thousand_yen))
    result = Result(contract.PROGRAMME, [listed], view, one=True)
    emit(out, result, protect=protect())


APPS = {"show": show_app}
