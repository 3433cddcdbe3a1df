"""Tender folders for the batch tests: self-contained copies of the examples with their own ids."""

from __future__ import annotations

from pathlib import Path

from tenderkit.formats.folder_edits import copy_example, set_key

SMALL = "retail-privcomp-cloud"  # three bids: the quickest report
LEAN = ["--no-pdf", "--no-risk-notebooks", "--no-progress"]


def copy_tender(root: Path, tender_id: str, example: str = SMALL) -> Path:
    """A copy of a bundled example in `root/<tender_id>`, with `id: <tender_id>`."""
    folder = copy_example(example, root / tender_id)
    tender_yaml = folder / "tender.yaml"
    tender_yaml.write_text(set_key(tender_yaml.read_text("utf-8"), "id", tender_id), "utf-8")
    return folder


def break_tender(folder: Path) -> str:
    """Make the first bid's price invalid; returns that bid's file name as loading names it."""
    bid = sorted((folder / "bids").glob("*.yaml"))[0]
    bid.write_text(set_key(bid.read_text("utf-8"), "price", "veel"), "utf-8")
    return f"bids/{bid.name}"


def report_folders(out: Path) -> list[Path]:
    """The visible report folders in a batch's OUT_DIR."""
    return sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
