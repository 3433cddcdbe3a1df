"""`tenderkit report`: run the award notebook, export it, write the workbook, letters, manifest.

Everything is written into a temporary folder next to the destination and moved into place only
when complete, so a crash never leaves half a report. The notebook gets paths, never bid contents
(papermill copies parameters into the notebook's metadata). When a cell fails, the error names the
report section and the executed notebook is kept for inspection.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from tenderkit.bundled import bundled
from tenderkit.errors import TenderkitError
from tenderkit.fileio import default_mode, write_atomic
from tenderkit.formats.loader import Tender, load_tender
from tenderkit.render.excel import write_workbook
from tenderkit.render.letters import write_letters
from tenderkit.report.export import html_to_pdf, notebook_html
from tenderkit.report.kernel import KernelSession, ensure_kernel
from tenderkit.report.manifest import build_manifest, manifest_json
from tenderkit.report.view import RESULT_MIME, with_language
from tenderkit.result import Result

AWARD_NOTEBOOK = "award_report.ipynb"
RISK_NOTEBOOK = "residual_risk.ipynb"


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


def result_of(notebook: nbformat.NotebookNode) -> Result:
    """The Result the award notebook displayed under tenderkit's MIME type."""
    for cell in reversed(notebook.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if RESULT_MIME in data:
                return Result.model_validate(data[RESULT_MIME])
    raise ReportFailed("the award notebook displayed no result (its last cell did not run)")


def build_report(
    tender_dir: Path,
    out_dir: Path,
    language: str | None = None,
    force: bool = False,
    pdf: bool = True,
    risk_notebooks: bool = True,
    session: KernelSession | None = None,
) -> ReportOutcome:
    """Write the complete award report of a tender into `out_dir`.

    Every notebook runs in `session`'s kernel when given (a batch keeps one per worker), else in
    one kernel started for this report and shut down after it.
    """
    tender_dir = Path(tender_dir).resolve()
    out_dir = Path(out_dir)
    tender: Tender = with_language(load_tender(tender_dir), language)
    language = tender.language
    if out_dir.exists() and not force:
        raise TenderkitError(f"{out_dir} already exists; choose another folder or use --force")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    kernel = ensure_kernel()
    owned = session is None
    session = session or KernelSession(kernel)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    work.chmod(default_mode(directory=True))
    try:
        executed = execute(
            notebook_path(AWARD_NOTEBOOK),
            work / AWARD_NOTEBOOK,
            {"tender": str(tender_dir), "out": str(out_dir.resolve()), "language": language},
            kernel,
            session,
        )
        result = result_of(executed)
        write_atomic(work / "result.json", result.to_json())
        html = notebook_html(executed, f"{tender.config.title}", language)
        write_atomic(work / "award_report.html", html)
        if pdf:
            write_atomic(work / "award_report.pdf", html_to_pdf(html, base_url=str(work)))
        write_workbook(result, tender, work / "scoring.xlsx")
        write_letters(result, tender, work / "letters", pdf=pdf)
        risk_nb = notebook_path(RISK_NOTEBOOK)
        if risk_notebooks and risk_nb.is_file():
            (work / "risk").mkdir()
            for bid_id in tender.bids:
                run = execute(
                    risk_nb,
                    work / "risk" / f"{bid_id}.ipynb",
                    {
                        "tender": str(tender_dir),
                        "bidder": bid_id,
                        "out": None,
                        "language": language,
                    },
                    kernel,
                    session,
                )
                write_atomic(
                    work / "risk" / f"{bid_id}.html",
                    notebook_html(run, f"{tender.config.title}: {bid_id}", language),
                )
        manifest = build_manifest(tender.id, tender.inputs, result.lock, work, language)
        write_atomic(work / "manifest.json", manifest_json(manifest))
    except ReportFailed as exc:
        kept = out_dir.parent / f"{out_dir.name}.failed"
        shutil.rmtree(kept, ignore_errors=True)
        work.rename(kept)
        raise ReportFailed(f"{exc}; the executed notebook is kept in {kept}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        if owned:
            session.close()
    _move_into_place(work, out_dir)
    return ReportOutcome(folder=out_dir, html=out_dir / "award_report.html", result=result)


def _move_into_place(work: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = out_dir.parent / f".{out_dir.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        out_dir.rename(old)
    work.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
