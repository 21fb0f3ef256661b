from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aomori_cli import cli
from aomori_cli.load import load_report
from aomori_cli.models import Report

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "programs.toml"


def programmes_toml(rows: Iterable[str]) -> str:
    """A dataset of programmes numbered from 1 and named 事業1, 事業2…, each with the TOML
    lines ``rows`` gives it (its budget, division, page and whatever the test needs)."""
    return "".join(
        f'[[programmes]]\nno = {n}\nname = "事業{n}"\n{lines}'
        for n, lines in enumerate(rows, start=1)
    )


def measured(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> Callable[[], int]:
    """Wraps ``owner.name``, a function of one text, to add up the length of every text it is
    given: the total so far, to show that work grows with a text and not with its square."""
    real = getattr(owner, name)
    total = 0

    def counting(text: str) -> Any:
        nonlocal total
        total += len(text)
        return real(text)

    monkeypatch.setattr(owner, name, counting)
    return lambda: total


@functools.cache
def schema() -> dict[str, Any]:
    """The contract as `aomori schema` prints it."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert cli.run(["schema"]) == 0
    return json.loads(buffer.getvalue())  # type: ignore[no-any-return]


def validate(instance: object, command: str) -> None:
    """``instance`` is what the contract says ``command --json`` prints."""
    import jsonschema

    jsonschema.validate(instance, {**schema(), "$ref": f"#/$defs/{command}"})


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite's dataset cache lives in a temporary folder, never in the user's."""
    os.environ["AOMORI_CACHE_DIR"] = str(tmp_path_factory.mktemp("aomori-cache"))
    # One language for the whole suite, whatever the machine's locale; tests of the other
    # language, and of the locale, say so.
    os.environ["AOMORI_LANG"] = os.environ.get("AOMORI_TEST_LANG", "en")


@pytest.fixture(scope="session")
def report() -> Report:
    return load_report(DATA)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


Run = Callable[..., Any]


class Outcome:
    """What one run printed and returned (the shape of Click's Result)."""

    def __init__(self, stdout: str, stderr: str, exit_code: int, exception: BaseException | None):
        self.stdout, self.stderr, self.exit_code, self.exception = (
            stdout,
            stderr,
            exit_code,
            exception,
        )
        self.output = stdout + stderr


@pytest.fixture()
def run(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Run:
    """Run the CLI in-process exactly as the console script does (aomori_cli.cli.run), with a
    fixed width and no colour, its streams captured; in English unless the test is marked
    ``@pytest.mark.lang("ja")``."""
    monkeypatch.setenv("COLUMNS", "100")
    lang = request.node.get_closest_marker("lang")
    if lang is not None:
        monkeypatch.setenv("AOMORI_LANG", lang.args[0])
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("AOMORI_DATA", raising=False)

    def invoke(*args: str, env: dict[str, str] | None = None) -> Outcome:
        exception: BaseException | None = None
        with runner.isolation(env=env) as (out, err, _):
            try:
                code = cli.run(list(args))
            except SystemExit as exc:  # pragma: no cover - run() returns its code
                code = exc.code if isinstance(exc.code, int) else 1
            except Exception as exc:  # --debug lets an internal error through
                exception, code = exc, 1
            sys.stdout.flush()
            sys.stderr.flush()
            stdout, stderr = out.getvalue(), err.getvalue()
        return Outcome(
            stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"), code, exception
        )

    return invoke


@pytest.fixture()
def run_json(run: Run) -> Callable[..., Any]:
    def invoke(*args: str) -> Any:
        result = run(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return invoke
