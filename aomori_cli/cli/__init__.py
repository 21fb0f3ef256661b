"""The command line: run one command line, and turn every error into one line on stderr and
an exit status, here and nowhere else (0 ok, 1 not found or bad data, 2 usage, 130
interrupted)."""

from __future__ import annotations

import io
import os
import signal
import sys
from collections.abc import Sequence

import typer

from aomori_cli.cli.app import app, state
from aomori_cli.cli.compat import UsageError
from aomori_cli.cli.output import say
from aomori_cli.errors import (
    FAILED,
    INTERRUPTED,
    OK,
    USAGE,
    AomoriError,
    DataError,
    NotFound,
    reason,
)
from aomori_cli.formats import Terminated
from aomori_cli.i18n import (
    Language,
    LanguageError,
    _,
    detect,
    from_locale,
    language,
    parse,
    set_language,
)

__all__ = ["app", "main", "run"]

COMPLETE_VAR = "_AOMORI_COMPLETE"  # Typer's protocol: _{PROG_NAME}_COMPLETE=complete_zsh, …
COMPLETION_WIDTH = 1000
GLOBAL_OPTIONS = {  # the root's options, and an example of where each goes
    "--data": "aomori --data FILE list",
    "--debug": "aomori --debug list",
    "--version": "aomori --version",
    "-V": "aomori -V",
}  # wider than any completion's help (aomori_cli.cli.completion)


class StdoutFailed(Exception):
    """Standard output is closed, full or broken."""


class _ClosedStdout(io.TextIOBase):
    """sys.stdout when the process started without one."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise StdoutFailed("it is closed")


def run(args: Sequence[str]) -> int:
    """Run one command line; return its exit status. Errors are written to stderr. The
    language is the command line's for the run only."""
    previous = language()
    try:
        return _run(list(args))
    finally:
        set_language(previous)


def _run(args: list[str]) -> int:
    asked = _lang_asked(args)
    try:
        set_language(detect() if asked is None else asked)
    except LanguageError as exc:  # a wrong $AOMORI_LANG: said, and the locale's language used
        set_language(from_locale(os.environ))
        text = _("warning: {source} {value!r} is not ja or en; the locale's language is used")
        _say(text.format(source=exc.source, value=exc.value))
    state.command = ""
    try:
        command = typer.main.get_command(app)
        code = command.main(args=args, prog_name="aomori", standalone_mode=False)
        _flush_stdout()
    except BaseException as exc:  # noqa: BLE001 - every error ends here, as one line
        if (state.debug or "--debug" in args) and not isinstance(
            exc, (AomoriError, UsageError, typer.Exit, KeyboardInterrupt, SystemExit)
        ):
            raise
        return report(exc)
    return code if isinstance(code, int) else OK


def _lang_asked(args: list[str]) -> Language | None:
    """The language a --lang on the command line asks for, known before Click reads the line:
    Click prints help and usage errors while it parses, before the option's own callback
    (aomori_cli.cli.app) runs, so `aomori -h --lang en` and `aomori list --bogus --lang ja`
    would otherwise speak the environment's language. The last --lang counts, as in Click;
    none after "--"; a value that is not ja or en is left to the option to refuse."""
    asked = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = arg[len("--lang=") :] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value is not None:
            try:
                asked = parse(value, "--lang")
            except LanguageError:
                pass
    return asked


def _flush_stdout() -> None:
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as exc:
        raise StdoutFailed(exc) from None


def report(exc: BaseException) -> int:
    """Say what went wrong in one line; the exit status."""
    if isinstance(exc, typer.Exit):
        return exc.exit_code
    if isinstance(exc, (KeyboardInterrupt, typer.Abort)):
        return INTERRUPTED  # quietly: the terminal has shown ^C
    if isinstance(exc, Terminated):
        return 128 + exc.signum
    if isinstance(exc, UsageError):
        _error(_usage_line(exc))
        return int(getattr(exc, "exit_code", USAGE))
    if isinstance(exc, NotFound):
        hint = ""
        if exc.candidates:
            hint = _("; did you mean: {names}").format(names=_(", ").join(exc.candidates))
        _error(f"{exc}{hint}")
        return exc.exit_code
    if isinstance(exc, DataError):
        # One line, as for every error; the whole list with --debug, one problem a line.
        if not state.debug and len(exc.problems) > 1:
            _error(str(exc) + _("; --debug lists them all"))
            return exc.exit_code
        _error(str(exc))
        if state.debug:
            from aomori_cli.text import one_line

            rest = "".join(f"  {one_line(problem)}\n" for problem in exc.problems[1:])
            try:
                sys.stderr.write(rest)
                sys.stderr.flush()
            except (OSError, ValueError):
                pass
        return exc.exit_code
    if isinstance(exc, AomoriError):
        _error(str(exc))
        return exc.exit_code
    if isinstance(exc, typer.TyperException):  # Click's other errors (a bad file name, …)
        _error(exc.format_message())
        return int(getattr(exc, "exit_code", FAILED))
    failed = _stdout_failure(exc)
    if failed is not None:
        _silence_stdout()
        if not isinstance(failed, BrokenPipeError):
            # A reader that stopped reading (`| head`) is no error to report: quiet, as a
            # tool killed by SIGPIPE is, whatever the size of the output; the status says it.
            _error(_("cannot write to standard output ({reason})").format(reason=_reason(failed)))
        return FAILED
    if isinstance(exc, MemoryError):
        _error(_("out of memory: the data is too large for the memory available"))
        return FAILED
    if isinstance(exc, SystemExit):
        return exc.code if isinstance(exc.code, int) else FAILED
    message = _("internal error: {error} (run again with --debug to see the traceback)")
    _say(message.format(error=f"{type(exc).__name__}: {exc}"))
    return FAILED


