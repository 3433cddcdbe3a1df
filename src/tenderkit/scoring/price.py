"""Price formulas: from bid prices (and quality) to price points or a ranking value.

Five award methods from DOMAIN.md, each a pure, vectorised numpy function. Every per-bid array
has the bids on its last axis; any leading axes are Monte Carlo samples (or weight scenarios) and
broadcast, so the sensitivity analysis scores thousands of draws in one call instead of a loop.

Two kinds of formula:

- additive (`lowest_relative`, `linear_fixed`, `log`): price earns points, which are added to the
  quality points: total = WQ * Qi + WP * fraction.
- comparative (`fictitious_discount`, `utility_index`): quality and price are combined into one
  number (a comparison price, a utility index) that is not a sum of points, so `fraction`,
  `points` are NaN and `total` is None.

Either way `PriceOutcome.score` is the value the ranking uses, and higher is always better, so the
ranking code never needs to know which formula was used.

Relative formulas take a reference from the other bids (the lowest price Pbest, the best quality
Qbest). Which bids may serve as reference is the caller's decision (the scoring model's
`invalidated_bid_rule`), passed as a boolean mask. Bids outside the mask are still scored, so a
report can show what an invalid bid would have scored, but they never move the reference.

A new formula slots in by writing one function and decorating it with `register_formula`; the
scoring model's discriminated union (`tenderkit.formats.scoring_model.PriceSpec`) then needs the
matching parameter model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from tenderkit.errors import TenderkitError

if TYPE_CHECKING:
    from tenderkit.formats.scoring_model import (
        FictitiousDiscount,
        LinearFixed,
        Log,
        LowestRelative,
        PriceSpec,
        UtilityIndex,
    )

__all__ = [
    "FORMULAS",
    "FORMULA_PROPERTIES",
    "FormulaProperties",
    "PriceFormulaError",
    "PriceInputs",
    "PriceOutcome",
    "price_deficit",
    "register_formula",
    "score_prices",
]


class PriceFormulaError(TenderkitError, ValueError):
    """Prices, weights or formula parameters that a price formula cannot score.

    A ValueError too, so callers that only know numpy conventions still catch it.
    """


@dataclass(frozen=True)
class PriceOutcome:
    """What a price formula gives for every bid (bids on the last axis, samples before it).

    Attributes:
        fraction: price fraction per bid, usually 0..1 (additive formulas); NaN for the
            comparative formulas, which have no price fraction. A bid outside the reference that
            is cheaper than Pbest can get a fraction above 1 under a relative formula.
        points: price points, price_weight * fraction (additive); NaN for comparative formulas.
        comparison: the comparison price (fictitious_discount, lower wins) or the utility index
            (utility_index, higher wins); None for additive formulas.
        total: quality points + price points (additive); None for comparative formulas.
        score: the ranking value, higher is always better: `total` for additive formulas,
            `-comparison` for fictitious_discount, the utility index for utility_index.
        reference_price: Pbest, the lowest price among the reference bids (a float when it is
            the same for every sample). Only relative formulas use it; it is reported for every
            formula so the evaluation record can show it.
        reference_quality: Qbest, the highest quality among the reference bids (per sample), for
            the formula that uses it (utility_index); None otherwise.
    """

    fraction: np.ndarray
    points: np.ndarray
    comparison: np.ndarray | None
    total: np.ndarray | None
    score: np.ndarray
    reference_price: float | np.ndarray
    reference_quality: float | np.ndarray | None = None


@dataclass(frozen=True)
class FormulaProperties:
    """What the scoring engine needs to know about a formula to warn about the design.

    Attributes:
        relative: the score of one bid depends on the other bids (through Pbest or Qbest), so
            adding, removing or invalidating a bid can swap the order of two others (rank
            reversal). Absolute formulas compare every bid with fixed numbers from the tender
            documents and cannot reverse ranks.
        additive: price earns points that are added to quality points (there is a `total`).
        unit: what a bid's ranking value (`score`) and the margin between two bids are counted
            in: `points`, `money` (the comparison price of the fictitious discount) or `index`
            (the utility index); a report shows them with `decimals` decimals.
        weights_apply: the quality and price weights play a role (not under the fictitious
            discount, where the quality value does).
    """

    relative: bool
    additive: bool
    unit: Literal["points", "money", "index"] = "points"
    decimals: int = 2
    weights_apply: bool = True


@dataclass(frozen=True)
class PriceInputs:
    """Validated inputs, as handed to every formula function.

    `prices`, `quality` and `reference` broadcast against each other (bids on the last axis);
    `quality_weight` and `price_weight` have a last axis of length 1 (or are 0-d), so they vary
    per sample and never per bid. `shape` is the shape every per-bid output must have.
    """

    prices: np.ndarray
    quality: np.ndarray
    reference: np.ndarray
    quality_weight: np.ndarray
    price_weight: np.ndarray
    shape: tuple[int, ...]

    @property
    def pbest(self) -> np.ndarray:
        """Lowest reference price, last axis kept (length 1) so it broadcasts over the bids."""
        return np.min(np.where(self.reference, self.prices, np.inf), axis=-1, keepdims=True)

    @property
    def qbest(self) -> np.ndarray:
        """Highest reference quality per sample, last axis kept (length 1)."""
        return np.max(np.where(self.reference, self.quality, -np.inf), axis=-1, keepdims=True)


FormulaFunction = Callable[[Any, PriceInputs], PriceOutcome]

FORMULAS: dict[str, FormulaFunction] = {}
"""Registry: formula name (as written in a scoring model's `price.formula`) -> function."""

FORMULA_PROPERTIES: dict[str, FormulaProperties] = {}
"""Formula name -> whether it is relative (rank reversal risk) and additive (has a total)."""


def register_formula(
    name: str,
    *,
    relative: bool,
    additive: bool,
    unit: Literal["points", "money", "index"] = "points",
    decimals: int = 2,
    weights_apply: bool = True,
) -> Callable[[FormulaFunction], FormulaFunction]:
    """Decorator that adds a formula function to `FORMULAS` and its properties to
    `FORMULA_PROPERTIES`, so one decorated function is all a new formula needs here."""

    def decorate(function: FormulaFunction) -> FormulaFunction:
        if name in FORMULAS:
            raise ValueError(f"price formula {name!r} is already registered")
        FORMULAS[name] = function
        FORMULA_PROPERTIES[name] = FormulaProperties(
            relative, additive, unit, decimals, weights_apply
        )
        return function

    return decorate


def score_prices(
    spec: PriceSpec,
    prices: np.ndarray,
    quality: np.ndarray,
    reference: np.ndarray,
    quality_weight: float | np.ndarray,
    price_weight: float | np.ndarray,
) -> PriceOutcome:
    """Score every bid's price with the formula the scoring model chose.

    Args:
        spec: the scoring model's `price` entry (its `formula` attribute picks the function).
        prices: bid prices, shape (n,) (or (..., n)), each a positive finite amount.
        quality: quality fraction per bid, 0..1 (slightly below 0 with a surcharge scale), shape
            (n,) or (..., n); leading axes are samples and broadcast.
        reference: boolean mask, shape (n,) (or broadcastable), of the bids whose price and
            quality may serve as reference (Pbest, Qbest). At least one must be True.
        quality_weight, price_weight: WQ and WP, non-negative; scalars or arrays broadcastable
            to (..., 1) so they may vary per sample, never per bid.

    Raises:
        PriceFormulaError (a ValueError): a non-positive or non-finite price, non-finite
            quality, an empty reference mask, a misshapen weight, or a formula parameter the
            formula cannot work with.
    """
    name = getattr(spec, "formula", None)
    function = FORMULAS.get(name) if isinstance(name, str) else None
    if function is None:
        known = ", ".join(FORMULAS)
        raise PriceFormulaError(f"unknown price formula {name!r}; known formulas: {known}")
    return function(spec, _validate(prices, quality, reference, quality_weight, price_weight))


def price_deficit(
    u: np.ndarray, prices: np.ndarray, reference: np.ndarray | None = None
) -> np.ndarray:
    """How much each bid would have had to lower its price to tie with the best utility index.

    deficit_i = Pi - (Ui / Ubest) * Pi. The utility index is inversely proportional to the price,
    so a price of Pi * Ui / Ubest would have given bid i the index Ubest; the deficit is the gap.
    It turns the abstract index into money a bidder understands (the rejection letter can say
    "your bid was EUR x too expensive"). The best bid has deficit 0.

    Args:
        u: utility indices (`PriceOutcome.comparison` of utility_index), shape (..., n).
        prices: bid prices, broadcastable to u.
        reference: optional boolean mask of the bids that may set Ubest (e.g. the valid bids);
            default all bids.
    """
    u = np.asarray(u, dtype=float)
    prices = np.asarray(prices, dtype=float)
    mask = np.ones(u.shape[-1:], dtype=bool) if reference is None else _as_mask(reference)
    if not np.all(np.any(mask, axis=-1)):
        raise PriceFormulaError("no bid may set the best utility index: the reference is empty")
    ubest = np.max(np.where(mask, u, -np.inf), axis=-1, keepdims=True)
    if not np.all(ubest > 0):
        raise PriceFormulaError(
            "the best utility index is not positive, so a price deficit is undefined"
        )
    return prices - (u / ubest) * prices


# --- the formulas -----------------------------------------------------------------------------


@register_formula("lowest_relative", relative=True, additive=True)
def lowest_relative(spec: LowestRelative, bids: PriceInputs) -> PriceOutcome:
    """Fraction = Pbest / Pi.

    Relative, and a hyperbola: the points gap between two bids, WP * Pbest * (1/Pi - 1/Pj),
    scales with Pbest. Removing the cheapest bid (say it turns out invalid) raises Pbest and so
    widens every price gap, while quality gaps stay; a cheap, weak bid can then overtake a dear,
    strong one (rank reversal). Hence the scoring model's `invalidated_bid_rule`.
    """
    pbest = bids.pbest
    return _additive(bids, pbest / bids.prices, pbest)


@register_formula("linear_fixed", relative=False, additive=True)
def linear_fixed(spec: LinearFixed, bids: PriceInputs) -> PriceOutcome:
    """Fraction = (Pmax - Pi) / (Pmax - Pmin), clipped to 0..1.

    Absolute: Pmax and Pmin are fixed in the tender documents before any bid is opened, so a
    bid's points depend on its own price only and no other bid can reverse a ranking.
    """
    max_price, min_price = float(spec.max_price), float(spec.min_price)
    if not (np.isfinite(max_price) and np.isfinite(min_price)) or max_price <= min_price:
        raise PriceFormulaError(
            f"linear_fixed needs max_price above min_price; got max_price {max_price:g} and "
            f"min_price {min_price:g}"
        )
    fraction = np.clip((max_price - bids.prices) / (max_price - min_price), 0.0, 1.0)
    return _additive(bids, fraction, bids.pbest)


@register_formula("log", relative=True, additive=True)
def log(spec: Log, bids: PriceInputs) -> PriceOutcome:
    """Fraction = 1 - ln(Pi / Pbest) / ln(a).

    Relative (through Pbest), but points fall with the ratio to the lowest price, so the gap
    between two bids does not depend on Pbest: ln(Pj/Pbest) - ln(Pi/Pbest) = ln(Pj/Pi). Removing
    a bid shifts every other bid by the same points (order kept) unless the floor at zero cuts
    some of them off. A bid `a` times the lowest price gets zero; dearer bids go negative unless
    `floor_at_zero` (default true), which keeps one absurd bid from costing points.
    """
    a = float(spec.a)
    if not np.isfinite(a) or a <= 1:
        raise PriceFormulaError(f"the log formula needs a > 1 (e.g. 1.5, 2 or 3); got a = {a:g}")
    pbest = bids.pbest
    fraction = 1.0 - np.log(bids.prices / pbest) / np.log(a)
    if getattr(spec, "floor_at_zero", True):
        fraction = np.maximum(fraction, 0.0)
    return _additive(bids, fraction, pbest)


@register_formula(
    "fictitious_discount", relative=False, additive=False, unit="money", weights_apply=False
)
def fictitious_discount(spec: FictitiousDiscount, bids: PriceInputs) -> PriceOutcome:
    """Comparison price = Pi - Qi * quality_value; the lowest comparison price wins.

    Quality is expressed in money (gunnen op waarde): full marks on every criterion are worth
    `quality_value`, split by the criterion weights. A negative Qi (a surcharge step on the scale)
    raises the comparison price. Absolute: no other bid enters the sum, so no rank reversal. The
    quality and price weights play no part.
    """
    quality_value = float(spec.quality_value)
    if not np.isfinite(quality_value) or quality_value <= 0:
        raise PriceFormulaError(
            f"fictitious_discount needs a positive quality_value; got {quality_value:g}"
        )
    comparison = _full(bids.prices - bids.quality * quality_value, bids.shape)
    return _comparative(bids, comparison, -comparison, bids.pbest)


@register_formula("utility_index", relative=True, additive=False, unit="index", decimals=4)
def utility_index(spec: UtilityIndex, bids: PriceInputs) -> PriceOutcome:
    """Ui = (1 - (Qbest - Qi) * N) / Pi * Pbest with N = WQ / WP; the highest Ui wins.

    Relative twice over (Pbest and Qbest). N says how much a fraction of quality is worth against
    price: a bid one tenth behind Qbest loses N/10 of its utility. The best quality scores a
    numerator of 1. When (Qbest - Qi) * N exceeds 1 the numerator is negative and, oddly, a higher
    price then gives a higher (less negative) index; such a bid cannot win, but its place among the
    losers is meaningless.
    """
    if np.any(bids.price_weight == 0):
        raise PriceFormulaError("the utility index divides by the price weight, which cannot be 0")
    pbest, qbest = bids.pbest, bids.qbest
    n = bids.quality_weight / bids.price_weight
    u = _full((1.0 - (qbest - bids.quality) * n) / bids.prices * pbest, bids.shape)
    return _comparative(bids, u, u, pbest, qbest)


# --- helpers ----------------------------------------------------------------------------------


def _additive(bids: PriceInputs, fraction: np.ndarray, pbest: np.ndarray) -> PriceOutcome:
    fraction = _full(fraction, bids.shape)
    points = bids.price_weight * fraction
    total = bids.quality_weight * bids.quality + points
    return PriceOutcome(
        fraction=fraction,
        points=points,
        comparison=None,
        total=total,
        score=total.copy(),
        reference_price=_squeeze(pbest),
    )


def _comparative(
    bids: PriceInputs,
    comparison: np.ndarray,
    score: np.ndarray,
    pbest: np.ndarray,
    qbest: np.ndarray | None = None,
) -> PriceOutcome:
    return PriceOutcome(
        fraction=np.full(bids.shape, np.nan),
        points=np.full(bids.shape, np.nan),
        comparison=comparison,
        total=None,
        score=_full(score, bids.shape),
        reference_price=_squeeze(pbest),
        reference_quality=None if qbest is None else _squeeze(qbest),
    )


def _full(values: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """A writable float array of the output shape (formulas may compute on smaller shapes)."""
    return np.array(np.broadcast_to(values, shape), dtype=float)


def _squeeze(value: np.ndarray) -> float | np.ndarray:
    """Drop the kept bid axis; a single number becomes a float."""
    value = np.asarray(value)[..., 0]
    return float(value) if value.ndim == 0 else value


def _as_mask(reference: Any) -> np.ndarray:
    mask = np.asarray(reference)
    if mask.dtype != np.bool_:
        # Integer positions ([0, 2]) would silently read as a mask of the wrong meaning.
        raise PriceFormulaError(
            f"the reference must be a boolean mask with one entry per bid; got dtype {mask.dtype}"
        )
    if mask.ndim == 0:
        raise PriceFormulaError("the reference must be a boolean mask with one entry per bid")
    return mask


def _positions(bad: np.ndarray) -> str:
    """Bid positions (0-based, along the last axis) where `bad` is true, for error messages."""
    return ", ".join(str(i) for i in np.unique(np.nonzero(bad)[-1]))


def _weight(value: float | np.ndarray, what: str) -> np.ndarray:
    weight = np.asarray(value, dtype=float)
    if weight.ndim > 0 and weight.shape[-1] != 1:
        raise PriceFormulaError(
            f"{what} may vary per sample but not per bid: give a scalar or shape (..., 1), "
            f"got shape {weight.shape}"
        )
    if not np.all(np.isfinite(weight)) or np.any(weight < 0):
        raise PriceFormulaError(f"{what} must be a non-negative number")
    return weight


def _validate(
    prices: Any, quality: Any, reference: Any, quality_weight: Any, price_weight: Any
) -> PriceInputs:
    prices = np.asarray(prices, dtype=float)
    quality = np.asarray(quality, dtype=float)
    mask = _as_mask(reference)
    if prices.ndim == 0:
        raise PriceFormulaError("prices must be an array with one price per bid")
    if not np.all(np.isfinite(prices) & (prices > 0)):
        bad = _positions(~(np.isfinite(prices) & (prices > 0)))
        raise PriceFormulaError(
            "every price must be a positive amount; a zero, negative or missing price cannot be "
            f"scored (bid position {bad})"
        )
    if not np.all(np.isfinite(quality)):
        bad = _positions(~np.isfinite(quality))
        raise PriceFormulaError(f"quality must be a number for every bid (bid position {bad})")
    wq = _weight(quality_weight, "quality_weight")
    wp = _weight(price_weight, "price_weight")
    try:
        shape = np.broadcast_shapes(prices.shape, quality.shape, mask.shape, wq.shape, wp.shape)
    except ValueError:
        raise PriceFormulaError(
            "prices, quality and reference must have the same number of bids (last axis); got "
            f"shapes {prices.shape}, {quality.shape} and {mask.shape}"
        ) from None
    if shape[-1] != prices.shape[-1] or shape[-1] != mask.shape[-1]:
        raise PriceFormulaError(
            f"prices and reference need one entry per bid ({shape[-1]} bids); got shapes "
            f"{prices.shape} and {mask.shape}"
        )
    if not np.all(np.any(mask, axis=-1)):
        raise PriceFormulaError(
            "no bid may serve as price reference (the reference mask is empty); at least one "
            "valid bid is needed"
        )
    return PriceInputs(
        prices=prices,
        quality=quality,
        reference=mask,
        quality_weight=wq,
        price_weight=wp,
        shape=shape,
    )
