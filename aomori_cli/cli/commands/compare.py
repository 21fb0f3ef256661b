"""`aomori compare`: Compare KPIs year on year."""

from typing import Annotated, Any, Literal

import typer

from aomori_cli import contract
from aomori_cli.cli.app import state
from aomori_cli.cli.commands import common
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

compare_app = command_app()

ChangeSort = Literal["pct", "change"]


@compare_app.command(
    epilog="Examples: aomori compare 10;  aomori compare 2 3 4;  aomori compare --all --down",
    context_settings={"ignore_unknown_options": True},
)
def compare(
    programmes: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID_OR_NAME...",
            help="One or more programme numbers or names.",
            autocompletion=common.complete_programme,
        ),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Every KPI of every programme, ranked by change.")
    ] = False,
    sort: Annotated[
        ChangeSort, typer.Option("--sort", help="With --all: rank by pct (% change) or change.")
    ] = "pct",
    down: Annotated[bool, typer.Option("--down", help="With --all: only KPIs that fell.")] = False,
    up: Annotated[bool, typer.Option("--up", help="With --all: only KPIs that rose.")] = False,
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Compare KPIs year on year (令和5年度 → 令和6年度): change and % change; ▲ is a fall."""
    from aomori_cli import changes

    out = out_options(fmt, json_flag, fields, output_path, excel)
    if up and down:
        raise UsageError("--up and --down exclude each other")
    if all_ and programmes:
        raise UsageError("give programmes or --all, not both")
    if not all_ and (up or down or sort != "pct"):
        raise UsageError("--sort, --up and --down go with --all")
    if not all_ and not programmes:
        raise UsageError("give at least one programme number or name, or --all")
    report = state.report()
    if all_:
        ranked = changes.rank_changes(
            report.programmes, sort=sort, direction="up" if up else "down" if down else None
        )

        def ranked_view(console: Any) -> Any:
            from aomori_cli.render.views import ranked_changes

            return ranked_changes(console, ranked)

        result = Result(contract.RANKED_CHANGE, ranked, ranked_view, empty="no KPI matches")
        emit(out, result, protect=protect())
        return
    assert programmes is not None
    comparisons = [changes.compare(report, common.resolve(report, text)) for text in programmes]

    def view(console: Any) -> Any:
        from aomori_cli.render.views import comparisons as draw

        return draw(console, comparisons)

    result = Result(
        contract.RANKED_CHANGE,
        [c for comparison in comparisons for c in comparison.changes],
        view,
        document=lambda: [contract.COMPARISON.to_json(c) for c in comparisons],
    )
    emit(out, result, protect=protect())


APPS = {"compare": compare_app}
