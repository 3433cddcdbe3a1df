"""The residual-risk notebook on a bid whose texts attack the page (tests/hostile_tender.py).

Executed with papermill and exported as `tenderkit report` exports risk/<bid>.html: no tag,
attribute or link from the bid is live, and the bidder's name reads as written.
"""

from __future__ import annotations

import nbformat
import papermill
import pytest

from hostile_tender import BID, NAME, hostile_tender, live_markup, visible_text
from tenderkit.bundled import bundled
from tenderkit.reporting import risk_view as views
from tenderkit.reporting.export import notebook_html


@pytest.fixture(scope="module")
def tender_dir(tmp_path_factory):
    return hostile_tender(tmp_path_factory.mktemp("hostile") / "tender")


def test_the_exported_notebook_holds_the_bid_texts_as_text_only(tender_dir, tmp_path):
    target = tmp_path / "risk.ipynb"
    papermill.execute_notebook(
        str(bundled("notebooks") / "residual_risk.ipynb"),
        str(target),
        parameters={"tender": str(tender_dir), "bidder": BID, "out": str(tmp_path / "out")},
        kernel_name="tenderkit",
        progress_bar=False,
    )
    page = notebook_html(nbformat.read(target, as_version=4), "risk")
    assert live_markup(page) == []
    assert visible_text(page).count(NAME) >= 2  # the header and the effort line


def test_no_output_of_the_notebook_is_markdown(tender_dir):
    view = views.open_view(tender_dir, BID)
    for shown in (view._repr_html_(), views.effort_summary(view)):
        assert live_markup(shown) == [] and NAME in visible_text(shown)
    for table in (
        views.gaps_table(view),
        views.register_table(view),
        views.measures_table(view),
        views.actions_table(view),
        views.sla_table(view),
    ):
        assert live_markup(table._repr_html_()) == []
