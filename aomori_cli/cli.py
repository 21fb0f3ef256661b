"""The command line: parse arguments, call the core, choose table or machine output.

Rich is imported only on the paths that draw a table, rapidfuzz only where names are
matched fuzzily, so ``aomori show 10 --json`` costs little beyond importing Typer.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, TypeVar

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

from aomori_cli import output
from aomori_cli.data import ENV_DATA, load_report
from aomori_cli.errors import AomoriError, DataError, LookupFailed
from aomori_cli.models import Programme, Report
from aomori_cli.output import one_line
from aomori_cli.records import (
    LIST_COLUMNS,
    PROGRAMME_FIELDS,
    flat_programme,
    programme_list,
    programme_record,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


EXAMPLES = """
Examples:

  aomori list --division 地域企業支援課

  aomori show 10

  aomori compare 10

  aomori totals --by division

  aomori search けんこうけいえい

  aomori list --json | jq '.[].budget_thousand_yen'
"""

_APP_SETTINGS: dict[str, Any] = {
    "name": "aomori",
    "help": "Query Aomori Prefecture's FY2024 (令和6年度) report on its SME-support programmes "
    "(基本方針② 中小企業の経営基盤の強化を図ること, pp. 51–62).",
    "epilog": EXAMPLES,
    "no_args_is_help": True,
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "pretty_exceptions_show_locals": False,
    # Plain Click help and errors: no Rich import on an error path, no boxes in 40 columns.
    "rich_markup_mode": None,
}
app = typer.Typer(**_APP_SETTINGS)


# Choices as Literal types, not Enum classes: Typer checks them the same way, and an Enum
# costs ~0.15 ms to create at import, on every run.
Format = Literal["table", "json", "jsonl", "csv", "tsv", "md"]
SortKey = Literal["no", "budget", "name", "division", "page"]
By = Literal["division", "group", "new", "reposted"]
Unit = Literal["thousand", "yen", "oku"]
ChangeSort = Literal["pct", "change"]
# The same as search.FIELDS (a test checks), spelled here so --field is checked without
# importing the search module.
SEARCH_FIELDS = (
    "name", "reading", "romaji", "name_en", "keywords", "kpi", "overview", "results", "division",
    "group",
)  # fmt: skip


class State:
    """What the global options chose, and the report once loaded."""

    def __init__(self) -> None:
        self.data: Path | None = None
        self.debug = False
        self._report: Report | None = None

    def report(self) -> Report:
        if self._report is None:
            self._report = load_report(self.data)
        return self._report


_state = State()


# --- errors: caught here, in one place ---------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])


def _say(message: str) -> None:
    sys.stderr.write(f"aomori: {one_line(message)}\n")
    sys.stderr.flush()


def handle_errors(func: F) -> F:
    """Turn project errors into one stderr line and exit 1; hide tracebacks unless --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            _say(f"error: {exc.args[0]}")
            for problem in exc.problems[1:]:
                sys.stderr.write(f"  {one_line(problem)}\n")
            raise typer.Exit(1) from None
        except LookupFailed as exc:
            hint = f"; did you mean: {', '.join(exc.candidates)}" if exc.candidates else ""
            _say(f"error: {exc.args[0]}{hint}")
            raise typer.Exit(1) from None
        except AomoriError as exc:
            _say(f"error: {exc.args[0]}")
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:
            if _state.debug:
                raise
            _say(
                f"internal error: {type(exc).__name__}: {exc} "
                "(run again with --debug to see the traceback)"
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


# --- shared options ----------------------------------------------------------------------------

FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table, json, jsonl, csv, tsv or md.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields", metavar="A,B", help="Only these fields, comma-separated (see 'aomori fields')."
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", dir_okay=False, help="Write to this file (atomically) instead of stdout."
    ),
]
ExcelOpt = Annotated[
    bool,
    typer.Option(
        "--excel", help="CSV for Excel: UTF-8 with BOM and CRLF line ends (implies --format csv)."
    ),
]


