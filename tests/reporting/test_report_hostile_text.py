"""`tenderkit report` on a tender whose texts attack the outputs (tests/hostile_tender.py).

Every HTML file the report writes (award report, residual-risk pages per bid, letters) is parsed:
no tag, attribute or link from the hostile texts is live, and the texts are there as text. The
mathtext in a bidder name and criterion titles does not stop the report (finding 5).
"""

from __future__ import annotations

import pytest

from hostile_tender import BID, K2_TITLE, NAME, hostile_tender, live_markup, visible_text
from tenderkit.reporting.run import build_report


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    return build_report(hostile_tender(root / "tender"), root / "out", pdf=False).folder


def test_every_html_output_holds_the_hostile_texts_as_text_only(report):
    pages = sorted(report.rglob("*.html"))
    assert report / "award_report.html" in pages
    assert report / "risk" / f"{BID}.html" in pages
    assert report / "letters" / f"letter-{BID}.html" in pages
    for page in pages:
        assert live_markup(page.read_text("utf-8")) == [], page.relative_to(report)


def test_the_name_and_titles_read_as_written(report):
    award = visible_text((report / "award_report.html").read_text("utf-8"))
    assert NAME in award  # the summary and tables, not a formula
    assert K2_TITLE in award
    risk = visible_text((report / "risk" / f"{BID}.html").read_text("utf-8"))
    assert NAME in risk  # the effort line and the header, not Markdown
