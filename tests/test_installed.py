"""The installed console script, run as a user would: pipes, encodings, terminals, folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "aomori"
AOMORI = str(BIN) if BIN.exists() else shutil.which("aomori")
pytestmark = [
    pytest.mark.skipif(AOMORI is None, reason="the aomori console script is not installed"),
    pytest.mark.slow,  # subprocesses, a second or more each
]


def sh(command: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("AOMORI_DATA", "COLUMNS")}
    full_env.update(env)
    return subprocess.run(
        ["bash", "-c", command.replace("aomori", f"'{AOMORI}'", 1)],
        cwd=tmp_path,
        env=full_env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        check=False,
    )


def test_runs_from_another_folder(tmp_path: Path) -> None:
    r = sh("aomori list --json", tmp_path)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)) == 23


def test_python_dash_m(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "aomori_cli", "show", "10", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert r.returncode == 0 and json.loads(r.stdout)["budget_thousand_yen"] == 1_338_105


@pytest.mark.parametrize(
    "command",
    ["aomori list | head -1", "aomori list --json | head -c 10", "aomori about | head -2"],
)
def test_closed_pipe_is_quiet(tmp_path: Path, command: str) -> None:
    r = sh(command, tmp_path)
    assert r.stdout and r.stderr == "", r.stderr


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}, {"FORCE_COLOR": ""}])
def test_piped_output_has_no_escape_codes(tmp_path: Path, env: dict[str, str]) -> None:
    for command in ("list", "show 7", "compare 10", "totals", "search 経営"):
        r = sh(f"aomori {command} | cat", tmp_path, **env)
        assert r.returncode == 0 and "\x1b" not in r.stdout, command


@pytest.mark.parametrize("columns", ["5", "20", "40", "100"])
def test_narrow_terminals_keep_every_figure_whole(tmp_path: Path, columns: str) -> None:
    r = sh("aomori list", tmp_path, COLUMNS=columns)
    assert r.returncode == 0
    for budget in ("1,338,105", "172,726", "2,543,429", "710"):
        assert budget in r.stdout, (columns, budget)
    r = sh("aomori compare 10", tmp_path, COLUMNS=columns)
    for figure in ("41,276件", "42,660件", "+1,384"):
        assert figure in r.stdout, (columns, figure)
    widest = max(len(line) for line in r.stdout.splitlines())
    assert widest <= max(int(columns), 20) or columns == "20"


@pytest.mark.parametrize(
    "env",
    [
        {"LC_ALL": "C"},
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "cp932"},
        {"LANG": "C", "PYTHONUTF8": "0"},
    ],
)
def test_odd_encodings_do_not_crash(tmp_path: Path, env: dict[str, str]) -> None:
    for command in ("list", "show 7", "show 存在しない事業", "search けんこう"):
        r = sh(f"aomori {command}", tmp_path, **env)
        assert r.returncode in (0, 1), (command, r.stderr)
        assert "Traceback" not in r.stderr and "UnicodeEncodeError" not in r.stderr


def test_exit_codes_and_streams(tmp_path: Path) -> None:
    r = sh("aomori show 99", tmp_path)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr.startswith("aomori: error: no programme number 99")
    r = sh("aomori totals --by nonsense", tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    r = sh("aomori search 存在しない言葉 --json", tmp_path)
    assert (r.returncode, r.stdout) == (0, "[]\n")


def test_version(tmp_path: Path) -> None:
    r = sh("aomori --version", tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("aomori 0.")


@pytest.mark.parametrize("delay", [0.04, 0.07, 0.1, 0.3])
def test_ctrl_c_is_quiet(tmp_path: Path, delay: float) -> None:
    import signal
    import time

    assert AOMORI is not None
    proc = subprocess.Popen(
        [AOMORI, "compare", "--all"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    # Killed by the signal while loading (-2, which a shell reports as 130), 130 once running,
    # or already finished (0). No traceback from aomori's code: Python itself prints one when
    # the signal lands while the interpreter or pip's launcher is still starting, before any
    # of it runs, and that is outside the package.
    assert "aomori_cli" not in err, err
    if proc.returncode == 1:  # a slow machine: the signal landed while Python was starting
        assert "Fatal Python error" in err
    else:
        assert proc.returncode in (-signal.SIGINT, 130, 0), (proc.returncode, err)


def test_the_installed_tool_speaks_japanese(tmp_path: Path) -> None:
    """The compiled catalogue is in the wheel: a Japanese locale gives Japanese help and
    tables from a regular install."""
    r = sh("aomori list -h", tmp_path, AOMORI_LANG="", LC_ALL="", LANG="ja_JP.UTF-8")
    assert r.returncode == 0 and r.stdout.startswith("使い方: aomori list"), r.stdout[:200]
    r = sh("aomori show 10", tmp_path, AOMORI_LANG="ja", COLUMNS="100")
    assert "事業費 1,338,105千円" in r.stdout, r.stdout