class Out(NamedTuple):
    """How one command's result is to be written."""

    format: Format
    fields: list[str] | None
    path: Path | None
    excel: bool


def out_options(
    fmt: Format | None, json_flag: bool, fields: str | None, path: Path | None, excel: bool
) -> Out:
    if json_flag and fmt not in (None, "json"):
        raise typer.BadParameter(f"--json cannot be combined with --format {fmt}")
    if excel and fmt not in (None, "csv"):
        raise typer.BadParameter(f"--excel writes CSV; it cannot go with --format {fmt}")
    chosen: Format = "json" if json_flag else "csv" if excel else fmt or "table"
    return Out(chosen, output.parse_fields(fields), path, excel)


Rows = Sequence[Mapping[str, object]]


def emit(
    out: Out,
    *,
    obj: object | Callable[[], object],
    records: Rows | Callable[[], Rows],
    columns: Sequence[str],
    table: Callable[[Console], RenderableType],
    flat: Rows | Callable[[], Rows] | None = None,
    empty: str = "",
    count: int | None = None,
    one: bool = False,
) -> None:
    """Write the result in the chosen format. Everything is computed before anything is written.

    ``obj`` is the JSON contract; ``records`` (what --fields chooses from) and ``flat`` (rows
    for CSV, TSV and Markdown); each may be given as a function, computed only when needed.
    An empty result is a success: for a person (table format) ``empty`` says so on stderr
    instead of drawing an empty table; ``count`` is the number of results. ``one``: the result
    is one object (show), so --fields in JSON gives an object, not a list of one.
    """
    fmt = out.format
    if empty and count == 0 and fmt == "table" and out.path is None:
        _say(empty)
        return
    if fmt in ("json", "jsonl") and not out.fields:
        contract = obj() if callable(obj) else obj
        if fmt == "json":
            _write(out, output.to_json(contract))
            return
        if isinstance(contract, list):
            _write(out, output.to_jsonl(contract))
            return
    rows = records() if callable(records) else records
    flat_rows_all = (flat() if callable(flat) else flat) if flat is not None else rows
    if out.fields:
        rows, chosen = output.select(rows, columns, out.fields)
        flat_rows, _ = output.select(flat_rows_all, columns, out.fields)
    else:
        chosen = list(columns)
        flat_rows = [dict(r) for r in flat_rows_all]
    if fmt == "json":
        text = output.to_json(rows[0] if one and len(rows) == 1 else list(rows))
    elif fmt == "jsonl":
        text = output.to_jsonl(rows)
    elif fmt == "csv":
        text = output.to_delimited(flat_rows, chosen, excel=out.excel)
    elif fmt == "tsv":
        text = output.to_delimited(flat_rows, chosen, delimiter="\t")
    elif fmt == "md":
        text = output.to_markdown(flat_rows, chosen)
    else:
        rendered = _render_table(out, table if not out.fields else _rows_table(chosen, flat_rows))
        if rendered is None:
            return
        text = rendered
    _write(out, text)


