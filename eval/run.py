"""Evaluate `aomori search` against the judged queries in eval/queries.toml.

    python eval/run.py [--data FILE] [--failures]

Prints, per group and overall: success@1 (the first result is a right answer; for a query
that must find nothing, no result at all), recall@5 (the share of right answers among the first
five, out of at most five) and MRR (mean reciprocal rank of the first right answer in the first
ten). ``--failures`` lists every query whose first result is wrong.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "eval" / "queries.toml"
GROUPS = ("names", "fragments", "topics", "variants", "hiragana", "romaji", "english", "nothing")


@dataclass(frozen=True)
class Judged:
    group: str
    query: str
    want: frozenset[int]


@dataclass(frozen=True)
class Outcome:
    judged: Judged
    found: tuple[int, ...]

    @property
    def success_at_1(self) -> float:
        if not self.judged.want:
            return float(not self.found)
        return float(bool(self.found) and self.found[0] in self.judged.want)

    @property
    def recall_at_5(self) -> float:
        if not self.judged.want:
            return float(not self.found)
        hits = len(set(self.found[:5]) & self.judged.want)
        return hits / min(len(self.judged.want), 5)

    @property
    def reciprocal_rank(self) -> float:
        if not self.judged.want:
            return float(not self.found)
        for rank, no in enumerate(self.found[:10], 1):
            if no in self.judged.want:
                return 1 / rank
        return 0.0

    @property
    def all_wrong(self) -> bool:
        """Results were given and not one of them is right."""
        return bool(self.found) and not set(self.found) & self.judged.want


def load_queries(path: Path = QUERIES) -> list[Judged]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    judged = []
    for group in GROUPS:
        for entry in doc[group]:
            if isinstance(entry, str):
                judged.append(Judged(group, entry, frozenset()))
            else:
                query, want = entry
                judged.append(Judged(group, query, frozenset(want)))
    return judged


def evaluate(data: Path | None = None, judged: list[Judged] | None = None) -> list[Outcome]:
    from aomori_cli.load import load_report
    from aomori_cli.search.index import index_for

    report = load_report(data, cache=False)
    outcomes = []
    for j in judged or load_queries():
        hits = index_for(report, j.query).search(j.query, limit=10)
        outcomes.append(Outcome(j, tuple(h.programme.no for h in hits)))
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, tuple[int, float, float, float]]:
    """Per group and "all": (queries, success@1, recall@5, MRR)."""
    table = {}
    for group in (*GROUPS, "all"):
        chosen = [o for o in outcomes if group in ("all", o.judged.group)]
        if not chosen:
            continue
        n = len(chosen)
        table[group] = (
            n,
            sum(o.success_at_1 for o in chosen) / n,
            sum(o.recall_at_5 for o in chosen) / n,
            sum(o.reciprocal_rank for o in chosen) / n,
        )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--failures", action="store_true", help="list the queries that fail")
    args = parser.parse_args()
    outcomes = evaluate(args.data)
    print(f"{'group':<10}{'queries':>8}{'success@1':>11}{'recall@5':>10}{'MRR':>7}")
    for group, (n, s1, r5, mrr) in summary(outcomes).items():
        print(f"{group:<10}{n:>8}{s1:>11.3f}{r5:>10.3f}{mrr:>7.3f}")
    wrong = [o for o in outcomes if o.all_wrong]
    print(f"queries whose results are all wrong: {len(wrong)}")
    if args.failures:
        for o in outcomes:
            if o.success_at_1 < 1:
                mark = "ALL WRONG " if o.all_wrong else ""
                print(
                    f"  {mark}{o.judged.group}: {o.judged.query!r} want {sorted(o.judged.want)}"
                    f" got {list(o.found[:5])}"
                )


if __name__ == "__main__":
    main()
