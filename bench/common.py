"""What both benchmarks share: how to run the tool as a process and measure it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

PY = sys.executable
BIN = Path(PY).parent / "aomori"
# The installed console script beside this Python, else the module.
AOMORI = [str(BIN)] if BIN.exists() else [PY, "-m", "aomori_cli"]


def environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", **extra}
    env.pop("AOMORI_DATA", None)
    # Compiled bytecode is what an installed tool runs with (pip writes it); a checkout run
    # with PYTHONDONTWRITEBYTECODE would recompile every module on every run instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds of one whole process, and its peak RSS in KiB. Its output is
    discarded: stderr too, where `search` notes that its limit cut the list, so that the
    benchmark's own report is all it prints. A failed run is run again to show its error."""
    start = time.perf_counter()
    devnull = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    pid = os.posix_spawn(argv[0], argv, env, file_actions=devnull)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        error = subprocess.run(argv, env=env, capture_output=True, text=True).stderr.strip()
        raise SystemExit(f"failed ({code}): {' '.join(argv)}: {error}")
    return elapsed, usage.ru_maxrss


def pad(text: str, width: int) -> str:
    """Left-align text that may hold wide (Japanese) characters, two columns each."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)
