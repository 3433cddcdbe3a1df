"""Ranking through `evaluate`: invalidated bids and rank reversal, ties, and design warnings.

Every bid's quality comes from a recorded panel consensus on both criteria, K1 (weight 60) and K2
(weight 40), on a 0..10 scale: quality = 0.6 * K1/10 + 0.4 * K2/10. Weights 60/40 unless said.
"""

from __future__ import annotations

from typing import Any

import pytest
from engine_fixtures import SCORING_0_TO_10 as SCORING
from engine_fixtures import TENDER

from tenderkit.evaluation import evaluate
from tenderkit.i18n import label
from tenderkit.loader import load_tender

RANKING_SET: dict[str, Any] = {
    "tenderkit": 1,
    "id": "ranking",
    "title": "Ranking",
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


def run(make_tender, bids: dict[str, tuple], sensitivity: bool = False, **scoring: Any):
    """bids: id -> (price, K1 score, K2 score[, valid])."""
    rows = "".join(f"{b},K1,{spec[1]},,anna\n{b},K2,{spec[2]},,anna\n" for b, spec in bids.items())
    folder = make_tender(
        tender=TENDER,
        requirement_set=RANKING_SET,
        scoring={**SCORING, **scoring},
        bids={b: offer(b, spec[0], *spec[3:]) for b, spec in bids.items()},
        panel={"consensus": "bidder,target,score,rationale,evaluators\n" + rows},
    )
    return evaluate(load_tender(folder), sensitivity=sensitivity, samples=200)


def ranks(result) -> dict[str, int | None]:
    return {b.id: b.rank for b in result.bids}


def warnings(result, code: str) -> list:
    return [w for w in result.warnings if w.code == code]


def codes(result) -> set[str]:
    return {w.code for w in result.warnings}


# --- an invalid bid and the invalidated-bid rule -------------------------------------------------

# x is the cheapest and is knocked out. Quality: x 1.0; a 0.5 (5, 5); b 0.76 (8, 7: 0.48 + 0.28).
# Quality points: a 30, b 45.6. lowest_relative:
#
#   keep_original (Pbest = 100,000, x's price):
#     a: 30   + 40 * 100/120 = 30   + 33.33 = 63.33
#     b: 45.6 + 40 * 100/200 = 45.6 + 20    = 65.6    -> b wins, a second
#   recalculate (Pbest = 120,000, a's price, the cheapest valid bid):
#     a: 30   + 40 * 120/120 = 30   + 40    = 70
#     b: 45.6 + 40 * 120/200 = 45.6 + 24    = 69.6    -> a wins, b second
#
# Removing x raises Pbest, which widens the price gap between a and b from 13.33 to 16 points
# while their quality gap stays 15.6: the order of the two others reverses.
REVERSAL = {"x": (100_000, 10, 10, False), "a": (120_000, 5, 5), "b": (200_000, 8, 7)}


def test_recalculate_takes_the_reference_from_the_cheapest_valid_bid(make_tender):
    result = run(make_tender, REVERSAL, invalidated_bid_rule="recalculate")
    assert result.bid("a").total == pytest.approx(70)
    assert result.bid("b").total == pytest.approx(69.6)
    assert ranks(result) == {"a": 1, "b": 2, "x": None}
    assert result.winner == "a"
    # x is scored against the valid bids' Pbest: 120/100 = 1.2, above full price points
    assert result.bid("x").price.fraction == pytest.approx(1.2)


def test_keep_original_keeps_the_invalid_bids_price_as_reference(make_tender):
    result = run(make_tender, REVERSAL, invalidated_bid_rule="keep_original")
    assert result.bid("a").total == pytest.approx(30 + 40 * 100 / 120)
    assert result.bid("b").total == pytest.approx(65.6)
    assert ranks(result) == {"a": 2, "b": 1, "x": None}
    assert result.winner == "b"
    assert result.bid("x").price.fraction == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("rule", "other_rule", "winner", "other_winner"),
    [("recalculate", "keep_original", "a", "b"), ("keep_original", "recalculate", "b", "a")],
)
def test_the_rule_that_matters_is_named(make_tender, rule, other_rule, winner, other_winner):
    result = run(make_tender, REVERSAL, invalidated_bid_rule=rule)
    assert result.winner == winner
    flagged = warnings(result, "invalid_bid_rule_matters")
    assert len(flagged) == 1
    message = flagged[0].message
    assert "The invalid bid of Bidder X affects" in message  # one invalid bid: singular
    named = {r: label("rule", r, "en") for r in (rule, other_rule)}  # the rules by name, no code
    assert (
        f"under the rule ‘{named[other_rule]}’ Bidder {other_winner.upper()} would win" in message
    )
    assert f"instead of Bidder {winner.upper()}" in message
    assert f"Applied is the published rule ‘{named[rule]}’" in message
    assert "keep_original" not in message and "'" not in message


