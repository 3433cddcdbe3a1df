"""One tender of a batch: finding it, naming its folder, and reporting it inside a worker.

`run_job` is what a worker (a local process or a Dask worker) runs. It never raises: a broken
tender comes back as a failed `JobOutcome` with its problems, so one tender never stops the others.
Each worker thread keeps one notebook kernel alive across its tenders (`worker_session`).
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing.util
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tenderkit.batch.resume import up_to_date
from tenderkit.batch.summary import summary_row
from tenderkit.reporting.kernel import NOTEBOOK_PRELOAD

SUMMARY_NAMES = ("summary.xlsx", "summary.csv")
"""Files the batch writes into OUT_DIR next to the tender folders (reserved as tender ids)."""

Status = Literal["done", "skipped", "failed"]


@dataclass(frozen=True)
class Job:
    """Report one tender into `out_root / tender_id`. Plain data: it travels to the workers."""

    tender_dir: Path
    tender_id: str
    out_root: Path
    language: str | None = None
    pdf: bool = True
    risk_notebooks: bool = True
    resume: bool = False
    force: bool = False
    problem: str | None = None
    """Set when the batch already knows the tender cannot run (e.g. a duplicate id)."""
    inputs: tuple[Path, ...] = ()
    """The input folders of every tender in the batch: no report folder may touch one."""

    @property
    def folder(self) -> Path:
        return self.out_root / self.tender_id


@dataclass(frozen=True)
class JobOutcome:
    tender_dir: Path
    tender_id: str
    status: Status
    folder: Path | None = None
    row: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def describe(self) -> str:
        """One line per problem, under the tender's id and folder."""
        head = f"{self.tender_id} ({self.tender_dir})"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def failed(job: Job, *problems: str, seconds: float = 0.0) -> JobOutcome:
    return JobOutcome(
        job.tender_dir, job.tender_id, "failed", problems=list(problems), seconds=seconds
    )


# --- finding tenders ------------------------------------------------------------------------------


