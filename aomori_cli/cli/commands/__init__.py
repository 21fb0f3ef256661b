"""The commands, one module each, imported only when run (see aomori_cli.cli.app)."""

from __future__ import annotations

import importlib

import typer

# Command name -> the module (in this package) whose ``app`` holds it, in the order of the help.
MODULES = {
    "list": "listing",
    "show": "show",
    "compare": "compare",
    "totals": "totals",
    "search": "search",
    "about": "reference",
    "fields": "reference",
    "schema": "reference",
    "export": "export",
}


def command_app(name: str) -> typer.Typer | None:
    """The Typer app of one command, or None for a name that is not a command."""
    module = MODULES.get(name)
    if module is None:
        return None
    apps: dict[str, typer.Typer] = importlib.import_module(f"{__name__}.{module}").APPS
    return apps[name]
