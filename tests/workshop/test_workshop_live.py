"""LiveEvaluator gives exactly evaluate()'s Result, only faster for a stream of what-ifs."""

from __future__ import annotations

import time

import pytest
from workshop_builders import GEMEENTE, RETAIL, loaded

from tenderkit.evaluation import evaluate
from tenderkit.workshop.live import LiveEvaluator
from tenderkit.workshop.scenario import Scenario, apply_scenario
from tenderkit.workshop.synthetic import synthetic_tender


@pytest.fixture
def retail():
    return loaded(RETAIL)


@pytest.fixture
def gemeente():
    return loaded(GEMEENTE)


def scenarios(tender):
    bids = sorted(tender.bids)
    first_req = tender.requirement_set.requirements[0].id
    scored = next(r.id for r in tender.requirement_set.requirements if r.kind == "scored")
    criterion = tender.requirement_set.criteria[0].id
    return [
        Scenario(),
        Scenario(quality_share=0.3),
        Scenario(criteria={criterion: 5}),
        *(Scenario(formula=f) for f in ("lowest_relative", "linear_fixed", "log", "utility_index")),
        Scenario(formula="fictitious_discount", price_params={"quality_value": 50_000}),
        Scenario(excluded=frozenset({bids[0]})),
        Scenario(excluded=frozenset({bids[0]}), invalidated_bid_rule="keep_original"),
        Scenario(answers={(bids[1], first_req): "fails"}),
        Scenario(answers={(bids[1], scored): "partial"}),
        Scenario(facts={(bids[-1], "mfa"): False, (bids[-1], "customer_managed_keys"): True}),
        Scenario(excluded=frozenset(bids)),  # no valid bid at all
        # a price and a panel score reach only the scoring: the per-bid cache stays valid
        Scenario(prices={bids[1]: tender.bids[bids[1]].price * 0.8}),
        Scenario(criteria={criterion: 0}),
        Scenario(panel={(bids[0], criterion): tender.scoring.scale.labels[0]}),
    ]


@pytest.mark.parametrize("which", ["retail", "gemeente"])
def test_live_results_equal_evaluate(which, request):
    tender = request.getfixturevalue(which)
    live = LiveEvaluator(tender)
    for scenario in scenarios(tender):
        expected = evaluate(apply_scenario(tender, scenario), False, excluded=scenario.excluded)
        assert live.evaluate(scenario) == expected, scenario
    # and again, now from the per-bid cache
    for scenario in scenarios(tender):
        expected = evaluate(apply_scenario(tender, scenario), False, excluded=scenario.excluded)
        assert live.evaluate(scenario) == expected, scenario


def test_sensitivity_on_demand_is_the_full_analysis(retail):
    live = LiveEvaluator(retail)
    result = live.evaluate(Scenario(formula="lowest_relative"), sensitivity=True, samples=500)
    assert result.sensitivity["monte_carlo"]["samples"] == 500
    assert live.evaluate(Scenario()).sensitivity == {}


def test_a_weight_change_on_a_large_tender_rescored_quickly():
    """10 bids x 200 requirements: the live path re-scores only (benchmarks/ has the figure)."""
    tender = synthetic_tender(bids=10, requirements=200)
    live = LiveEvaluator(tender)
    live.evaluate()
    criterion = tender.requirement_set.criteria[0].id
    times = []
    for weight in (10, 20, 30, 40, 50):
        start = time.perf_counter()
        live.evaluate(Scenario(criteria={criterion: weight}))
        times.append(time.perf_counter() - start)
    assert sorted(times)[2] < 0.25  # generous for a loaded CI machine; typically ~10 ms
