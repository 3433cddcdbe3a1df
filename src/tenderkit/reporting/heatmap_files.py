"""A report's heat maps, drawn once: beside the award notebook, shown by the notebook and the
risk pages alike.

Drawing a heat map is the slowest thing the award notebook does (matplotlib, two per bid), and
the risk pages need the very same images. So `tenderkit report` draws them once, first thing in
the work it does beside the notebook (reporting.beside), and writes each as a PNG into the risk
pages' folder; the notebook, told that folder (its `figures` parameter), shows the files instead
of drawing them again. The notebook may reach its risk section before a file is there, so it
waits for it; if the drawing failed (a marker file says so) or takes too long, it draws the map
itself, which gives the same bytes: `render.charts.heatmap_png` draws a map from its content
alone, with fixed PNG metadata.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from tenderkit.fileio import write_atomic
from tenderkit.render.charts import heatmap_png
from tenderkit.result import BidResult

Which = Literal["inherent", "residual"]
KINDS: tuple[Which, ...] = ("inherent", "residual")

FAILED = ".heatmaps-failed"
"""Written into the folder when drawing failed, so that a notebook waiting for a map stops."""

WAIT_SECONDS = 60.0


def heatmap_file(folder: Path, bid_id: str, which: Which) -> Path:
    """Where a bid's heat map lies in a report's risk folder (one name for every writer)."""
    return Path(folder) / f"residual_risk_{bid_id}_{which}.png"


def bid_heatmap(bid: BidResult, which: Which, language: str, appetite: int) -> bytes:
    """The heat map of a bid as the report and its risk page show it: with the bidder's name and
    the risk appetite."""
    return heatmap_png(bid.risks, which, language, appetite=appetite, bidder=bid.name)


def write_heatmaps(
    bids: Iterable[BidResult], language: str, appetite: int, folder: Path
) -> list[Path]:
    """Draw both heat maps of every bid with risks into `folder`, each written atomically (a
    reader never sees half a file); on failure leave the marker that stops readers waiting."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for bid in bids:
            if not bid.risks:
                continue
            for which in KINDS:
                path = heatmap_file(folder, bid.id, which)
                write_atomic(path, bid_heatmap(bid, which, language, appetite))
                written.append(path)
    except BaseException:
        (folder / FAILED).touch()
        raise
    return written


def drawn_heatmap(
    folder: Path | None,
    bid: BidResult,
    which: Which,
    language: str,
    appetite: int,
    wait: float = WAIT_SECONDS,
) -> bytes:
    """The bid's heat map: the file the report drew into `folder` (waiting for it while it is
    being drawn), else drawn here."""
    if folder is not None:
        path = heatmap_file(Path(folder), bid.id, which)
        deadline = time.monotonic() + wait
        while True:
            if path.exists():
                return path.read_bytes()
            if (Path(folder) / FAILED).exists() or time.monotonic() > deadline:
                break
            time.sleep(0.02)
    return bid_heatmap(bid, which, language, appetite)
