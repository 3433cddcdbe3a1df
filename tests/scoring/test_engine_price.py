"""The five award methods, each on a worked example computed by hand, through `evaluate`.

Quality comes from the tender, not from the test: criterion K1 (weight 60) is scored by a recorded
panel consensus on the criterion, criterion K2 (weight 40) from the bid's own answer to Q2 through
the default status scores (meets 1.0, partial 0.5). On the 0..10 scale:

    bid  K1 consensus   Q2 answer     quality = 0.6 * K1 + 0.4 * K2
    A    5  -> 0.5      meets   1.0   0.30 + 0.40 = 0.70
    B    8  -> 0.8      partial 0.5   0.48 + 0.20 = 0.68
    C    10 -> 1.0      meets   1.0   0.60 + 0.40 = 1.00

With quality_weight 60 the quality points are A 42, B 40.8, C 60.
"""

from __future__ import annotations

from typing import Any

import pytest
from engine_fixtures import SCORING_0_TO_10 as SCORING
from engine_fixtures import TENDER

from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender

PRICE_SET: dict[str, Any] = {
    "tenderkit": 1,
    "id": "price",
    "title": "Price examples",
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
PROFILES = {"A": ("5", "meets"), "B": ("8", "partial"), "C": ("10", "meets")}
QUALITY = {"A": 0.70, "B": 0.68, "C": 1.00}


def offer(name: str, price: float, q2: str) -> dict[str, Any]:
    answers = {"KO-01": "meets", "Q1": "meets", "Q2": q2}
    return {
        "tenderkit": 1,
        "bidder": name,
        "price": price,
        "answers": {rid: {"status": s} for rid, s in answers.items()},
    }


def run(make_tender, prices: dict[str, float], price: dict[str, Any], scale=None, k1=None, **kw):
    """Evaluate bids A, B, C (those priced) with the quality profiles above."""
    k1 = k1 or {b: PROFILES[b][0] for b in prices}
    bids = {b.lower(): offer(f"Bidder {b}", p, PROFILES[b][1]) for b, p in prices.items()}
    rows = "".join(f"{b.lower()},K1,{k1[b]},agreed,anna;bram\n" for b in prices)
    folder = make_tender(
        tender=TENDER,
        requirement_set=PRICE_SET,
        scoring={**SCORING, "price": price, **({"scale": scale} if scale else {}), **kw},
        bids=bids,
        panel={"consensus": "bidder,target,score,rationale,evaluators\n" + rows},
    )
    return evaluate(load_tender(folder), sensitivity=False)


def ranks(result) -> dict[str, int | None]:
    return {b.id: b.rank for b in result.bids}


def codes(result) -> list[str]:
    return [w.code for w in result.warnings]


def test_quality_comes_from_the_panel_and_the_answers(make_tender):
    result = run(
        make_tender, {"A": 400_000, "B": 500_000, "C": 800_000}, {"formula": "log", "a": 2}
    )
    for b, quality in QUALITY.items():
        bid = result.bid(b.lower())
        assert bid.quality.fraction == pytest.approx(quality)
        assert bid.quality.points == pytest.approx(60 * quality)
        assert bid.quality.criterion_sources == {"K1": "consensus", "K2": "requirements"}


def test_lowest_relative_worked_example(make_tender):
    """Price fraction = Pbest / Pi with Pbest = 400,000 (A):

    A 400,000: 1.0 -> 40 points; total 42   + 40 = 82
    B 500,000: 0.8 -> 32 points; total 40.8 + 32 = 72.8
    C 800,000: 0.5 -> 20 points; total 60   + 20 = 80
    A wins, then C, then B.
    """
    result = run(
        make_tender, {"A": 400_000, "B": 500_000, "C": 800_000}, {"formula": "lowest_relative"}
    )
    expected = {"a": (1.0, 40, 82), "b": (0.8, 32, 72.8), "c": (0.5, 20, 80)}
    for bid_id, (fraction, points, total) in expected.items():
        bid = result.bid(bid_id)
        assert bid.price.fraction == pytest.approx(fraction)
        assert bid.price.points == pytest.approx(points)
        assert bid.total == pytest.approx(total)
        assert bid.score == pytest.approx(total)
        assert bid.price.comparison is None
    assert ranks(result) == {"a": 1, "b": 3, "c": 2}
    assert result.winner == "a"
    assert "relative_price_formula" in codes(result)


def test_linear_fixed_worked_example(make_tender):
    """Fraction = (Pmax - Pi) / (Pmax - Pmin), Pmax 500,000 and Pmin 300,000, clipped to 0..1:

    A 350,000: 150/200 = 0.75 -> 30 points; total 42   + 30 = 72
    B 250,000: 250/200 = 1.25 -> clipped to 1 -> 40; total 40.8 + 40 = 80.8
    C 550,000: -50/200 = -0.25 -> clipped to 0 -> 0; total 60   +  0 = 60
    B wins, then A, then C. No other bid enters a bid's price points: absolute.
    """
    spec = {"formula": "linear_fixed", "max_price": 500_000, "min_price": 300_000}
    result = run(make_tender, {"A": 350_000, "B": 250_000, "C": 550_000}, spec)
    expected = {"a": (0.75, 30, 72), "b": (1.0, 40, 80.8), "c": (0.0, 0, 60)}
    for bid_id, (fraction, points, total) in expected.items():
        bid = result.bid(bid_id)
        assert bid.price.fraction == pytest.approx(fraction)
        assert bid.price.points == pytest.approx(points)
        assert bid.total == pytest.approx(total)
    assert ranks(result) == {"a": 2, "b": 1, "c": 3}
    assert "relative_price_formula" not in codes(result)


def test_log_worked_example(make_tender):
    """Fraction = 1 - ln(Pi / Pbest) / ln(a) with a = 4, Pbest = 100,000 (A):

    A 100,000: ratio 1, ln 1 = 0           -> 1.0 -> 40 points; total 42   + 40 = 82
    B 200,000: ratio 2, ln 2 / ln 4 = 0.5  -> 0.5 -> 20 points; total 40.8 + 20 = 60.8
    C 800,000: ratio 8, ln 8 / ln 4 = 1.5  -> -0.5, floored at 0 -> 0; total 60 + 0 = 60
    """
    prices = {"A": 100_000, "B": 200_000, "C": 800_000}
    result = run(make_tender, prices, {"formula": "log", "a": 4})
    expected = {"a": (1.0, 40, 82), "b": (0.5, 20, 60.8), "c": (0.0, 0, 60)}
    for bid_id, (fraction, points, total) in expected.items():
        bid = result.bid(bid_id)
        assert bid.price.fraction == pytest.approx(fraction)
        assert bid.price.points == pytest.approx(points)
        assert bid.total == pytest.approx(total)
    assert ranks(result) == {"a": 1, "b": 2, "c": 3}
    assert "negative_price_points" not in codes(result)


def test_log_without_floor_gives_negative_points_and_warns(make_tender):
    """Same bids, floor_at_zero false: C keeps -0.5 -> -20 points; total 60 - 20 = 40."""
    prices = {"A": 100_000, "B": 200_000, "C": 800_000}
    result = run(make_tender, prices, {"formula": "log", "a": 4, "floor_at_zero": False})
    c = result.bid("c")
    assert c.price.fraction == pytest.approx(-0.5)
    assert c.price.points == pytest.approx(-20)
    assert c.total == pytest.approx(40)
    flagged = [w for w in result.warnings if w.code == "negative_price_points"]
    assert [w.bidder for w in flagged] == ["c"]


def test_fictitious_discount_worked_example(make_tender):
    """Comparison price = Pi - Qi * quality_value, quality_value 200,000 (K1 worth 120,000 and
    K2 80,000 by the criterion weights, so Qi * 200,000 is the sum of both):

    A 1,000,000 - 0.70 * 200,000 = 1,000,000 - 140,000 = 860,000
    B   900,000 - 0.68 * 200,000 =   900,000 - 136,000 = 764,000
    C   950,000 - 1.00 * 200,000 =   950,000 - 200,000 = 750,000
    The lowest comparison price wins: C, then B, then A.
    """
    prices = {"A": 1_000_000, "B": 900_000, "C": 950_000}
    result = run(make_tender, prices, {"formula": "fictitious_discount", "quality_value": 200_000})
    expected = {"a": 860_000, "b": 764_000, "c": 750_000}
    for bid_id, comparison in expected.items():
        bid = result.bid(bid_id)
        assert bid.price.comparison == pytest.approx(comparison)
        assert bid.score == pytest.approx(-comparison)
        # a comparative method: no price fraction, no price points, no total
        assert (bid.price.fraction, bid.price.points, bid.total) == (None, None, None)
    assert ranks(result) == {"a": 3, "b": 2, "c": 1}
    assert result.winner == "c"
    assert "relative_price_formula" not in codes(result)
    assert "price_weight_low" not in codes(result)


def test_fictitious_discount_a_negative_step_makes_a_cheaper_bid_lose(make_tender):
    """Rijkswaterstaat's scale (3 = 1.0, 2 = 0.6, 1 = 0.25, 0 = 0, NR = -0.5), quality_value
    100,000. Both bids answer Q2 `meets` (K2 = 1.0); the panel scores K1:

    A 900,000, K1 NR: Q = 0.6 * -0.5 + 0.4 * 1 = 0.1 -> 900,000 - 10,000 = 890,000
    C 920,000, K1 0:  Q = 0.6 *  0   + 0.4 * 1 = 0.4 -> 920,000 - 40,000 = 880,000
    C wins although 20,000 dearer: the NR surcharge (0.3 * 100,000 = 30,000) outweighs it.
    Had A scored 0 on K1 it would compare at 860,000 and win.
    """
    spec = {"formula": "fictitious_discount", "quality_value": 100_000}
    rws = {"3": 1.0, "2": 0.6, "1": 0.25, "0": 0.0, "NR": -0.5}
    prices = {"A": 900_000, "C": 920_000}
    result = run(make_tender, prices, spec, scale=rws, k1={"A": "NR", "C": "0"})
    assert result.bid("a").quality.fraction == pytest.approx(0.1)
    assert result.bid("a").price.comparison == pytest.approx(890_000)
    assert result.bid("c").price.comparison == pytest.approx(880_000)
    assert result.winner == "c"
    without_surcharge = run(make_tender, prices, spec, scale=rws, k1={"A": "0", "C": "0"})
    assert without_surcharge.bid("a").price.comparison == pytest.approx(860_000)
    assert without_surcharge.winner == "a"


def test_fictitious_discount_warns_about_a_nonpositive_comparison_price(make_tender):
    """quality_value 1,000,000 against a price of 600,000 with full quality: 600,000 - 1,000,000
    = -400,000, a comparison price no one can explain."""
    spec = {"formula": "fictitious_discount", "quality_value": 1_000_000}
    result = run(make_tender, {"A": 800_000, "C": 600_000}, spec)
    assert result.bid("c").price.comparison == pytest.approx(-400_000)
    flagged = [w for w in result.warnings if w.code == "nonpositive_comparison"]
    assert [w.bidder for w in flagged] == ["c"]


def test_utility_index_worked_example_with_price_deficit(make_tender):
    """N = WQ / WP = 60 / 40 = 1.5; Ui = (1 - (Qbest - Qi) * N) / Pi * Pbest with Qbest = 1.0 (C)
    and Pbest = 80,000 (B):

    A 100,000: (1 - 0.30 * 1.5) / 100,000 * 80,000 = 0.55 * 0.8 = 0.44
    B  80,000: (1 - 0.32 * 1.5) /  80,000 * 80,000 = 0.52 * 1.0 = 0.52
    C 120,000: (1 - 0.00 * 1.5) / 120,000 * 80,000 = 1.00 * 2/3 = 0.6667
    The highest index wins: C, then B, then A.

    Price deficit = Pi - (Ui / Ubest) * Pi, the price cut that would have tied with C:
    A 100,000 - (0.44 / (2/3)) * 100,000 = 100,000 - 66,000 = 34,000
    B  80,000 - (0.52 / (2/3)) *  80,000 =  80,000 - 62,400 = 17,600
    C 0.
    """
    prices = {"A": 100_000, "B": 80_000, "C": 120_000}
    result = run(make_tender, prices, {"formula": "utility_index"})
    expected = {"a": (0.44, 34_000), "b": (0.52, 17_600), "c": (2 / 3, 0)}
    for bid_id, (index, deficit) in expected.items():
        bid = result.bid(bid_id)
        assert bid.price.comparison == pytest.approx(index)
        assert bid.score == pytest.approx(index)
        assert bid.price.deficit == pytest.approx(deficit, abs=1e-6)
        assert (bid.price.fraction, bid.price.points, bid.total) == (None, None, None)
    assert ranks(result) == {"a": 3, "b": 2, "c": 1}
    assert "relative_price_formula" in codes(result)

    # What the deficit means: had B asked 80,000 - 17,600 = 62,400, Pbest would be 62,400,
    # UB = 0.52 * 1 = 0.52 and UC = 1 * 62,400 / 120,000 = 0.52: a tie with C (which the
    # tie-break then gives to C, the higher quality).
    cut = run(make_tender, {**prices, "B": 62_400}, {"formula": "utility_index"})
    assert cut.bid("b").price.comparison == pytest.approx(0.52)
    assert cut.bid("c").price.comparison == pytest.approx(0.52)
    assert cut.bid("b").price.deficit == pytest.approx(0, abs=1e-6)
    assert cut.winner == "c"
    assert "tie_settled" in codes(cut)


def test_deficit_is_only_reported_for_the_utility_index(make_tender):
    result = run(make_tender, {"A": 400_000, "B": 500_000}, {"formula": "lowest_relative"})
    assert {b.price.deficit for b in result.bids} == {None}


def test_weights_need_not_add_up_to_100(make_tender):
    """A published case uses 130 and 70: lowest_relative, Pbest 400,000 (A).

    A: 130 * 0.70 + 70 * 1.0 = 91   + 70 = 161
    C: 130 * 1.00 + 70 * 0.5 = 130  + 35 = 165  -> C wins
    """
    prices = {"A": 400_000, "C": 800_000}
    result = run(
        make_tender, prices, {"formula": "lowest_relative"}, quality_weight=130, price_weight=70
    )
    assert result.bid("a").total == pytest.approx(161)
    assert result.bid("c").total == pytest.approx(165)
    assert result.winner == "c"


def test_utility_index_without_a_positive_best_index_leaves_the_deficit_empty(make_tender):
    """keep_original: the invalid alpha (full quality) sets Qbest. With N = 99/1, beta's
    U = (1 - (1.0 - 0.2) * 99) / P * Pbest < 0, so no valid bid has a positive index and the
    price deficit is undefined: reported as None instead of crashing the evaluation."""
    import copy

    from conftest import BIDS, SCORING, bid
    from tenderkit.evaluation import evaluate
    from tenderkit.loader import load_tender

    scoring = {
        **SCORING,
        "quality_weight": 99,
        "price_weight": 1,
        "price": {"formula": "utility_index"},
        "invalidated_bid_rule": "keep_original",
    }
    alpha = copy.deepcopy(BIDS["alpha"])
    alpha["facts"]["encryption_at_rest"] = False  # knocked out on ENC-01
    panel = {"anna": "bidder,target,score\nalpha,K1,10\nalpha,K2,10\nbeta,K1,2\nbeta,K2,2\n"}
    result = evaluate(
        load_tender(
            make_tender(
                scoring=scoring, panel=panel, bids={"alpha": alpha, "beta": bid("Beta", 350000)}
            )
        ),
        sensitivity=False,
    )
    beta = result.bid("beta")
    assert not result.bid("alpha").valid and beta.valid
    assert beta.price.comparison < 0
    assert beta.price.deficit is None
    assert result.winner == "beta"


def test_the_figures_a_report_shows_are_in_the_result(make_tender):
    """Criterion points, the runner-up and the margin, worked by hand (lowest_relative above):

    criterion points = quality_weight 60 x share (K1 0.6, K2 0.4) x the criterion's fraction
    A: 60 x 0.6 x 0.5 = 18,   60 x 0.4 x 1.0 = 24   (together A's 42 quality points)
    B: 60 x 0.6 x 0.8 = 28.8, 60 x 0.4 x 0.5 = 12   (40.8)
    C: 60 x 0.6 x 1.0 = 36,   60 x 0.4 x 1.0 = 24   (60)
    totals A 82, C 80, B 72.8: A wins, C is the runner-up, the margin 2 points.
    """
    result = run(
        make_tender, {"A": 400_000, "B": 500_000, "C": 800_000}, {"formula": "lowest_relative"}
    )
    expected = {"a": (18, 24), "b": (28.8, 12), "c": (36, 24)}
    for bid_id, (k1, k2) in expected.items():
        quality = result.bid(bid_id).quality
        assert quality.criterion_points == pytest.approx({"K1": k1, "K2": k2})
        assert quality.criterion_discount is None
        assert result.bid(bid_id).price.discount is None
    assert (result.runner_up, result.margin) == ("c", pytest.approx(2))
    assert (result.method.unit, result.method.decimals) == ("points", 2)


def test_the_discount_is_in_the_result(make_tender):
    """Fictitious discount, quality_value 100,000: discount = 100,000 x quality,
    comparison = price - discount.

    A 400,000 - 70,000 = 330,000   (K1 100,000 x 0.6 x 0.5 = 30,000; K2 x 0.4 x 1.0 = 40,000)
    B 500,000 - 68,000 = 432,000   (K1 48,000; K2 20,000)
    C 800,000 - 100,000 = 700,000  (K1 60,000; K2 40,000)
    A wins, B is the runner-up by 102,000 of comparison price.
    """
    result = run(
        make_tender,
        {"A": 400_000, "B": 500_000, "C": 800_000},
        {"formula": "fictitious_discount", "quality_value": 100_000},
    )
    expected = {"a": (70_000, 30_000, 40_000), "b": (68_000, 48_000, 20_000)}
    expected["c"] = (100_000, 60_000, 40_000)
    for bid_id, (discount, k1, k2) in expected.items():
        bid = result.bid(bid_id)
        assert bid.price.discount == pytest.approx(discount)
        assert bid.price.comparison == pytest.approx(bid.price.amount - discount)
        assert bid.quality.criterion_discount == pytest.approx({"K1": k1, "K2": k2})
    assert (result.winner, result.runner_up) == ("a", "b")
    assert result.margin == pytest.approx(102_000)
    assert (result.method.unit, result.method.decimals) == ("money", 2)


def test_a_lone_valid_bid_has_no_runner_up(make_tender):
    result = run(make_tender, {"A": 400_000}, {"formula": "utility_index"})
    assert (result.winner, result.runner_up, result.margin) == ("a", None, None)
    assert (result.method.unit, result.method.decimals) == ("index", 4)
