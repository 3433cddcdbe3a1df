"""Scenarios as plain data: applying them to a tender, price defaults, the engine's hook."""

from __future__ import annotations

import pytest
from workshop_builders import GEMEENTE, RETAIL, loaded

from tenderkit.evaluation import evaluate
from tenderkit.scoring.engine import score_tender
from tenderkit.workshop.scenario import (
    Scenario,
    apply_scenario,
    default_price_params,
    price_spec,
    quality_share,
    with_buyer_measures,
)


@pytest.fixture
def retail():
    return loaded(RETAIL)


@pytest.fixture
def gemeente():
    return loaded(GEMEENTE)


def test_an_empty_scenario_is_the_tender_as_published(retail):
    assert Scenario().is_empty
    assert apply_scenario(retail, Scenario()) is retail


def test_the_split_keeps_the_sum_of_the_weights(retail):
    changed = apply_scenario(retail, Scenario(quality_share=0.7)).scoring
    assert changed.quality_weight == pytest.approx(70.0)
    assert changed.price_weight == pytest.approx(30.0)
    assert quality_share(retail) == pytest.approx(0.5)
    assert retail.scoring.quality_weight == 50  # the original is untouched


def test_the_utility_index_keeps_some_price_weight(retail):
    changed = apply_scenario(retail, Scenario(formula="utility_index", quality_share=1.0))
    assert changed.scoring.price_weight > 0
    evaluate(changed, sensitivity=False)  # does not divide by zero


def test_criterion_weights_change_only_the_named_criterion(retail):
    rs = apply_scenario(retail, Scenario(criteria={"K2": 1})).requirement_set
    assert {c.id: c.weight for c in rs.criteria} == {"K1": 40, "K2": 1, "K3": 25}
    with pytest.raises(ValueError, match="K9"):
        apply_scenario(retail, Scenario(criteria={"K9": 3}))
    with pytest.raises(ValueError, match="above 0"):
        apply_scenario(retail, Scenario(criteria={"K1": 0, "K2": 0, "K3": 0}))
    with pytest.raises(ValueError, match="below 0"):
        apply_scenario(retail, Scenario(criteria={"K1": -1}))


def test_a_criterion_at_weight_0_no_longer_counts(retail):
    """Weight 0 switches a criterion off: the bids' quality is the others' weighted mean."""
    off = evaluate(apply_scenario(retail, Scenario(criteria={"K2": 0})), sensitivity=False)
    assert off.method.criteria["K2"] == 0
    for bid in off.bids:
        c = bid.quality.criteria
        assert bid.quality.fraction == pytest.approx((40 * c["K1"] + 25 * c["K3"]) / 65)


def test_price_defaults_come_from_the_model_or_the_bids(retail):
    # the published formula keeps its published parameter
    assert default_price_params(retail, "fictitious_discount") == {"quality_value": 180000}
    # prices 552,000 .. 618,000: linear from 496,000 (-10%, rounded down) to 680,000 (+10%, up)
    assert default_price_params(retail, "linear_fixed") == {
        "max_price": 680000.0,
        "min_price": 496000.0,
    }
    assert default_price_params(retail, "log") == {"a": 2.0}
    assert default_price_params(retail, "lowest_relative") == {}
    spec = price_spec(retail, "log", {"a": 3})
    assert (spec.formula, spec.a) == ("log", 3)
    with pytest.raises(ValueError):
        default_price_params(retail, "cheapest_wins")


def test_the_median_price_values_quality_when_the_model_has_another_formula(gemeente):
    prices = sorted(b.price for b in gemeente.bids.values())
    expected = round(prices[len(prices) // 2], -3)
    assert default_price_params(gemeente, "fictitious_discount") == {"quality_value": expected}


def test_answers_and_facts_change_copies_of_the_touched_bid_only(retail):
    scenario = Scenario(
        answers={("skyline", "SEC-05"): "meets"},
        facts={("skyline", "customer_managed_keys"): True},
    )
    changed = apply_scenario(retail, scenario)
    assert changed.bids["skyline"].answers["SEC-05"].status == "meets"
    assert changed.bids["skyline"].facts.customer_managed_keys is True
    assert retail.bids["skyline"].facts.customer_managed_keys is False
    assert changed.bids["eurostack"] is retail.bids["eurostack"]  # untouched bids are shared
    with pytest.raises(ValueError, match="status"):
        apply_scenario(retail, Scenario(answers={("skyline", "SEC-05"): "perhaps"}))


def test_scenario_helpers_add_and_drop(retail):
    s = Scenario().with_excluded("skyline", True).with_answer("skyline", "SEC-05", "fails")
    assert s.excluded == {"skyline"}
    assert s.with_excluded("skyline", False).excluded == frozenset()
    assert s.with_answer("skyline", "SEC-05", None).answers == {}
    assert s.bid_key("skyline") != s.bid_key("eurostack")
    m = Scenario().with_measure("skyline", "M-OWN-ENCRYPT")
    assert m.measures == {"skyline": ("M-OWN-ENCRYPT",)}
    assert m.with_measure("skyline", "M-OWN-ENCRYPT", taken=False).measures == {}


def test_the_engine_hook_sets_a_bid_aside_without_a_knockout(retail):
    sheet = score_tender(retail, sensitivity=False, excluded={"eurostack"})
    assert sheet.valid["eurostack"] is False
    assert sheet.knockouts["eurostack"] == []
    assert "eurostack" not in sheet.ranking.ranks
    # evaluate() takes the same explicit argument; the tender itself is unchanged
    result = evaluate(retail, sensitivity=False, excluded={"eurostack"})
    assert result.bid("eurostack").valid is False and result.bid("eurostack").rank is None
    assert result.winner == "betuwehost"
    # and without it nothing changes
    assert score_tender(retail, sensitivity=False).valid["eurostack"] is True


def test_a_buyer_measure_lowers_a_residual_risk(retail):
    from tenderkit.catalogues import measures

    result = evaluate(retail, sensitivity=False)
    risks = result.bid("skyline").risks
    catalogue = measures()
    appetite = retail.requirement_set.risk_appetite
    # find a measure the register did not propose that reduces one of skyline's risks
    pairs = [
        (risk, m)
        for risk in risks
        for m in catalogue.values()
        if m.id not in risk.measures and m.reduction(risk.id) is not None
    ]
    assert pairs
    risk, measure = pairs[0]
    after = {r.id: r for r in with_buyer_measures(risks, [measure.id], catalogue, appetite)}
    assert measure.id in after[risk.id].measures
    assert after[risk.id].residual.score <= risk.residual.score
    untouched = [r for r in risks if measure.reduction(r.id) is None]
    assert all(after[r.id] == r for r in untouched)


def test_a_panel_what_if_stands_in_for_the_consensus_of_that_item(retail):
    bid = sorted(retail.bids)[0]
    low = retail.scoring.scale.labels[0]
    changed = apply_scenario(retail, Scenario(panel={(bid, "K1"): low}))
    agreed = {(c.bidder, c.target): c.score for c in changed.consensus}
    assert agreed[(bid, "K1")] == low
    assert len(changed.consensus) == len(
        {(c.bidder, c.target) for c in retail.consensus} | {(bid, "K1")}
    )
    with pytest.raises(ValueError, match="not a step of the scale"):
        apply_scenario(retail, Scenario(panel={(bid, "K1"): "99"}))
    with pytest.raises(ValueError, match="K9"):
        apply_scenario(retail, Scenario(panel={(bid, "K9"): low}))
    with pytest.raises(ValueError, match="no bid"):
        apply_scenario(retail, Scenario(panel={("nobody", "K1"): low}))
