"""The first `evaluate` of a freshly loaded tender, in a fresh process: the figure a user meets.

Warm runs over the same loaded tender can hit caches kept between evaluations; this script times
only the first one (CPU and wall time), and with `--profile N` prints the top N functions of a
cProfile of that same first evaluation. With `--baseline SRC` each folder is measured a second
time in a fresh process with an older tenderkit's src/ on the path, side by side in one run.
On a shared machine one pair of runs says little: `--repeat N` measures each folder N times,
this code and the baseline taking turns, and prints the minimum and the median CPU time of each
(and their ratio), so that load from elsewhere falls on both alike.

Run: `PYTHONPATH=src .venv/bin/python benchmarks/cold_evaluate.py FOLDER... [--baseline SRC]
[--repeat 5] [--profile 30]`; the folders are written by benchmarks/realistic.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SAMPLES = 10_000


def measure(folder: str, profile: int) -> dict[str, float]:
    """Load the tender, then time (or profile) its first evaluation."""
    from tenderkit.evaluation import evaluate
    from tenderkit.loader import load_tender

    tender = load_tender(folder)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        evaluate(tender, samples=SAMPLES)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(profile)
        stats.sort_stats("tottime").print_stats(profile)
        return {}
    wall, cpu = time.perf_counter(), time.process_time()
    evaluate(tender, samples=SAMPLES)
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def child(folder: Path, src: Path | None, profile: int) -> dict[str, float]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src.resolve())
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), "--profile", str(profile)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{folder}: the measuring process failed:\n{done.stderr}")
    if profile:
        print(done.stderr)
    return json.loads(done.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--baseline", type=Path, help="src/ folder of an older tenderkit")
    parser.add_argument("--profile", type=int, default=0, help="print the top N of a profile")
    parser.add_argument("--repeat", type=int, default=1, help="fresh processes per code")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(str(args.folders[0]), args.profile)))
        return 0
    print(f"first evaluate of a freshly loaded tender, {SAMPLES:,} samples, fresh process each")
    if args.profile:
        for folder in args.folders:
            child(folder, Path(__file__).parents[1] / "src", args.profile)
        return 0
    codes = {"this": Path(__file__).parents[1] / "src"}
    if args.baseline is not None:
        codes["baseline"] = args.baseline
    repeat = max(1, args.repeat)
    print(
        f"{'tender':<24}{'code':<10}{'runs':>5}{'cpu min':>9}{'cpu med':>9}{'wall med':>9}"
        f"{'x base':>8}"
    )
    for folder in args.folders:
        runs: dict[str, list[dict[str, float]]] = {code: [] for code in codes}
        for _ in range(repeat):  # the codes take turns, so load falls on both alike
            for code, src in codes.items():
                runs[code].append(child(folder, src, 0))
        medians = {code: statistics.median(r["cpu"] for r in rows) for code, rows in runs.items()}
        for code, rows in runs.items():
            cpu = [r["cpu"] for r in rows]
            ratio = medians[code] / medians["baseline"] if "baseline" in medians else None
            print(
                f"{folder.name:<24}{code:<10}{len(rows):>5}{min(cpu):>9.3f}{medians[code]:>9.3f}"
                f"{statistics.median(r['wall'] for r in rows):>9.3f}"
                + (f"{ratio:>8.2f}" if ratio is not None else "")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
