"""Compensating measures: the set that fits the bid, acts on the cause, and costs least.

Why fit first: a measure that does not answer what is wrong with this bid lowers a number, not a
risk. So a measure is a candidate only when it fits (`fit_of`): the bid does not already provide
it (all of its `unnecessary_when` checks pass, judged by `tenderkit.checks.evaluate_check`, the
same definition the knockouts use), and, when the catalogue binds it to situations
(`applies_when`: a bridgeable Type II period, data outside the EEA ...), one of them holds.

Why the cause next: among the sets of candidates that bring the residual score within the
appetite, a set with a measure that acts on the source of the risk (catalogue `cause: true`)
beats one that only softens its consequence, whatever the effort; when no candidate acts on the
cause, that rule is silent.

Then the least indicative effort: every measure costs the buyer person-days (negotiating a
clause, running its own backup, reviewing logs). When no set reaches the appetite, the register
proposes the set that lowers the score most (with a measure on the cause, then cheapest, among
those) and marks the risk for escalation: someone with authority must accept the gap or stop.

Up to `search.exhaustive_max` candidates every subset is tried; above that a greedy choice by
score reduction per effort day, followed by dropping measures that turned out superfluous.
Ties are broken deterministically: lower cost, then lower residual score, then fewer measures,
then the measure ids in alphabetical order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from tenderkit.catalogues.models import Measure
from tenderkit.checks import evaluate_check
from tenderkit.formats.bid import Facts
from tenderkit.result import RiskLevel
from tenderkit.risk.inherent import level
from tenderkit.risk.model import RiskModel, risk_model

__all__ = [
    "Choice",
    "Fit",
    "addresses_cause",
    "candidate_measures",
    "choose_measures",
    "fit_of",
    "is_unnecessary",
    "residual_level",
]


def is_unnecessary(measure: Measure, facts: Facts) -> bool:
    """True when the bid already provides what the measure adds: every check passes.

    A measure without `unnecessary_when` is never unnecessary.
    """
    checks = measure.unnecessary_when
    return bool(checks) and all(evaluate_check(check, facts).passed for check in checks)


Fit = Literal["fits", "unnecessary", "not_applicable"]


def fit_of(measure: Measure, facts: Facts, situations: Collection[str] | None = None) -> Fit:
    """Does the measure fit this bid: `unnecessary` when the bid already provides it,
    `not_applicable` when it answers situations (`applies_when`) none of which holds, else
    `fits`. Unknown situations (None) hold for nothing: a measure bound to a situation is then
    never proposed, rather than proposed where it may not fit."""
    if is_unnecessary(measure, facts):
        return "unnecessary"
    if measure.applies_when and not set(measure.applies_when) & set(situations or ()):
        return "not_applicable"
    return "fits"


def candidate_measures(
    risk_id: str,
    facts: Facts,
    measures: Iterable[Measure],
    situations: Collection[str] | None = None,
) -> list[Measure]:
    """The measures that reduce this risk and fit the bid (`fit_of`), by id."""
    return sorted(
        (
            m
            for m in measures
            if m.reduction(risk_id) is not None and fit_of(m, facts, situations) == "fits"
        ),
        key=lambda m: m.id,
    )


def addresses_cause(measure: Measure, risk_id: str) -> bool:
    """Does the measure act on the source of this risk (catalogue `cause: true`)?"""
    step = measure.reduction(risk_id)
    return step is not None and step.cause


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
    causal = any(addresses_cause(m, risk_id) for m in candidates)
    best_fit: tuple | None = None  # (no cause, cost, score, size, ids, subset) within appetite
    best_effort: tuple | None = None  # (score, no cause, cost, size, ids, subset) otherwise
    for size in range(len(candidates) + 1):
        for subset in combinations(candidates, size):
            score = score_of(subset)
            cost = _cost(subset)
            # a set without a measure on the cause loses to one with it, if any candidate has it
            no_cause = causal and size > 0 and not any(addresses_cause(m, risk_id) for m in subset)
            if score <= appetite:
                key = (no_cause, cost, score, size, _ids(subset), subset)
                if best_fit is None or key[:5] < best_fit[:5]:
                    best_fit = key
            else:
                key = (score, no_cause, cost, size, _ids(subset), subset)
                if best_effort is None or key[:5] < best_effort[:5]:
                    best_effort = key
    if best_fit is not None:
        return best_fit[5]
    assert best_effort is not None
    return best_effort[5]


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
