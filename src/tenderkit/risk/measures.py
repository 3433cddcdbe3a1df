"""Compensating measures: the cheapest set that brings a risk within the buyer's appetite.

Why cheapest by effort: every measure costs the buyer person-days (negotiating a clause, running
its own backup, reviewing logs). For a risk above the appetite the register proposes the set of
catalogue measures with the least indicative effort that brings the residual score within the
appetite; when no set can, it proposes the set that lowers the score most (cheapest among those)
and marks the risk for escalation: someone with authority must accept the gap or stop.

Measures the bid makes superfluous (all of their `unnecessary_when` checks pass, judged by
`tenderkit.checks.evaluate_check`, the same definition the knockouts use) are never proposed.

Up to `search.exhaustive_max` candidates every subset is tried; above that a greedy choice by
score reduction per effort day, followed by dropping measures that turned out superfluous.
Ties are broken deterministically: lower cost, then lower residual score, then fewer measures,
then the measure ids in alphabetical order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from tenderkit.catalogues.models import Measure
from tenderkit.checks import evaluate_check
from tenderkit.formats.bid import Facts
from tenderkit.result import RiskLevel
from tenderkit.risk.inherent import level
from tenderkit.risk.model import RiskModel, risk_model

__all__ = [
    "Choice",
    "candidate_measures",
    "choose_measures",
    "is_unnecessary",
    "residual_level",
]


def is_unnecessary(measure: Measure, facts: Facts) -> bool:
    """True when the bid already provides what the measure adds: every check passes.

    A measure without `unnecessary_when` is never unnecessary.
    """
    checks = measure.unnecessary_when
    return bool(checks) and all(evaluate_check(check, facts).passed for check in checks)


def candidate_measures(risk_id: str, facts: Facts, measures: Iterable[Measure]) -> list[Measure]:
    """The measures that reduce this risk and that the bid does not make superfluous, by id."""
    return sorted(
        (m for m in measures if m.reduction(risk_id) is not None and not is_unnecessary(m, facts)),
        key=lambda m: m.id,
    )


def _moved(
    inherent: RiskLevel, risk_id: str, measures: Iterable[Measure], model: RiskModel
) -> tuple[int, int]:
    """Likelihood and impact after the measures' steps, floored at the model's minimum."""
    likelihood, impact = inherent.likelihood, inherent.impact
    for measure in measures:
        step = measure.reduction(risk_id)
        if step is not None:
            likelihood += step.likelihood
            impact += step.impact
    return (
        max(min(model.residual.min_likelihood, inherent.likelihood), likelihood),
        max(min(model.residual.min_impact, inherent.impact), impact),
    )


def residual_level(
    inherent: RiskLevel, risk_id: str, measures: Iterable[Measure], model: RiskModel | None = None
) -> RiskLevel:
    """Likelihood and impact after the measures' steps, never below the model's minimum.

    Steps are zero or negative (the catalogue model enforces it) and the floor only lifts, so a
    further measure can never raise the residual score.
    """
    return level(*_moved(inherent, risk_id, measures, model or risk_model()))


@dataclass(frozen=True)
class Choice:
    """The measures proposed for one risk and where they leave it."""

    measures: tuple[Measure, ...]
    residual: RiskLevel
    within_appetite: bool

    @property
    def escalate(self) -> bool:
        """No set of measures brings the risk within the appetite."""
        return not self.within_appetite

    @property
    def effort_days(self) -> float:
        return sum(m.effort_days for m in self.measures)


def _cost(measures: Sequence[Measure]) -> float:
    return sum(m.effort_days for m in measures)


def _ids(measures: Sequence[Measure]) -> tuple[str, ...]:
    return tuple(sorted(m.id for m in measures))


def choose_measures(
    risk_id: str,
    inherent: RiskLevel,
    appetite: int,
    candidates: Sequence[Measure],
    model: RiskModel | None = None,
) -> Choice:
    """The cheapest set of candidates that brings the score within `appetite` (see module doc).

    A risk already within the appetite gets no measures.
    """
    model = model or risk_model()
    if inherent.score <= appetite:
        return Choice((), inherent, True)
    ordered = sorted(candidates, key=lambda m: m.id)
    if len(ordered) <= model.search.exhaustive_max:
        chosen = _exhaustive(risk_id, inherent, appetite, ordered, model)
    else:
        chosen = _greedy(risk_id, inherent, appetite, ordered, model)
    residual = residual_level(inherent, risk_id, chosen, model)
    return Choice(tuple(sorted(chosen, key=lambda m: m.id)), residual, residual.score <= appetite)


def _scorer(inherent: RiskLevel, risk_id: str, model: RiskModel):
    """The residual score of a subset, without building a RiskLevel (the search calls it often)."""

    def score(measures: Sequence[Measure]) -> int:
        likelihood, impact = _moved(inherent, risk_id, measures, model)
        return likelihood * impact

    return score


def _exhaustive(
    risk_id: str,
    inherent: RiskLevel,
    appetite: int,
    candidates: Sequence[Measure],
    model: RiskModel,
) -> tuple[Measure, ...]:
    score_of = _scorer(inherent, risk_id, model)
    best_fit: tuple | None = None  # (cost, score, size, ids, subset) within appetite
    best_effort: tuple | None = None  # (score, cost, size, ids, subset) when nothing fits
    for size in range(len(candidates) + 1):
        for subset in combinations(candidates, size):
            score = score_of(subset)
            cost = _cost(subset)
            if score <= appetite:
                key = (cost, score, size, _ids(subset), subset)
                if best_fit is None or key[:4] < best_fit[:4]:
                    best_fit = key
            else:
                key = (score, cost, size, _ids(subset), subset)
                if best_effort is None or key[:4] < best_effort[:4]:
                    best_effort = key
    if best_fit is not None:
        return best_fit[4]
    assert best_effort is not None
    return best_effort[4]


def _greedy(
    risk_id: str,
    inherent: RiskLevel,
    appetite: int,
    candidates: Sequence[Measure],
    model: RiskModel,
) -> tuple[Measure, ...]:
    score_of = _scorer(inherent, risk_id, model)
    chosen: list[Measure] = []
    left = list(candidates)
    score = inherent.score
    while score > appetite and left:
        best: tuple | None = None
        for measure in left:
            gain = score - score_of([*chosen, measure])
            if gain <= 0:
                continue
            rate = gain / measure.effort_days if measure.effort_days > 0 else float("inf")
            key = (-rate, -gain, measure.effort_days, measure.id)
            if best is None or key < best[0]:
                best = (key, measure)
        if best is None:
            break
        chosen.append(best[1])
        left.remove(best[1])
        score = score_of(chosen)
    if score <= appetite:
        # drop what the later picks made superfluous, most expensive first
        for measure in sorted(chosen, key=lambda m: (-m.effort_days, m.id)):
            rest = [m for m in chosen if m is not measure]
            if score_of(rest) <= appetite:
                chosen = rest
    return tuple(chosen)
