"""Time one full award report of the gemeente example next to a bare papermill + nbconvert run.

The bare run executes an empty notebook under the same kernel and exports it to HTML: the floor
that kernel start-up and export alone cost. Run: `.venv/bin/python benchmarks/bench_report.py`.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from tenderkit.bundled import example
from tenderkit.report.kernel import ensure_kernel
from tenderkit.report.run import build_report


def bare_run(folder: Path, kernel: str) -> float:
    notebook = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": kernel, "display_name": kernel, "language": "python"}}
    )
    notebook.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
    source = folder / "empty.ipynb"
    nbformat.write(notebook, source)
    start = time.perf_counter()
    papermill.execute_notebook(
        str(source), str(folder / "empty.out.ipynb"), kernel_name=kernel, progress_bar=False
    )
    HTMLExporter().from_filename(str(folder / "empty.out.ipynb"))
    return time.perf_counter() - start


def main() -> None:
    kernel = ensure_kernel()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare = bare_run(folder, kernel)
        start = time.perf_counter()
        build_report(example("gemeente-zaaksysteem"), folder / "report", pdf=True)
        full = time.perf_counter() - start
        start = time.perf_counter()
        build_report(
            example("gemeente-zaaksysteem"), folder / "report-lean", pdf=False, risk_notebooks=False
        )
        lean = time.perf_counter() - start
    print(f"bare papermill + nbconvert (empty notebook): {bare:6.2f} s")
    print(f"full award report (HTML, PDF, Excel, letters, risk notebooks): {full:6.2f} s")
    print(f"award report without PDF and per-bid risk notebooks: {lean:6.2f} s")
    print(f"full / bare: {full / bare:4.1f}x")


if __name__ == "__main__":
    main()
