"""The residual-risk pages of a report: built from the report's Result, never evaluated again,
shaped as the residual-risk notebook executed, and with supplier text as text only."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from hostile_tender import BID, NAME, hostile_tender, live_markup, visible_text
from tenderkit.bundled import bundled, example
from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender
from tenderkit.reporting import risk_view as views
from tenderkit.reporting import view as award_view
from tenderkit.reporting.export import notebook_html
from tenderkit.reporting.risk_pages import risk_page, risk_pages
from tenderkit.reporting.risk_view import MIME_TYPE
from tenderkit.result import result_from_json


@pytest.fixture(scope="module")
def gemeente():
    tender = load_tender(example("gemeente-zaaksysteem"))
    return tender, result_from_json(evaluate(tender).to_json())


def _no_evaluation(*args, **kwargs):
    raise AssertionError("evaluated again")


def test_a_page_per_bid_from_the_result_without_evaluating(gemeente, tmp_path, monkeypatch):
    tender, result = gemeente
    monkeypatch.setattr(views, "evaluate", _no_evaluation)
    written = risk_pages(tender, result, tmp_path, "Zaaksysteem")
    assert sorted(p.name for p in written) == sorted(
        f"{b}.{ext}" for b in tender.bids for ext in ("html", "ipynb")
    )
    for bid in result.bids:
        notebook = nbformat.read(tmp_path / f"{bid.id}.ipynb", as_version=4)
        bundle = notebook.cells[-1].outputs[0]["data"][MIME_TYPE]
        assert bundle["risks"] == json.loads(bid.model_dump_json())["risks"]
        page = (tmp_path / f"{bid.id}.html").read_text("utf-8")
        assert page.count("<img ") == 2  # the inherent and residual heat maps
        assert bid.name in visible_text(page)


def test_the_page_has_the_sections_of_the_notebook(gemeente):
    tender, result = gemeente
    committed = nbformat.read(bundled("notebooks") / "residual_risk.ipynb", as_version=4)
    tags = [t for c in committed.cells if c.cell_type == "code" for t in c.metadata["tags"]]
    page = risk_page(tender, result, next(iter(tender.bids)))
    assert ["parameters", *[t for c in page.cells for t in c.metadata["tags"]]] == tags


def test_the_award_notebook_reads_the_result_it_is_given(gemeente, tmp_path, monkeypatch):
    _, result = gemeente
    path = tmp_path / "result.json"
    path.write_text(result.to_json(), "utf-8")
    monkeypatch.setattr(award_view, "evaluate", _no_evaluation)
    report = award_view.AwardReport.load(example("gemeente-zaaksysteem"), None, path)
    assert report.result == result
    with pytest.raises(ValueError, match="not of 'gemeente-zaaksysteem' in 'en'"):
        award_view.AwardReport.load(example("gemeente-zaaksysteem"), "en", path)


def test_a_hostile_bid_text_stays_text_on_its_page(tmp_path):
    tender = load_tender(hostile_tender(tmp_path / "tender"))
    page = notebook_html(risk_page(tender, evaluate(tender), BID), "risk")
    assert live_markup(page) == []
    assert visible_text(page).count(NAME) >= 2  # the header and the effort line


def test_the_heat_maps_are_described_by_their_titles(gemeente):
    tender, result = gemeente
    bid = result.bids[0]
    page = notebook_html(risk_page(tender, result, bid.id), "risk", tender.language)
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', page)
    assert alts == [f"Inherent risico: {bid.name}", f"Restrisico na maatregelen: {bid.name}"]
    assert "No description" not in page
