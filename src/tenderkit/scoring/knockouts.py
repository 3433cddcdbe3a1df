"""Knockouts (eisen): a bid that fails a mandatory requirement is invalid and never ranked.

Reasons, as FORMATS.md names them: `no_answer`, `status_fails`, `status_partial`,
`check_failed` (a requirement's machine check on a bid fact; a missing fact fails and says so)
and `no_assurance` (a `required` knockout that no accepted report covers). The assurance coverage
arrives as a plain mapping, so this module does not depend on how assurance is reviewed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tenderkit.assurance.results import INDEPENDENT_LEVELS
from tenderkit.checks import CheckOutcome, check_key, evaluate_check, outcomes_of
from tenderkit.formats.bid import Bid
from tenderkit.formats.requirement_set import Requirement, RequirementSet
from tenderkit.formatting import number
from tenderkit.i18n import catalogue, text
from tenderkit.memo import IdentityMemo
from tenderkit.result import Knockout

COVERED = INDEPENDENT_LEVELS


def shown(value: Any, language: str) -> str:
    """A fact value or expected value as a person reads it (`ja`, `99,9`, `maand`)."""
    if isinstance(value, bool):
        return {"nl": "ja" if value else "nee", "en": "yes" if value else "no"}[language]
    if isinstance(value, list | tuple | set):
        return ", ".join(shown(v, language) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown(v, language)}" for k, v in value.items())
    if isinstance(value, float | int):
        return number(float(value), language, digits=3)
    label = f"value_{value}"
    return text("facts", label, language) if label in catalogue("facts") else str(value)


def fact_label(fact: str, language: str) -> str:
    """The plain-word name of a fact; an unreserved fact keeps its own name."""
    return text("facts", fact, language) if fact in catalogue("facts") else fact


def check_message(requirement: Requirement, outcome: CheckOutcome, language: str) -> str:
    """Why a check failed, in a sentence a procurement officer (and a bidder) understands:
    "Eis PRV-03: " (`check_prefix`) and the detail, which a letter quotes without the prefix."""
    prefix = text("scoring", "check_prefix", language, requirement=requirement.id)
    return prefix + check_detail(requirement, outcome, language)


def check_detail(requirement: Requirement, outcome: CheckOutcome, language: str) -> str:
    """The finding without the requirement: "de termijn ... is 72, vereist is hoogstens 24"."""
    values = dict(requirement=requirement.id, fact=fact_label(outcome.fact, language))
    if outcome.missing:
        return text("scoring", "check_missing", language, **values)
    if outcome.op == "true":
        return text("scoring", "check_failed_true", language, **values)
    values["actual"] = shown(outcome.actual, language)
    values["expected"] = shown(outcome.expected, language)
    if outcome.op == "subset":
        allowed = {str(v).strip().lower() for v in outcome.expected}
        actual = outcome.actual if isinstance(outcome.actual, list | tuple) else [outcome.actual]
        values["outside"] = shown(
            [v for v in actual if str(v).strip().lower() not in allowed], language
        )
    key = {">=": "ge", "<=": "le", "==": "eq", "in": "in", "subset": "subset"}[outcome.op]
    return text("scoring", f"check_failed_{key}", language, **values)


_MEMO: IdentityMemo[dict[tuple, tuple[Any, list[Knockout]]]] = IdentityMemo(size=1024)


def knockouts_of(
    bid: Bid,
    requirement_set: RequirementSet,
    language: str,
    coverage: Mapping[str, str] | None = None,
) -> list[Knockout]:
    """Every knockout reason of one bid, in requirement-set order.

    Memoised per bid (frozen), the identity of the requirement list and the coverage levels: the
    workshop scores the same bids with the same reviews again on every slider change, and a
    weight change copies the requirement set but keeps its requirements.
    """
    requirements = requirement_set.requirements
    memo = _MEMO.get(bid, lambda _: {})
    levels = None if coverage is None else tuple(coverage.items())
    key = (id(requirements), language, levels)
    hit = memo.get(key)
    if hit is not None and hit[0] is requirements:
        return list(hit[1])
    found = _table_knockouts(bid, requirements, language, coverage)
    if len(memo) >= 8:
        memo.clear()
    memo[key] = (requirements, found)
    return list(found)


def _knockout_table(requirements: Any) -> list[tuple[Requirement, tuple | None]]:
    """The knockouts of a requirement list, each with its check's key (None: no check)."""
    return [
        (r, None if r.check is None else check_key(r.check))
        for r in requirements
        if r.kind == "knockout"
    ]


_TABLES: IdentityMemo[list[tuple[Requirement, tuple | None]]] = IdentityMemo(size=64)


def _table_knockouts(
    bid: Bid,
    requirements: Any,
    language: str,
    coverage: Mapping[str, str] | None,
) -> list[Knockout]:
    """`_knockouts_of` through the list's knockouts only (`_knockout_table`, once per list) and
    each check's outcome looked up by its key in the bid's memo."""
    answers, facts = bid.answers, bid.facts
    outcomes = outcomes_of(facts)
    found: list[Knockout] = []
    for requirement, key in _TABLES.get(requirements, _knockout_table):
        outcome = None
        if key is not None:
            outcome = None if outcomes is None else outcomes.get(key)
            if outcome is None:
                outcome = evaluate_check(requirement.check, facts)  # type: ignore[arg-type]
        _reasons(requirement, answers.get(requirement.id), outcome, language, coverage, found)
    return found


def _knockouts_of(
    bid: Bid,
    requirements: Any,
    language: str,
    coverage: Mapping[str, str] | None,
) -> list[Knockout]:
    found: list[Knockout] = []
    for requirement in requirements:
        if requirement.kind != "knockout":
            continue
        outcome = (
            None if requirement.check is None else evaluate_check(requirement.check, bid.facts)
        )
        _reasons(requirement, bid.answers.get(requirement.id), outcome, language, coverage, found)
    return found


def _reasons(
    requirement: Requirement,
    answer: Any,
    outcome: CheckOutcome | None,
    language: str,
    coverage: Mapping[str, str] | None,
    found: list[Knockout],
) -> None:
    """Append the knockout reasons of one knockout requirement to `found`, in the order of the
    module doc: the answer, the machine check (`outcome`, None without one), the assurance."""
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
    if outcome is not None and not outcome.passed:
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
                        "scoring",
                        "no_assurance",
                        language,
                        requirement=rid,
                        coverage=text("scoring", f"coverage_{level}", language),
                    ),
                )
            )
