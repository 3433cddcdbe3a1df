"""Machine checks of bid facts (`{fact, op, value}`), shared by requirements and measures.

One definition of what `>=`, `<=`, `==`, `in`, `subset` and `true` mean, so a knockout and a
compensating measure's `unnecessary_when` can never disagree. A fact the bid does not state fails
the check, and the outcome says so: silence is not compliance.

The same few checks are asked of one bid's facts many times (a check replicated over hundreds of
requirements, asked again by the coverage grades, the knockouts, the risk register and the
measures), so outcomes are memoised per facts object (by identity: facts are frozen) and per
check content (`check_key`); an outcome is a frozen value, so sharing it changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenderkit.countries import expand_groups
from tenderkit.formats.bid import Facts
from tenderkit.formats.requirement_set import Check
from tenderkit.memo import IdentityMemo


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


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a check value, with its type: 1 and 1.0 and True stay apart."""
    if isinstance(value, list | tuple):
        return ("list", tuple(_frozen(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _frozen(v)) for k, v in value.items())))
    # a number keeps the text it was written as (`source`), which messages show
    return (type(value).__name__, value, getattr(value, "source", None))


_KEYS: IdentityMemo[tuple] = IdentityMemo(size=65_536)
_OUTCOMES: IdentityMemo[dict] = IdentityMemo(size=4096)


def check_key(check: Check) -> tuple:
    """The content of a check as a hashable key: equal keys, equal outcomes on equal facts."""
    return _KEYS.get(check, lambda c: (c.fact, c.op, _frozen(c.value)))  # type: ignore[attr-defined]


def outcomes_of(facts: Any) -> dict[tuple, CheckOutcome] | None:
    """The memo of outcomes of one (frozen) facts object, by `check_key`: for a caller that
    asks many checks of the same facts and holds their keys already (None: facts not frozen).
    An entry missing from it is found with `evaluate_check`, which fills it."""
    if not isinstance(facts, Facts):
        return None
    return _OUTCOMES.get(facts, lambda _: {})


def evaluate_check(check: Check, facts: Facts) -> CheckOutcome:
    """Apply one check to a bid's facts (memoised per facts object and check content)."""
    if not isinstance(facts, Facts):  # only frozen facts are memoised
        return _evaluate_check(check, facts)
    outcomes = _OUTCOMES.get(facts, lambda _: {})
    key = check_key(check)
    found = outcomes.get(key)
    if found is None:
        found = outcomes[key] = _evaluate_check(check, facts)
    return found


def _evaluate_check(check: Check, facts: Facts) -> CheckOutcome:
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
