"""The benchmarks still run (one quick round each). No timing is asserted: they are measured
with their own commands, documented in the README."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # subprocesses: seconds each; `pytest -m "not slow"` skips them

ROOT = Path(__file__).resolve().parent.parent


def bench(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "AOMORI_DATA"}
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The commands' own notes (search's "the best 10 matches shown") stay out of the report.
    assert result.stderr == ""
    return result.stdout


def test_startup_benchmark_runs() -> None:
    out = bench("bench/startup.py", "--runs", "1")
    assert "floor: typer" in out and "show 10 --json" in out


def test_scale_benchmark_runs() -> None:
    out = bench("bench/scale.py", "--runs", "1", "--sizes", "23,120")
    assert "list --json" in out and "largest ratio 120 / 23" in out
