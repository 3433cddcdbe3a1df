"""The headline per bid and the method's unit are Result fields: evaluate states them once, the
report, the letters and the workshop word them and work nothing out of the figures."""

from __future__ import annotations

import json

import pytest

from tenderkit.api import load_tender
from tenderkit.evaluation import evaluate
from tenderkit.render.letters import letters
from tenderkit.reporting.view import AwardReport
from tenderkit.result import Headline, result_from_json
from tenderkit.workshop import fragments

EXAMPLES = ("gemeente-zaaksysteem", "retail-privcomp-cloud")


def _evaluated(name: str):
    tender = load_tender(name)
    return tender, evaluate(tender, sensitivity=False)


def _replace_headline(result, bid_id: str, **changes):
    bids = [
        b.model_copy(update={"headline": b.headline.model_copy(update=changes)})
        if b.id == bid_id
        else b
        for b in result.bids
    ]
    return result.model_copy(update={"bids": bids})


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_bid_has_a_headline_that_states_its_outcome(name):
    _, result = _evaluated(name)
    valid = [b for b in result.bids if b.valid]
    for bid in result.bids:
        h = bid.headline
        assert h is not None and h.of == len(valid)
        if not bid.valid:
            assert (h.status, h.rank, h.figure, h.margin) == ("invalid", None, None, None)
            assert h.knockouts == list(dict.fromkeys(k.requirement for k in bid.knockouts))
            assert h.knockouts
            continue
        assert h.rank == bid.rank and not h.shared
        figure = bid.total if result.method.additive else bid.price.comparison
        assert h.figure == figure
        if bid.id == result.winner:
            assert h.status == "winner" and h.margin == result.margin
        else:
            assert h.status == "ranked"
            assert h.margin == pytest.approx(result.bid(result.winner).score - bid.score)
            assert h.margin > 0


@pytest.mark.parametrize("name", EXAMPLES)
def test_result_json_holds_the_headline_and_reads_it_back(name):
    _, result = _evaluated(name)
    data = json.loads(result.to_json())
    assert {b["id"]: b["headline"]["status"] for b in data["bids"]} == {
        b.id: b.headline.status for b in result.bids
    }
    assert {"additive", "weights_apply", "unit", "decimals"} <= set(data["method"])
    back = result_from_json(result.to_json())
    assert [b.headline for b in back.bids] == [
        Headline.model_validate(b["headline"]) for b in data["bids"]
    ]
    assert back.method.additive == result.method.additive
    assert back.method.weights_apply == result.method.weights_apply


def test_a_result_json_without_the_new_method_fields_reads_them_from_its_unit():
    _, result = _evaluated("retail-privcomp-cloud")  # the fictitious discount: money
    data = json.loads(result.to_json())
    del data["method"]["additive"], data["method"]["weights_apply"]
    back = result_from_json(json.dumps(data))
    assert (back.method.additive, back.method.weights_apply) == (False, False)


def test_the_report_words_the_winners_figure_and_margin_from_its_headline():
    tender, result = _evaluated("gemeente-zaaksysteem")
    moved = _replace_headline(result, result.winner, figure=12.345678, margin=1.5)
    report = AwardReport(tender, moved)
    summary = str(report.summary())
    assert "12,35 punten" in summary and "Voorsprong op nummer 2" in summary
    assert "1,50" in summary
    assert "1,50 punten" in str(report.decision())


def test_the_ranking_table_names_the_headlines_knockouts():
    tender, result = _evaluated("gemeente-zaaksysteem")
    invalid = next(b for b in result.bids if not b.valid)
    moved = _replace_headline(result, invalid.id, knockouts=["XYZ-99"])
    assert "knock-out: XYZ-99" in str(AwardReport(tender, moved).ranking_table())


def test_the_letters_follow_the_headline_status_rank_and_figure():
    tender, result = _evaluated("gemeente-zaaksysteem")
    ranked = next(b for b in result.bids if b.headline.status == "ranked")
    moved = _replace_headline(result, ranked.id, status="pending", rank=7, of=9, figure=1.25)
    letter = letters(moved, tender)[ranked.id]
    assert letter.kind == "pending"
    assert "7" in letter.html and "9" in letter.html
    assert "1,25" in letter.html


def test_the_workshop_shows_the_headlines_figure():
    _, result = _evaluated("retail-privcomp-cloud")
    winner = result.bid(result.winner)
    moved = _replace_headline(result, winner.id, figure=123_456.0)
    assert "123.456" in fragments.score_text(moved.bid(winner.id), moved.method, "nl")


def test_renderers_choose_wording_by_the_methods_fields_not_the_formulas_name():
    """A method named otherwise with the fields of the fictitious discount reads as the
    fictitious discount: no renderer compares the formula's name."""
    tender, result = _evaluated("retail-privcomp-cloud")
    renamed = result.model_copy(
        update={"method": result.method.model_copy(update={"formula": "lowest_relative"})}
    )
    report = AwardReport(tender, renamed)
    assert report.t("col_comparison") in str(report.ranking_table())
    assert report.t("col_total") not in str(report.ranking_table())
    assert "spelen bij deze methode geen rol" in str(report.design())
    split = fragments.split_html(renamed, "nl")
    assert split == fragments.split_html(result, "nl")
    winner = renamed.bid(renamed.winner)
    letter = letters(renamed, tender)[winner.id]
    assert letter.html == letters(result, tender)[winner.id].html