def find_tenders(paths: list[str | Path]) -> list[Path]:
    """Tender folders from the command line, in order, each once.

    A path is a tender folder (it holds tender.yaml), a folder of tender folders (its subfolders
    that hold a tender.yaml, by name), or the name of a bundled example. Anything else is taken as
    a tender folder, so that loading it reports what is wrong with it.
    """
    from tenderkit.bundled import resolve_tender_dir

    found: list[Path] = []
    for value in paths:
        path = resolve_tender_dir(str(value))
        if not (path / "tender.yaml").is_file() and path.is_dir():
            inner = sorted(
                p
                for p in path.iterdir()
                if p.is_dir() and not p.name.startswith(".") and (p / "tender.yaml").is_file()
            )
            if inner:
                found.extend(inner)
                continue
        found.append(path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return list(unique)


def tender_config(tender_dir: Path) -> Any:
    """The TenderFile of tender.yaml, or None when it cannot be read (loading says why)."""
    from tenderkit.formats.messages import validate
    from tenderkit.formats.tender_file import TenderFile
    from tenderkit.formats.yamlio import read_yaml

    path = tender_dir / "tender.yaml"
    if not path.is_file():
        return None
    data, problems = read_yaml(path, "tender.yaml")
    if problems:
        return None
    config, problems = validate(TenderFile, data, "tender.yaml")
    return config


def tender_id(tender_dir: Path) -> str | None:
    """The `id` of tender.yaml, or None when tender.yaml cannot be read (loading says why)."""
    config = tender_config(tender_dir)
    return None if config is None else config.id


def plan(tender_dirs: list[Path], out_root: Path, **options: Any) -> list[Job]:
    """One job per tender; tenders whose id is taken by another (or reserved) fail up front.

    Every job carries the input folders of all tenders (their own and those of their requirement
    sets, scoring models and measures), which no report folder of the batch may touch.
    """
    from tenderkit.outputs import input_folders

    configs = {d: tender_config(d) for d in tender_dirs}
    ids = {d: None if c is None else c.id for d, c in configs.items()}
    inputs = tuple(dict.fromkeys(f for d, c in configs.items() for f in input_folders(d, c)))
    owners: dict[str, list[Path]] = {}
    for directory, value in ids.items():
        if value is not None:
            owners.setdefault(value.casefold(), []).append(directory)
    jobs = []
    for directory, value in ids.items():
        problem = None
        if value is None:
            value = directory.name
        elif value.casefold() in SUMMARY_NAMES:
            problem = f"tender id '{value}' is the name of the batch summary; choose another id"
        elif len(owners[value.casefold()]) > 1:
            others = ", ".join(str(d) for d in owners[value.casefold()] if d != directory)
            problem = (
                f"tender id '{value}' is also the id of {others}; each tender in a batch needs "
                "its own id (its report folder)"
            )
        jobs.append(Job(directory, value, out_root, problem=problem, inputs=inputs, **options))
    return jobs


# --- running one tender in a worker ---------------------------------------------------------------

_local = threading.local()

KERNEL_PRELOAD = NOTEBOOK_PRELOAD
"""What a worker's kernel imports while it boots: the award notebook's first cell needs it."""


def worker_session() -> Any:
    """This worker thread's notebook kernel, started on first use and shut down at exit."""
    session = getattr(_local, "session", None)
    if session is None:
        from tenderkit.reporting.kernel import KernelSession, ensure_kernel

        session = KernelSession(ensure_kernel())
        session.preload = KERNEL_PRELOAD
        _local.session = session
        atexit.register(session.close)
        # a multiprocessing child skips atexit; its finalizers run on a normal exit
        multiprocessing.util.Finalize(None, session.close, exitpriority=10)
    return session


def start_worker() -> None:
    """A local worker's first step: boot its kernel now, in the background (`launch`), so that it
    imports and starts on the other core while this worker takes its first tender."""
    with contextlib.suppress(Exception):  # the first tender starts it and reports a failure
        worker_session().launch()


def run_job(job: Job) -> JobOutcome:
    """Report one tender (or skip it when its report is current); never raises for a tender."""
    from tenderkit.errors import InvalidInput, TenderkitError
    from tenderkit.fileio import describe_os_error
    from tenderkit.outputs import remove_own

    start = time.perf_counter()

    def elapsed() -> float:
        return round(time.perf_counter() - start, 3)

    if job.problem:
        return failed(job, job.problem)
    try:
        if job.resume:
            from tenderkit.loader import load_tender

            row = up_to_date(load_tender(job.tender_dir), job)
            if row is not None:
                from tenderkit.outputs import clean_stale, report_lock

                # a current report is kept, but what a killed run left beside it goes
                with report_lock(job.folder):
                    clean_stale(job.folder.parent, job.folder.name)
                return JobOutcome(
                    job.tender_dir, job.tender_id, "skipped", job.folder, row, seconds=elapsed()
                )
        from tenderkit.reporting.run import build_report

        outcome = build_report(
            job.tender_dir,
            job.folder,
            language=job.language,
            force=job.force or job.resume,
            pdf=job.pdf,
            risk_notebooks=job.risk_notebooks,
            session=worker_session(),
            inputs=job.inputs,
            beside_process=False,  # the other core runs the other worker
        )
        remove_own(job.out_root / f"{job.tender_id}.failed")
        return JobOutcome(
            job.tender_dir,
            job.tender_id,
            "done",
            job.folder,
            summary_row(outcome.result),
            seconds=elapsed(),
        )
    except InvalidInput as exc:
        language = job.language or exc.language  # told as `tenderkit validate` tells them
        return failed(job, *(p.describe(language) for p in exc.problems), seconds=elapsed())
    except TenderkitError as exc:
        return failed(job, str(exc), seconds=elapsed())
    except OSError as exc:  # the machine refused: a full disk, a read-only folder
        return failed(job, describe_os_error(exc), seconds=elapsed())
    except Exception as exc:  # a bug or a dead kernel: name it, keep the batch going
        return failed(job, f"{type(exc).__name__}: {exc}", seconds=elapsed())
