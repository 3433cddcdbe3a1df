"""Time `tenderkit batch` against the naive loop of papermill + nbconvert per tender.

It generates N tenders (default 40) from the bundled examples (self-contained copies, each with
its own id) and, in one run, times

- the naive loop: per tender, one after another, `papermill notebooks/award_report.ipynb OUT
  -p tender DIR -k tenderkit` and then `jupyter nbconvert --to html --no-input OUT`, as
  subprocesses (a new Python, a new kernel and a new exporter for every tender; only the HTML);
- the batch: `tenderkit batch DIR... -o OUT --no-pdf --no-risk-notebooks` (parallel workers, one
  kernel kept alive per worker, the export in-process; it also writes result.json, the Excel
  workbook, the letters, the manifest and the summary).

It prints both times, the ratio, and the peak memory per worker (worker process plus its kernel,
sampled with psutil when installed; else the largest child process from getrusage). The figures
depend on the machine and on what else runs on it; nothing here asserts a timing.

Run: `.venv/bin/python benchmarks/bench_batch.py [--tenders 40] [--keep DIR]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tenderkit.bundled import bundled, example_names
from tenderkit.formats.folder_edits import copy_example, set_key
from tenderkit.reporting.kernel import ensure_kernel

BIN = Path(sys.executable).parent


def make_tenders(root: Path, count: int) -> list[Path]:
    names = example_names()
    folders = []
    for index in range(count):
        folder = copy_example(names[index % len(names)], root / f"tender-{index:03d}")
        tender_yaml = folder / "tender.yaml"
        text = set_key(tender_yaml.read_text("utf-8"), "id", f"bench-{index:03d}")
        tender_yaml.write_text(text, "utf-8")
        folders.append(folder)
    return folders


def naive_loop(tenders: list[Path], out: Path) -> float:
    notebook = bundled("notebooks") / "award_report.ipynb"
    out.mkdir(parents=True)
    start = time.perf_counter()
    for tender in tenders:
        executed = out / f"{tender.name}.ipynb"
        subprocess.run(
            [
                BIN / "papermill",
                notebook,
                executed,
                "-p",
                "tender",
                tender,
                "-k",
                "tenderkit",
                "--no-progress-bar",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


class WorkerMemory:
    """Peak RSS per batch worker (the process that owns a kernel, plus that kernel), via psutil."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[int, int]] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.done.wait(0.2):
            try:
                processes = self.root.children(recursive=True)
            except self.psutil.Error:
                continue
            for process in processes:
                try:
                    if "ipykernel_launcher" not in " ".join(process.cmdline()):
                        continue
                    worker = process.parent()
                    kernel_rss = process.memory_info().rss
                    worker_rss = worker.memory_info().rss
                except (self.psutil.Error, AttributeError):
                    continue
                old = self.peaks.get(worker.pid, (0, 0))
                self.peaks[worker.pid] = (max(old[0], worker_rss), max(old[1], kernel_rss))

    def stop(self) -> dict[int, tuple[int, int]]:
        self.done.set()
        self.thread.join()
        return self.peaks


def batch(tenders: list[Path], out: Path) -> tuple[float, dict[int, tuple[int, int]] | None]:
    command = [
        BIN / "tenderkit",
        "batch",
        *tenders,
        "-o",
        out,
        "--no-pdf",
        "--no-risk-notebooks",
        "--no-progress",
    ]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        memory = WorkerMemory(process.pid)
    except ImportError:
        memory = None
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    peaks = memory.stop() if memory is not None else None
    if process.returncode != 0:
        raise SystemExit(f"the batch failed:\n{stdout.decode()}\n{stderr.decode()}")
    return elapsed, peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenders", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="keep the tenders and outputs in this folder")
    args = parser.parse_args()
    ensure_kernel()
    root = Path(args.keep or tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        tenders = make_tenders(root / "tenders", args.tenders)
        print(f"{len(tenders)} tenders, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
        naive = naive_loop(tenders, root / "naive")
        naive_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"naive loop (papermill + nbconvert per tender): {naive:7.1f} s "
            f"({naive / len(tenders):.2f} s per tender)",
            flush=True,
        )
        fast, peaks = batch(tenders, root / "batch")
        print(
            f"tenderkit batch --no-pdf --no-risk-notebooks:  {fast:7.1f} s "
            f"({fast / len(tenders):.2f} s per tender)"
        )
        print(f"batch is {naive / fast:.1f}x faster")
        if peaks:
            for pid, (worker, kernel) in sorted(peaks.items()):
                print(
                    f"peak memory, worker {pid}: {worker / 2**20:.0f} MB + its kernel "
                    f"{kernel / 2**20:.0f} MB = {(worker + kernel) / 2**20:.0f} MB"
                )
        else:
            largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(
                f"peak memory of the largest child process: {largest:.0f} MB "
                "(install psutil for per-worker figures)"
            )
        print(
            f"naive loop, largest child process: {naive_rss:.0f} MB; "
            f"load now {os.getloadavg()[0]:.2f}"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
