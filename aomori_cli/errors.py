"""The project's exceptions and the exit status each maps to (aomori_cli.cli.main reports
them, in one place)."""

from __future__ import annotations

OK = 0
FAILED = 1  # not found, ambiguous, bad data, cannot write
USAGE = 2  # Typer's own usage errors, and aomori_cli.cli.compat.UsageError
INTERRUPTED = 130


class AomoriError(Exception):
    """An error the user can act on; its message is one line."""

    exit_code = FAILED


class DataError(AomoriError):
    """The dataset file cannot be used. ``problems`` lists every schema error found."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class NotFound(AomoriError):
    """No programme, division or group matches, or several do; ``candidates`` are the closest."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates
