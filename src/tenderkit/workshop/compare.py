"""What changed between two Results of one tender: per bid the points, the total and the points
by criterion, and per risk the level a buyer measure brought it to. Pure functions of Results.

The workshop shows every what-if against the published result; a room needs to see who gained how
much and why, not only who moved place. Every figure here is read from the two Results (the
evaluate output); the only arithmetic is the split of a bid's quality points over the criteria,
`quality_weight x criterion share x criterion fraction`, which is how the engine sums them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tenderkit.result import BidResult, Result, RiskLevel, RiskResult

__all__ = [
    "BidChange",
    "RiskChange",
    "criterion_points",
    "criterion_shares",
    "risk_changes",
    "score_changes",
]


def criterion_shares(weights: Mapping[str, float]) -> dict[str, float]:
    """Each criterion's share of the whole (relative weights 1/60/90/50 -> 0,5% / 29,9% / ...).

    All weights at 0 leave nothing to share: every share is 0.
    """
    total = sum(max(float(v), 0.0) for v in weights.values())
    if total <= 0:
        return {c: 0.0 for c in weights}
    return {c: max(float(v), 0.0) / total for c, v in weights.items()}


def criterion_points(result: Result) -> dict[str, dict[str, float]]:
    """Per bid, the quality points each award criterion contributes (they add up to the bid's
    quality points)."""
    shares = criterion_shares(result.method.criteria)
    quality_weight = result.method.quality_weight
    return {
        bid.id: {
            c: quality_weight * share * bid.quality.criteria.get(c, 0.0)
            for c, share in shares.items()
        }
        for bid in result.bids
    }


@dataclass(frozen=True)
class BidChange:
    """One bid now against the same bid in the reference result (None where a figure is absent)."""

    bid: str
    rank: int | None
    was_rank: int | None
    quality_points: float
    quality_points_delta: float
    price_points: float | None
    price_points_delta: float | None
    total: float | None
    total_delta: float | None
    comparison: float | None
    comparison_delta: float | None
    score_delta: float
    criteria: dict[str, float] = field(default_factory=dict)
    criteria_delta: dict[str, float] = field(default_factory=dict)

    @property
    def moved(self) -> bool:
        return self.rank != self.was_rank


def _minus(now: float | None, before: float | None) -> float | None:
    if now is None or before is None:
        return None
    return now - before


def score_changes(reference: Result, current: Result) -> dict[str, BidChange]:
    """Per bid of `current`, its figures and their difference with `reference` (the published
    result): quality points, price points, total, comparison figure, score and criterion points."""
    before = {b.id: b for b in reference.bids}
    points_now = criterion_points(current)
    points_before = criterion_points(reference)
    changes = {}
    for bid in current.bids:
        old: BidResult | None = before.get(bid.id)
        crit_now = points_now.get(bid.id, {})
        crit_before = points_before.get(bid.id, {})
        changes[bid.id] = BidChange(
            bid=bid.id,
            rank=bid.rank,
            was_rank=old.rank if old is not None else None,
            quality_points=bid.quality.points,
            quality_points_delta=bid.quality.points - (old.quality.points if old else 0.0),
            price_points=bid.price.points,
            price_points_delta=_minus(bid.price.points, old.price.points if old else None),
            total=bid.total,
            total_delta=_minus(bid.total, old.total if old else None),
            comparison=bid.price.comparison,
            comparison_delta=_minus(bid.price.comparison, old.price.comparison if old else None),
            score_delta=bid.score - (old.score if old else 0.0),
            criteria=crit_now,
            criteria_delta={c: v - crit_before.get(c, 0.0) for c, v in crit_now.items()},
        )
    return changes


@dataclass(frozen=True)
class RiskChange:
    """A risk whose residual level a buyer measure changed."""

    id: str
    title: str
    before: RiskLevel
    after: RiskLevel
    within_before: bool
    within_after: bool
    measures: tuple[str, ...]


def risk_changes(before: Iterable[RiskResult], after: Iterable[RiskResult]) -> list[RiskChange]:
    """The risks whose residual score differs between two registers of one bid, largest drop
    first; `measures` are the measures added to that risk."""
    old = {r.id: r for r in before}
    changes = []
    for risk in after:
        was = old.get(risk.id)
        if was is None or was.residual == risk.residual:
            continue
        added = tuple(m for m in risk.measures if m not in was.measures)
        changes.append(
            RiskChange(
                id=risk.id,
                title=risk.title,
                before=was.residual,
                after=risk.residual,
                within_before=was.within_appetite,
                within_after=risk.within_appetite,
                measures=added,
            )
        )
    changes.sort(key=lambda c: (c.after.score - c.before.score, c.id))
    return changes
