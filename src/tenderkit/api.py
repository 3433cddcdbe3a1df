"""The public API's doors: load a tender by folder or example name, and write its report.

`tenderkit.load_tender`, `tenderkit.evaluate` and `tenderkit.report` (see the package docstring)
are what an analyst calls from a notebook; they take what the command line takes, so a notebook
and `tenderkit report` give the same report.
"""

from __future__ import annotations

import os
from pathlib import Path

from tenderkit import loader
from tenderkit.bundled import resolve_tender_dir
from tenderkit.errors import TenderkitError
from tenderkit.reporting.run import ReportOutcome, build_report
from tenderkit.tender import Tender

__all__ = ["load_tender", "report"]


def load_tender(source: str | os.PathLike[str] | None = None) -> Tender:
    """Read and check a tender: a folder with tender.yaml, or the name of a bundled example
    (`tenderkit.example_names()`); None: the bundled gemeente example. Raises InvalidInput with
    every problem found."""
    return loader.load_tender(resolve_tender_dir(None if source is None else os.fspath(source)))


def report(
    tender: Tender | str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    language: str | None = None,
    force: bool = False,
    pdf: bool = True,
    risk_pages: bool = True,
) -> ReportOutcome:
    """Write the award report of `tender` (a loaded Tender, a folder or an example name) into
    `out`, as `tenderkit report` does: HTML, PDF, workbook, letters, risk pages, result.json.

    The report is the record of what is on disk, so a Tender must come from its folder unchanged:
    one changed in memory (a what-if) is refused rather than reported as if it were the tender.
    """
    if isinstance(tender, Tender):
        if tender.directory is None:
            raise TenderkitError(
                "this tender was built in memory and has no folder; a report is written from a "
                "tender folder (save it with its files first)"
            )
        if loader.load_tender(tender.directory) != tender:
            raise TenderkitError(
                f"{tender.directory}: the tender differs from what its folder holds (changed in "
                "memory?); a report is the record of the folder, so save the change first"
            )
        directory = Path(tender.directory)
        language = language or tender.language
    else:
        directory = resolve_tender_dir(os.fspath(tender))
    return build_report(
        directory, Path(out), language=language, force=force, pdf=pdf, risk_notebooks=risk_pages
    )
