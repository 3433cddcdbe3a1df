"""The first `evaluate` of a freshly loaded tender, in a fresh process: the figure a user meets.

Warm runs over the same loaded tender can hit caches kept between evaluations; this script times
only the first one (CPU and wall time), and with `--profile N` prints the top N functions of a
cProfile of that same first evaluation. With `--baseline SRC` each folder is measured a second
time in a fresh process with an older tenderkit's src/ on the path, side by side in one run.

Run: `PYTHONPATH=src .venv/bin/python benchmarks/cold_evaluate.py FOLDER... [--baseline SRC]
[--profile 30]`; the folders are written by benchmarks/realistic.py.
"""

from __future__ import annotations

import argparse
import json
import os
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
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(str(args.folders[0]), args.profile)))
        return 0
    print(f"first evaluate of a freshly loaded tender, {SAMPLES:,} samples, fresh process each")
    print(f"{'tender':<24}{'code':<10}{'cpu s':>8}{'wall s':>8}")
    for folder in args.folders:
        rows = [("this", child(folder, Path(__file__).parents[1] / "src", args.profile))]
        if args.baseline is not None and not args.profile:
            rows.append(("baseline", child(folder, args.baseline, 0)))
        for code, row in rows:
            if row:
                print(f"{folder.name:<24}{code:<10}{row['cpu']:>8.3f}{row['wall']:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
