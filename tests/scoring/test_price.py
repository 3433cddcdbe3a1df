"""Tests for tenderkit.scoring.price: worked examples by hand, pitfalls, and properties."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from pydantic import TypeAdapter

from tenderkit.formats.scoring_model import PRICE_FORMULAS, PriceSpec
from tenderkit.scoring.price import (
    FORMULA_PROPERTIES,
    FORMULAS,
    PriceFormulaError,
    PriceOutcome,
    price_deficit,
    register_formula,
    score_prices,
)

_SPEC = TypeAdapter(PriceSpec)


def spec(formula: str, **params: Any) -> Any:
    """A price spec as the scoring model loader builds it (validated pydantic model)."""
    return _SPEC.validate_python({"formula": formula, **params})


def raw_spec(formula: str, **params: Any) -> Any:
    """A spec object that skips pydantic, to reach the formula's own parameter checks."""
    return SimpleNamespace(formula=formula, **params)


def arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=float)


def everyone(n: int) -> np.ndarray:
    return np.ones(n, dtype=bool)


# --- registry -----------------------------------------------------------------------------------


def test_registry_matches_the_scoring_model_formulas():
    assert set(FORMULAS) == set(PRICE_FORMULAS)
    assert set(FORMULA_PROPERTIES) == set(PRICE_FORMULAS)


def test_formula_properties():
    relative = {name for name, p in FORMULA_PROPERTIES.items() if p.relative}
    additive = {name for name, p in FORMULA_PROPERTIES.items() if p.additive}
    assert relative == {"lowest_relative", "log", "utility_index"}
    assert additive == {"lowest_relative", "linear_fixed", "log"}


def test_registering_a_name_twice_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        register_formula("log", relative=True, additive=True)(lambda spec, bids: None)


def test_unknown_formula():
    with pytest.raises(PriceFormulaError, match="unknown price formula 'cheapest'"):
        score_prices(raw_spec("cheapest"), arr(1, 2), arr(1, 1), everyone(2), 60, 40)


# --- worked examples, computed by hand -------------------------------------------------------


def test_lowest_relative_worked_example():
    # WQ = 60, WP = 40. Prices 100, 125, 200 -> Pbest = 100.
    # fractions: 100/100 = 1.0, 100/125 = 0.8, 100/200 = 0.5
    # points:    40 * 1.0 = 40, 40 * 0.8 = 32, 40 * 0.5 = 20
    # quality 0.5, 0.75, 1.0 -> quality points 30, 45, 60
    # totals:    30 + 40 = 70, 45 + 32 = 77, 60 + 20 = 80 -> the dearest, best bid wins.
    out = score_prices(
        spec("lowest_relative"), arr(100, 125, 200), arr(0.5, 0.75, 1.0), everyone(3), 60, 40
    )
    assert_allclose(out.fraction, [1.0, 0.8, 0.5])
    assert_allclose(out.points, [40, 32, 20])
    assert_allclose(out.total, [70, 77, 80])
    assert_allclose(out.score, out.total)
    assert out.comparison is None
    assert out.reference_price == 100.0
    assert isinstance(out.reference_price, float)


def test_linear_fixed_worked_example():
    # Pmax = 200, Pmin = 100, so every 1 below 200 is worth 1/100 of the price fraction.
    # 80  -> (200 - 80)/100  = 1.2  -> clipped to 1.0 (below Pmin earns nothing extra)
    # 120 -> (200 - 120)/100 = 0.8
    # 150 -> (200 - 150)/100 = 0.5
    # 250 -> (200 - 250)/100 = -0.5 -> clipped to 0.0
    # WP = 40 -> points 40, 32, 20, 0; WQ = 60, quality 0.5 each -> 30 each; totals 70, 62, 50, 30
    out = score_prices(
        spec("linear_fixed", max_price=200, min_price=100),
        arr(80, 120, 150, 250),
        arr(0.5, 0.5, 0.5, 0.5),
        everyone(4),
        60,
        40,
    )
    assert_allclose(out.fraction, [1.0, 0.8, 0.5, 0.0])
    assert_allclose(out.points, [40, 32, 20, 0])
    assert_allclose(out.total, [70, 62, 50, 30])


