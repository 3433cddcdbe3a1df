"""Machine checks of bid facts (`{fact, op, value}`), shared by requirements and measures.

One definition of what `>=`, `<=`, `==`, `in`, `subset` and `true` mean, so a knockout and a
compensating measure's `unnecessary_when` can never disagree. A fact the bid does not state fails
the check, and the outcome says so: silence is not compliance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenderkit.countries import expand_groups
from tenderkit.formats.bid import Facts
from tenderkit.formats.requirement_set import Check


@dataclass(frozen=True)
class CheckOutcome:
    passed: bool
    fact: str
    op: str
    expected: Any
    actual: Any
    missing: bool = False


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower()
    source = getattr(value, "source", None)
    return float(value) if source is not None and isinstance(value, float) else value


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def evaluate_check(check: Check, facts: Facts) -> CheckOutcome:
    """Apply one check to a bid's facts."""
    actual = facts.get(check.fact)
    outcome = dict(fact=check.fact, op=check.op, expected=check.value, actual=actual)
    if actual is None:
        return CheckOutcome(passed=False, missing=True, **outcome)
    if check.op == "true":
        return CheckOutcome(passed=actual is True, **outcome)
    if check.op in (">=", "<="):
        number, bound = _number(actual), _number(check.value)
        if number is None or bound is None:
            return CheckOutcome(passed=False, **outcome)
        passed = number >= bound if check.op == ">=" else number <= bound
        return CheckOutcome(passed=passed, **outcome)
    if check.op == "==":
        return CheckOutcome(passed=_norm(actual) == _norm(check.value), **outcome)
    allowed = {_norm(v) for v in expand_groups(check.value)}
    if check.op == "in":
        return CheckOutcome(passed=_norm(actual) in allowed, **outcome)
    values = actual if isinstance(actual, list | tuple | set) else [actual]
    return CheckOutcome(passed={_norm(v) for v in values} <= allowed, **outcome)
