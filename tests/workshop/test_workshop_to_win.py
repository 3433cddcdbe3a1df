"""to_win: the nearest single change that makes a bid win, checked by evaluating it."""

from __future__ import annotations

import pytest
from workshop_builders import GEMEENTE, loaded

from tenderkit.workshop.live import LiveEvaluator
from tenderkit.workshop.scenario import Scenario
from tenderkit.workshop.to_win import what_it_takes


@pytest.fixture(scope="module")
def answers():
    live = LiveEvaluator(loaded(GEMEENTE))
    result = live.evaluate(Scenario())
    return live, result, {item.bid: item for item in what_it_takes(live, Scenario(), result)}


def test_every_valid_bid_but_the_winner_gets_an_answer(answers):
    _, result, items = answers
    assert set(items) == {b.id for b in result.bids if b.valid and b.id != result.winner}


def test_each_change_found_does_make_the_bid_win(answers):
    live, _, items = answers
    for bid, item in items.items():
        if item.split is not None:
            assert live.evaluate(Scenario(quality_share=item.split)).winner == bid
        for criterion, weight in item.weights.items():
            assert live.evaluate(Scenario(criteria={criterion: weight})).winner == bid
        if item.price is not None:
            assert item.price < item.price_now
            assert live.evaluate(Scenario(prices={bid: item.price})).winner == bid
            # and not much more: 1% above it the bid no longer wins
            above = Scenario(prices={bid: item.price * 1.01})
            assert live.evaluate(above).winner != bid


def test_the_quality_gap_is_the_points_lacking_over_the_quality_weight(answers):
    _, result, items = answers
    winner = result.bid(result.winner)
    civora = result.bid("civora")
    gap = items["civora"].quality_gap
    assert gap == pytest.approx((winner.total - civora.total) / result.method.quality_weight)
    shares = {"K1": 0.4, "K2": 0.25, "K3": 0.2, "K4": 0.15}
    for criterion, need in items["civora"].criterion_gap.items():
        assert need == pytest.approx(gap / shares[criterion])
        assert civora.quality.criteria[criterion] + need <= 1


def test_a_price_what_if_enters_only_the_scoring():
    live = LiveEvaluator(loaded(GEMEENTE))
    cheaper = live.evaluate(Scenario(prices={"civora": 300_000}))
    assert cheaper.bid("civora").price.amount == 300_000
    assert cheaper.winner == "civora"
    with pytest.raises(ValueError, match="above 0"):
        live.evaluate(Scenario(prices={"civora": 0}))