def _write(out: Out, text: str) -> None:
    if out.path is not None:
        output.write_atomic(out.path, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _rows_table(
    columns: Sequence[str], rows: Sequence[Mapping[str, object]]
) -> Callable[[Console], RenderableType]:
    def draw(console: Console) -> RenderableType:
        from aomori_cli import render

        return render.rows_table(console, columns, rows)

    return draw


def _render_table(out: Out, table: Callable[[Console], RenderableType]) -> str | None:
    """Draw for a person; written to stdout here, or returned as text for --output."""
    from aomori_cli import render

    if out.path is not None:
        import io

        buffer = io.StringIO()
        console = render.make_console(file=buffer, width=100)
        console.print(table(console))
        return buffer.getvalue()
    console = render.make_console()
    # Draw into a capture first, so an error while drawing leaves stdout empty.
    with console.capture() as capture:
        console.print(table(console))
    sys.stdout.write(capture.get())
    sys.stdout.flush()
    return None


# --- helpers -----------------------------------------------------------------------------------


def resolve(report: Report, text: str) -> Programme:
    stripped = text.strip()
    if stripped.isascii() and stripped.isdigit():  # the common case, without importing search
        return report.by_number(int(stripped))
    if stripped.startswith("-") and not stripped[1:].strip().isdigit():
        raise typer.BadParameter(f"no such option: {text}")
    from aomori_cli.search import resolve_programme

    return resolve_programme(report, text)


# --- commands ----------------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        from aomori_cli import __version__

        sys.stdout.write(f"aomori {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar=ENV_DATA,
            help=f"Dataset TOML to use instead of the shipped one (also ${ENV_DATA}).",
            show_envvar=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Query Aomori Prefecture's FY2024 report on its SME-support programmes."""
    _state.data = data
    _state.debug = debug or bool(os.environ.get("AOMORI_DEBUG"))
    _state._report = None


@app.command(
    "list",
    epilog="Examples: aomori list --division 地域企業 --sort budget;  aomori list --new --json",
)
@handle_errors
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
            "--sort",
            "-s",
            help="Order by no, budget (largest first), name, division or page.",
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
    from aomori_cli.query import filter_programmes, sort_programmes

    out = out_options(fmt, json_flag, fields, output_path, excel)
    report = _state.report()
    division_name = _division(report, division) if division is not None else None
    group_name = _group(report, group, division_name) if group is not None else None
    chosen = filter_programmes(
        report.programmes,
        division=division_name,
        group=group_name,
        new=True if new else None,
        reposted=True if reposted else None,
        min_budget=min_budget,
        max_budget=max_budget,
    )
    chosen = sort_programmes(chosen, sort, reverse=reverse)
    if limit:
        chosen = chosen[:limit]
    total = report.total_thousand_yen
    title_bits = [
        b
        for b in (division_name, group_name, "新規" if new else "", "再掲" if reposted else "")
        if b
    ]

    def table(console: Console) -> RenderableType:
        from aomori_cli import render

        return render.programme_table(console, report, chosen, " / ".join(title_bits))

    # Computed when first needed, and once: --fields with CSV needs both records and flat rows.
    records = functools.cache(lambda: [programme_record(p, total) for p in chosen])
    emit(
        out,
        obj=lambda: programme_list(report, chosen),
        records=records,
        columns=list(PROGRAMME_FIELDS) if out.fields else LIST_COLUMNS,
        table=table,
        flat=lambda: [flat_programme(r, p) for r, p in zip(records(), chosen, strict=True)],
        empty="no programme matches these filters",
        count=len(chosen),
    )


def _division(report: Report, text: str) -> str:
    from aomori_cli.search import resolve_name

    divisions = [report.division(name) for name in report.division_names()]
    choices = {
        d.name: [("text", d.reading), ("romaji", d.romaji), ("english", d.name_en)]
        for d in divisions
    }
    return resolve_name("division", text, choices)


def _group(report: Report, text: str, division: str | None) -> str:
    from aomori_cli.search import resolve_name

    names = [
        p.group
        for p in report.programmes
        if p.group and (division is None or p.division == division)
    ]
    return resolve_name("group", text, {name: [] for name in dict.fromkeys(names)})


def _complete_programme(incomplete: str) -> list[tuple[str, str]]:
    try:
        report = load_report(os.environ.get(ENV_DATA) or None)
    except AomoriError:
        return []
    out = []
    for p in report.programmes:
        if str(p.no).startswith(incomplete) or incomplete in p.name:
            out.append((str(p.no), p.name))
    return out


ProgrammeArg = Annotated[
    str,
    typer.Argument(
        metavar="ID_OR_NAME",
        help="Programme number (1–23) or part of its name (kanji, kana, romaji or English).",
        autocompletion=_complete_programme,
    ),
]


@app.command(
    epilog="Examples: aomori show 10;  aomori show 健康経営;  aomori show kenko --json",
    context_settings={"ignore_unknown_options": True},
)
@handle_errors
def show(
    programme: ProgrammeArg,
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Show one programme: budget, division, overview, results, KPIs and notes."""
    out = out_options(fmt, json_flag, fields, output_path, excel)
    report = _state.report()
    p = resolve(report, programme)
    record = programme_record(p, report.total_thousand_yen)

    def table(console: Console) -> RenderableType:
        from aomori_cli import render
        from aomori_cli.query import compare as compare_one

        return render.programme_detail(console, report, p, compare_one(report, p))

    emit(
        out,
        obj=p.to_dict(),
        records=[record],
        columns=list(PROGRAMME_FIELDS) if out.fields else LIST_COLUMNS,
        table=table,
        flat=[flat_programme(record, p)],
        one=True,
    )


COMPARE_COLUMNS = ["no", "programme", "name", "unit", "fy2023", "fy2024", "change", "change_pct"]


@app.command(
    epilog="Examples: aomori compare 10;  aomori compare 2 3 4;  aomori compare --all --down",
    context_settings={"ignore_unknown_options": True},
)
@handle_errors
def compare(
    programmes: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID_OR_NAME...",
            help="One or more programme numbers or names.",
            autocompletion=_complete_programme,
        ),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Every KPI of every programme, ranked by change.")
    ] = False,
    sort: Annotated[
        ChangeSort,
        typer.Option(
            "--sort",
            help="With --all: rank by pct (% change) or change.",
        ),
    ] = "pct",
    down: Annotated[bool, typer.Option("--down", help="With --all: only KPIs that fell.")] = False,
    up: Annotated[bool, typer.Option("--up", help="With --all: only KPIs that rose.")] = False,
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Compare KPIs year on year (令和5年度 → 令和6年度): change, % change, ▲ up / ▼ down."""
    from aomori_cli import query

    out = out_options(fmt, json_flag, fields, output_path, excel)
    if up and down:
        raise typer.BadParameter("--up and --down exclude each other")
    if all_ and programmes:
        raise typer.BadParameter("give programmes or --all, not both")
    if not all_ and (up or down or sort != "pct"):
        raise typer.BadParameter("--sort, --up and --down go with --all")
    if not all_ and not programmes:
        raise typer.BadParameter("give at least one programme number or name, or --all")
    report = _state.report()
    if all_:
        ranked = query.rank_changes(
            report, sort=sort, direction="up" if up else "down" if down else None
        )
        rows = [r.to_dict() for r in ranked]

        def ranked_table(console: Console) -> RenderableType:
            from aomori_cli import render

            return render.ranked_changes(console, ranked)

        emit(
            out,
            obj=rows,
            records=rows,
            columns=COMPARE_COLUMNS,
            table=ranked_table,
            empty="no KPI matches",
            count=len(rows),
        )
        return
    assert programmes is not None
    chosen = [resolve(report, text) for text in programmes]
    comparisons = [query.compare(report, p) for p in chosen]
    obj = [c.to_dict() for c in comparisons]
    rows = [row for c in comparisons for row in c.rows()]

    def table(console: Console) -> RenderableType:
        from aomori_cli import render

        return render.comparisons(console, comparisons)

    emit(out, obj=obj, records=rows, columns=COMPARE_COLUMNS, table=table)


@app.command(
    epilog="Examples: aomori totals;  aomori totals --by group;  aomori totals --by new --unit oku"
)
@handle_errors
def totals(
    by: Annotated[
        By,
        typer.Option("--by", "-b", help="Group by division, group, new or reposted."),
    ] = "division",
    unit: Annotated[
        Unit,
        typer.Option(
            "--unit",
            help="Show money in thousand (千円), yen (円) or oku (億円); JSON keeps 千円.",
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
    report = _state.report()
    result = query.totals(report, by)
    rows = [r.to_dict() for r in result.rows]

    def table(console: Console) -> RenderableType:
        from aomori_cli import render

        return render.totals_table(console, result, unit)

    emit(
        out,
        obj=result.to_dict(),
        records=rows,
        columns=["key", "count", "budget_thousand_yen", "share"],
        table=table,
    )


@app.command(
    epilog="Examples: aomori search 経営;  aomori search けんこう;  aomori search 'business succession';  aomori search ＤＸ --json"
)
@handle_errors
def search(
    query: Annotated[
        str,
        typer.Argument(metavar="QUERY", help="Words to look for: kanji, kana, romaji or English."),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, help="At most this many results (0: all).")
    ] = 10,
    field: Annotated[
        # Typer 0.28 takes no list of Literal; the names are checked below.
        list[str] | None,
        typer.Option(
            "--field",
            help="Only look in this field (repeatable): name, reading, romaji, name_en, keywords, kpi, overview, results, division, group.",
        ),
    ] = None,
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
    fields: FieldsOpt = None,
    output_path: OutputOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Search names, readings, English names, KPIs, overviews, results and divisions."""
    out = out_options(fmt, json_flag, fields, output_path, excel)
    if not query.strip():
        raise typer.BadParameter("the query is empty", param_hint="QUERY")
    for name in field or ():
        if name not in SEARCH_FIELDS:
            raise typer.BadParameter(
                f"{name!r} is not one of {', '.join(SEARCH_FIELDS)}", param_hint="--field"
            )
    report = _state.report()
    from aomori_cli.search import index_for

    hits = index_for(report, query).search(query, fields=field or None, limit=limit)
    rows = [h.to_dict() for h in hits]

    def table(console: Console) -> RenderableType:
        from aomori_cli import render

        return render.search_table(console, hits)

    emit(
        out,
        obj=rows,
        records=rows,
        columns=["no", "name", "score", "field", "exact", "snippet"],
        table=table,
        empty=f"no programme matches {query.strip()!r}",
        count=len(hits),
    )


@app.command(epilog="Examples: aomori about;  aomori about --json | jq .section.title")
@handle_errors
def about(
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
) -> None:
    """The report and section, the data's provenance and corrections, and the case study."""
    out = out_options(fmt, json_flag, None, None, False)
    if out.format not in ("table", "json"):
        raise typer.BadParameter("about is written as a table or as JSON")
    report = _state.report()

    def table(console: Console) -> RenderableType:
        from aomori_cli import render

        label = report.path if _state.data else "data/programs.toml (shipped with aomori)"
        return render.about(console, report, label)

    emit(out, obj=report.about_dict(), records=[], columns=[], table=table)


@app.command(
    "fields", epilog="Example: aomori list --fields no,name,budget_thousand_yen --format csv"
)
@handle_errors
def fields_(
    fmt: FormatOpt = None,
    json_flag: JsonOpt = False,
) -> None:
    """List the fields that --fields can choose for list and show."""
    out = out_options(fmt, json_flag, None, None, False)
    rows = [{"field": k, "description": v} for k, v in PROGRAMME_FIELDS.items()]

    def table(console: Console) -> RenderableType:
        from aomori_cli import render

        return render.fields_table(console, [(r["field"], r["description"]) for r in rows])

    emit(out, obj=rows, records=rows, columns=["field", "description"], table=table)


@app.command(epilog="Example: aomori schema > aomori-schema.json")
@handle_errors
def schema() -> None:
    """Print the JSON Schema of every command's --json output (the stable contract)."""
    path = Path(__file__).resolve().parent / "schema.json"
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise AomoriError(f"{path}: cannot read the schema ({exc.strerror or exc})") from None
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# --- entry point -------------------------------------------------------------------------------


def _usage_line(exc: UsageError) -> str:
    """A usage error in one line: what is wrong, the usage, and where the help is."""
    message = exc.format_message()
    if exc.ctx is None:
        return message
    usage = " ".join(exc.ctx.get_usage().split())
    return f"{message} ({usage}; see '{exc.ctx.command_path} -h')"


_GLOBAL_OPTIONS_WITH_VALUE = ("--data",)


def _command_name(args: Sequence[str]) -> str | None:
    """The subcommand named on the command line, skipping the global options before it."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _GLOBAL_OPTIONS_WITH_VALUE:
            i += 2
        elif arg.startswith("-"):
            i += 1
        else:
            return arg
    return None


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app with only the command being run, when one is named.

    Typer builds a Click command, with every parameter, for each registered command before
    parsing; for seven commands that is ~8 ms, most of a run's own cost (bench/startup.py).
    A run needs only its own command, so it gets an app holding just that one. Help for the
    whole tool, shell completion and anything unrecognised use the full app.
    """
    name = _command_name(args)
    if name is None or os.environ.get("_AOMORI_COMPLETE"):
        return app
    chosen = [
        info
        for info in app.registered_commands
        if (info.name or getattr(info.callback, "__name__", "").replace("_", "-")) == name
    ]
    if not chosen:
        return app
    # Completion is served by the full app; the lean one needs no completion options.
    lean = typer.Typer(**_APP_SETTINGS, add_completion=False)
    lean.registered_callback = app.registered_callback
    lean.registered_commands = chosen
    for info in (app.registered_callback, *chosen):
        if info is not None and info.callback is not None:
            _resolve_annotations(info.callback)
    return lean


def _resolve_annotations(func: Callable[..., Any]) -> None:
    """Evaluate a command's string annotations once, for Typer, which would evaluate each of
    them twice while building the command (measured: a third of building it)."""
    import typing

    hints = typing.get_type_hints(func, include_extras=True)
    for target in (func, getattr(func, "__wrapped__", None)):
        if target is not None:
            target.__annotations__ = hints


def run(args: Sequence[str]) -> int:
    """Run one command line; the exit code: 0 ok, 1 not found / bad data, 2 usage, 130
    interrupted. Errors are written to stderr as one line."""
    args = list(args)
    try:
        command = typer.main.get_command(app_for(args))
        code = command.main(args=args, prog_name="aomori", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        exc.show()  # `aomori` alone: the help, on stderr, exit 2
        return exc.exit_code
    except UsageError as exc:
        _say(f"error: {_usage_line(exc)}")
        return exc.exit_code
    except ClickException as exc:
        _say(f"error: {exc.format_message()}")
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        return 130  # quietly: Typer has already ended the line
    except Exception as exc:  # handle_errors catches these inside commands first
        if _state.debug or "--debug" in args:
            raise
        _say(f"internal error: {type(exc).__name__}: {exc} (run again with --debug for more)")
        return 1
    return code if isinstance(code, int) else 0


def main(argv: Sequence[str] | None = None) -> None:
    """Console script: the process's set-up, then run()."""
    import gc
    import signal

    # A run lives for a fraction of a second and makes no garbage cycles worth collecting;
    # the collector's passes over a large dataset's objects cost 40% of loading it (measured
    # with bench/scale.py at 10,000 programmes).
    gc.disable()
    if hasattr(signal, "SIGPIPE"):
        # `aomori list | head -1`: die quietly on a closed pipe, as other Unix tools do.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A terminal or pipe that cannot show Japanese gets '?' rather than a crash.
            reconfigure(errors="replace")
    # Ctrl-C as KeyboardInterrupt while the command runs (aomori_cli.main made it fatal while
    # loading), so an interrupted --output write still removes its temporary file; then
    # fatal again, so no moment is left where it could surface as a traceback.
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        code = run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        code = 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(code)
