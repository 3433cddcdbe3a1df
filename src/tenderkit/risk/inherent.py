"""Inherent risk of one bid: how likely each linked catalogue risk is, and how much it would hurt.

Why per bid: the same risk (say, data leaving the EEA) is small with a bidder whose answers are
backed by a clean SOC 2 Type II and large with one that fails the location check. So the
likelihood starts at the catalogue's base likelihood and moves with the evidence of the
requirements that mitigate the risk; the impact does not depend on the bid at all, only on how
the buyer classified its data (BIV/CIA). The numbers live in `model.yaml`; docs/risk.md works an
example through.

Everything here is a pure function of its arguments.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

from tenderkit.catalogues.models import Risk
from tenderkit.checks import CheckOutcome, evaluate_check
from tenderkit.formats.bid import Bid
from tenderkit.formats.requirement_set import Classification, Requirement, RequirementSet
from tenderkit.memo import IdentityMemo
from tenderkit.result import RiskLevel
from tenderkit.risk.model import EvidenceGrade, RiskModel, risk_model

__all__ = [
    "RequirementEvidence",
    "coverage_level",
    "evidence_grade",
    "grade_requirement",
    "impact_of",
    "inherent_level",
    "likelihood_of",
    "likelihood_of_counts",
    "linked_risks",
    "round_half_up",
]


@dataclass(frozen=True)
class RequirementEvidence:
    """What one bid offers against one requirement, boiled down to one grade.

    `status` is the bid's answer (None: no answer); `coverage` the assurance review's level;
    `check` the outcome of the requirement's fact check (None: the requirement has none).
    """

    requirement: str
    kind: str
    grade: EvidenceGrade
    status: str | None
    coverage: str
    check: CheckOutcome | None


def coverage_level(value: Any) -> str:
    """The level of a coverage entry: the assurance review gives objects with `.level`,
    result.json plain strings; both are accepted so the register does not care which."""
    if value is None:
        return "none"
    return str(getattr(value, "level", value))


def grade_requirement(
    requirement: Requirement, bid: Bid, coverage: Any = None
) -> RequirementEvidence:
    """Grade the evidence a bid gives for one requirement.

    The first grade that applies wins: a failed fact check (the offer itself contradicts the
    requirement, whatever the answer says), no answer, an answer `fails`, a fact the check needs
    but the bid does not state (silence is not compliance), a `partial` answer. A `meets` answer
    is `committed` when the requirement asks for no independent assurance or the review found it
    a contract term or offered fact (level `committed`: the binding answer is the best evidence
    there is), else it takes the assurance review's level (`assured`,
    `assured_with_exceptions`, `certified` for either certificate level, otherwise `declared`:
    a Type I report shows design, not operation).
    """
    answer = bid.answers.get(requirement.id)
    status = answer.status if answer is not None else None
    level = coverage_level(coverage)
    outcome = evaluate_check(requirement.check, bid.facts) if requirement.check else None
    grade = evidence_grade(status, level, outcome, requirement.assurance)
    return RequirementEvidence(
        requirement=requirement.id,
        kind=requirement.kind,
        grade=grade,
        status=status,
        coverage=level,
        check=outcome,
    )


class Checked(Protocol):
    """What of a check's outcome decides a grade: a `CheckOutcome`, or its two flags alone."""

    @property
    def passed(self) -> bool: ...

    @property
    def missing(self) -> bool: ...


def evidence_grade(
    status: str | None, level: str, outcome: Checked | None, assurance: str
) -> EvidenceGrade:
    """The grade of `grade_requirement` from what decides it: the answer's status (None: no
    answer), the coverage level, the check's outcome (None: no check) and the requirement's
    `assurance`. The one definition of the order of the rules, for a caller that grades many
    requirements of one bid without a `RequirementEvidence` per cell."""
    if outcome is not None and not outcome.passed and not outcome.missing:
        return "check_failed"
    if status is None:
        return "no_answer"
    if status == "fails":
        return "fails"
    if outcome is not None and outcome.missing:
        return "check_missing"
    if status == "partial":
        return "partial"
    if assurance == "none" or level == "committed":
        return "committed"
    if level in ("assured", "assured_with_exceptions"):
        return level  # type: ignore[return-value]
    if level in ("certified", "certified_with_limits"):
        return "certified"
    return "declared"


