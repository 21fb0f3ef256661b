"""`aomori search`: the programmes whose text matches what was typed, best first."""

from typing import Annotated, Any

import typer

from aomori_cli import contract
from aomori_cli.cli.app import LangOpt, state
from aomori_cli.cli.commands import common
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
    say,
)
from aomori_cli.i18n import _

search_app = common.command_app()

EXAMPLES = """Examples:

\b
  aomori search 経営
  aomori search けんこう
  aomori search business succession
  aomori search LPガス高騰
  aomori search 相談 --division 地域企業支援課
  aomori search ＤＸ --json
"""


@search_app.command(cls=Command, epilog=EXAMPLES)
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help="Words to look for (kanji, kana, romaji or English); several need no quotes.",
        ),
    ],
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", min=0, metavar="N", help="At most this many results (0: all)."
        ),
    ] = 10,
    field: Annotated[
        # Typer 0.28 takes no list of Literal; the names are checked below.
        list[str] | None,
        typer.Option(
            "--field",
            metavar="FIELD",
            help="Only look in this field (repeatable): " + ", ".join(contract.SEARCH_FIELDS) + ".",
        ),
    ] = None,
    division: common.DivisionOpt = None,
    group: common.GroupOpt = None,
    new: common.NewOpt = False,
    reposted: common.RepostedOpt = False,
    min_budget: common.MinBudgetOpt = None,
    max_budget: common.MaxBudgetOpt = None,
    unit: common.UnitOpt = "thousand",
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
    lang: LangOpt = None,
) -> None:
    """Search names, readings, English names, KPIs, overviews, results and divisions."""
    out = out_options(fmt, json_flag, fields, output_path, excel, unit)
    text = " ".join(query)
    if not text.strip():
        raise UsageError(_("the query is empty"))
    for name in field or ():
        if name not in contract.SEARCH_FIELDS:
            message = _("--field: {field!r} is not one of {fields}")
            raise UsageError(message.format(field=name, fields=", ".join(contract.SEARCH_FIELDS)))
    from aomori_cli.search.index import index_for

    report = state.report()
    chosen_by = common.selection(report, division, group, new, reposted, min_budget, max_budget)
    index = index_for(report, text)
    # One more than shown, to know whether there are more.
    wanted = 0 if chosen_by is not None or not limit else limit + 1
    found = [
        h
        for h in index.search(text, fields=field or None, limit=wanted)
        if chosen_by is None or chosen_by.admits(h.programme)
    ]
    hits = found[:limit] if limit else found
    from aomori_cli.search.resolve import cut, parse_number

    empty = _("no programme matches {query!r}").format(query=cut(text, 40))
    digits = parse_number(text)  # 10, No.10, #10, １０: as show reads a number
    number = int(digits) if digits is not None and len(digits) < 10 else None
    if any(p.no == number for p in report.programmes):
        # A number is no text of the report: the user wants the programme of that number.
        message = _("search looks in the text; programme {no} is shown by: aomori show {no}")
        empty = message.format(no=number)
    elif not hits and out.format == "table" and chosen_by is None:
        # Nothing matched well enough to answer: say so, and name the nearest names.
        from aomori_cli.search.resolve import closest

        near = closest(index, text)
        empty += _("; did you mean: {names}").format(names=_(", ").join(near)) if near else ""

    def view(width: int | None) -> list[Any]:
        from aomori_cli import layout

        return layout.hits(report, hits, width, unit)

    result = Result(contract.HIT, hits, view, empty=empty)
    emit(out, result, protect=common.protect())
    note = common.list_mark(text)
    if note is not None:
        say(note)
    if len(found) > len(hits):  # in every format, a script must not take ten for all; after
        # the results, where a terminal's reader sees it
        say(
            _("the best {count} matches shown; there are more (--limit 0 shows them all)").format(
                count=len(hits)
            )
        )


APPS = {"search": search_app}
