"""The workshop on a tender whose texts attack the page (tests/hostile_tender.py): every HTML
widget of the what-if tab and the panel tab holds them as text only."""

from __future__ import annotations

import ipywidgets as w

from hostile_tender import BID, NAME, hostile_tender, live_markup, visible_text
from tenderkit.workshop.app import WorkshopApp


def html_widgets(widget) -> list[str]:
    own = [widget.value] if isinstance(widget, w.HTML) else []
    return own + [v for child in getattr(widget, "children", ()) for v in html_widgets(child)]


def test_every_html_widget_holds_the_bid_texts_as_text_only(tmp_path):
    app = WorkshopApp(hostile_tender(tmp_path / "tender"), debounce=0)
    app.whatif_bid.value = BID  # the what-if of one answer of the hostile bid, with its note
    assert app.panel_app is not None
    app.panel_app.evaluator.value = app.panel_app.evaluator.options[0]  # the score cards
    values = html_widgets(app.widget)
    assert len(values) > 10
    for value in values:
        assert live_markup(value) == [], value[:300]
    shown = "".join(visible_text(value) for value in values)
    assert NAME in shown
    assert "Motivering <script>" in shown  # the panel's rationales, as text
