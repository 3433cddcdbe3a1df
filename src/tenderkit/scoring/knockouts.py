"""Knockouts (eisen): a bid that fails a mandatory requirement is invalid and never ranked.

Reasons, as FORMATS.md names them: `no_answer`, `status_fails`, `status_partial`,
`check_failed` (a requirement's machine check on a bid fact; a missing fact fails and says so)
and `no_assurance` (a `required` knockout that no accepted report covers). The assurance coverage
arrives as a plain mapping, so this module does not depend on how assurance is reviewed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tenderkit.checks import CheckOutcome, evaluate_check
from tenderkit.formats.bid import Bid
from tenderkit.formats.requirement_set import Requirement, RequirementSet
from tenderkit.i18n import text
from tenderkit.result import Knockout

COVERED = frozenset({"assured", "assured_with_exceptions"})


def shown(value: Any, language: str) -> str:
    """A fact value or expected value as a person reads it."""
    if isinstance(value, bool):
        return {"nl": "ja" if value else "nee", "en": "yes" if value else "no"}[language]
    if isinstance(value, list | tuple):
        return "[" + ", ".join(shown(v, language) for v in value) + "]"
    if isinstance(value, float):
        source = getattr(value, "source", None)
        text_value = source or f"{value:g}"
        return text_value.replace(".", ",") if language == "nl" else text_value
    return str(value)


def check_values(requirement: Requirement, outcome: CheckOutcome, language: str) -> dict[str, str]:
    """The placeholders of a check message: requirement, fact, op, expected, actual."""
    op = {"true": "=", "subset": "⊆", "in": "∈"}.get(outcome.op, outcome.op)
    return dict(
        requirement=requirement.id,
        fact=outcome.fact,
        op=op,
        expected=shown(True if outcome.op == "true" else outcome.expected, language),
        actual="—" if outcome.missing else shown(outcome.actual, language),
    )


def check_message(requirement: Requirement, outcome: CheckOutcome, language: str) -> str:
    key = "check_missing" if outcome.missing else "check_failed"
    return text("scoring", key, language, **check_values(requirement, outcome, language))


def knockouts_of(
    bid: Bid,
    requirement_set: RequirementSet,
    language: str,
    coverage: Mapping[str, str] | None = None,
) -> list[Knockout]:
    """Every knockout reason of one bid, in requirement-set order."""
    found: list[Knockout] = []
    for requirement in requirement_set.requirements:
        if requirement.kind != "knockout":
            continue
        answer = bid.answers.get(requirement.id)
        rid = requirement.id
        if answer is None:
            found.append(
                Knockout(
                    requirement=rid,
                    reason="no_answer",
                    message=text("scoring", "no_answer", language, requirement=rid),
                )
            )
        elif answer.status != "meets":
            reason = "status_fails" if answer.status == "fails" else "status_partial"
            found.append(
                Knockout(
                    requirement=rid,
                    reason=reason,
                    message=text("scoring", reason, language, requirement=rid),
                )
            )
        if requirement.check is not None:
            outcome = evaluate_check(requirement.check, bid.facts)
            if not outcome.passed:
                found.append(
                    Knockout(
                        requirement=rid,
                        reason="check_failed",
                        message=check_message(requirement, outcome, language),
                    )
                )
        if coverage is not None and requirement.assurance == "required":
            level = coverage.get(rid, "none")
            if level not in COVERED and answer is not None and answer.status == "meets":
                found.append(
                    Knockout(
                        requirement=rid,
                        reason="no_assurance",
                        message=text(
                            "scoring", "no_assurance", language, requirement=rid, coverage=level
                        ),
                    )
                )
    return found
