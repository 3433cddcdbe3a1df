"""What would it take to win: per bid that does not win, the smallest single change of the
quality/price split, one criterion weight, its price or its quality score that makes it win.

Every answer is found by evaluating scenarios (`LiveEvaluator`, a few milliseconds each), never by
a formula of our own: the split and the weights are scanned on a grid, the price by bisection
(a bid that lowers its price never scores worse). The quality a bid would need is the one figure
worked out from the Result: under an additive formula the points it lacks divided by the quality
weight (quality does not move anyone's price points there), under a fictitious discount the
comparison-price gap divided by the value of quality; the utility index compares quality with the
best bid's, so no single figure answers it and none is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tenderkit.result import Result
from tenderkit.workshop.compare import criterion_shares
from tenderkit.workshop.live import LiveEvaluator
from tenderkit.workshop.scenario import UTILITY_MAX_SHARE, Scenario

__all__ = ["ToWin", "what_it_takes"]

SPLIT_STEP = 0.02
WEIGHT_STEPS = 25
PRICE_PRECISION = 500.0  # euros: a room does not need the last euro


@dataclass(frozen=True)
class ToWin:
    """The nearest winning change of one bid, each None when no change of that kind suffices.

    split: the quality share (0..1) nearest the current one at which the bid wins.
    weights: criterion -> the weight nearest the current one at which the bid wins.
    price: the highest price at which the bid wins, everything else as it is.
    quality_gap: the quality fraction (0..1) the bid lacks to pass the winner, with
    criterion_gap: per criterion the fraction that criterion alone would need to rise by
    (only those where it fits under 100%).
    """

    bid: str
    split: float | None = None
    weights: dict[str, float] = field(default_factory=dict)
    price: float | None = None
    price_now: float = 0.0
    quality_gap: float | None = None
    criterion_gap: dict[str, float] = field(default_factory=dict)


def _wins(live: LiveEvaluator, scenario: Scenario, bid: str) -> bool:
    try:
        return live.evaluate(scenario).winner == bid
    except ValueError:
        return False


def what_it_takes(live: LiveEvaluator, scenario: Scenario, result: Result) -> list[ToWin]:
    """For every valid bid of `result` (the current scenario's) that does not win, in ranking
    order, the nearest single change that makes it win."""
    tender = live.tender
    losers = [b for b in result.ranking if b.valid and b.id != result.winner]
    if result.winner is None or not losers:
        return []
    method = result.method
    q = result.method.quality_weight
    p = result.method.price_weight
    current_share = q / (q + p) if q + p else 0.0
    top = UTILITY_MAX_SHARE if method.unit == "index" else 1.0

    # the split: one scan serves every bid
    split_winner: dict[float, str | None] = {}
    if method.weights_apply:
        steps = round(top / SPLIT_STEP)
        for i in range(steps + 1):
            share = round(i * SPLIT_STEP, 4)
            split_winner[share] = live.evaluate(scenario.change(quality_share=share)).winner

    # the criterion weights: scan each from 0 to twice the largest weight
    weights = dict(result.method.criteria)
    ceiling = max(max(weights.values(), default=1.0) * 2, 10.0)
    weight_winner: dict[str, dict[float, str | None]] = {}
    if len(weights) > 1:
        for criterion in weights:
            grid: dict[float, str | None] = {}
            for i in range(WEIGHT_STEPS + 1):
                value = round(ceiling * i / WEIGHT_STEPS, 2)
                try:
                    grid[value] = live.evaluate(scenario.with_weight(criterion, value)).winner
                except ValueError:  # every weight at 0
                    grid[value] = None
            weight_winner[criterion] = grid

    shares = criterion_shares(weights)
    out = []
    for bid in losers:
        split = _nearest(split_winner, current_share, bid.id)
        by_weight = {
            c: v
            for c, grid in weight_winner.items()
            if (v := _nearest(grid, weights[c], bid.id)) is not None
        }
        price_now = tender.bids[bid.id].price
        price = _price_to_win(live, scenario, bid.id, price_now)
        # the quality fraction it lacks: its distance to the winner (the headline's margin) in
        # what full quality is worth, the quality value or the quality weight
        gap = None
        behind = bid.headline.margin if bid.headline is not None else None
        if behind is not None and method.unit == "money":
            gap = behind / float(getattr(method.price, "quality_value", 0.0) or 1.0)
        elif behind is not None and method.additive and q > 0:
            gap = behind / q
        per_criterion = {}
        if gap is not None:
            for c, s in shares.items():
                if s > 0:
                    need = gap / s
                    if bid.quality.criteria.get(c, 0.0) + need <= 1.0:
                        per_criterion[c] = need
        out.append(
            ToWin(
                bid=bid.id,
                split=split,
                weights=by_weight,
                price=price,
                price_now=price_now,
                quality_gap=gap if gap is not None and bid.quality.fraction + gap <= 1 else None,
                criterion_gap=per_criterion,
            )
        )
    return out


def _nearest(grid: dict[float, str | None], now: float, bid: str) -> float | None:
    winning = [value for value, who in grid.items() if who == bid]
    if not winning:
        return None
    return min(winning, key=lambda v: (abs(v - now), v))


def _price_to_win(live: LiveEvaluator, scenario: Scenario, bid: str, now: float) -> float | None:
    """The highest price (to PRICE_PRECISION) at which the bid wins; None if even 1 euro
    does not."""
    with_price = lambda price: scenario.change(prices={**scenario.prices, bid: price})  # noqa: E731
    low, high = 1.0, now
    if not _wins(live, with_price(low), bid):
        return None
    while high - low > PRICE_PRECISION:
        middle = (low + high) / 2
        if _wins(live, with_price(middle), bid):
            low = middle
        else:
            high = middle
    return low