def test_log_worked_example_and_flooring():
    # a = 2, Pbest = 100: fraction = 1 - log2(Pi / 100).
    # 100           -> 1 - log2(1)       = 1
    # 100*sqrt(2)   -> 1 - log2(sqrt 2)  = 1 - 0.5 = 0.5
    # 200           -> 1 - log2(2)       = 0   (a times the lowest price: zero points)
    # 400           -> 1 - log2(4)       = -1  -> floored to 0 by default
    # WP = 40 -> points 40, 20, 0, 0 (floored) or 40, 20, 0, -40 (not floored).
    prices = arr(100, 100 * math.sqrt(2), 200, 400)
    quality = arr(0, 0, 0, 0)
    floored = score_prices(spec("log", a=2), prices, quality, everyone(4), 60, 40)
    assert_allclose(floored.fraction, [1, 0.5, 0, 0], atol=1e-12)
    assert_allclose(floored.points, [40, 20, 0, 0], atol=1e-12)
    unfloored = score_prices(
        spec("log", a=2, floor_at_zero=False), prices, quality, everyone(4), 60, 40
    )
    assert_allclose(unfloored.fraction, [1, 0.5, 0, -1], atol=1e-12)
    assert_allclose(unfloored.points, [40, 20, 0, -40], atol=1e-12)


def test_fictitious_discount_worked_example():
    # quality_value 50,000: full marks are worth 50,000 off the price.
    # A: 400,000 - 0.8 * 50,000 = 360,000
    # B: 380,000 - 0.5 * 50,000 = 355,000 -> lowest comparison price, B wins
    out = score_prices(
        spec("fictitious_discount", quality_value=50_000),
        arr(400_000, 380_000),
        arr(0.8, 0.5),
        everyone(2),
        60,
        40,
    )
    assert_allclose(out.comparison, [360_000, 355_000])
    assert_allclose(out.score, [-360_000, -355_000])
    assert np.all(np.isnan(out.fraction)) and np.all(np.isnan(out.points))
    assert out.total is None


def test_fictitious_discount_with_a_surcharge():
    # Rijkswaterstaat scale: 3 = 100%, 2 = 60%, 1 = 25%, 0 = 0%, NR = -50%.
    # Two criteria of equal weight; quality_value 100,000 (each criterion worth 50,000).
    # A scores 2 and 2: Q = (0.6 + 0.6)/2 = 0.6    -> 370,000 - 60,000 = 310,000
    # C scores NR and 1: Q = (-0.5 + 0.25)/2 = -0.125 -> surcharge: 300,000 + 12,500 = 312,500
    # C is the cheaper bid, but the harmful offer's surcharge makes A win.
    out = score_prices(
        spec("fictitious_discount", quality_value=100_000),
        arr(370_000, 300_000),
        arr(0.6, -0.125),
        everyone(2),
        60,
        40,
    )
    assert_allclose(out.comparison, [310_000, 312_500])
    assert np.argmax(out.score) == 0


def test_utility_index_worked_example_with_price_deficit():
    # WQ = 60, WP = 40 -> N = 1.5. Qbest = 1.0, Pbest = 90.
    # A (Q 1.0, P 120): (1 - 0.0 * 1.5) / 120 * 90 = 0.75
    # B (Q 0.8, P 100): (1 - 0.2 * 1.5) / 100 * 90 = 0.7 * 0.9 = 0.63
    # C (Q 0.6, P  90): (1 - 0.4 * 1.5) /  90 * 90 = 0.4
    # A wins (Ubest = 0.75). Price deficits Pi - (Ui/Ubest) * Pi:
    # A: 120 - 1 * 120 = 0;  B: 100 - 0.84 * 100 = 16;  C: 90 - (0.4/0.75) * 90 = 90 - 48 = 42
    prices = arr(120, 100, 90)
    out = score_prices(spec("utility_index"), prices, arr(1.0, 0.8, 0.6), everyone(3), 60, 40)
    assert_allclose(out.comparison, [0.75, 0.63, 0.4])
    assert_allclose(out.score, out.comparison)
    assert out.total is None
    assert out.reference_price == 90.0
    assert out.reference_quality == 1.0
    assert_allclose(price_deficit(out.comparison, prices), [0, 16, 42], atol=1e-12)


def test_utility_index_negative_numerator_rewards_a_higher_price():
    # N = 90/10 = 9: a bid 0.2 behind Qbest has numerator 1 - 1.8 = -0.8. Pbest = 100.
    # at 200: -0.8 / 200 * 100 = -0.4;  at 400: -0.8 / 400 * 100 = -0.2 (higher!)
    # Documented quirk of the formula: such a bid cannot win, but its order among losers is odd.
    out = score_prices(
        spec("utility_index"), arr(100, 200, 400), arr(1.0, 0.8, 0.8), everyone(3), 90, 10
    )
    assert_allclose(out.comparison, [1.0, -0.4, -0.2])


def test_price_deficit_only_valid_bids_set_ubest():
    # U = 2.0 belongs to an invalid bid; among the valid ones Ubest = 1.0.
    # deficits: 100 - 1.0 * 100 = 0; 100 - 0.5 * 100 = 50; the invalid bid: 100 - 2 * 100 = -100.
    deficits = price_deficit(arr(1.0, 0.5, 2.0), arr(100, 100, 100), np.array([True, True, False]))
    assert_allclose(deficits, [0, 50, -100])


