"""Sensitivity through `evaluate`: where the winner flips, and who wins under plausible weights.

Quality comes from a recorded panel consensus on both criteria, K1 (weight 60) and K2 (weight
40), on a 0..10 scale: quality = 0.6 * K1/10 + 0.4 * K2/10. The split grid has step 0.001
(1001 points over 0..1), the criterion grid step 0.002 (501 points).
"""

from __future__ import annotations

from typing import Any

import pytest
from engine_fixtures import SCORING_0_TO_10 as SCORING
from engine_fixtures import TENDER

from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender

SENSITIVITY_SET: dict[str, Any] = {
    "tenderkit": 1,
    "id": "sensitivity",
    "title": "Sensitivity",
    "language": "en",
    "classification": {"confidentiality": 2, "integrity": 2, "availability": 2},
    "risk_appetite": 8,
    "criteria": [
        {"id": "K1", "title": "Plan", "weight": 60},
        {"id": "K2", "title": "Service", "weight": 40},
    ],
    "requirements": [
        {"id": "KO-01", "title": "KO", "text": "Must.", "kind": "knockout", "assurance": "none"},
        {"id": "Q1", "title": "Plan", "text": "A plan.", "kind": "scored", "criterion": "K1"},
        {"id": "Q2", "title": "Service", "text": "Service.", "kind": "scored", "criterion": "K2"},
    ],
}


def offer(bid_id: str, price: float, valid: bool = True) -> dict[str, Any]:
    statuses = {"KO-01": "meets" if valid else "fails", "Q1": "meets", "Q2": "meets"}
    return {
        "tenderkit": 1,
        "bidder": f"Bidder {bid_id.upper()}",
        "price": price,
        "answers": {rid: {"status": s} for rid, s in statuses.items()},
    }


def run(make_tender, bids: dict[str, tuple], samples: int = 2000, tender=None, **scoring: Any):
    """bids: id -> (price, K1 score, K2 score[, valid])."""
    rows = "".join(f"{b},K1,{spec[1]},,anna\n{b},K2,{spec[2]},,anna\n" for b, spec in bids.items())
    folder = make_tender(
        tender=tender or TENDER,
        requirement_set=SENSITIVITY_SET,
        scoring={**SCORING, **scoring},
        bids={b: offer(b, spec[0], *spec[3:]) for b, spec in bids.items()},
        panel={"consensus": "bidder,target,score,rationale,evaluators\n" + rows},
    )
    return evaluate(load_tender(folder), samples=samples)


# --- the quality/price split ----------------------------------------------------------------------


def test_split_flip_at_the_break_even_quality_share(make_tender):
    """Two bids, lowest_relative, weights summing to T = 100. At quality share s the scores are
    T * (s * Qi + (1 - s) * Fi):

        a: Q 0.50 (5, 5),                 price 100,000 -> F 1.0
        b: Q 0.72 (8, 6: 0.48 + 0.24),    price 125,000 -> F 100/125 = 0.8

    a - b = s * (0.50 - 0.72) + (1 - s) * (1.0 - 0.8) = 0.2 - 0.42 s, zero at
    s* = 0.2 / 0.42 = 0.476190... At the published 0.6, b wins (0.2 - 0.252 < 0); below s*, a.
    The nearest grid point (step 0.001) where a wins is 0.476, a shift of -0.124.
    """
    result = run(make_tender, {"a": (100_000, 5, 5), "b": (125_000, 8, 6)})
    assert result.winner == "b"
    split = result.sensitivity["split"]
    break_even = 0.2 / 0.42
    assert split["parameter"] == "quality_share"
    assert split["published"] == pytest.approx(0.6)
    assert break_even - 0.001 < split["flips_at"] < break_even
    assert split["flips_at"] == pytest.approx(0.476)
    assert split["shift"] == pytest.approx(0.476 - 0.6)
    assert split["new_winner"] == "a"


def test_split_flip_above_the_published_share(make_tender):
    """a: Q 0.5 (5, 5) at 100,000 -> F 1.0; b: Q 0.9 (9, 9) at 260,000 -> F 100/260 = 0.3846.

    a - b = s * (0.5 - 0.9) + (1 - s) * (1 - 0.3846) = 0.6154 - 1.0154 s, zero at
    s* = 0.6154 / 1.0154 = 0.6061. At the published 0.6 a wins, narrowly; b wins from the first
    grid point above s*, 0.607 (a shift of +0.007: a fragile award).
    """
    result = run(make_tender, {"a": (100_000, 5, 5), "b": (260_000, 9, 9)})
    gap = 1 - 100 / 260
    break_even = gap / (gap + 0.4)
    assert result.winner == "a"
    split = result.sensitivity["split"]
    assert break_even < split["flips_at"] < break_even + 0.001
    assert split["flips_at"] == pytest.approx(0.607)
    assert split["new_winner"] == "b"


def test_no_split_flip_when_one_bid_is_better_and_cheaper(make_tender):
    result = run(make_tender, {"a": (100_000, 9, 9), "b": (150_000, 5, 5)})
    split = result.sensitivity["split"]
    assert (split["flips_at"], split["shift"], split["new_winner"]) == (None, None, None)


