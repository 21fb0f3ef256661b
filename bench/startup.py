"""Start-up benchmark: whole processes, interleaved, median of several runs, against floors.

    python bench/startup.py [--runs 21]

Each command is timed as a fresh process, in rounds that interleave every command and its
floor, so a slow moment of the machine touches all of them alike. Floors, measured in the
same run: ``python -c "import typer"`` for the JSON commands, ``python -c "import typer,
rich.console, rich.table"`` for the commands that draw a table. Peak memory is the child's
maximum resident set size (stdlib ``resource``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

from common import AOMORI, BIN, PY, environment, pad, run_once

FLOOR_TYPER = [PY, "-c", "import typer"]
FLOOR_RICH = [PY, "-c", "import typer, rich.console, rich.table"]

# (label, argv, floor label, target ratio), in Japanese and in English (--lang; the Japanese
# catalogue is loaded only for ja).
COMMANDS = [
    (["show", "10", "--json"], "typer", 1.35),
    (["search", "経営", "--json"], "typer", 1.35),
    (["list"], "typer+rich", 1.4),
    (["show", "10"], "typer+rich", 1.4),
]
CASES = [
    (f"{' '.join(args)} ({lang})", [*AOMORI, "--lang", lang, *args], floor, target)
    for args, floor, target in COMMANDS
    for lang in ("ja", "en")
]
FLOORS = {"typer": FLOOR_TYPER, "typer+rich": FLOOR_RICH}


def measure(
    runs: int, cases: list[tuple[str, list[str], str, float]]
) -> dict[str, tuple[float, int]]:
    env = environment()
    argvs = {label: argv for label, argv, _, _ in cases} | {
        f"floor: {k}": v for k, v in FLOORS.items()
    }
    for argv in argvs.values():  # warm the OS cache and the bytecode
        run_once(argv, env)
    times: dict[str, list[float]] = {k: [] for k in argvs}
    peaks: dict[str, int] = dict.fromkeys(argvs, 0)
    for _ in range(runs):
        for label, argv in argvs.items():
            elapsed, rss = run_once(argv, env)
            times[label].append(elapsed)
            peaks[label] = max(peaks[label], rss)
    return {k: (statistics.median(v), peaks[k]) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    results = measure(args.runs, CASES)
    print(f"python {sys.version.split()[0]}, {args.runs} runs each, median wall time")
    print(f"{'command':<24}{'ms':>8}{'floor':>12}{'ratio':>8}{'target':>8}{'peak MiB':>10}")
    for key in FLOORS:
        ms, rss = results[f"floor: {key}"]
        print(f"{'floor: ' + key:<24}{ms * 1000:>8.1f}{'':>12}{'':>8}{'':>8}{rss / 1024:>10.1f}")
    failed = False
    for label, _, floor, target in CASES:
        ms, rss = results[label]
        ratio = ms / results[f"floor: {floor}"][0]
        mark = "" if ratio <= target else "  over"
        failed |= ratio > target
        print(
            f"{pad(label, 24)}{ms * 1000:>8.1f}{floor:>12}{ratio:>8.2f}{target:>8.2f}{rss / 1024:>10.1f}{mark}"
        )
    if not BIN.exists():
        print("(aomori not installed next to this python: ran python -m aomori_cli)")
    sys.exit(1 if failed and os.environ.get("BENCH_STRICT") else 0)


if __name__ == "__main__":
    main()
