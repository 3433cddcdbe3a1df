"""compare: the differences between two Results that the workshop shows under every figure."""

from __future__ import annotations

import pytest
from workshop_builders import GEMEENTE, RETAIL, loaded

from tenderkit.catalogues import measures as measure_catalogue
from tenderkit.workshop.compare import (
    criterion_points,
    criterion_shares,
    risk_changes,
    score_changes,
)
from tenderkit.workshop.live import LiveEvaluator
from tenderkit.workshop.scenario import Scenario, with_buyer_measures


@pytest.fixture(scope="module")
def live():
    return LiveEvaluator(loaded(GEMEENTE))


def test_criterion_shares_are_parts_of_the_whole():
    shares = criterion_shares({"K1": 1, "K2": 60, "K3": 90, "K4": 50})
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["K3"] == pytest.approx(90 / 201)
    assert criterion_shares({"K1": 0, "K2": 3}) == {"K1": 0.0, "K2": 1.0}
    assert criterion_shares({"K1": 0, "K2": 0}) == {"K1": 0.0, "K2": 0.0}


@pytest.mark.parametrize("name", [GEMEENTE, RETAIL])
def test_criterion_points_add_up_to_the_quality_points(name):
    result = LiveEvaluator(loaded(name)).evaluate(Scenario(criteria={}))
    points = criterion_points(result)
    for bid in result.bids:
        assert sum(points[bid.id].values()) == pytest.approx(bid.quality.points)


def test_a_split_change_moves_every_score_and_the_deltas_say_by_how_much(live):
    published = live.evaluate(Scenario())
    now = live.evaluate(Scenario(quality_share=0.8))
    changes = score_changes(published, now)
    for bid in now.bids:
        before = published.bid(bid.id)
        change = changes[bid.id]
        assert change.quality_points_delta == pytest.approx(
            bid.quality.points - before.quality.points
        )
        assert change.total_delta == pytest.approx(bid.total - before.total)
        assert change.price_points_delta == pytest.approx(bid.price.points - before.price.points)
        assert change.quality_points_delta > 0 > change.price_points_delta  # 60 -> 80 quality
        # the criteria explain the quality points that moved
        assert sum(change.criteria_delta.values()) == pytest.approx(change.quality_points_delta)
    assert score_changes(published, published)["zaakwerk"].total_delta == 0


def test_a_weight_change_shows_per_criterion_who_gained(live):
    published = live.evaluate(Scenario())
    now = live.evaluate(Scenario(criteria={"K4": 0}))
    change = score_changes(published, now)["zaakwerk"]
    assert change.criteria["K4"] == 0
    assert change.criteria_delta["K4"] < 0  # K4 no longer counts
    assert change.criteria_delta["K1"] > 0  # so the others weigh more


def test_risk_changes_name_the_risk_and_its_levels_before_and_after():
    result = LiveEvaluator(loaded(GEMEENTE)).evaluate(Scenario())
    bid = result.bid("zaakwerk")
    catalogue = measure_catalogue()
    after = with_buyer_measures(bid.risks, ["M-OWN-ENCRYPT"], catalogue, 8)
    changes = risk_changes(bid.risks, after)
    assert changes, "own keys lower some risk of Zaakwerk"
    for change in changes:
        assert change.after.score < change.before.score
        assert change.measures == ("M-OWN-ENCRYPT",)
        assert change.title
    assert risk_changes(bid.risks, bid.risks) == []
