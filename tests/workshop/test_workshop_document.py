"""document: the saved scenarios as a handout, from the Results, never changing the published."""

from __future__ import annotations

import datetime as dt

from workshop_builders import GEMEENTE, loaded

from tenderkit.workshop.document import describe_scenario, scenarios_document
from tenderkit.workshop.live import LiveEvaluator
from tenderkit.workshop.scenario import Scenario


def test_describe_names_every_change_in_words():
    tender = loaded(GEMEENTE)
    scenario = Scenario(
        quality_share=0.8,
        criteria={"K2": 0},
        formula="log",
        excluded=frozenset({"zaakwerk"}),
        answers={("civora", "ENC-03"): "fails"},
        measures={"civora": ("M-OWN-ENCRYPT",)},
        prices={"civora": 400_000},
    )
    lines = describe_scenario(tender, scenario, "nl", {"M-OWN-ENCRYPT": "Eigen sleutels"})
    text = "\n".join(lines)
    assert "kwaliteit 80% van de punten in plaats van 60%" in text
    assert "gewicht K2: 0 in plaats van 25" in text
    assert "prijsformule 'Logaritmisch' in plaats van 'Laagste prijs relatief'" in text
    assert "Zaakwerk Cloud B.V. ongeldig verklaard" in text
    assert "Civora NV: ENC-03 → voldoet niet" in text
    assert "Eigen sleutels" in text
    assert "Civora NV: prijs € 400.000" in text
    assert describe_scenario(tender, Scenario(), "nl", {}) == []


def test_the_document_holds_the_published_ranking_and_each_scenario():
    tender = loaded(GEMEENTE)
    live = LiveEvaluator(tender)
    published = live.evaluate(Scenario())
    invalid = Scenario(excluded=frozenset({"zaakwerk"}), quality_share=0.7)
    html = scenarios_document(
        tender,
        published,
        [("Zaakwerk <valt> af", invalid, live.evaluate(invalid))],
        "nl",
        {},
        today=dt.date(2026, 12, 1),
    )
    assert html.startswith("<!DOCTYPE html>")
    assert "1 december 2026" in html
    assert "verandert de gepubliceerde uitslag niet" in html
    assert "Zaakwerk &lt;valt&gt; af" in html  # a scenario name is text, not markup
    assert "(zoals gepubliceerd: Zaakwerk Cloud B.V.)" in html
    assert 'class="tk-delta' in html  # the differences with the published result
    assert "http" not in html  # no external resources: it opens offline
