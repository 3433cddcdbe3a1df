"""Time `tenderkit report` of the gemeente example against the naive notebook report.

The baseline is what anyone would do by hand to turn a notebook into an HTML report: the
papermill CLI on a one-cell notebook under the `tenderkit` kernel, then
`jupyter nbconvert --to html --no-input`, each a fresh process. The full run is the command a
user types, with the defaults (PDF, letters, residual-risk pages): `tenderkit report
gemeente-zaaksysteem --out <folder>`. The two are measured alternately, so a machine that gets
busier slows both; the medians and their ratio are printed (the target is at most 2x).

Run: `PYTHONPATH=$PWD/src .venv/bin/python benchmarks/bench_report.py [rounds]` (default 3).
"""

from __future__ import annotations

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


def _timed(*commands: list[str]) -> float:
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def full(out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    return _timed([str(BIN / "tenderkit"), "report", "gemeente-zaaksysteem", "--out", str(out)])


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    kernel = ensure_kernel()
    baseline: list[float] = []
    report: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = one_cell_notebook(folder, kernel)
        naive(source, kernel)  # warm the file cache once for both, untimed
        full(folder / "report")
        for _ in range(rounds):
            baseline.append(naive(source, kernel))
            report.append(full(folder / "report"))
    base, whole = statistics.median(baseline), statistics.median(report)
    print(f"naive papermill CLI + nbconvert --no-input (one cell): {base:6.2f} s (median)")
    print(f"tenderkit report gemeente-zaaksysteem (PDF, letters, risk pages): {whole:6.2f} s")
    print(f"rounds: {rounds}; each: naive {baseline}, report {report}")
    print(f"report / naive: {whole / base:4.2f}x (target: at most 2x)")


if __name__ == "__main__":
    main()
