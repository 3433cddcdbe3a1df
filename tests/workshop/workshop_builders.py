"""Shared builders of the workshop tests (a plain module: tests/ has one conftest, at the top)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tenderkit.bundled import example
from tenderkit.formats.folder_edits import copy_example
from tenderkit.loader import Tender, load_tender

RETAIL = "retail-privcomp-cloud"
GEMEENTE = "gemeente-zaaksysteem"


@cache
def loaded(name: str) -> Tender:
    """A bundled example, loaded once per test run (Tenders are frozen)."""
    return load_tender(example(name))


def retail_copy(tmp_path: Path, fresh: bool = False) -> Path:
    """A copy of the PrivComp example a test may write into; `fresh` drops its recorded
    consensus, so the panel starts from nothing."""
    folder = copy_example(RETAIL, tmp_path / "privcomp")
    if fresh:
        (folder / "panel" / "consensus.csv").unlink()
    return folder
