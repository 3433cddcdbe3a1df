"""Time `tenderkit batch` against the naive loop of papermill + nbconvert per tender.

It generates N tenders (default 10) from the bundled examples (self-contained copies, each with
its own id, and each copy's bidders renamed, so that no two tenders of the run draw the same chart
or letter: a cache keyed by content cannot flatter the batch) and, in one run, times

- the naive loop: per tender, one after another, `papermill notebooks/award_report.ipynb OUT
  -p tender DIR -k tenderkit` and then `jupyter nbconvert --to html --no-input OUT`, as
  subprocesses (a new Python, a new kernel and a new exporter for every tender; only the HTML);
- the batch with the defaults a user gets: `tenderkit batch DIR... -o OUT` on `--workers`
  (default 2) local workers: the HTML and PDF report, the letters (HTML and PDF), the residual-risk
  pages, result.json, the Excel workbook, the manifest and the summary;
- with `--lean` also the batch with `--no-pdf --no-risk-notebooks` (the earlier figure).

With `--profile` it first reports the tenders one after another in this process, as one batch
worker does (one kernel kept alive), and prints per tender the CPU seconds of each step in the
worker (loading, evaluate, workbook, letters, risk pages, the HTML export, the report's PDF) and
of the kernel (the award notebook), plus the start-up (imports, the kernel's boot).

It prints the times, the ratios, and the peak memory per worker (worker process plus its kernel,
sampled with psutil when installed; else the largest child process from getrusage). The figures
depend on the machine and on what else runs on it; nothing here asserts a timing.

Run: `.venv/bin/python benchmarks/bench_batch.py [--tenders 10] [--workers 2] [--lean]
[--profile] [--keep DIR]`.
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
        if index >= len(names):  # a copy of an example: its own bidder names
            for bid in sorted((folder / "bids").glob("*.yaml")):
                bid_text = bid.read_text("utf-8")
                name = next(
                    line.split(":", 1)[1].strip().strip('"')
                    for line in bid_text.splitlines()
                    if line.startswith("bidder:")
                )
                bid.write_text(set_key(bid_text, "bidder", f'"{name} {index}"'), "utf-8")
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


def batch(
    tenders: list[Path], out: Path, workers: int, lean: bool
) -> tuple[float, dict[int, tuple[int, int]] | None]:
    command = [BIN / "tenderkit", "batch", *tenders, "-o", out, "--workers", str(workers)]
    command += ["--no-pdf", "--no-risk-notebooks"] if lean else []
    command += ["--no-progress"]
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


def profile_worker(tenders: list[Path], out: Path) -> None:
    """CPU per step of each tender's report in one worker (this process) and in its kernel."""
    import functools

    import psutil

    start = time.process_time()
    import weasyprint  # noqa: F401 - imported as a worker imports it, to count it here

    from tenderkit.batch.jobs import KERNEL_PRELOAD
    from tenderkit.reporting import run
    from tenderkit.reporting.kernel import KernelSession

    imports = time.process_time() - start
    steps = {
        "load_tender": "load",
        "evaluate": "evaluate",
        "write_workbook": "workbook",
        "write_letters": "letters",
        "risk_pages": "risk pages",
        "notebook_html": "HTML export",
        "html_to_pdf": "report PDF",
        "build_manifest": "manifest",
    }
    spent: dict[str, float] = {}

    def timed(function, label):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            begin = time.thread_time()  # letters and risk pages run in a thread of their own
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.thread_time() - begin

        return wrapper

    originals = {name: getattr(run, name) for name in steps}
    for name, label in steps.items():
        setattr(run, name, timed(originals[name], label))
    session = KernelSession()
    session.preload = KERNEL_PRELOAD  # as a batch worker's kernel: imports while it boots
    try:
        begin = time.perf_counter()
        session.start()
        kernel = psutil.Process(session.km.provisioner.process.pid)
        boot = sum(kernel.cpu_times()[:2])
        print(
            f"start-up: worker imports {imports:.2f} s CPU; kernel boot (with the report's "
            f"imports) {boot:.2f} s CPU, "
            f"{time.perf_counter() - begin:.2f} s"
        )
        for tender in tenders:
            spent.clear()
            before_kernel = sum(kernel.cpu_times()[:2])
            before, wall = time.process_time(), time.perf_counter()
            run.build_report(tender, out / tender.name, session=session)
            worker = time.process_time() - before
            in_kernel = sum(kernel.cpu_times()[:2]) - before_kernel
            named = sum(spent.values())
            parts = ", ".join(f"{label} {spent.get(label, 0.0):.2f}" for label in steps.values())
            print(
                f"  {tender.name}: {time.perf_counter() - wall:.2f} s; CPU worker {worker:.2f} "
                f"({parts}, other {worker - named:.2f}), kernel {in_kernel:.2f}"
            )
    finally:
        session.close()
        for name, function in originals.items():
            setattr(run, name, function)


def show_memory(peaks: dict[int, tuple[int, int]] | None) -> None:
    if peaks:
        for pid, (worker, kernel) in sorted(peaks.items()):
            print(
                f"  peak memory, worker {pid}: {worker / 2**20:.0f} MB + its kernel "
                f"{kernel / 2**20:.0f} MB = {(worker + kernel) / 2**20:.0f} MB"
            )
    else:
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"  peak memory of the largest child process: {largest:.0f} MB "
            "(install psutil for per-worker figures)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenders", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lean", action="store_true", help="also time --no-pdf --no-risk-...")
    parser.add_argument("--profile", action="store_true", help="CPU per step in one worker")
    parser.add_argument("--keep", type=Path, help="keep the tenders and outputs in this folder")
    args = parser.parse_args()
    ensure_kernel()
    root = Path(args.keep or tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        tenders = make_tenders(root / "tenders", args.tenders)
        print(f"{len(tenders)} tenders, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
        if args.profile:
            print("one worker, the tenders one after another (CPU seconds):")
            profile_worker(tenders, root / "profile")
        naive = naive_loop(tenders, root / "naive")
        naive_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"naive loop (papermill + nbconvert per tender): {naive:7.1f} s "
            f"({naive / len(tenders):.2f} s per tender), largest child process {naive_rss:.0f} MB",
            flush=True,
        )
        runs = [("defaults (PDF, letters, risk pages)", False)]
        if args.lean:
            runs.append(("--no-pdf --no-risk-notebooks", True))
        for label, lean in runs:
            fast, peaks = batch(tenders, root / ("lean" if lean else "batch"), args.workers, lean)
            print(
                f"tenderkit batch, {args.workers} workers, {label}: {fast:7.1f} s "
                f"({fast / len(tenders):.2f} s per tender): {naive / fast:.1f}x the naive loop",
                flush=True,
            )
            show_memory(peaks)
        print(f"load now {os.getloadavg()[0]:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
