"""Scale benchmark: how each command's cost grows with the size of the dataset.

    python bench/scale.py [--runs 5] [--sizes 23,500,2000]

Each dataset is the shipped one with its programmes repeated and renumbered (a TOML file given
with --data), written to a temporary folder. Each command is timed as whole processes, warm:
the median of --runs runs after one run that fills the cache. Peak memory is the child's
maximum resident set size. Target: at 2,000 programmes every command within 3x its time at 23.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

from common import AOMORI, environment, pad, run_once

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "programs.toml"
TARGET = 3.0

COMMANDS = [
    ("list --json", ["list", "--json"]),
    ("search 経営 --json", ["search", "経営", "--json"]),
    ("show 10 --json", ["show", "10", "--json"]),
    ("totals", ["totals"]),
]


def generate(size: int, path: Path) -> None:
    """The shipped dataset with its programmes repeated and renumbered up to ``size``."""
    text = DATA.read_text("utf-8")
    head, _, rest = text.partition("[[programmes]]")
    body, case_study, tail = rest.partition("[case_study]")
    blocks = ("[[programmes]]" + body).split("\n[[programmes]]")
    blocks = [b if b.startswith("[[programmes]]") else "[[programmes]]" + b for b in blocks]
    out = []
    for i in range(size):
        block = blocks[i % len(blocks)]
        out.append(re.sub(r"(?m)^no = \d+$", f"no = {i + 1}", block, count=1).rstrip() + "\n")
    # The report's 小計 holds for the 23 only; a larger file has none.
    head = re.sub(r"(?m)^subtotal_thousand_yen = \d+\n", "", head)
    path.write_text(head + "\n".join(out) + "\n" + case_study + tail, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="23,500,2000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(AOMORI_CACHE_DIR=f"{tmp}/cache")
        results: dict[tuple[str, int], tuple[float, int]] = {}
        for size in sizes:
            data = Path(tmp) / f"programmes-{size}.toml"
            generate(size, data)
            for label, cmd in COMMANDS:
                argv = [*AOMORI, "--data", str(data), *cmd]
                run_once(argv, env)  # fills the cache
                timings = [run_once(argv, env) for _ in range(args.runs)]
                results[(label, size)] = (
                    statistics.median(t for t, _ in timings),
                    max(rss for _, rss in timings),
                )
    print(f"python {sys.version.split()[0]}; warm: median of {args.runs} runs each")
    print(
        f"{'command':<22}" + "".join(f"{size:>10} {'MiB':>6}" for size in sizes) + f"{'ratio':>8}"
    )
    worst = 0.0
    for label, _ in COMMANDS:
        row = pad(label, 22)
        for size in sizes:
            warm, peak = results[(label, size)]
            row += f"{warm * 1000:>8.0f}ms {peak / 1024:>6.1f}"
        ratio = results[(label, sizes[-1])][0] / results[(label, sizes[0])][0]
        worst = max(worst, ratio)
        row += f"{ratio:>7.1f}×"
        print(row)
    print(f"largest ratio {sizes[-1]} / {sizes[0]}: {worst:.1f}× (target {TARGET:g}×)")


if __name__ == "__main__":
    main()
