"""Knockouts (eisen): a bid that fails a mandatory requirement is invalid and never ranked.

Reasons, as FORMATS.md names them: `no_answer`, `status_fails`, `status_partial`,
`check_failed` (a requirement's machine check on a bid fact; a missing fact fails and says so)
and `no_assurance` (a `required` knockout that no accepted report covers). The assurance coverage
arrives as a plain mapping, so this module does not depend on how assurance is reviewed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tenderkit.assurance.results import INDEPENDENT_LEVELS
from tenderkit.checks import CheckOutcome, check_key, evaluate_check, outcomes_of
from tenderkit.formats.bid import Bid
from tenderkit.formats.requirement_set import Check, Requirement, RequirementSet
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
    key, values = _finding(outcome, language)
    return text("scoring", key, language, requirement=requirement.id, **values)


def _finding(outcome: CheckOutcome, language: str) -> tuple[str, dict[str, str]]:
    """The catalogue key and the shown values of a failed check's finding, once per outcome and
    language: an outcome is shared by every requirement with the same check on the same facts
    (`checks.outcomes_of`), and showing a number goes through babel, so a large set replicating
    a check would format the same figures once per requirement."""
    memo = _FINDINGS.get(outcome, lambda _: {})
    found = memo.get(language)
    if found is None:
        found = memo[language] = _plain_finding(outcome, language)
    return found


def _plain_finding(outcome: CheckOutcome, language: str) -> tuple[str, dict[str, str]]:
    values = dict(fact=fact_label(outcome.fact, language))
    if outcome.missing:
        return "check_missing", values
    if outcome.op == "true":
        return "check_failed_true", values
    values["actual"] = shown(outcome.actual, language)
    values["expected"] = shown(outcome.expected, language)
    if outcome.op == "subset":
        allowed = {str(v).strip().lower() for v in outcome.expected}
        actual = outcome.actual if isinstance(outcome.actual, list | tuple) else [outcome.actual]
        values["outside"] = shown(
            [v for v in actual if str(v).strip().lower() not in allowed], language
        )
    key = {">=": "ge", "<=": "le", "==": "eq", "in": "in", "subset": "subset"}[outcome.op]
    return f"check_failed_{key}", values


_FINDINGS: IdentityMemo[dict[str, tuple[str, dict[str, str]]]] = IdentityMemo(size=4096)


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
    found = _table_knockouts(bid, requirement_set, language, coverage)
    if len(memo) >= 8:
        memo.clear()
    memo[key] = (requirements, found)
    return list(found)


@dataclass(frozen=True)
class _KnockoutTable:
    """The knockouts of a requirement list, worked out once per list: their ids, each one's
    check key (None: no check), the distinct checks with the positions that ask each (a large
    set replicates a few checks over hundreds of requirements), and the positions that require
    assurance."""

    requirements: tuple[Requirement, ...]
    ids: tuple[str, ...]
    keys: tuple[tuple | None, ...]  # check_key per position
    checks: tuple[tuple[tuple, Check, tuple[int, ...]], ...]  # (key, check, positions)
    required: tuple[tuple[int, str], ...]  # (position, id) of `assurance: required`


def _knockout_table(requirements: Any) -> _KnockoutTable:
    knockouts = tuple(r for r in requirements if r.kind == "knockout")
    keys = tuple(None if r.check is None else check_key(r.check) for r in knockouts)
    asking: dict[tuple, tuple[Check, list[int]]] = {}
    for i, (requirement, key) in enumerate(zip(knockouts, keys, strict=True)):
        if key is not None:
            asking.setdefault(key, (requirement.check, []))[1].append(i)  # type: ignore[arg-type]
    return _KnockoutTable(
        requirements=knockouts,
        ids=tuple(r.id for r in knockouts),
        keys=keys,
        checks=tuple((key, check, tuple(at)) for key, (check, at) in asking.items()),
        required=tuple((i, r.id) for i, r in enumerate(knockouts) if r.assurance == "required"),
    )


_TABLES: IdentityMemo[_KnockoutTable] = IdentityMemo(size=64)


def _set_knockout_table(requirement_set: Any) -> _KnockoutTable:
    return _knockout_table(requirement_set.requirements)


def _table_knockouts(
    bid: Bid,
    requirement_set: RequirementSet,
    language: str,
    coverage: Mapping[str, str] | None,
) -> list[Knockout]:
    """`_knockouts_of` through the set's `_KnockoutTable`, once per set (held weakly; a list
    takes no weak reference, so a table memoised by its list kept the requirements alive): most
    knockouts of a large set have nothing to say of most bids (answered `meets`, the check
    passed, covered), so only the positions that may have a reason go through `_reasons`, which
    alone decides and words them. A position is picked when its answer is missing or not
    `meets`, its check failed, or (with coverage) it requires assurance that is not independent;
    any other position gives `_reasons` nothing to append. Each distinct check is asked once per
    bid (its outcome from the bid's memo by key)."""
    table = _TABLES.get(requirement_set, _set_knockout_table)
    facts = bid.facts
    answers = list(map(bid.answers.get, table.ids))
    picked = {i for i, answer in enumerate(answers) if answer is None or answer.status != "meets"}
    outcomes = outcomes_of(facts)
    outcome_of: dict[tuple | None, CheckOutcome | None] = {None: None}
    for key, check, positions in table.checks:
        outcome = None if outcomes is None else outcomes.get(key)
        if outcome is None:
            outcome = evaluate_check(check, facts)
        outcome_of[key] = outcome
        if not outcome.passed:
            picked.update(positions)
    if coverage is not None:
        picked.update(i for i, rid in table.required if coverage.get(rid, "none") not in COVERED)
    found: list[Knockout] = []
    keys = table.keys
    for i in sorted(picked):
        outcome = outcome_of[keys[i]]
        _reasons(table.requirements[i], answers[i], outcome, language, coverage, found)
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
        found.append(_stated(rid, "no_answer", language))
    elif answer.status != "meets":
        reason = "status_fails" if answer.status == "fails" else "status_partial"
        found.append(_stated(rid, reason, language))
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
            found.append(_stated(rid, "no_assurance", language, level))


@lru_cache(maxsize=65_536)
def _stated(requirement: str, reason: str, language: str, level: str | None = None) -> Knockout:
    """A knockout whose message names only the requirement (and, for `no_assurance`, its
    coverage level): one frozen model per distinct case, shared by every bid with that reason,
    as the bids of a large tender lack the same assurance on the same requirements."""
    values = {"requirement": requirement}
    if level is not None:
        values["coverage"] = text("scoring", f"coverage_{level}", language)
    message = text("scoring", reason, language, **values)
    return Knockout(requirement=requirement, reason=reason, message=message)  # type: ignore[arg-type]
