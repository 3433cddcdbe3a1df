"""Time `tenderkit report` of the gemeente example against the naive notebook report.

The baseline is what anyone would do by hand to turn a notebook into an HTML report: the
papermill CLI on a one-cell notebook under the `tenderkit` kernel, then
`jupyter nbconvert --to html --no-input`, each a fresh process. The full run is the command a
user types, with the defaults (PDF, letters, residual-risk pages): `tenderkit report
gemeente-zaaksysteem --out <folder>`. The two are measured alternately, so a machine that gets
busier slows both; the medians and their ratio are printed (the target is at most 2x).

Run: `PYTHONPATH=$PWD/src .venv/bin/python benchmarks/bench_report.py [rounds] [--baseline SRC]`
(default 3 rounds). `--baseline SRC` also times the report of another tree's `src` (e.g. an
export of main: `git archive main src | tar -x -C /tmp/base`) in the same rounds, so a change's
gain is measured side by side.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from tenderkit.reporting.kernel import ensure_kernel

BIN = Path(sys.executable).parent


def _timed(*commands: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    for command in commands:
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
    return time.perf_counter() - start


def one_cell_notebook(folder: Path, kernel: str) -> Path:
    notebook = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": kernel, "display_name": kernel, "language": "python"}}
    )
    notebook.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
    source = folder / "one.ipynb"
    nbformat.write(notebook, source)
    return source


def naive(source: Path, kernel: str) -> float:
    executed = source.with_name("one.out.ipynb")
    return _timed(
        [str(BIN / "papermill"), str(source), str(executed), "-k", kernel, "--no-progress-bar"],
        [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
    )


def full(out: Path, src: Path | None = None) -> float:
    """`tenderkit report` as a user types it; with `src`, the CLI of that tree (its kernel too,
    which inherits the PYTHONPATH)."""
    shutil.rmtree(out, ignore_errors=True)
    arguments = ["report", "gemeente-zaaksysteem", "--out", str(out)]
    if src is None:
        return _timed([str(BIN / "tenderkit"), *arguments])
    env = {**os.environ, "PYTHONPATH": str(src)}
    run_cli = "from tenderkit.cli import app; app()"
    return _timed([sys.executable, "-c", run_cli, *arguments], env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", nargs="?", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another tree's src, timed alongside")
    options = parser.parse_args()
    kernel = ensure_kernel()
    baseline: list[float] = []
    report: list[float] = []
    other: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = one_cell_notebook(folder, kernel)
        naive(source, kernel)  # warm the file cache once for all, untimed
        full(folder / "report")
        if options.baseline:
            full(folder / "report", options.baseline)
        for _ in range(options.rounds):
            baseline.append(naive(source, kernel))
            report.append(full(folder / "report"))
            if options.baseline:
                other.append(full(folder / "report", options.baseline))
    base, whole = statistics.median(baseline), statistics.median(report)
    rounded = [[round(t, 2) for t in times] for times in (baseline, report, other)]
    print(f"naive papermill CLI + nbconvert --no-input (one cell): {base:6.2f} s (median)")
    print(f"tenderkit report gemeente-zaaksysteem (PDF, letters, risk pages): {whole:6.2f} s")
    if other:
        print(f"the same report by {options.baseline}: {statistics.median(other):6.2f} s")
    print(f"rounds: {options.rounds}; each: naive {rounded[0]}, report {rounded[1]}", end="")
    print(f", baseline {rounded[2]}" if other else "")
    print(f"report / naive: {whole / base:4.2f}x (target: at most 2x)")
    if other:
        print(f"baseline / naive: {statistics.median(other) / base:4.2f}x")


if __name__ == "__main__":
    main()
