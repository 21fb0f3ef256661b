"""`aomori show`: Show one programme."""

from typing import Annotated, Any

import typer

from aomori_cli import contract
from aomori_cli.cli.app import LangOpt, state
from aomori_cli.cli.commands import common
from aomori_cli.cli.commands.common import command_app, protect
from aomori_cli.cli.compat import UsageError
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
from aomori_cli.models import share

show_app = command_app()


EXAMPLES = """Examples:

\b
  aomori show 10
  aomori show 健康経営
  aomori show kenko keiei --json
  aomori show 12 --format md
"""


@show_app.command(cls=Command, epilog=EXAMPLES)
def show(
    programme: Annotated[
        list[str],
        typer.Argument(
            metavar="ID_OR_NAME",
            help="Programme number (1–23) or part of its name (kanji, kana, romaji or English); "
            "several words need no quotes.",
            autocompletion=common.complete_programme,
        ),
    ],
    unit: common.UnitOpt = "thousand",
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
    lang: LangOpt = None,
) -> None:
    """Show one programme: budget, division, overview, results, KPIs and notes."""
    out = out_options(fmt, json_flag, fields, output_path, excel, unit)
    if len(programme) > 1 and all(word.strip().isdigit() for word in programme):
        message = _("show shows one programme; to see several, use: aomori compare {numbers}")
        raise UsageError(message.format(numbers=" ".join(w.strip() for w in programme)))
    report = state.report()
    p = common.resolve(report, " ".join(programme))

    def view(width: int | None) -> list[Any]:
        from aomori_cli import layout
        from aomori_cli.changes import compare

        return layout.programme(report, p, compare(report, p), unit)

    # query.listed's pair, made here so that show --json does not import query.
    listed = (p, share(p.budget_thousand_yen, report.total_thousand_yen))
    result = Result(contract.PROGRAMME, [listed], view, one=True)
    emit(out, result, protect=protect())


APPS = {"show": show_app}
