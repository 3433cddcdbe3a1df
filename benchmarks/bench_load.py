"""Time `tenderkit validate` and `tenderkit evaluate` against the bare libyaml parse, side by side.

Issue 19's loading targets are ratios to the time libyaml's C parser needs just to read a tender's
YAML files: a bare `yaml.load(..., Loader=yaml.CSafeLoader)` of every .yaml file of the folder,
timed around the loop only (no process start, no imports; the panel CSVs are not YAML, so they
are in tenderkit's times but not in the bare parse). Against it this benchmark sets, on the
command line as a user runs them (process start, imports, writing result.json included):

- `tenderkit validate` (target <= 1.5x the bare parse on 50 bids x 2000 requirements x 7),
- `tenderkit evaluate` (target <= 2x the bare parse, and <= 4.5x the same command on 50 x 500).

The tenders are benchmarks/realistic.py's (answer notes on every answer, 7 evaluators' CSVs and a
consensus). With `--baseline SRC` (the src/ folder of an older tenderkit, e.g. an export of main)
both codes are run in the same run, alternating which goes first, on the same files; each figure
is the median of `--runs` runs, wall time and CPU time (user + system of the process; the bare
parse: of its loop). On a shared machine quote the ratios, and the CPU ones above all.
Run: `PYTHONPATH=src .venv/bin/python benchmarks/bench_load.py [--baseline /tmp/base/src]
[--runs 3] [--keep DIR]`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = [(50, 500, 7), (50, 2000, 7)]
SRC = Path(__file__).resolve().parents[1] / "src"

BARE_PARSE = """
import json, sys, time
from pathlib import Path
import yaml
files = sorted(Path(sys.argv[1]).rglob("*.yaml"))
wall, cpu = time.perf_counter(), time.process_time()
for path in files:
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
size = sum(p.stat().st_size for p in files)
print(json.dumps({"wall": wall, "cpu": cpu, "mb": size / 1e6}))
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(command: list[str], src: Path) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, stdout) of one process run with `src` on PYTHONPATH."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return wall, _children_cpu() - cpu, done.stdout


def bare_parse(folder: Path) -> dict[str, float]:
    _, _, out = run_timed([sys.executable, "-c", BARE_PARSE, str(folder)], SRC)
    return json.loads(out)


def cli(src: Path, *args: str) -> tuple[float, float]:
    wall, cpu, _ = run_timed([sys.executable, "-m", "tenderkit.cli", *args], src)
    return wall, cpu


def measure(
    folder: Path, codes: dict[str, Path], runs: int, out: Path
) -> dict[str, dict[str, list[float]]]:
    """Every figure of one tender, `runs` times, the codes alternating which goes first."""
    figures: dict[str, dict[str, list[float]]] = {"bare": {"wall": [], "cpu": []}}
    for name in codes:
        figures[name] = {key: [] for key in ("validate", "validate_cpu", "evaluate", "eval_cpu")}
    order = list(codes)
    for run in range(runs):
        bare = bare_parse(folder)
        figures["bare"]["wall"].append(bare["wall"])
        figures["bare"]["cpu"].append(bare["cpu"])
        figures["bare"]["mb"] = [bare["mb"]]
        for name in order if run % 2 == 0 else order[::-1]:
            wall, cpu = cli(codes[name], "validate", str(folder))
            figures[name]["validate"].append(wall)
            figures[name]["validate_cpu"].append(cpu)
            result = out / f"{folder.name}-{name}.json"
            wall, cpu = cli(codes[name], "evaluate", str(folder), "-o", str(result))
            figures[name]["evaluate"].append(wall)
            figures[name]["eval_cpu"].append(cpu)
    return figures


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write (or reuse) the tenders here")
    parser.add_argument("--baseline", type=Path, help="the src/ folder of the code before")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).parent))
    from realistic import write_tender

    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-load-"))
    out = Path(tempfile.mkdtemp(prefix="bench-load-out-"))
    codes = {"after": SRC}
    if args.baseline:
        codes = {"before": args.baseline.resolve(), "after": SRC}
    results: dict[str, dict[str, dict[str, list[float]]]] = {}
    for bids, requirements, evaluators in SIZES:
        folder = root / f"r{bids}x{requirements}x{evaluators}"
        if not (folder / "tender.yaml").is_file():
            write_tender(folder, bids=bids, requirements=requirements, evaluators=evaluators)
        results[folder.name] = measure(folder, codes, args.runs, out)

    print(f"median of {args.runs} run(s); wall / CPU seconds; x bare = ratio to the bare parse")
    print(
        f"{'tender':<12}{'code':<8}{'validate s':>14}{'x bare':>14}{'evaluate s':>14}{'x bare':>14}"
    )
    for tender, figures in results.items():
        bare_wall, bare_cpu = _median(figures["bare"]["wall"]), _median(figures["bare"]["cpu"])
        print(
            f"{tender:<12}{'bare':<8}{bare_wall:>7.2f} /{bare_cpu:>5.2f}"
            f"   ({figures['bare']['mb'][0]:.1f} MB of YAML, yaml.load with CSafeLoader)"
        )
        for name in codes:
            row = {key: _median(values) for key, values in figures[name].items()}
            print(
                f"{'':<12}{name:<8}"
                f"{row['validate']:>7.2f} /{row['validate_cpu']:>5.2f}"
                f"{row['validate'] / bare_wall:>7.2f} /{row['validate_cpu'] / bare_cpu:>5.2f}"
                f"{row['evaluate']:>7.2f} /{row['eval_cpu']:>5.2f}"
                f"{row['evaluate'] / bare_wall:>7.2f} /{row['eval_cpu'] / bare_cpu:>5.2f}"
            )
    small, big = (results[f"r{b}x{r}x{e}"] for b, r, e in SIZES)
    for name in codes:
        wall = _median(big[name]["evaluate"]) / _median(small[name]["evaluate"])
        cpu = _median(big[name]["eval_cpu"]) / _median(small[name]["eval_cpu"])
        print(
            f"`tenderkit evaluate` 50x2000x7 / 50x500x7, {name}: {wall:.2f}x wall, {cpu:.2f}x CPU"
        )
    if "before" in codes:
        for bids, requirements, evaluators in SIZES:
            name = f"r{bids}x{requirements}x{evaluators}"
            before, after = (out / f"{name}-{code}.json" for code in ("before", "after"))
            same = before.read_bytes() == after.read_bytes()
            print(
                f"result.json of {name}, before and after: {'identical' if same else 'DIFFERENT'}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
