"""Scale benchmark: how each command's cost grows with the size of the dataset.

    python bench/scale.py [--runs 5] [--sizes 23,1000,10000]

Generates synthetic datasets of realistic Japanese programmes (the 23 real ones, varied:
numbered names, shuffled divisions, scaled budgets and KPIs) into a temporary folder, and
times whole `aomori --data FILE …` processes on each: the median of --runs warm runs (the
dataset cache filled by one run first) and one cold run with the cache off. Peak memory is the
child's maximum resident set size. Target: at 10,000 programmes every command within 5× its
time at 23.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import AOMORI, environment, pad, run_once

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = [
    "",
    "（東青地域）",
    "（西北地域）",
    "（中南地域）",
    "（上北地域）",
    "（下北地域）",
    "（三八地域）",
]

COMMANDS = [
    ("list --json", ["list", "--json"]),
    ("search 経営 --json", ["search", "経営", "--json"]),
    ("totals", ["totals"]),
    ("show <name> --json", ["show", "{name}", "--json"]),
]


def toml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def generate(size: int, path: Path) -> str:
    """Write a dataset of ``size`` programmes; return a name unique to one of them."""
    # The real 23, from the tool itself.
    listing = subprocess.run([*AOMORI, "list", "--json"], capture_output=True, check=True)
    base = json.loads(listing.stdout)
    rng = random.Random(size)
    divisions = sorted({p["division"] for p in base})
    lines = ["schema_version = 1", "[report]", 'title = "synthetic"', "[report.section]"]
    lines.append("subtotal_thousand_yen = 0")
    unique = ""
    for i in range(size):
        src = base[i % len(base)]
        cycle = i // len(base)
        name = src["name"] + SUFFIXES[cycle % len(SUFFIXES)] + (f"第{cycle}期" if cycle else "")
        if i == size // 2:
            unique = name
        factor = rng.uniform(0.5, 1.5)
        kpis = []
        for k in src["kpis"]:

            def fig(f: dict | None, factor: float = factor) -> str:
                if f is None:
                    return "-"
                value = max(0, round(f["value"] * factor))
                return f"{f['qualifier'] + ' ' if f['qualifier'] else ''}{value:,}{f['unit']}"

            kpis.append(
                f"{{ name = {toml_str(k['name'])}, fy2023 = {toml_str(fig(k['fy2023']))}, "
                f"fy2024 = {toml_str(fig(k['fy2024']))} }}"
            )
        lines += [
            "[[programmes]]",
            f"no = {i + 1}",
            f"name = {toml_str(name)}",
            f"name_en = {toml_str(src['name_en'])}",
            f"reading = {toml_str(src['reading'])}",
            f"romaji = {toml_str(src['romaji'])}",
            f"budget_thousand_yen = {max(1, round(src['budget_thousand_yen'] * factor))}",
            f"new = {'true' if src['new'] else 'false'}",
            f"reposted = {'true' if src['reposted'] else 'false'}",
            f"division = {toml_str(divisions[rng.randrange(len(divisions))])}",
            f"group = {toml_str(src['group'])}",
            f"page = {51 + i // 2}",
            f"overview = {toml_str(src['overview'])}",
            f"results = {toml_str(src['results'])}",
            f"kpis = [{', '.join(kpis)}]",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return unique


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="23,1000,10000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        base_env = environment(AOMORI_CACHE_DIR=f"{tmp}/cache")
        results: dict[tuple[str, int], tuple[float, float, int]] = {}
        for size in sizes:
            data = Path(tmp) / f"programmes-{size}.toml"
            t = time.perf_counter()
            unique = generate(size, data)
            print(
                f"generated {size:>6} programmes: {data.stat().st_size / 1e6:6.2f} MB in {time.perf_counter() - t:.1f} s",
                file=sys.stderr,
            )
            for label, cmd in COMMANDS:
                argv = [*AOMORI, "--data", str(data), *[c.replace("{name}", unique) for c in cmd]]
                cold, _ = run_once(argv, {**base_env, "AOMORI_NO_CACHE": "1"})
                run_once(argv, base_env)  # fills the cache
                timings = [run_once(argv, base_env) for _ in range(args.runs)]
                warm = statistics.median(t for t, _ in timings)
                peak = max(rss for _, rss in timings)
                results[(label, size)] = (warm, cold, peak)
    print(
        f"python {sys.version.split()[0]}; warm: median of {args.runs} runs with the cache; cold: one run without it"
    )
    header = (
        f"{'command':<22}"
        + "".join(f"{size:>10} {'cold':>7} {'MiB':>6}" for size in sizes)
        + f"{'ratio':>8}"
    )
    print(header)
    worst = 0.0
    for label, _ in COMMANDS:
        row = pad(label, 22)
        for size in sizes:
            warm, cold, peak = results[(label, size)]
            row += f"{warm * 1000:>8.0f}ms {cold * 1000:>5.0f}ms {peak / 1024:>6.1f}"
        ratio = results[(label, sizes[-1])][0] / results[(label, sizes[0])][0]
        worst = max(worst, ratio)
        row += f"{ratio:>7.1f}×"
        print(row)
    print(f"largest ratio {sizes[-1]} / {sizes[0]}: {worst:.1f}× (target 5×)")


if __name__ == "__main__":
    main()
