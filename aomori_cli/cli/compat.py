"""What the command line needs from Typer beyond its documented API, in one place.

Typer 0.28 vendors Click and exports ``BadParameter`` but not the ``UsageError`` it derives
from; every usage error (unknown option, missing argument, bad value) is one. It is found
through the public class's own ancestry, not by importing Typer's private modules;
tests/test_cli_core.py checks this against the Typer installed.
"""

from __future__ import annotations

import typer


def _ancestor(cls: type, name: str) -> type[typer.TyperException]:
    for base in cls.__mro__:
        if base.__name__ == name and issubclass(base, typer.TyperException):
            return base
    raise ImportError(f"this Typer has no {name} above {cls.__name__}")  # pragma: no cover


UsageError = _ancestor(typer.BadParameter, "UsageError")
