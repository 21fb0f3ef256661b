"""`aomori list`: the programmes, chosen and ordered."""

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
    say,
)
from aomori_cli.i18n import _

list_app = common.command_app()

SortKey = Literal["no", "budget", "name", "division", "group", "name_en", "page"]

EXAMPLES = """Examples:

\b
  aomori list --division 地域企業 --sort budget
  aomori list --division 経済産業 --division 企業立地 --new
  aomori list --match 事業承継 --json
  aomori list --min-budget 100,000 --unit oku
"""


@list_app.command("list", cls=Command, epilog=EXAMPLES)
def list_(
    division: common.DivisionOpt = None,
    group: common.GroupOpt = None,
    new: common.NewOpt = False,
    reposted: common.RepostedOpt = False,
    min_budget: common.MinBudgetOpt = None,
    max_budget: common.MaxBudgetOpt = None,
    match: common.MatchOpt = None,
    sort: Annotated[
        SortKey,
        typer.Option(
            "--sort",
            "-s",
            help="Order by no, budget (largest first), name, division, group (each division's "
            "groups together; in kana order, 五十音), name_en (the English names, A to Z) or page.",
        ),
    ] = "no",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")] = False,
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", min=0, metavar="N", help="At most this many rows (0: all)."),
    ] = 0,
    unit: common.UnitOpt = "thousand",
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
    lang: LangOpt = None,
) -> None:
    """List programmes: number, name, budget, share, new (新規), division and page."""
    from aomori_cli import query

    out = out_options(fmt, json_flag, fields, output_path, excel, unit)
    report = state.report()
    chosen_by = common.selection(
        report, division, group, new, reposted, min_budget, max_budget, match
    )
    chosen = query.sort_programmes(
        report, query.select(report.programmes, chosen_by), sort, reverse=reverse
    )
    matched = len(chosen)
    if limit:
        chosen = chosen[:limit]
    title = common.describe(report, chosen_by, match)

    def view(width: int | None) -> list[Any]:
        from aomori_cli import layout

        return layout.programmes(report, chosen, title, width, unit)

    rows = query.listed(report, chosen)
    result = Result(contract.PROGRAMME, rows, view, empty=_("no programme matches these filters"))
    emit(out, result, protect=common.protect())
    if matched > len(chosen):  # as search says it: the total row is of the rows shown
        message = _("the first {count} of {matched} programmes shown (--limit 0 shows them all)")
        say(message.format(count=len(chosen), matched=matched))


APPS = {"list": list_app}