def test_no_rule_warning_when_both_rules_pick_the_same_winner(make_tender):
    # b far ahead on quality (1.0): it wins whichever Pbest is used
    bids = {**REVERSAL, "b": (200_000, 10, 10)}
    for rule in ("recalculate", "keep_original"):
        result = run(make_tender, bids, invalidated_bid_rule=rule)
        assert result.winner == "b"
        assert "invalid_bid_rule_matters" not in codes(result)


def test_no_rule_warning_for_an_absolute_formula(make_tender):
    spec = {"formula": "linear_fixed", "max_price": 250_000, "min_price": 50_000}
    for rule in ("recalculate", "keep_original"):
        result = run(make_tender, REVERSAL, price=spec, invalidated_bid_rule=rule)
        assert "invalid_bid_rule_matters" not in codes(result)


# --- rank reversal by leave-one-out --------------------------------------------------------------

# The same a and b, and a valid but weak cheap bid c (1, 1 -> quality 0.1, 6 points):
#   with c (Pbest 100,000): b 65.6, a 63.33, c 6 + 40 = 46  -> order b, a, c
#   without c (Pbest 120,000): a 70, b 69.6                 -> order a, b: b and a swap
LOO = {"c": (100_000, 1, 1), "a": (120_000, 5, 5), "b": (200_000, 8, 7)}


def test_leave_one_out_finds_the_swap_and_warns(make_tender):
    result = run(make_tender, LOO, sensitivity=True)
    assert [b.id for b in result.ranking] == ["b", "a", "c"]
    loo = {entry["dropped"]: entry for entry in result.sensitivity["leave_one_out"]}
    assert loo["c"]["order"] == ["a", "b"]
    assert loo["c"]["swapped"] == [["b", "a"]]
    assert loo["c"]["winner"] == "a"
    assert loo["c"]["winner_changed"] is True
    # dropping a or b leaves Pbest at c's price: no reversal
    assert loo["a"] == {
        "dropped": "a",
        "winner": "b",
        "winner_changed": False,
        "order": ["b", "c"],
        "swapped": [],
    }
    assert loo["b"]["order"] == ["a", "c"] and loo["b"]["swapped"] == []
    flagged = warnings(result, "rank_reversal")
    assert [w.message for w in flagged] == [
        "Rank reversal: without Bidder C the order of Bidder B / Bidder A swaps."
    ]


def test_an_absolute_formula_shows_no_rank_reversal(make_tender):
    spec = {"formula": "linear_fixed", "max_price": 250_000, "min_price": 50_000}
    result = run(make_tender, LOO, sensitivity=True, price=spec)
    assert all(entry["swapped"] == [] for entry in result.sensitivity["leave_one_out"])
    assert "rank_reversal" not in codes(result)


# --- ties ----------------------------------------------------------------------------------------

# a: quality 0.5 (5, 5) -> 30, price 110,000 = Pbest -> 40: total 70
# b: quality 0.8 (8, 8) -> 48, price 200,000 -> 40 * 110/200 = 22: total 70
TIED_TOTALS = {"a": (110_000, 5, 5), "b": (200_000, 8, 8)}


def test_a_tie_settled_by_quality(make_tender):
    result = run(make_tender, TIED_TOTALS)
    assert result.bid("a").total == pytest.approx(70)
    assert result.bid("b").total == pytest.approx(70)
    assert ranks(result) == {"a": 2, "b": 1}
    assert result.winner == "b"
    settled = warnings(result, "tie_settled")
    assert len(settled) == 1
    assert settled[0].message == "Bidder A, Bidder B tie on the total; settled on highest quality."
    assert "tie_unresolved" not in codes(result)


def test_the_order_of_the_tie_break_rules_counts(make_tender):
    result = run(make_tender, TIED_TOTALS, tie_break=["price", "quality", "lot"])
    assert result.winner == "a"  # the cheaper one
    assert ranks(result) == {"a": 1, "b": 2}
    assert warnings(result, "tie_settled")[0].message.endswith("settled on lowest price.")


def test_a_tie_settled_by_price(make_tender):
    """linear_fixed clips at Pmin: a (250,000) and b (280,000) both get full price points and
    have equal quality (0.6), so their totals tie (36 + 40 = 76) and so does quality; price then
    decides: a, the cheaper, wins."""
    spec = {"formula": "linear_fixed", "max_price": 500_000, "min_price": 300_000}
    bids = {"a": (250_000, 6, 6), "b": (280_000, 6, 6), "c": (400_000, 9, 9)}
    # c: 54 + 40 * 0.5 = 74, third
    result = run(make_tender, bids, price=spec)
    assert result.bid("a").total == pytest.approx(76)
    assert result.bid("b").total == pytest.approx(76)
    assert ranks(result) == {"a": 1, "b": 2, "c": 3}
    assert result.winner == "a"
    assert warnings(result, "tie_settled")[0].message.endswith("settled on lowest price.")


