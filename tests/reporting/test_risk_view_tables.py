"""The residual-risk page's tables are designed tables (issue 17, point 4): no index, every text
whole, headers from texts/risk.yaml, each score with its level against the appetite, and the
same rows as data through `to_dataframe()`."""

from __future__ import annotations

import re
from html import unescape

import pytest
from report_examples import EXAMPLES

from tenderkit.bundled import example
from tenderkit.i18n import count_text, text
from tenderkit.reporting import risk_view as views

TABLES = (
    views.gaps_table,
    views.register_table,
    views.measures_table,
    views.actions_table,
    views.sla_table,
)

WHOLE = ("col_title", "col_rationale", "col_action", "col_offered", "col_required", "col_topic")
"""The columns of free text, which a page must show whole."""


def shown(html) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", str(html))))


@pytest.fixture(scope="module", params=EXAMPLES)
def view(request) -> views.RiskView:
    return views.open_view(example(request.param))


def test_no_index_and_no_text_cut(view):
    for build in TABLES:
        table = build(view)
        page = table._repr_html_()
        assert 'class="tk-table"' in page and "dataframe" not in page
        headers = re.findall(r"<th>(.*?)</th>", page)
        assert headers and all(h.strip() for h in headers)  # no empty index header
        assert "..." not in shown(page) and "…" not in shown(page)
        frame = table.to_dataframe()
        assert len(frame) == len(table)
        texts = [text("risk", k, view.language) for k in WHOLE]
        for column in [c for c in table.columns if c in texts]:
            for value in frame[column]:
                assert shown(value) in shown(page), (build.__name__, value)


def test_headers_come_from_the_risk_texts(view):
    page = views.register_table(view)._repr_html_()
    for key in ("col_risk", "col_inherent", "col_residual", "col_within"):
        label = text("risk", key, view.language)
        assert f"<th>{label[:1].upper() + label[1:]}</th>" in page


def test_every_score_is_shown_with_its_level_against_the_appetite(view):
    page = shown(views.register_table(view)._repr_html_())
    for risk in view.bid.risks:
        assert f"{risk.title} {risk.id}" in page
        for level in (risk.inherent, risk.residual):
            key = "table_level_above" if level.score > view.appetite else "table_level_within"
            words = text("risk", key, view.language, appetite=view.appetite)
            assert f"{level.likelihood} × {level.impact} = {level.score} {words}" in page


def test_the_page_header_is_in_the_tenders_language(view):
    header = shown(view._repr_html_())
    assert "appetite" not in header and "risks," not in header
    assert (
        count_text(
            "risk",
            "page_summary",
            len(view.bid.risks),
            "nl",
            appetite=view.appetite,
            above=sum(r.inherent.score > view.appetite for r in view.bid.risks),
            escalate=sum(r.escalate for r in view.bid.risks),
        )
        in header
    )
