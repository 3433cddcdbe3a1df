"""`--resume`: which reports are current, and what a crashed batch left behind.

A report folder is current when its manifest.json names the same inputs (sha256 of every input
file), the same tenderkit version and the same language as a run now would, every output it lists
is present with its hash, and it has what this run asks for (the PDF, the risk notebooks).
`build_report` writes into a hidden temporary folder `.<id>.*` and renames it into place, so a
crash can only leave such hidden folders, which the next report into that folder removes
(tenderkit.outputs.clean_stale).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tenderkit import __version__
from tenderkit.batch.summary import summary_row

if TYPE_CHECKING:
    from tenderkit.batch.jobs import Job
    from tenderkit.tender import Tender


def is_current(tender: Tender, job: Job) -> bool:
    """Does `job.folder` hold a complete report of exactly these inputs, as this run asks for?"""
    from tenderkit.outputs import read_manifest
    from tenderkit.reporting.manifest import sha256_file
    from tenderkit.reporting.run import RISK_NOTEBOOK, notebook_path

    manifest = read_manifest(job.folder)
    if manifest is None or manifest.get("status", "complete") != "complete":
        return False
    if manifest.get("inputs") != dict(sorted(tender.inputs.items())):
        return False
    if manifest.get("tool_version") != __version__:
        return False
    if manifest.get("language") != (job.language or tender.language):
        return False
    outputs = manifest.get("outputs")
    if not isinstance(outputs, dict) or "result.json" not in outputs:
        return False
    if job.pdf and "award_report.pdf" not in outputs:
        return False
    if (
        job.risk_notebooks
        and tender.bids
        and notebook_path(RISK_NOTEBOOK).is_file()
        and not any(name.startswith("risk/") for name in outputs)
    ):
        return False
    for name, digest in outputs.items():
        path = job.folder / name
        if not path.is_file() or sha256_file(path) != digest:
            return False
    return True


def up_to_date(tender: Tender, job: Job) -> dict[str, Any] | None:
    """The summary row of the current report in `job.folder`, or None when it must be redone."""
    from tenderkit.result import Result

    if not is_current(tender, job):
        return None
    try:
        result = Result.model_validate_json((job.folder / "result.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return summary_row(result)
