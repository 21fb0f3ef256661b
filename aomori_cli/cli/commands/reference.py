"""`aomori about`, `aomori fields` and `aomori schema`: the report, the fields, the contract."""

from typing import Annotated, Any, Literal

import typer

from aomori_cli import contract
from aomori_cli.cli.app import LangOpt, state
from aomori_cli.cli.commands import common
from aomori_cli.cli.commands.common import command_app
from aomori_cli.cli.compat import UsageError
from aomori_cli.cli.help import Command
from aomori_cli.cli.output import (
    FormatOpt,
    JsonOpt,
    Result,
    emit,
    out_options,
    write_stdout,
)
from aomori_cli.i18n import _

about_app = command_app()


@about_app.command(
    cls=Command,
    epilog="Examples:\n\n\b\n  aomori about\n  aomori about --json | jq .section.title\n",
)
def about(
    fmt: Annotated[
        Literal["table", "json"] | None,
        typer.Option("--format", "-f", help="Output format: table or json."),
    ] = None,
    json_flag: JsonOpt = False,
    unit: Annotated[
        common.Unit,
        typer.Option(
            "--unit",
            help="Money in the table in thousand (千円), yen (円) or oku (億円; ¥ million in "
            "English); JSON keeps 千円.",
        ),
    ] = "thousand",
    lang: LangOpt = None,
) -> None:
    """The report and section, the data's provenance and corrections, and the case study."""
    out = out_options(fmt, json_flag, unit=unit)
    report = state.report()

    def view(width: int | None) -> list[Any]:
        from aomori_cli import layout

        label = report.path if state.data else _("data/programs.toml (shipped with aomori)")
        return layout.about(report, label, unit)

    result = Result(contract.ABOUT, [report], view, one=True)
    emit(out, result)


# The row shape of each command's --fields, CSV and TSV.
ROW_SHAPES: dict[tuple[str, ...], contract.Shape[Any]] = {
    ("list", "show"): contract.PROGRAMME,
    ("compare",): contract.RANKED_CHANGE,
    ("totals",): contract.TOTAL_ROW,
    ("search",): contract.HIT,
}

fields_app = command_app()


@fields_app.command(
    "fields",
    cls=Command,
    epilog="Examples:\n\n\b\n  aomori fields compare\n"
    "  aomori list --fields no,name,budget_thousand_yen --format csv\n",
)
def fields_(
    command: Annotated[
        str | None,
        typer.Argument(metavar="[COMMAND]", help="list, show, compare, totals or search."),
    ] = None,
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """The fields --fields can choose, and what each holds (CSV and TSV columns too)."""
    out = out_options(fmt, json_flag)
    known = [name for names in ROW_SHAPES for name in names]
    if command is not None and command not in known:
        from aomori_cli.cli.usage import close_options

        listed = _(", ").join(known)
        close = close_options(command.casefold(), known)[:1]
        if close:  # fields comapre: as a mistyped command is offered the one meant
            message = _("fields: {command!r} is not one of {commands}; did you mean {close}?")
            raise UsageError(message.format(command=command, commands=listed, close=close[0]))
        message = _("fields: {command!r} is not one of {commands}")
        raise UsageError(message.format(command=command, commands=listed))
    rows = [
        (", ".join(names), f)
        for names, shape in ROW_SHAPES.items()
        if command is None or command in names
        for f in shape.fields
    ]

    def view(width: int | None) -> list[Any]:
        from aomori_cli import layout

        # The descriptions in the user's language here; fields --json keeps the English.
        return layout.fields([(c, f.name, _(f.description)) for c, f in rows])

    emit(out, Result(contract.FIELD_ROW, rows, view))


schema_app = command_app()


@schema_app.command(cls=Command, epilog="Example:\n\n\b\n  aomori schema > aomori-schema.json\n")
def schema(
    json_flag: Annotated[
        bool, typer.Option("--json", help="Accepted: the schema is JSON.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Print the JSON Schema of every command's --json output (the stable contract)."""
    from aomori_cli import formats

    write_stdout(formats.to_json(contract.schema_document()), utf8=True)


APPS = {"about": about_app, "fields": fields_app, "schema": schema_app}