def test_quality_value_flip_for_fictitious_discount(make_tender):
    """Comparison price Pi - f * Qi * 200,000 for a factor f on the published quality value:

        a: 900,000   - f * 0.5 * 200,000 = 900,000   - 100,000 f
        b: 1,001,000 - f * 0.9 * 200,000 = 1,001,000 - 180,000 f

    equal at 80,000 f = 101,000, f* = 1.2625. At f = 1 a wins (800,000 against 821,000); b
    from the next grid point (step 0.005) above f*, 1.265.
    """
    spec = {"formula": "fictitious_discount", "quality_value": 200_000}
    result = run(make_tender, {"a": (900_000, 5, 5), "b": (1_001_000, 9, 9)}, price=spec)
    assert result.winner == "a"
    split = result.sensitivity["split"]
    assert split["parameter"] == "quality_value_factor"
    assert split["published"] == 1.0
    assert split["flips_at"] == pytest.approx(1.265)
    assert split["new_winner"] == "b"


# --- criterion weights ----------------------------------------------------------------------------


def test_criterion_flip_at_the_break_even_share(make_tender):
    """Equal prices, so quality decides. With share w on K1 and 1 - w on K2:

        a: K1 0.9, K2 0.3 -> 0.9 w + 0.3 (1 - w) = 0.3 + 0.6 w
        b: K1 0.5, K2 0.8 -> 0.5 w + 0.8 (1 - w) = 0.8 - 0.3 w

    equal at 0.9 w = 0.5, w* = 5/9 = 0.5556. At the published 0.6 a wins (0.66 against 0.62);
    K1 flips at the grid point (step 0.002) just below w*, 0.554, and K2, whose share is
    1 - w, just above 1 - w* = 0.4444, at 0.446.
    """
    result = run(make_tender, {"a": (100_000, 9, 3), "b": (100_000, 5, 8)})
    assert result.winner == "a"
    criteria = result.sensitivity["criteria"]
    w = 5 / 9
    assert criteria["K1"]["published"] == pytest.approx(0.6)
    assert w - 0.002 < criteria["K1"]["flips_at"] < w
    assert criteria["K1"]["flips_at"] == pytest.approx(0.554)
    assert criteria["K1"]["shift"] == pytest.approx(-0.046)
    assert criteria["K1"]["new_winner"] == "b"
    assert 1 - w < criteria["K2"]["flips_at"] < 1 - w + 0.002
    assert criteria["K2"]["flips_at"] == pytest.approx(0.446)
    assert criteria["K2"]["new_winner"] == "b"


def test_no_criterion_flip_for_a_bid_better_on_every_criterion(make_tender):
    result = run(make_tender, {"a": (100_000, 9, 9), "b": (100_000, 5, 8)})
    assert all(c["flips_at"] is None for c in result.sensitivity["criteria"].values())


# --- Monte Carlo ----------------------------------------------------------------------------------

FOUR = {
    "x": (90_000, 10, 10, False),  # invalid: never wins, not in the win shares
    "a": (100_000, 9, 3),
    "b": (100_000, 5, 8),
    "c": (110_000, 7, 6),
}


def test_win_shares_sum_to_one_over_the_valid_bids(make_tender):
    result = run(make_tender, FOUR, samples=3000)
    mc = result.sensitivity["monte_carlo"]
    assert mc["samples"] == 3000
    assert set(mc["win_share"]) == {"a", "b", "c"}
    assert sum(mc["win_share"].values()) == pytest.approx(1.0)
    assert all(0 <= share <= 1 for share in mc["win_share"].values())
    # the published winner is the likeliest one
    assert max(mc["win_share"], key=mc["win_share"].get) == result.winner
    assert 0 < mc["win_share"][result.winner] < 1  # a close race, not a certainty


def test_monte_carlo_is_reproducible(make_tender):
    first = run(make_tender, FOUR, samples=1500)
    again = run(make_tender, FOUR, samples=1500)
    assert first.sensitivity["monte_carlo"] == again.sensitivity["monte_carlo"]
    assert first.sensitivity == again.sensitivity
    # the seed is derived from the tender id: another tender draws other samples
    other = run(make_tender, FOUR, samples=1500, tender={**TENDER, "id": "other-tender"})
    assert other.sensitivity["monte_carlo"]["seed"] != first.sensitivity["monte_carlo"]["seed"]


def test_a_dominant_bid_wins_every_sample(make_tender):
    bids = {"a": (100_000, 10, 9), "b": (120_000, 6, 7), "c": (130_000, 5, 8)}
    mc = run(make_tender, bids).sensitivity["monte_carlo"]
    assert mc["win_share"]["a"] == pytest.approx(1.0)
    assert mc["win_share"]["b"] == 0.0 and mc["win_share"]["c"] == 0.0


def test_the_utility_index_survives_the_sensitivity_analysis(make_tender):
    """The split grid must stop short of share 1: there N = WQ / WP divides by zero."""
    bids = {"a": (100_000, 9, 9), "b": (80_000, 6, 6)}
    result = run(make_tender, bids, price={"formula": "utility_index"})
    split = result.sensitivity["split"]
    assert split["parameter"] == "quality_share"
    assert split["flips_at"] is None or split["flips_at"] < 1.0
    assert sum(result.sensitivity["monte_carlo"]["win_share"].values()) == pytest.approx(1.0)


def test_no_sensitivity_with_fewer_than_two_valid_bids(make_tender):
    result = run(make_tender, {"a": (100_000, 5, 5), "x": (90_000, 9, 9, False)})
    assert result.sensitivity == {}
