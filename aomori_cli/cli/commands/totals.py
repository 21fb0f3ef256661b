"""`aomori totals`: budgets summed by division, group, 新規 or 再掲."""

from typing import Annotated, Any, Literal

import typer

from aomori_cli import contract
from aomori_cli.cli.app import LangOpt, state
from aomori_cli.cli.commands import common
from aomori_cli.cli.help import Command
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
from aomori_cli.i18n import _

totals_app = common.command_app()

By = Literal["division", "group", "new", "reposted"]

EXAMPLES = """Examples:

\b
  aomori totals
  aomori totals --by group
  aomori totals --by new --unit oku
  aomori totals --by group --division 地域企業支援課
"""


@totals_app.command(cls=Command, epilog=EXAMPLES)
def totals(
    by: Annotated[
        By, typer.Option("--by", "-b", help="Group by division, group, new or reposted.")
    ] = "division",
    division: common.DivisionOpt = None,
    group: common.GroupOpt = None,
    new: common.NewOpt = False,
    reposted: common.RepostedOpt = False,
    min_budget: common.MinBudgetOpt = None,
    max_budget: common.MaxBudgetOpt = None,
    match: common.MatchOpt = None,
    unit: common.UnitOpt = "thousand",
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
    lang: LangOpt = None,
) -> None:
    """Budget totals by division, group or new (新規): count, sum, share, and a bar. The sum of
    the whole section is checked against the report's subtotal (小計)."""
    from aomori_cli import query
    from aomori_cli import totals as sums

    out = out_options(fmt, json_flag, fields, output_path, excel, unit)
    report = state.report()
    chosen_by = common.selection(
        report, division, group, new, reposted, min_budget, max_budget, match
    )
    chosen = query.select(report.programmes, chosen_by)
    result_totals = sums.totals(report, by, chosen)
    title = common.describe(report, chosen_by, match)

    def view(width: int | None) -> list[Any]:
        from aomori_cli import layout

        return layout.totals(report, result_totals, width, unit, title)

    result = Result(
        contract.TOTAL_ROW,
        result_totals.rows,
        view,
        document=lambda: contract.TOTALS.to_json(result_totals),
        empty=_("no programme matches these filters"),
    )
    emit(out, result, protect=common.protect())


APPS = {"totals": totals_app}
