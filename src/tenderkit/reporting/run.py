"""`tenderkit report`: evaluate once, then the award notebook, workbook, letters, risk pages.

The tender is evaluated once, here; its result.json is written first and every output renders
the Result read back from it (the award notebook gets the file's path as its `result`
parameter; the residual-risk pages are built in this process from the same Result).

The destination goes through the output-folder guard first (tenderkit.outputs), so a report never
replaces anything but a report. Everything is written into a temporary folder next to it and
moved into place only when complete, so a crash never leaves half a report. The notebook gets
paths, never bid contents (papermill copies parameters into the notebook's metadata). When a cell
fails, the error names the report section and the executed notebook is kept for inspection.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from tenderkit.bundled import bundled
from tenderkit.errors import TenderkitError
from tenderkit.evaluation import evaluate
from tenderkit.fileio import default_mode, failing_as, make_folder, write_atomic
from tenderkit.loader import Tender, load_tender
from tenderkit.outputs import (
    MANIFEST,
    OutputRefused,
    check_report_folder,
    clean_stale,
    input_folders,
    is_empty_folder,
    is_tenderkit_output,
    old_folder,
    real,
    remove_own,
    report_lock,
    work_prefix,
)
from tenderkit.render.letters import write_letters
from tenderkit.render.workbook import write_workbook
from tenderkit.reporting.beside import Beside
from tenderkit.reporting.export import html_to_pdf, notebook_html
from tenderkit.reporting.heatmap_files import write_heatmaps
from tenderkit.reporting.kernel import KernelSession, ensure_kernel
from tenderkit.reporting.manifest import build_manifest, manifest_json, unfinished_manifest
from tenderkit.reporting.risk_pages import risk_pages
from tenderkit.reporting.view import with_language
from tenderkit.result import Result, result_from_json

AWARD_NOTEBOOK = "award_report.ipynb"
RISK_NOTEBOOK = "residual_risk.ipynb"  # the stand-alone view; a report builds its pages itself


class ReportFailed(TenderkitError):
    """A notebook cell failed; names the section and where the executed notebook was kept."""


@dataclass(frozen=True)
class ReportOutcome:
    folder: Path
    html: Path
    result: Result


def notebook_path(name: str) -> Path:
    return bundled("notebooks") / name


def execute(
    notebook: Path,
    output: Path,
    parameters: dict[str, Any],
    kernel: str,
    session: KernelSession | None = None,
) -> nbformat.NotebookNode:
    """Run a notebook with papermill; a failing cell raises ReportFailed naming its section.

    It runs in `session`'s kernel when given (kept alive across notebooks), else in a new one.
    """
    from papermill.exceptions import PapermillExecutionError

    owned = session is None
    session = session or KernelSession(kernel)
    try:
        session.execute(notebook, output, parameters)
    except PapermillExecutionError as exc:
        executed = nbformat.read(output, as_version=4)
        # papermill adds banner cells to the output, so find the failing cell by its error output
        failing = next(
            (
                c
                for c in executed.cells
                if any(o.get("output_type") == "error" for o in c.get("outputs", []))
            ),
            None,
        )
        tags = failing.metadata.get("tags", []) if failing is not None else []
        section = next(
            (t.removeprefix("section-") for t in tags if t.startswith("section-")),
            f"cell {exc.cell_index}",
        )
        raise ReportFailed(
            f"the report failed in section '{section}' of {notebook.name}: {exc.ename}: "
            f"{exc.evalue}"
        ) from None
    finally:
        if owned:
            session.close()
    return nbformat.read(output, as_version=4)


def build_report(
    tender_dir: Path,
    out_dir: Path,
    language: str | None = None,
    force: bool = False,
    pdf: bool = True,
    risk_notebooks: bool = True,
    session: KernelSession | None = None,
    inputs: Sequence[Path] = (),
    beside_process: bool = True,
) -> ReportOutcome:
    """Write the complete award report of a tender into `out_dir`.

    `out_dir` goes through the output-folder guard (tenderkit.outputs): never an input folder
    (the tender's, or any of `inputs`, e.g. the other tenders of a batch), an existing folder
    only when empty or, with `force`, a tenderkit report; one writer at a time (a lock file).
    Every notebook runs in `session`'s kernel when given (a batch keeps one per worker), else in
    one kernel started for this report and shut down after it. The workbook, letters and risk
    pages are written beside the notebook in a forked process (`beside_process`, the default) or
    in a thread (a batch worker, whose other core has work of its own): reporting.beside.
    """
    tender_dir = Path(tender_dir).resolve()
    out_dir = real(out_dir)
    if out_dir.parent == out_dir:
        raise OutputRefused(f"{out_dir}: not a report folder; give the path of a folder to write")
    tender: Tender = with_language(load_tender(tender_dir), language)
    protected = [*input_folders(tender_dir, tender.config), *inputs]
    check_report_folder(out_dir, protected, force)  # before a kernel starts: fail at once
    with failing_as(out_dir):
        make_folder(out_dir.parent)
    with report_lock(out_dir):
        check_report_folder(out_dir, protected, force)  # again, now that no one else writes
        clean_stale(out_dir.parent, out_dir.name)
        if old_folder(out_dir).exists() or old_folder(out_dir).is_symlink():
            raise OutputRefused(
                f"{old_folder(out_dir)}: a folder tenderkit did not write stands where the "
                "replaced report is put aside; move it away and try again"
            )
        return _write_report(
            tender, tender_dir, out_dir, pdf, risk_notebooks, session, beside_process
        )


def _write_report(
    tender: Tender,
    tender_dir: Path,
    out_dir: Path,
    pdf: bool,
    risk_notebooks: bool,
    session: KernelSession | None,
    beside_process: bool,
) -> ReportOutcome:
    """Write into a temporary folder beside `out_dir`, then rename it into place.

    The temporary folder is removed on every way out but one: a failing notebook cell keeps it
    as `<out_dir>.failed` for inspection.
    """
    language = tender.language
    kernel = ensure_kernel()
    owned = session is None
    session = session or KernelSession(kernel, single_use=True)
    session.launch()  # the kernel boots while this process evaluates and writes result.json
    work: Path | None = None
    try:
        with failing_as(out_dir.parent):
            work = Path(tempfile.mkdtemp(prefix=work_prefix(out_dir), dir=out_dir.parent))
            work.chmod(default_mode(directory=True))
            write_atomic(
                work / MANIFEST,
                manifest_json(unfinished_manifest(tender.id, language, "incomplete")),
            )
        try:
            result = _write_into(
                work, tender, tender_dir, out_dir, pdf, risk_notebooks, session, beside_process
            )
        except OSError as exc:
            raise _as_output_error(exc, work, out_dir) from None
        _move_into_place(work, out_dir)
        work = None
    except ReportFailed as exc:
        kept, work = _keep_failed(work, out_dir, tender.id, language, str(exc)), None
        where = f"; the executed notebook is kept in {kept}" if kept is not None else ""
        raise ReportFailed(f"{exc}{where}") from None
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        if owned:
            session.close()
    return ReportOutcome(folder=out_dir, html=out_dir / "award_report.html", result=result)


def _write_into(
    work: Path,
    tender: Tender,
    tender_dir: Path,
    out_dir: Path,
    pdf: bool,
    risk_notebooks: bool,
    session: KernelSession,
    beside_process: bool,
) -> Result:
    """Evaluate once, write result.json, then render everything from the Result read back.

    Every output formats that very Result (floats as result.json rounds them), so the HTML, the
    workbook and the letters show the same figures at the same precision.
    """
    language = tender.language
    result_file = work / "result.json"
    write_atomic(result_file, evaluate(tender).to_json())
    result = result_from_json(result_file.read_text("utf-8"))

    figures = work / "risk" if risk_notebooks else None

    def beside_the_notebook() -> None:
        if figures is not None:  # first: the notebook waits for them (reporting.heatmap_files)
            appetite = tender.requirement_set.risk_appetite
            write_heatmaps(result.bids, language, appetite, figures)
        write_workbook(result, tender, work / "scoring.xlsx")
        write_letters(result, tender, work / "letters", pdf=pdf)
        if risk_notebooks:
            risk_pages(tender, result, work / "risk", tender.config.title)

    # The kernel runs the award notebook in its own process; meanwhile a forked child (or, in a
    # batch worker, a thread) writes what needs no notebook, so that this process is free for
    # the notebook's HTML and the report PDF as soon as the kernel is done (reporting.beside).
    running = [Beside(beside_the_notebook, process=beside_process)]
    try:
        executed = execute(
            notebook_path(AWARD_NOTEBOOK),
            work / AWARD_NOTEBOOK,
            {
                "tender": str(tender_dir),
                "out": str(out_dir),
                "language": language,
                "result": str(result_file),
                "figures": None if figures is None else str(figures),
            },
            session.kernel_name,
            session,
        )
        title = f"{tender.config.title}"
        if pdf:  # the screen HTML in a child of its own, beside the print HTML and the PDF
            screen = Beside(lambda: _write_html(executed, title, language, work), beside_process)
            running.append(screen)
            printed = notebook_html(executed, title, language, print_only=True)
            write_atomic(work / "award_report.pdf", html_to_pdf(printed, base_url=str(work)))
        else:
            _write_html(executed, title, language, work)
        for job in running:
            job.join()
    except BaseException:
        for job in running:
            job.stop()  # never leave one writing into a folder about to go
        raise
    manifest = build_manifest(tender.id, tender.inputs, result.lock, work, language)
    write_atomic(work / MANIFEST, manifest_json(manifest))
    return result


def _write_html(executed: nbformat.NotebookNode, title: str, language: str, work: Path) -> None:
    """The report's screen HTML (award_report.html) from the executed notebook."""
    write_atomic(work / "award_report.html", notebook_html(executed, title, language))


def _as_output_error(exc: OSError, work: Path, out_dir: Path) -> OSError:
    """The same error, naming the file in `out_dir` the user will look for, not the temporary
    folder it was being written in."""
    if exc.errno is None or exc.filename is None:
        return exc
    path = Path(os.fsdecode(exc.filename))
    try:
        path = out_dir / path.relative_to(work)
    except ValueError:
        return exc
    return OSError(exc.errno, exc.strerror, str(path))


def _keep_failed(
    work: Path | None, out_dir: Path, tender_id: str, language: str, error: str
) -> Path | None:
    """Keep the work folder of a failed notebook as `<out_dir>.failed`; None if it cannot be."""
    if work is None:
        return None
    try:
        failed = unfinished_manifest(tender_id, language, "failed", error)
        write_atomic(work / MANIFEST, manifest_json(failed))
    except OSError:  # a full disk: nothing worth keeping can be written
        shutil.rmtree(work, ignore_errors=True)
        return None
    kept = out_dir.parent / f"{out_dir.name}.failed"
    remove_own(kept)
    if kept.exists() or kept.is_symlink():  # not ours: leave it, keep the notebook where it is
        return work
    try:
        work.rename(kept)
    except OSError:
        return work
    return kept


def _move_into_place(work: Path, out_dir: Path) -> None:
    """Rename the finished `work` folder to `out_dir`, putting an earlier report aside first.

    Checked once more: a folder that someone filled while the report ran is left alone.
    """
    old = None
    if out_dir.exists() or out_dir.is_symlink():
        if is_empty_folder(out_dir):
            out_dir.rmdir()
        elif is_tenderkit_output(out_dir):
            old = old_folder(out_dir)
            out_dir.rename(old)
        else:
            raise OutputRefused(
                f"{out_dir}: files that tenderkit did not write appeared in this folder while "
                "the report was written; they are left as they are; choose another folder"
            )
    try:
        work.rename(out_dir)
    except BaseException:
        if old is not None:
            old.rename(out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
