"""The project's exceptions: the core raises them, the CLI prints them (exit 1)."""

from __future__ import annotations


class AomoriError(Exception):
    """An error the user can act on; its message is one line."""


class DataError(AomoriError):
    """The dataset file cannot be used. ``problems`` lists every schema error found."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class LookupFailed(AomoriError):
    """No programme (or division) matches, or several do; ``candidates`` are the closest."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates
