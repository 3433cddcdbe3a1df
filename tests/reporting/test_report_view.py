"""The award report's sections without a kernel: the decision advice, the open items and the
proces-verbaal state only what the data shows (issue 16)."""

from __future__ import annotations

import copy
import re
from html import unescape

import pytest

from conftest import PANEL, TENDER, bid
from tenderkit.bundled import example
from tenderkit.evaluation import evaluate
from tenderkit.formats.folder_edits import write_lock
from tenderkit.loader import load_tender
from tenderkit.render.readiness import open_items
from tenderkit.reporting.view import AwardReport

AGREED = {
    **PANEL,
    "consensus": "bidder,target,score,rationale,evaluators\n"
    "alpha,K1,8,Goede logging,anna;bram\nbeta,K1,6,Redelijke logging,anna;bram\n",
}


def shown(html) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", str(html))))


def report(make_tender, lock=True, sensitivity=False, panel=AGREED, **tender_changes):
    data = {**copy.deepcopy(TENDER), **tender_changes}
    folder = make_tender(tender=data, panel=panel)
    if lock:
        write_lock(folder)
    tender = load_tender(folder)
    return AwardReport(tender, evaluate(tender, sensitivity=sensitivity))


RECORD = {
    "evaluators": [
        {"id": "anna", "name": "Anna de Wit", "role": "CISO"},
        {"id": "bram", "name": "Bram Kok", "role": "inkoper"},
    ],
    "conflict_of_interest": [
        {"evaluator": "anna", "date": "2026-10-16"},
        {"evaluator": "bram", "date": "2026-10-17"},
    ],
}


@pytest.mark.parametrize(
    ("frozen", "opening", "claim"),
    [
        ("2026-10-27T16:30", "2026-10-28T10:00", True),
        ("2026-10-27", "2026-10-28", True),
        ("2026-10-28", "2026-10-28T10:00", False),  # same day, no time: not shown
        ("2026-10-28T11:00", "2026-10-28T10:00", False),
    ],
)
def test_blind_scoring_is_claimed_only_when_the_freeze_precedes_the_price_opening(
    make_tender, frozen, opening, claim
):
    evaluation = {"consensus_meetings": ["2026-10-26"], "quality_frozen": frozen}
    evaluation["price_opening"] = opening
    text = shown(report(make_tender, **RECORD, evaluation=evaluation).record())
    assert ("stonden vast voordat de prijzen bekend waren" in text) is claim
    assert ("daaruit blijkt niet" in text) is not claim
    assert "zelfstandig" not in text and "zonder kennis van de prijzen" not in text


def test_the_record_lists_what_it_does_not_know(make_tender):
    text = shown(report(make_tender).record())
    assert "Niet vastgelegd in het dossier" in text
    for missing in (
        "naam en rol van anna, bram",
        "een verklaring over belangenconflicten van anna, bram",
        "de datum van elke consensusbijeenkomst",
        "wanneer de kwaliteitsscores zijn vastgesteld",
        "wanneer de prijzen zijn geopend",
    ):
        assert missing in text, missing
    assert "stonden vast voordat" not in text
    assert "anna (naam niet vastgelegd)" in text and "geen verklaring vastgelegd" in text


def test_the_record_of_a_consensus_only_panel_says_so(make_tender):
    panel = {"consensus": AGREED["consensus"]}
    text = shown(report(make_tender, panel=panel, **RECORD).record())
    assert "geen individuele scores vastgelegd" in text
    assert "Individuele scores zijn vastgelegd van" not in text


def test_a_declared_conflict_is_recorded_and_blocks_when_the_member_scored_the_bid(make_tender):
    record = copy.deepcopy(RECORD)
    record["conflict_of_interest"][1] = {
        "evaluator": "bram",
        "date": "2026-10-17",
        "conflict": True,
        "bidders": ["beta"],
        "note": "werkte tot 2025 bij Beta",
    }
    view = report(make_tender, **record)
    text = shown(view.record())
    assert "meldde op 17 oktober 2026 een belangenconflict: werkte tot 2025 bij Beta" in text
    codes = [item.code for item in view.items]
    assert codes == ["conflict_scored"]
    assert "Bram Kok meldde een belangenconflict bij Beta NV" in view.items[0].text


def test_no_lock_and_an_unanswered_knockout_are_open_items(make_tender):
    delta = bid("Delta BV", 300000)
    del delta["answers"]["LOC-01"]
    folder = make_tender(
        tender={**copy.deepcopy(TENDER), **RECORD},
        bids={"alpha": bid("Alpha BV", 400000), "beta": bid("Beta NV", 350000), "delta": delta},
        panel=AGREED,
    )
    tender = load_tender(folder)
    items = open_items(evaluate(tender, sensitivity=False), tender)
    assert [i.code for i in items] == ["no_lock", "unanswered_knockout"]
    assert "Aw 2012 art. 2.115" in items[0].text
    assert "Delta BV is ongeldig omdat eis LOC-01" in items[1].text


def test_decision_advice_states_budget_margin_and_open_items(make_tender):
    view = report(make_tender, sensitivity=True, **RECORD, budget=380000, prepared_by="P. Jansen")
    text = shown(view.decision())
    winner = view.result.bid(view.result.winner)
    assert f"voornemen tot gunning aan {winner.name}" in text
    assert "boven het budget" in text and "moet de overschrijding expliciet aanvaarden" in text
    assert "Verschil met nummer 2" in text
    assert text.count("Gevoeligheid:") == 1
    assert "Er zijn geen openstaande punten" in text
    assert "Looptijd: 48 maanden." in text
    title = shown(view.title())
    assert "Status: definitief" in title and "Opgesteld door: P. Jansen" in title


def test_decision_advice_of_a_private_buyer_cites_no_statute(make_tender):
    view = report(make_tender, **RECORD, buyer={"name": "Winkel BV", "kind": "retail"})
    text = shown(view.decision()) + shown(view.open_items()) + shown(view.summary())
    assert "private offerteaanvraag" in text
    assert "Aanbestedingswet" not in text and "2.115" not in text


def test_contract_changing_measures_are_marked():
    tender = load_tender(example("gemeente-zaaksysteem"))
    view = AwardReport(tender, evaluate(tender, sensitivity=False))
    # the decision names the measures by title; chapter 9 gives the register's id beside it
    assert "Voorafgaande toestemming voor subverwerkers" in shown(view.decision())
    risks = str(view.risks())
    assert (
        'Voorafgaande toestemming voor subverwerkers <small class="code">M-SUBPROC-APPROVAL'
        "</small> (wijzigt de overeenkomst)"
    ) in risks
    assert "wezenlijke wijziging" in risks


def test_the_result_bundle_shows_no_line_in_the_report(make_tender):
    bundle = report(make_tender).result_bundle()
    assert bundle["text/plain"] == ""
    assert bundle["text/html"].startswith("<!--") and bundle["text/html"].endswith("-->")


def test_the_record_in_english(make_tender):
    evaluation = {
        "consensus_meetings": ["2026-10-26"],
        "quality_frozen": "2026-10-27T16:30",
        "price_opening": "2026-10-28T10:00",
    }
    view = report(make_tender, **RECORD, evaluation=evaluation, language="en")
    text = shown(view.record())
    assert "Appendix: evaluation record" in text
    assert "Anna de Wit (anna)" in text and "declared on 16 October 2026" in text
    assert "the quality scores were fixed before the prices were known" in text
    assert "Consensus meeting of the panel: 26 October 2026." in text
    assert "Nothing: every fact for this record is in the file." in text
    bare = shown(report(make_tender, language="en").record())
    assert "when the prices were opened (evaluation.price_opening)" in bare
    assert "fixed before the prices were known" not in bare