def linked_risks(requirement_set: RequirementSet) -> dict[str, list[Requirement]]:
    """Risk id -> the requirements that name it under `risks`, in requirement-set order."""
    linked: dict[str, list[Requirement]] = {}
    for requirement in requirement_set.requirements:
        # a requirement that names a risk twice counts once; requirement ids are unique in a set,
        # so set membership of ids replaces comparing whole models (linear, not quadratic)
        for risk_id in dict.fromkeys(requirement.risks):
            linked.setdefault(risk_id, []).append(requirement)
    return linked


def round_half_up(value: Fraction) -> int:
    """2.5 -> 3, 1.5 -> 2: a half step of doubt counts against the bid (Python's round() would
    round half to even, so 2.5 and 1.5 would both become 2)."""
    return math.floor(value + Fraction(1, 2))


def likelihood_of(
    risk: Risk, evidence: Sequence[RequirementEvidence], model: RiskModel | None = None
) -> int:
    """Base likelihood moved by the weighted mean evidence effect, rounded half up, clamped.

    A knockout weighs more than a scored wish (`requirement_weight`). The mean, not the sum,
    so a risk named by eight requirements does not vanish just because it is named often.
    Exact fractions keep the rounding of a .5 deterministic.
    """
    model = model or risk_model()
    # the same few (kind, grade) pairs recur across a risk's requirements: count them; the
    # exact sum depends on nothing else, so it is worked out once per distinct count
    return likelihood_of_counts(risk, Counter((e.kind, e.grade) for e in evidence), model)


def likelihood_of_counts(
    risk: Risk, counts: Mapping[tuple[str, str], int], model: RiskModel | None = None
) -> int:
    """`likelihood_of` from how many of the risk's requirements have each (kind, grade) pair:
    the exact sum depends on nothing else, so a caller that counts them needs no
    `RequirementEvidence` per requirement."""
    model = model or risk_model()
    memo = _LIKELIHOODS.get(model, lambda _: {})
    key = (risk.base_likelihood, tuple(sorted(counts.items())))
    found = memo.get(key)
    if found is None:
        found = memo[key] = _likelihood(model, *key)
    return found


_LIKELIHOODS: IdentityMemo[dict[tuple, int]] = IdentityMemo(size=16)
"""Per (frozen) risk model: (base likelihood, counted pairs) -> likelihood."""


def _likelihood(
    model: RiskModel, base: int, counts: tuple[tuple[tuple[str, str], int], ...]
) -> int:
    """`likelihood_of` for a base likelihood and the counted (kind, grade) pairs, in exact
    fractions (a sum of fractions is exact in any order)."""
    rules = model.likelihood
    value = Fraction(base)
    if counts:
        total = Fraction(0)
        weights = Fraction(0)
        for (kind, grade), count in counts:
            weight = Fraction(str(rules.requirement_weight[kind]))  # type: ignore[index]
            total += count * weight * Fraction(str(rules.evidence.effect(grade)))
            weights += count * weight
        value += total / weights
    return max(rules.min, min(rules.max, round_half_up(value)))


def impact_of(risk: Risk, classification: Classification, model: RiskModel | None = None) -> int:
    """Impact from the classification of the aspects the risk threatens.

    The highest class among them sets the impact (`by_class`); a risk that hits several aspects
    at the breadth class gets the breadth bonus. Clamped to the scale.
    """
    model = model or risk_model()
    rules = model.impact
    classes = [getattr(classification, aspect) for aspect in risk.threatens]
    impact = rules.by_class[max(classes)]  # type: ignore[index]
    if sum(1 for c in classes if c >= rules.breadth_class) >= rules.breadth_aspects:
        impact += rules.breadth_bonus
    return max(rules.min, min(rules.max, impact))


def level(likelihood: int, impact: int) -> RiskLevel:
    """A (likelihood, impact) pair with its score, the product."""
    return RiskLevel(likelihood=likelihood, impact=impact, score=likelihood * impact)


def inherent_level(
    risk: Risk,
    requirements: Iterable[Requirement],
    bid: Bid,
    coverage: Mapping[str, Any],
    classification: Classification,
    model: RiskModel | None = None,
) -> tuple[RiskLevel, list[RequirementEvidence]]:
    """The inherent level of one risk for one bid, with the graded evidence it rests on."""
    model = model or risk_model()
    evidence = [grade_requirement(r, bid, coverage.get(r.id)) for r in requirements]
    return (
        level(likelihood_of(risk, evidence, model), impact_of(risk, classification, model)),
        evidence,
    )
