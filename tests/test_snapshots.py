"""Every command's table, and the help, at 20, 40, 60, 80 and 120 columns in Japanese and in
English, compared with a reviewed snapshot in tests/snapshots/ (NAME@WIDTH.LANG.txt).

After a deliberate change to a view, refresh and review:  python tests/test_snapshots.py --update
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from aomori_cli import cli

HERE = Path(__file__).resolve().parent / "snapshots"
CASES = {
    "list": ["list"],
    "list-division": ["list", "--division", "地域企業", "--division", "監理課"],
    "show-7": ["show", "7"],
    "show-17": ["show", "17"],
    "show-21": ["show", "21"],
    "compare-10": ["compare", "10"],
    "compare-2-3-4": ["compare", "2", "3", "4"],
    "compare-all": ["compare", "--all"],
    "compare-kpi": ["compare", "--kpi", "相談件数", "--sort", "change"],
    "totals": ["totals"],
    "totals-group": ["totals", "--by", "group"],
    "search-keiei": ["search", "経営"],
    "search-romaji": ["search", "kenko keiei"],
    "about": ["about"],
    "fields": ["fields"],
    "help": ["-h"],
    "help-compare": ["compare", "-h"],
}
WIDTHS = (20, 40, 60, 80, 120)
LANGUAGES = ("ja", "en")


def render(name: str, width: int, lang: str) -> str:
    env = {"COLUMNS": str(width), "NO_COLOR": "1", "AOMORI_DATA": "", "AOMORI_LANG": lang}
    with CliRunner().isolation(env=env) as (out, err, _):
        code = cli.run(CASES[name])
        sys.stdout.flush()
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    assert code == 0, stdout + stderr
    return stdout


CASE_IDS = [(n, w, lang) for n in sorted(CASES) for w in WIDTHS for lang in LANGUAGES]


@pytest.mark.parametrize(
    ("name", "width", "lang"), CASE_IDS, ids=[f"{n}@{w}.{lang}" for n, w, lang in CASE_IDS]
)
def test_snapshot(name: str, width: int, lang: str) -> None:
    text = render(name, width, lang)
    for line in text.splitlines():
        # Only help below 40 columns may be wider: an option's name and its metavar, or an
        # example's quoted argument, are never broken.
        if cell_len(line) > width:
            assert name.startswith("help") and width < 40, line
    expected = (HERE / f"{name}@{width}.{lang}.txt").read_text("utf-8")
    assert text == expected, (
        f"{name}@{width}.{lang} changed (python tests/test_snapshots.py --update)"
    )


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    HERE.mkdir(exist_ok=True)
    for old in HERE.glob("*.txt"):
        old.unlink()
    for name, width, lang in CASE_IDS:
        (HERE / f"{name}@{width}.{lang}.txt").write_text(render(name, width, lang), "utf-8")
