"""reporting.heatmap_files: a report's heat maps are drawn once and shown by the award report
and the risk pages alike; a notebook waits for a map being drawn, and draws it itself when the
drawing failed."""

from __future__ import annotations

import base64
import re
import threading
import time

from tenderkit.bundled import example
from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender
from tenderkit.reporting.heatmap_files import (
    FAILED,
    KINDS,
    bid_heatmap,
    drawn_heatmap,
    heatmap_file,
    write_heatmaps,
)


def _gemeente():
    tender = load_tender(example("gemeente-zaaksysteem"))
    return tender, evaluate(tender)


def test_the_report_shows_the_very_images_of_its_risk_folder(reports):
    """Drawn once: every heat map in award_report.html is byte for byte a PNG in risk/."""
    for folder in reports.values():
        html = (folder / "award_report.html").read_text("utf-8")
        pattern = r'class="tk-map"><img alt="[^"]*" src="data:image/png;base64,([^"]+)"'
        shown = re.findall(pattern, html)
        assert shown, folder
        files = {p.read_bytes() for p in (folder / "risk").glob("residual_risk_*_*.png")}
        assert {base64.b64decode(image) for image in shown} <= files
        assert not (folder / "risk" / FAILED).exists()


def test_written_maps_are_the_maps_a_notebook_draws(tmp_path):
    tender, result = _gemeente()
    appetite = tender.requirement_set.risk_appetite
    written = write_heatmaps(result.bids, result.language, appetite, tmp_path)
    with_risks = [bid for bid in result.bids if bid.risks]
    assert len(written) == 2 * len(with_risks)
    for bid in with_risks:
        for which in KINDS:
            drawn = bid_heatmap(bid, which, result.language, appetite)
            assert heatmap_file(tmp_path, bid.id, which).read_bytes() == drawn
            assert drawn_heatmap(tmp_path, bid, which, result.language, appetite) == drawn
            assert drawn_heatmap(None, bid, which, result.language, appetite) == drawn


def test_a_map_still_being_drawn_is_waited_for(tmp_path):
    _, result = _gemeente()
    bid = next(b for b in result.bids if b.risks)
    path = heatmap_file(tmp_path, bid.id, "inherent")
    later = threading.Timer(0.3, lambda: path.write_bytes(b"the report's drawing"))
    later.start()
    try:
        shown = drawn_heatmap(tmp_path, bid, "inherent", "nl", 9, wait=30)
    finally:
        later.cancel()
    assert shown == b"the report's drawing"


def test_when_the_drawing_failed_the_notebook_draws_the_map_itself(tmp_path):
    tender, result = _gemeente()
    appetite = tender.requirement_set.risk_appetite
    bid = next(b for b in result.bids if b.risks)
    (tmp_path / FAILED).touch()
    started = time.monotonic()
    shown = drawn_heatmap(tmp_path, bid, "residual", result.language, appetite, wait=30)
    assert time.monotonic() - started < 10  # it did not wait out the 30 s
    assert shown == bid_heatmap(bid, "residual", result.language, appetite)
