"""Heavy imports stay on the paths that need them: --json never imports Rich, and a search that
exact matches fill never imports rapidfuzz (STYLE.md; the start-up benchmark depends on it)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import io, sys, contextlib
from aomori_cli import cli
with contextlib.redirect_stdout(io.StringIO()):
    code = cli.run(sys.argv[1:])
print(code, "rich" in sys.modules, "rapidfuzz" in sys.modules, "importlib.metadata" in sys.modules,
      "aomori_cli.search.index" in sys.modules)
"""


def modules_after(*args: str) -> tuple[str, ...]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    ).stdout.split()
    return tuple(out)


@pytest.mark.parametrize(
    "args",
    [
        ("show", "10", "--json"),
        ("list", "--json"),
        ("compare", "10", "--json"),
        ("totals", "--json"),
        ("search", "経営", "--json"),
        ("show", "健康経営", "--json"),
    ],
)
def test_json_never_imports_rich(args: tuple[str, ...]) -> None:
    code, rich, rapidfuzz, metadata, _ = modules_after(*args)
    assert (code, rich, rapidfuzz, metadata) == ("0", "False", "False", "False")


def test_only_searches_and_names_import_the_search_index() -> None:
    for args in (("show", "10", "--json"), ("list",), ("totals", "--json"), ("compare", "10")):
        assert modules_after(*args)[4] == "False", args
    assert modules_after("show", "健康経営", "--json")[4] == "True"


def test_tables_import_rich_and_typos_import_rapidfuzz() -> None:
    assert modules_after("list")[:2] == ("0", "True")
    assert modules_after("search", "健康径営", "--json")[:3] == ("0", "False", "True")