# --- rank reversal ------------------------------------------------------------------------------


def test_lowest_relative_rank_reversal_when_c_leaves_the_reference():
    # WQ = WP = 50.  A: Q 0.9, P 200.  B: Q 0.5, P 100.  C: Q 0.0, P 50.
    # C in the reference, Pbest = 50:
    #   A: 50 * 0.9 + 50 * 50/200 = 45 + 12.5 = 57.5
    #   B: 50 * 0.5 + 50 * 50/100 = 25 + 25   = 50.0   -> A ahead of B
    # C invalid and out of the reference (recalculate), Pbest = 100:
    #   A: 45 + 50 * 100/200 = 45 + 25 = 70
    #   B: 25 + 50 * 100/100 = 25 + 50 = 75            -> B ahead of A: reversed
    # Nothing about A or B changed; only the yardstick did.
    prices, quality = arr(200, 100, 50), arr(0.9, 0.5, 0.0)
    with_c = score_prices(spec("lowest_relative"), prices, quality, everyone(3), 50, 50)
    without_c = score_prices(
        spec("lowest_relative"), prices, quality, np.array([True, True, False]), 50, 50
    )
    assert_allclose(with_c.total[:2], [57.5, 50.0])
    assert_allclose(without_c.total[:2], [70.0, 75.0])
    assert with_c.total[0] > with_c.total[1]
    assert without_c.total[0] < without_c.total[1]
    # C is still scored, against the others' reference, but did not set it.
    assert without_c.reference_price == 100.0
    assert_allclose(without_c.fraction[2], 2.0)


def test_linear_fixed_has_no_rank_reversal():
    # Same bids as above: an absolute formula gives A and B the same points either way.
    prices, quality = arr(200, 100, 50), arr(0.9, 0.5, 0.0)
    model = spec("linear_fixed", max_price=250, min_price=50)
    with_c = score_prices(model, prices, quality, everyone(3), 50, 50)
    without_c = score_prices(model, prices, quality, np.array([True, True, False]), 50, 50)
    assert_array_equal(with_c.total, without_c.total)


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0.0, -10.0, np.nan, np.inf])
def test_non_positive_price_is_refused(bad):
    with pytest.raises(ValueError, match=r"positive amount.*bid position 1"):
        score_prices(spec("lowest_relative"), arr(100, bad), arr(1, 1), everyone(2), 60, 40)


def test_empty_reference_is_refused():
    with pytest.raises(ValueError, match="reference mask is empty"):
        score_prices(spec("log", a=2), arr(100, 200), arr(1, 1), np.zeros(2, bool), 60, 40)


def test_empty_reference_in_one_sample_is_refused():
    reference = np.array([[True, False], [False, False]])
    with pytest.raises(ValueError, match="reference mask is empty"):
        score_prices(spec("lowest_relative"), arr(100, 200), arr(1, 1), reference, 60, 40)


def test_reference_must_be_boolean():
    with pytest.raises(ValueError, match="boolean mask"):
        score_prices(spec("lowest_relative"), arr(100, 200), arr(1, 1), np.array([0, 1]), 60, 40)


def test_linear_fixed_needs_max_above_min():
    with pytest.raises(ValueError, match="max_price above min_price"):
        score_prices(
            raw_spec("linear_fixed", max_price=100, min_price=100),
            arr(100, 200),
            arr(1, 1),
            everyone(2),
            60,
            40,
        )


@pytest.mark.parametrize("a", [1.0, 0.5])
def test_log_needs_a_above_one(a):
    with pytest.raises(ValueError, match="a > 1"):
        score_prices(raw_spec("log", a=a), arr(100, 200), arr(1, 1), everyone(2), 60, 40)


def test_utility_index_needs_a_price_weight():
    with pytest.raises(ValueError, match="price weight"):
        score_prices(spec("utility_index"), arr(100, 200), arr(1, 1), everyone(2), 100, 0)


def test_weights_vary_per_sample_not_per_bid():
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 1\)"):
        score_prices(
            spec("lowest_relative"), arr(100, 200), arr(1, 1), everyone(2), 60, arr(40, 40)
        )


def test_mismatched_bid_counts():
    with pytest.raises(ValueError, match="number of bids"):
        score_prices(spec("lowest_relative"), arr(100, 200), arr(1, 1, 1), everyone(2), 60, 40)


# --- broadcasting over Monte Carlo samples ------------------------------------------------------

ALL_SPECS = [
    spec("lowest_relative"),
    spec("linear_fixed", max_price=300, min_price=100),
    spec("log", a=1.5),
    spec("fictitious_discount", quality_value=80),
    spec("utility_index"),
]


