from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aomori_cli.cli import app
from aomori_cli.data import load_report
from aomori_cli.models import Report

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "programs.toml"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite's dataset cache lives in a temporary folder, never in the user's."""
    os.environ["AOMORI_CACHE_DIR"] = str(tmp_path_factory.mktemp("aomori-cache"))


@pytest.fixture(scope="session")
def report() -> Report:
    return load_report(DATA)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


Run = Callable[..., Any]


@pytest.fixture()
def run(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the CLI in-process with a fixed width and no colour; returns the Result."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("AOMORI_DATA", raising=False)

    def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
        return runner.invoke(app, list(args), env=env)

    return invoke


@pytest.fixture()
def run_json(run: Run) -> Callable[..., Any]:
    def invoke(*args: str) -> Any:
        result = run(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return invoke
