"""An independent reading of the seed document, for tests to compare the TOML with."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "seeds").glob("*.txt"))


def squash(text: str) -> str:
    """Width and spacing folded away: how the seed and the TOML are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass
class ListRow:
    no: int
    name: str
    budget: int
    new: bool
    division: str
    page: int


@dataclass
class Body:
    overview: str
    results: str
    kpis: list[tuple[str, str, str]]
    division: str
    group: str


def text() -> str:
    return SEED.read_text(encoding="utf-8")


def list_table() -> tuple[list[ListRow], int]:
    rows: list[ListRow] = []
    subtotal = None
    lines = text().splitlines()
    start = lines.index("【基本方針事業一覧】")
    for line in lines[start + 1 :]:
        cells = line.split("\t")
        if len(cells) == 6 and cells[0].isdigit():
            no, name, budget, new, division, page = cells
            rows.append(
                ListRow(
                    int(no), name, int(budget.replace(",", "")), new == "○", division, int(page)
                )
            )
        elif len(cells) >= 3 and cells[1] == "小計":
            subtotal = int(cells[2].replace(",", ""))
            break
    assert subtotal is not None
    return rows, subtotal


_DIVISION = re.compile(r"^[(（]担当課：(\S+)\s+(\S+)[)）]$")


def bodies() -> list[Body]:
    """Every programme's body section, in order: the text from one 事業概要 to its 担当課 line."""
    lines = [line.strip() for line in text().splitlines()]
    out: list[Body] = []
    i = 0
    while i < len(lines):
        if lines[i] == "【 事業概要 】":
            overview, i = _paragraphs(lines, i + 1, "【 事業実績 】")
            results, i = _paragraphs(lines, i + 1, None)
            assert lines[i].startswith("項目名"), lines[i]
            kpis = []
            i += 1
            while lines[i] and not _DIVISION.match(lines[i]):
                name, fy2023, fy2024 = lines[i].split("\t")
                kpis.append((name, fy2023, fy2024))
                i += 1
            while not _DIVISION.match(lines[i]):
                i += 1
            match = _DIVISION.match(lines[i])
            assert match
            out.append(Body(overview, results, kpis, match[1], match[2]))
        i += 1
    return out


def _paragraphs(lines: list[str], i: int, stop: str | None) -> tuple[str, int]:
    """Non-empty lines up to ``stop`` (or the KPI header); notes starting ※ are left out."""
    parts = []
    while i < len(lines) and lines[i] != stop and not lines[i].startswith("項目名"):
        if lines[i] and not lines[i].startswith("※"):
            parts.append(lines[i])
        i += 1
    return "\n".join(parts), i


def headings() -> dict[str, int]:
    """Budgets printed in body headings ("事業費 9,243 千円"), by the line before them."""
    lines = [line.strip() for line in text().splitlines()]
    out = {}
    for i, line in enumerate(lines):
        match = re.match(r"^事業費\s+([\d,]+)\s+千円$", line)
        if match:
            name = next(lines[j] for j in range(i - 1, 0, -1) if lines[j])
            out[name] = int(match[1].replace(",", ""))
    return out
