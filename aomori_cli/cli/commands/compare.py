"""`aomori compare`: KPIs year on year, for programmes named or chosen by the filters."""

from typing import Annotated, Any, Literal

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
from aomori_cli.errors import NotFound
from aomori_cli.i18n import _
from aomori_cli.models import Programme, Report

compare_app = common.command_app()

ChangeSort = Literal["no", "pct", "change", "name"]

EXAMPLES = """Examples:

\b
  aomori compare 10
  aomori compare 2 3 4
  aomori compare --all --down
  aomori compare --division 地域企業支援課 --sort change
  aomori compare --kpi 相談件数
"""


@compare_app.command(cls=Command, epilog=EXAMPLES)
def compare(
    programmes: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID_OR_NAME]...",
            help="Programme numbers or names; without them, every programme the filters choose.",
            autocompletion=common.complete_programme,
        ),
    ] = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all", "-a", help="Every KPI of every programme the filters choose, ranked."
        ),
    ] = False,
    kpi: Annotated[
        list[str] | None,
        typer.Option(
            "--kpi",
            metavar="TEXT",
            help="Only KPIs whose name (Japanese or English) contains this, or its reading or "
            "romaji as search reads them (repeatable).",
        ),
    ] = None,
    division: common.DivisionOpt = None,
    group: common.GroupOpt = None,
    new: common.NewOpt = False,
    reposted: common.RepostedOpt = False,
    min_budget: common.MinBudgetOpt = None,
    max_budget: common.MaxBudgetOpt = None,
    match: common.MatchOpt = None,
    sort: Annotated[
        ChangeSort | None,
        typer.Option(
            "--sort",
            help="Rank by pct (% change, the default), change (absolute, within each unit), "
            "no (report order) or name (the KPI's, in kana order, 五十音).",
        ),
    ] = None,
    down: Annotated[bool, typer.Option("--down", help="Only KPIs that fell.")] = False,
    up: Annotated[bool, typer.Option("--up", help="Only KPIs that rose.")] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=0,
            metavar="N",
            help="At most this many ranked KPIs (0: all); given at all, the KPIs are ranked.",
        ),
    ] = None,
    unit: common.UnitOpt = "thousand",
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
    lang: LangOpt = None,
) -> None:
    """Compare KPIs year on year: change and % change.

    令和5年度 (FY2023) against 令和6年度 (FY2024), for the programmes named, or every KPI of
    the programmes the filters choose, ranked."""
    from aomori_cli import changes, query

    out = out_options(fmt, json_flag, fields, output_path, excel, unit)
    if up and down:
        raise UsageError(_("--up and --down exclude each other"))
    if kpi:
        from aomori_cli.search.resolve import is_empty

        if any(is_empty(k) for k in kpi):  # as an empty --match or search query
            raise UsageError(_("--kpi needs some text to look for"))
    if all_ and programmes:
        raise UsageError(_("give programmes or --all, not both"))
    report = state.report()
    chosen_by = common.selection(
        report, division, group, new, reposted, min_budget, max_budget, match
    )
    filtered = chosen_by is not None or bool(kpi) or up or down or sort is not None
    if not programmes and not all_ and not filtered:
        raise UsageError(
            _("give programme numbers or names, --all, or a filter such as --division")
        )
    if programmes:
        named = list(dict.fromkeys(_resolved(report, programmes)))
        chosen = list(query.select(named, chosen_by))
        # Named, then filtered out: said, as a reader takes every programme named to be there.
        left_out = [_("No. {no}").format(no=p.no) for p in named if p not in chosen]
        if left_out:
            say(_("left out by the filters: {numbers}").format(numbers=_(", ").join(left_out)))
    else:
        chosen = list(query.select(report.programmes, chosen_by))
    direction = "up" if up else "down" if down else None
    # Whether --limit is given, not its value, ranks: a script passing --limit "$N" gets one
    # shape whatever N is.
    if programmes and not kpi and direction is None and sort is None and limit is None:
        comparisons = [changes.compare(report, p) for p in chosen]

        def view(width: int | None) -> list[Any]:
            from aomori_cli import layout

            return layout.comparisons(report, comparisons, width, unit)

        result = Result(
            contract.RANKED_CHANGE,
            [c for comparison in comparisons for c in comparison.changes],
            view,
            document=lambda: [contract.COMPARISON.to_json(c) for c in comparisons],
            empty=_("no programme matches these filters"),
        )
        emit(out, result, protect=common.protect())
        return
    ranked = changes.rank_changes(chosen, sort=sort or "pct", direction=direction, kpis=kpi)
    matched = len(ranked)
    by_unit = sort == "change"
    unranked = 0  # KPIs without a change, which a limit by unit leaves out
    if limit and by_unit:  # ranked within each unit: the first N of each, not of the first unit
        unranked = sum(c.change is None for c in ranked)
        ranked = changes.first_of_each_unit(ranked, limit)
    elif limit:
        ranked = ranked[:limit]

    def ranked_view(width: int | None) -> list[Any]:
        from aomori_cli import layout

        return layout.ranked(ranked, width, by_unit=sort == "change")

    limited = ""
    if matched > len(ranked) and by_unit:
        limited = _(
            "the first {limit} of each unit's KPIs shown, {count} of {matched}; {unranked} "
            "with no change to compare (a year without a figure, or unlike figures) have no rank "
            "(--limit 0 shows them all)"
        ).format(limit=limit, count=len(ranked), matched=matched, unranked=unranked)
    # KPIs matched, none with a change to rank: "no KPI matches" would be untrue.
    empty = limited if matched and not ranked else _("no KPI matches")
    result = Result(contract.RANKED_CHANGE, ranked, ranked_view, empty=empty)
    emit(out, result, protect=common.protect())
    if limited:
        if ranked or out.format != "table":  # else said already, as the empty result
            say(limited)
    elif matched > len(ranked):  # as list and search say it
        message = _("the first {count} of {matched} KPIs shown (--limit 0 shows them all)")
        say(message.format(count=len(ranked), matched=matched))


APPS = {"compare": compare_app}


# A fiscal year as people write it: 令和5, 令和6年度, R5, 5年度, FY2023, 2024年度.
_YEAR = r"(?i:(?:令和|R)\s*[56](?:年度?)?|[56]年度|(?:FY\s*)?202[34](?:年度?)?)"


def _resolved(report: Report, programmes: list[str]) -> list[Programme]:
    """Each programme named; where a word does not name one but all the words together do
    (`compare business succession`), say that a name of several words needs quotes, as
    `show` takes several words as one name."""
    try:
        return [common.resolve(report, text) for text in programmes]
    except NotFound as exc:
        import re
        import unicodedata

        if any(re.fullmatch(_YEAR, unicodedata.normalize("NFKC", t).strip()) for t in programmes):
            # compare 令和5 令和6, compare 2023 2024: the years are fixed, the programmes not.
            message = _(
                "compare always sets FY2023 (令和5年度) against FY2024 (令和6年度): give "
                "programme numbers or names (aomori compare 10)"
            )
            raise UsageError(message) from None
        if len(programmes) < 2 or any(t.strip().isdigit() for t in programmes):
            raise
        whole = " ".join(programmes)
        try:
            one = common.resolve(report, whole)
        except (NotFound, UsageError):
            raise exc from None
        hint = _('{error}; a name of several words needs quotes: aomori compare "{name}" (No.{no})')
        raise NotFound(hint.format(error=exc, name=whole, no=one.no)) from None