@pytest.mark.parametrize("model", ALL_SPECS, ids=lambda m: m.formula)
def test_broadcasting_matches_row_by_row(model):
    rng = np.random.default_rng(20260101)
    samples, n = 6, 5
    prices = rng.uniform(80, 320, size=n)
    quality = rng.uniform(-0.2, 1.0, size=(samples, n))
    reference = np.array([True, True, False, True, True])
    quality_weight = rng.uniform(20, 80, size=(samples, 1))
    price_weight = 100 - quality_weight
    batch = score_prices(model, prices, quality, reference, quality_weight, price_weight)
    assert batch.score.shape == (samples, n)
    assert batch.fraction.shape == (samples, n)
    for s in range(samples):
        row = score_prices(
            model, prices, quality[s], reference, quality_weight[s, 0], price_weight[s, 0]
        )
        for field in ("fraction", "points", "comparison", "total", "score"):
            expected, got = getattr(row, field), getattr(batch, field)
            if expected is None:
                assert got is None
            else:
                assert_allclose(got[s], expected, rtol=1e-12, equal_nan=True)
        assert row.reference_price == batch.reference_price
        if row.reference_quality is not None:
            assert batch.reference_quality[s] == row.reference_quality


# --- properties ---------------------------------------------------------------------------------

ADDITIVE_SPECS = [m for m in ALL_SPECS if FORMULA_PROPERTIES[m.formula].additive]


@st.composite
def bids(draw: st.DrawFn, min_bids: int = 1, max_bids: int = 8) -> tuple[np.ndarray, ...]:
    n = draw(st.integers(min_bids, max_bids))
    prices = draw(st.lists(st.floats(1, 1_000), min_size=n, max_size=n))
    quality = draw(st.lists(st.floats(-0.5, 1), min_size=n, max_size=n))
    reference = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    reference[draw(st.integers(0, n - 1))] = True
    return arr(*prices), arr(*quality), np.array(reference)


weights = st.floats(0, 100)


@settings(max_examples=150, deadline=None)
@given(
    model=st.sampled_from(ADDITIVE_SPECS),
    data=bids(),
    wq=weights,
    wp=weights,
    bump=st.floats(0, 2),
    which=st.integers(0, 7),
)
def test_additive_total_is_monotone_in_quality(model, data, wq, wp, bump, which):
    prices, quality, reference = data
    which %= len(prices)
    better = quality.copy()
    better[which] += bump
    before = score_prices(model, prices, quality, reference, wq, wp)
    after = score_prices(model, prices, better, reference, wq, wp)
    assert after.total[which] >= before.total[which]
    others = np.arange(len(prices)) != which
    assert_allclose(after.total[others], before.total[others])


@settings(max_examples=150, deadline=None)
@given(model=st.sampled_from(ADDITIVE_SPECS), data=bids(min_bids=2), wq=weights, wp=weights)
def test_a_lower_price_never_gets_fewer_price_points(model, data, wq, wp):
    prices, quality, reference = data
    out = score_prices(model, prices, quality, reference, wq, wp)
    cheaper = prices[:, None] < prices[None, :]
    assert np.all(out.points[:, None] >= out.points[None, :] - 1e-9, where=cheaper)


@settings(max_examples=150, deadline=None)
@given(model=st.sampled_from(ALL_SPECS), data=bids(min_bids=2), wq=weights, wp=st.floats(1, 100))
def test_at_equal_quality_a_lower_price_never_scores_worse(model, data, wq, wp):
    prices, _, reference = data
    quality = np.full_like(prices, 0.7)
    out = score_prices(model, prices, quality, reference, wq, wp)
    cheaper = prices[:, None] < prices[None, :]
    assert np.all(out.score[:, None] >= out.score[None, :] - 1e-9, where=cheaper)


@settings(max_examples=150, deadline=None)
@given(
    model=st.sampled_from(ALL_SPECS),
    data=bids(),
    wq=weights,
    wp=st.floats(1, 100),
    seed=st.integers(0, 2**32 - 1),
)
def test_scoring_is_invariant_to_the_order_of_bids(model, data, wq, wp, seed):
    prices, quality, reference = data
    perm = np.random.default_rng(seed).permutation(len(prices))
    original = score_prices(model, prices, quality, reference, wq, wp)
    shuffled = score_prices(model, prices[perm], quality[perm], reference[perm], wq, wp)
    unshuffle = np.argsort(perm)
    for field in ("fraction", "points", "comparison", "total", "score"):
        expected, got = getattr(original, field), getattr(shuffled, field)
        if expected is None:
            assert got is None
        else:
            assert_allclose(got[unshuffle], expected, rtol=1e-12, equal_nan=True)
    assert shuffled.reference_price == original.reference_price


def test_outcome_is_plain_data():
    out = score_prices(spec("lowest_relative"), arr(1, 2), arr(1, 1), everyone(2), 1, 1)
    assert isinstance(out, PriceOutcome)
    with pytest.raises(AttributeError):
        out.score = out.total  # frozen
