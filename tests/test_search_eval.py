"""The search evaluation (eval/queries.toml, eval/run.py) holds its bar: the first result is
right for at least 95% of the judged queries, and no query gets only wrong results."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_run", ROOT / "eval" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_run"] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def test_the_judged_queries_cover_every_kind(run: ModuleType) -> None:
    judged = run.load_queries()
    assert len(judged) >= 120
    counts = {g: sum(j.group == g for j in judged) for g in run.GROUPS}
    assert all(n >= 12 for n in counts.values()), counts
    assert len({j.query for j in judged}) == len(judged), "a query is judged twice"
    for j in judged:
        assert j.want <= set(range(1, 24)), j


def test_success_at_1_and_no_query_all_wrong(run: ModuleType) -> None:
    outcomes = run.evaluate()
    n, success, _, _ = run.summary(outcomes)["all"]
    failed = [(o.judged.query, list(o.found[:3])) for o in outcomes if o.success_at_1 < 1]
    assert success >= 0.95, failed
    wrong = [(o.judged.query, list(o.found[:3])) for o in outcomes if o.all_wrong]
    assert not wrong
