"""`run_batch`: report many tenders in parallel, on local processes or a Dask cluster.

The client plans the jobs (one per tender, each into `OUT_DIR/<tender id>/`), hands them to the
workers, follows them with a progress bar and writes the summary. The workers do the reporting
(`jobs.run_job`, i.e. `build_report`), each with one notebook kernel kept alive across its
tenders. Local workers are processes (at most one per core, never more than there are tenders);
with `scheduler` the same function runs on a dask.distributed cluster, which must see the tender
folders and OUT_DIR under the same paths as the client (a shared file system).
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenderkit.batch.jobs import (
    Job,
    JobOutcome,
    failed,
    find_tenders,
    plan,
    run_job,
    start_worker,
)
from tenderkit.batch.summary import is_summary_file, write_summary
from tenderkit.errors import TenderkitError
from tenderkit.outputs import check_batch_folder

LOCK_NAME = ".tenderkit-batch.lock"


@dataclass(frozen=True)
class BatchOutcome:
    outcomes: list[JobOutcome]
    """One per tender, in the order the tenders were given."""
    summary_xlsx: Path
    summary_csv: Path
    workers: int

    @property
    def failed(self) -> list[JobOutcome]:
        return [o for o in self.outcomes if o.failed]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def local_workers(requested: int | None, jobs: int) -> int:
    """Worker processes: as requested (default: one per core), capped at the cores and the jobs."""
    wanted = cores() if requested is None else max(1, requested)
    return max(1, min(wanted, cores(), jobs))


@contextlib.contextmanager
def exclusive(out_root: Path) -> Iterator[None]:
    """Hold OUT_DIR for this batch: a second batch into the same folder stops at once.

    The lock file `OUT_DIR/.tenderkit-batch.lock` is created with O_EXCL and removed when the
    batch ends, however it ends; one left by a killed batch is taken over (tenderkit.outputs).
    """
    from tenderkit.fileio import failing_as, make_folder
    from tenderkit.outputs import OutputLock

    with failing_as(out_root):
        make_folder(out_root)
    with OutputLock(out_root / LOCK_NAME, f"{out_root}: another batch is writing into this folder"):
        yield


class Progress:
    """A tqdm bar over the tenders with done, skipped, failed and running counts."""

    def __init__(self, total: int, slots: int, enabled: bool = True) -> None:
        from tqdm import tqdm

        self.slots = slots
        self.counts = {"done": 0, "skipped": 0, "failed": 0}
        # disable=None: a bar on a terminal only, so a log or a CI job gets no carriage returns
        self.bar = tqdm(
            total=total,
            unit="tender",
            desc="batch",
            disable=None if enabled else True,
            file=sys.stderr,
        )
        self._show()

    def _show(self) -> None:
        remaining = self.bar.total - sum(self.counts.values())
        running = min(self.slots, remaining)
        self.bar.set_postfix_str(
            f"done {self.counts['done']}, skipped {self.counts['skipped']}, "
            f"failed {self.counts['failed']}, running {running}",
            refresh=False,
        )

    def update(self, outcome: JobOutcome) -> None:
        self.counts[outcome.status] += 1
        self._show()
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def run_batch(
    tenders: list[str | Path],
    out_root: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    force: bool = False,
    language: str | None = None,
    pdf: bool = True,
    risk_notebooks: bool = True,
    progress: bool = True,
) -> BatchOutcome:
    """Report every tender into `out_root/<tender id>/` and write the summary; see module doc.

    A tender that fails (invalid input, a failing notebook, a dead worker) comes back as a failed
    outcome with its problems; the others complete. Raises TenderkitError only for the batch as a
    whole (OUT_DIR an input folder or not a batch's, taken by another batch, scheduler
    unreachable), and OSError when the machine refuses OUT_DIR itself (the door names it).
    """
    out_root = Path(out_root).resolve()
    jobs = plan(
        find_tenders(list(tenders)),
        out_root,
        language=language,
        pdf=pdf,
        risk_notebooks=risk_notebooks,
        resume=resume,
        force=force,
    )
    if not jobs:
        raise TenderkitError("no tenders given")
    check_batch_folder(out_root, jobs[0].inputs, is_summary_file)
    with exclusive(out_root):
        ready = [j for j in jobs if j.problem is None]
        results: dict[Job, JobOutcome] = {j: run_job(j) for j in jobs if j.problem is not None}
        with contextlib.ExitStack() as stack:
            if not ready:
                slots, stream = 0, iter(())
            elif scheduler:
                client = stack.enter_context(_dask_client(scheduler))
                slots = _dask_slots(client)
                stream = _run_dask(client, ready)
            else:
                slots = local_workers(workers, len(ready))
                stream = _run_local(slots, ready)
            bar = Progress(len(jobs), slots, progress)
            stack.callback(bar.close)
            for outcome in results.values():
                bar.update(outcome)
            for job, outcome in stream:
                results[job] = outcome
                bar.update(outcome)
        outcomes = [results[j] for j in jobs]
        xlsx, csv_path = write_summary([_row(o) for o in outcomes], out_root)
    return BatchOutcome(outcomes, xlsx, csv_path, slots)


def _row(outcome: JobOutcome) -> dict[str, Any]:
    row = dict(outcome.row or {"tender": outcome.tender_id})
    row["status"] = outcome.status
    if outcome.problems:
        row["problems"] = "; ".join(outcome.problems)
    return row


def largest_first(jobs: list[Job]) -> list[Job]:
    """The jobs in the order to hand them out: the tenders with the most bids first.

    A tender's report costs about its bids (a letter, a risk page and two heat maps each), and
    handing out the longest first keeps a worker from starting a large tender while the others
    have nothing left: the batch ends sooner. Ties keep the order given. Only the order of work
    changes; the outcomes and the summary keep the order of the tenders.
    """

    def bids(job: Job) -> int:
        try:
            return sum(1 for _ in (job.tender_dir / "bids").glob("*.yaml"))
        except OSError:
            return 0

    return sorted(jobs, key=lambda job: -bids(job))


def _run_local(workers: int, jobs: list[Job]) -> Iterator[tuple[Job, JobOutcome]]:
    """Run the jobs on `workers` local processes; yield each outcome as it comes in."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from tenderkit.reporting.kernel import ensure_kernel

    ensure_kernel()  # register the kernel once, before the workers look for it
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # the server imports the report's modules once and forks every worker with them loaded
        # (tenderkit.batch.preload); it only takes effect when this process starts the server
        context.set_forkserver_preload(["__main__", "tenderkit.batch.preload"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=start_worker)
    try:
        futures = {pool.submit(run_job, job): job for job in largest_first(jobs)}
        for future in as_completed(futures):
            job = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                outcome = failed(job, "a worker process died while this tender was pending")
            except Exception as exc:
                outcome = failed(job, f"{type(exc).__name__}: {exc}")
            yield job, outcome
    except BaseException:  # interrupted: do not wait for the tenders still queued
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


@contextlib.contextmanager
def _dask_client(address: str) -> Iterator[Any]:
    from distributed import Client

    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise TenderkitError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        yield client
    finally:
        client.close()


def _dask_slots(client: Any) -> int:
    """Tasks the cluster runs at once: the threads of all its workers."""
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(w.get("nthreads", 1) for w in workers.values()))


def _run_dask(client: Any, jobs: list[Job]) -> Iterator[tuple[Job, JobOutcome]]:
    """Submit the jobs to the cluster; yield each outcome as it comes in."""
    from distributed import as_completed

    batch = uuid.uuid4().hex[:8]
    futures = {
        client.submit(run_job, job, pure=False, key=f"tenderkit-{job.tender_id}-{batch}"): job
        for job in largest_first(jobs)
    }
    for future in as_completed(futures, loop=client.loop):
        job = futures[future]
        try:
            outcome = future.result()
        except Exception as exc:  # e.g. KilledWorker: a worker died on this tender, repeatedly
            outcome = failed(job, f"{type(exc).__name__}: {exc}")
        yield job, outcome
