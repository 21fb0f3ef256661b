"""Each table at 100 columns, compared with a reviewed snapshot in tests/snapshots/.

After a deliberate change to a table, refresh and review:  python tests/test_snapshots.py --update
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aomori_cli.cli import app

HERE = Path(__file__).resolve().parent / "snapshots"
CASES = {
    "list": ["list"],
    "list-division": ["list", "--division", "地域企業"],
    "show-7": ["show", "7"],
    "show-17": ["show", "17"],
    "compare-10": ["compare", "10"],
    "compare-2-3-4": ["compare", "2", "3", "4"],
    "compare-all": ["compare", "--all"],
    "totals": ["totals"],
    "totals-group": ["totals", "--by", "group"],
    "search-keiei": ["search", "経営"],
    "search-romaji": ["search", "kenko keiei"],
    "about": ["about"],
    "fields": ["fields"],
    "list-40-columns": ["list"],
    "compare-10-40-columns": ["compare", "10"],
}
NARROW = {"list-40-columns", "compare-10-40-columns"}


def render(name: str) -> str:
    columns = "40" if name in NARROW else "100"
    env = {"COLUMNS": columns, "NO_COLOR": "1", "AOMORI_DATA": ""}
    result = CliRunner().invoke(app, CASES[name], env=env)
    assert result.exit_code == 0, result.output
    return "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_snapshot(name: str) -> None:
    expected = (HERE / f"{name}.txt").read_text("utf-8")
    assert render(name) == expected, f"{name} changed (python tests/test_snapshots.py --update)"


@pytest.mark.parametrize("name", sorted(CASES))
def test_tables_fit_their_width(name: str) -> None:
    from rich.cells import cell_len

    width = 40 if name in NARROW else 100
    assert max(cell_len(line) for line in render(name).splitlines()) <= width


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    HERE.mkdir(exist_ok=True)
    for case in CASES:
        (HERE / f"{case}.txt").write_text(render(case), "utf-8")