def _stdout_failure(exc: BaseException) -> object | None:
    """Why standard output failed, if that is what ``exc`` says; else None.

    Every file the tool opens reports its own errors (an AomoriError naming the file), so an
    OSError without a file name that gets here is standard output closed, full or broken.
    Typer turns a broken pipe into SystemExit(1) and keeps the BrokenPipeError as its context.
    """
    if isinstance(exc, StdoutFailed):
        reason: object = exc.args[0]
        return reason
    if isinstance(exc, OSError) and exc.filename is None:
        return exc
    if isinstance(exc, SystemExit) and isinstance(exc.__context__, BrokenPipeError):
        return exc.__context__
    return None


def _error(message: str) -> None:
    _say(_("error: {message}").format(message=message))


def _say(message: str) -> None:
    """say(), when stderr itself still works (it may be what failed)."""
    try:
        say(message)
    except (OSError, ValueError, MemoryError):
        pass


def _reason(exc: object) -> str:
    if isinstance(exc, OSError):
        return reason(exc)
    return str(exc) or type(exc).__name__


def _silence_stdout() -> None:
    """After stdout failed, nothing more may be written there (not even at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


# Options other tools have for a format, which here is --format's value.
FORMAT_OPTIONS = {
    "--csv": "csv",
    "--tsv": "tsv",
    "--jsonl": "jsonl",
    "--json-lines": "jsonl",
    "--ndjson": "jsonl",
    "--md": "md",
    "--markdown": "md",
}


def _asks_for_excel(exc: BaseException) -> bool:
    """Whether a usage error is --format given a spreadsheet's name (xlsx, xls, excel), by a
    command that can write CSV for Excel."""
    import re

    param = getattr(exc, "param", None)
    if "--format" not in getattr(param, "opts", ()):
        return False
    command = getattr(getattr(exc, "ctx", None), "command", None)
    if not any("--excel" in getattr(p, "opts", ()) for p in getattr(command, "params", ())):
        return False  # about and fields write no CSV
    text = str(getattr(exc, "message", ""))
    return re.match(r"'(xlsx?|excel)' ", text, re.IGNORECASE) is not None


def _usage_line(exc: BaseException) -> str:
    """A usage error in one line: what is wrong, the usage, and where the help is."""
    from aomori_cli.cli.usage import usage_message

    message = usage_message(exc)
    option = getattr(exc, "option_name", None)
    unknown = hasattr(exc, "possibilities")  # NoSuchOption; not an option given no value
    if unknown and option in GLOBAL_OPTIONS:  # typed after the command: say where it goes
        text = _("{option} is a global option: give it before the command ({example})")
        return text.format(option=option, example=GLOBAL_OPTIONS[option])
    fmt = FORMAT_OPTIONS.get(option or "")
    if fmt is not None:  # --csv as some tools spell it
        message = _("{message} (for {format}, give --format {format})").format(
            message=message, format=fmt
        )
    if _asks_for_excel(exc):
        message = _("{message} (for Excel, give --format csv --excel -o FILE.csv)").format(
            message=message
        )
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        # Click raises some errors of a command's options without its context (an option
        # given no value): the help is still named, as for every other usage error.
        if state.command:
            text = _("{message} (see '{command} -h')")
            return text.format(message=message, command=state.command)
        return message
    usage = " ".join(ctx.get_usage().split())
    text = _("{message} ({usage}; see '{command} -h')")
    return text.format(message=message, usage=usage, command=ctx.command_path)


def main(argv: Sequence[str] | None = None) -> None:
    """Console script: the process's set-up, then run()."""
    if sys.stdout is None:  # started with stdout closed (`aomori list >&-`)
        # Fails when written to, so that `aomori list -o file >&-` still works.
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:
        sys.stderr = io.StringIO()  # nowhere to say anything; the exit status still tells
    if os.environ.get(COMPLETE_VAR, "").startswith("complete_"):
        # A shell asks for completions. Typer renders each one's help (a programme's name)
        # with Rich, which wraps it at the terminal's width: fish and PowerShell would take a
        # wrapped line for a completion of its own. Rich reads the width from these two.
        os.environ["TERMINAL_WIDTH"] = os.environ["COLUMNS"] = str(COMPLETION_WIDTH)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A terminal or pipe that cannot show Japanese gets '?' rather than a crash.
            reconfigure(errors="replace")
    # Ctrl-C as KeyboardInterrupt while the command runs (aomori_cli.main made it fatal while
    # loading), so an interrupted --output write still removes its temporary file; then
    # fatal again, so no moment is left where it could surface as a traceback.
    # A process started with Ctrl-C ignored (`aomori … &` in a script) leaves it ignored.
    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    try:
        if not ignored:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        code = run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        code = INTERRUPTED
    finally:
        if not ignored:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(code)