def test_a_tie_left_to_lot(make_tender):
    """a and b are the same offer: equal total, quality and price. tenderkit draws no lots."""
    bids = {"a": (100_000, 7, 7), "b": (100_000, 7, 7), "c": (150_000, 7, 7)}
    result = run(make_tender, bids)
    assert result.winner is None
    assert ranks(result) == {"a": 1, "b": 1, "c": 3}  # competition ranking: 1, 1, 3
    unresolved = warnings(result, "tie_unresolved")
    assert len(unresolved) == 1
    assert "Bidder A, Bidder B tie" in unresolved[0].message
    assert "(highest quality, lowest price, drawing lots)" in unresolved[0].message
    assert "draw by lot" in unresolved[0].message


def test_a_tie_among_the_losers_still_leaves_a_winner(make_tender):
    bids = {"w": (100_000, 10, 10), "a": (120_000, 5, 5), "b": (120_000, 5, 5)}
    result = run(make_tender, bids)
    assert result.winner == "w"
    assert ranks(result) == {"w": 1, "a": 2, "b": 2}
    assert len(warnings(result, "tie_unresolved")) == 1


# --- design warnings -----------------------------------------------------------------------------

BALANCED = {"a": (100_000, 5, 5), "b": (125_000, 7, 7)}  # quality gap 12, price gap 8 points


def test_a_balanced_tender_gets_no_design_warnings(make_tender):
    spec = {"formula": "linear_fixed", "max_price": 200_000, "min_price": 50_000}
    result = run(make_tender, BALANCED, price=spec)
    assert codes(result) == set()


def test_relative_price_formula_warning(make_tender):
    for formula in ("lowest_relative", "log", "utility_index"):
        spec = {"formula": formula, **({"a": 2} if formula == "log" else {})}
        result = run(make_tender, BALANCED, price=spec)
        assert "relative_price_formula" in codes(result), formula
        assert (
            label("formula", formula, "en") in warnings(result, "relative_price_formula")[0].message
        )


@pytest.mark.parametrize(
    ("quality_weight", "price_weight", "warned"),
    [(85, 15, True), (90, 10, True), (80, 20, False), (60, 40, False), (100, 0, False)],
)
def test_price_weight_low_warning(make_tender, quality_weight, price_weight, warned):
    spec = {"formula": "linear_fixed", "max_price": 200_000, "min_price": 50_000}
    result = run(
        make_tender, BALANCED, price=spec, quality_weight=quality_weight, price_weight=price_weight
    )
    assert ("price_weight_low" in codes(result)) is warned
    if warned:
        share = f"{price_weight}%"
        assert share in warnings(result, "price_weight_low")[0].message


@pytest.mark.parametrize(
    ("description", "warned"),
    [
        ("Bij gelijke totaalscore (gelijk binnen 2%) beslist de kwaliteitsscore.", True),
        ("Scores equal within 1.5 percent count as a tie.", True),
        ("Bij gelijke score beslist de kwaliteit, daarna de prijs, daarna loting.", False),
    ],
)
def test_tie_rule_within_percent_warning(make_tender, description, warned):
    result = run(make_tender, BALANCED, description=description)
    assert ("tie_rule_within_percent" in codes(result)) is warned


def test_scale_length_mismatch_warning(make_tender):
    """a 0.5 (5, 5) at 100,000, b 0.54 (5, 6) at 200,000: quality points differ by 2.4, price
    points by 40 - 20 = 20, an effective balance of 0.12 against the published 60/40 = 1.5."""
    result = run(make_tender, {"a": (100_000, 5, 5), "b": (200_000, 5, 6)})
    flagged = warnings(result, "scale_length_mismatch")
    assert len(flagged) == 1
    assert "20.00" in flagged[0].message and "2.40" in flagged[0].message
    assert "60/40" in flagged[0].message


def test_price_not_decisive_warning(make_tender):
    """a has quality 1.0 (60 points) at 300,000; b 0.2 (12 points) at 100,000. Even with the
    full 40 price points b reaches only 52, below a's 60 + 13.33 (a's own price points)."""
    result = run(make_tender, {"a": (300_000, 10, 10), "b": (100_000, 2, 2)})
    assert result.winner == "a"
    flagged = warnings(result, "price_not_decisive")
    assert len(flagged) == 1 and "Bidder A" in flagged[0].message
    # where price decides there is no such warning: a (0.5, 100,000) 30 + 40 = 70 beats
    # b (0.8, 200,000) 48 + 20 = 68
    price_decides = run(make_tender, {"a": (100_000, 5, 5), "b": (200_000, 8, 8)})
    assert price_decides.winner == "a"
    assert "price_not_decisive" not in codes(price_decides)
