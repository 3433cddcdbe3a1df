"""The SLA comparison of one bid: each service-level term offered against what the tender asks.

Why a list of facts: a percentage or an hour figure means little on its own. 99.9% per year allows
one outage of almost nine hours, 99.9% per month never more than 43 minutes; a 48-hour breach
notice leaves the controller only a day of its 72 hours. Each line says what is offered (in words
and, for availability, normalised per year), what the requirement set asks (the `check`s of its
requirements on the same fact, knockouts and wishes) and a verdict, so a report or notebook shows
it without any arithmetic of its own. The arithmetic itself is `tenderkit.service_terms`.

Verdicts: `missing` the bid does not state the term although the tender asks for it (or states a
percentage without a window); `short` a knockout check on it fails (or, without knockout, a wish
does; or the breach notice leaves nothing of the 72 hours); `tight` the knockouts are met but a
wish is not, or more than `sla.tight_fraction` of an allowed maximum (RPO, RTO) or downtime budget
is used, or a breach notice over 48 h (the buyer's own maximum for it already leaves room inside
the 72 hours, so meeting that is `ok`), or planned maintenance that does not count as downtime;
`ok` otherwise. A term the tender sets no requirement for is listed only when the bid states it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tenderkit import service_terms as arithmetic
from tenderkit.checks import CheckOutcome, check_key, evaluate_check, outcomes_of
from tenderkit.formats.bid import Bid
from tenderkit.formats.requirement_set import Requirement, RequirementSet
from tenderkit.formatting import number
from tenderkit.i18n import text
from tenderkit.memo import IdentityMemo
from tenderkit.result import SlaLine
from tenderkit.risk.model import RiskModel, risk_model
from tenderkit.scoring.knockouts import shown

__all__ = ["sla_summary", "topic_label"]

_OPS = {">=": "≥", "<=": "≤", "==": "=", "true": "=", "in": "∈", "subset": "⊆"}


def _t(key: str, language: str, **values: Any) -> str:
    return text("risk", key, language, **values)


_number = lru_cache(maxsize=4096)(number)
"""`formatting.number`, remembered: babel's formatting is slow, and a tender of 50 bids formats the
same few hour and percentage figures thousands of times."""


@dataclass
class _Checks:
    """What the SLA lines need of a requirement set, worked out once for all its bids: the
    requirements with a check, by the fact they read, and the `required` text of each."""

    by_fact: dict[str, list[Requirement]]
    items: dict[tuple[str, str], str] = field(default_factory=dict)
    keys: dict[str, list[tuple[Requirement, tuple]]] = field(default_factory=dict)
    """Per fact, each requirement with its check's `check_key`, so that a bid's outcome is
    one lookup in its facts' memo (`outcomes_of`) instead of one `evaluate_check` per cell."""


_CHECKS: IdentityMemo[_Checks] = IdentityMemo(size=8)


def _checks(requirement_set: RequirementSet) -> _Checks:
    """`_Checks` of the set, once per (frozen) set while it lives (`IdentityMemo`)."""

    def build(found: object) -> _Checks:
        by_fact: dict[str, list[Requirement]] = {}
        for r in found.requirements:  # type: ignore[attr-defined]
            if r.check is not None:
                by_fact.setdefault(r.check.fact, []).append(r)
        keys = {
            fact: [(r, check_key(r.check)) for r in listed]  # type: ignore[arg-type]
            for fact, listed in by_fact.items()
        }
        return _Checks(by_fact, keys=keys)

    return _CHECKS.get(requirement_set, build)


@dataclass(frozen=True)
class _Asked:
    requirement: Requirement
    outcome: CheckOutcome

    @property
    def knockout(self) -> bool:
        return self.requirement.kind == "knockout"


def topic_label(topic: str, language: str) -> str:
    """The words for a line's topic code (`incident_response_P1` -> "P1 reactietijd").

    Recovery and incident terms are worded as `tenderkit.service_terms` words them, the rest from
    the `risk` text catalogue.
    """
    if topic in ("rpo", "rto"):
        return arithmetic.term_name(topic, language)
    for measure in ("response", "resolution"):
        prefix = f"incident_{measure}_"
        if topic.startswith(prefix):
            return arithmetic.term_name(measure, language, topic[len(prefix) :])
    return _t(f"topic_{topic}", language)


def _asked(bid: Bid, requirement_set: RequirementSet, fact: str) -> list[_Asked]:
    """Every requirement whose check reads `fact`, with its outcome for this bid: the outcome
    looked up by the key worked out once per requirement set, `evaluate_check` (which fills the
    memo) only where the memo has none yet."""
    facts = bid.facts
    outcomes = outcomes_of(facts) or {}
    out = []
    for r, key in _checks(requirement_set).keys.get(fact, ()):
        outcome = outcomes.get(key)
        if outcome is None:
            outcome = evaluate_check(r.check, facts)  # type: ignore[arg-type]
        out.append(_Asked(r, outcome))
    return out


def _hours(value: float, language: str) -> str:
    return _t("hours", language, hours=_number(value, language, 2))


def _windows(values: Sequence[str], language: str) -> str:
    return _t(
        "per_window",
        language,
        windows=_t("word_or", language).join(
            arithmetic.window_name(str(v), language) for v in values
        ),
    )


def _condition(asked: _Asked, language: str) -> str:
    check = asked.requirement.check
    assert check is not None
    if check.fact == "availability_window" and check.op in ("in", "=="):
        values = check.value if isinstance(check.value, list) else [check.value]
        return _windows(values, language)
    if check.fact.endswith("_hours") and check.op in ("<=", ">="):
        return f"{_OPS[check.op]} {_hours(check.value, language)}"
    if check.fact == "availability_percent":
        return f"{_OPS[check.op]} {_number(check.value, language, 3)}%"
    if check.op == "true":
        return f"{check.fact} = {shown(True, language)}"
    return f"{_OPS[check.op]} {shown(check.value, language)}"


def _required_item(asked: _Asked, language: str) -> str:
    """What one requirement asks, in words; the same for every bid, so worded once per set."""
    return _t(
        "required_item",
        language,
        condition=_condition(asked, language),
        requirement=asked.requirement.id,
        kind=_t(f"kind_{asked.requirement.kind}", language),
    )


def _required(
    asked: Sequence[_Asked],
    language: str,
    extra: Sequence[str] = (),
    requirement_set: RequirementSet | None = None,
) -> str | None:
    if requirement_set is None:
        items = [_required_item(a, language) for a in asked]
    else:
        known = _checks(requirement_set).items
        items = []
        for a in asked:
            key = (a.requirement.id, language)
            if key not in known:
                known[key] = _required_item(a, language)
            items.append(known[key])
    items += list(extra)
    return "; ".join(items) if items else None


def _judge(asked: Sequence[_Asked]) -> str | None:
    """short / tight from the checks alone; None when every check passes."""
    failed = [a for a in asked if not a.outcome.passed]
    if not failed:
        return None
    if any(a.knockout for a in failed):
        return "short"
    if any(a.knockout for a in asked):
        return "tight"  # the knockouts hold, a wish does not
    return "short"


def _line(
    topic: str, offered: str | None, required: str | None, verdict: str, language: str
) -> dict[str, Any]:
    """One SLA line as result.json holds it: `_plain_line`, remembered per distinct line (bids
    offer the same few terms against the same requirements), each caller given its own dict."""
    return dict(_remembered_line(topic, offered, required, verdict, language))


def _plain_line(
    topic: str, offered: str | None, required: str | None, verdict: str, language: str
) -> dict[str, Any]:
    """The SlaLine of these words, validated, and its sentence, as a dict."""
    line = SlaLine(
        topic=topic,
        offered=offered,
        required=required,
        verdict=verdict,  # type: ignore[arg-type]
        text=_t(
            "sla_line",
            language,
            topic=topic_label(topic, language),
            offered=offered if offered is not None else _t("not_stated", language),
            required=required if required is not None else _t("no_requirement", language),
            verdict=_t(f"verdict_{verdict}", language),
        ),
    )
    return line.model_dump()


_remembered_line = lru_cache(maxsize=4096)(_plain_line)


def _bound(asked: Sequence[_Asked], op: str) -> float | None:
    """The governing bound of `op` checks: the knockout's if any, else the wishes' strictest."""
    relevant = [a for a in asked if a.requirement.check and a.requirement.check.op == op]
    if not relevant:
        return None
    pool = [a for a in relevant if a.knockout] or relevant
    values = [float(a.requirement.check.value) for a in pool]  # type: ignore[union-attr]
    return min(values) if op == "<=" else max(values)


def _availability(bid: Bid, rs: RequirementSet, language: str, model: RiskModel):
    asked = _asked(bid, rs, "availability_percent") + _asked(bid, rs, "availability_window")
    facts = bid.facts
    required = _required(asked, language, requirement_set=rs)
    percent, window = facts.availability_percent, facts.availability_window
    if percent is None:
        if not asked:
            return None
        return _line("availability", None, required, "missing", language)
    if window is None:
        offered = _t("no_window", language, percent=_number(percent, language, 3))
        return _line("availability", offered, required, "missing", language)
    counts = facts.maintenance_counts_as_downtime
    offered = _availability_offer(percent, window, counts, language)
    verdict = _judge(asked)
    if verdict is None:
        verdict = "ok"
        bound = _bound(asked, ">=")
        if bound is not None and bound < 100:
            used = (100 - percent) / (100 - bound)
            if used > model.sla.tight_fraction:
                verdict = "tight"
        if counts is not True:
            verdict = "tight"
    return _line("availability", offered, required, verdict, language)


def _plain_availability_offer(
    percent: float, window: arithmetic.Window, counts: bool | None, language: str
) -> str:
    """What a bid offers for availability, in words: the allowed downtime in its window, the
    same rate per year (or a yearly window's worst month), and how maintenance counts."""
    parts = [arithmetic.describe_availability(percent, window, language)]
    normalised = arithmetic.normalise(percent, window, "year")
    if window != "year":
        duration = arithmetic.format_duration(normalised.downtime_per_year, language)
        parts.append(_t("per_year", language, duration=duration))
    else:
        worst = arithmetic.normalise(percent, window, "month").worst_case_percent
        parts.append(_t("worst_month", language, percent=_number(worst, language, 2)))
    if counts is not True:
        parts.append(
            _t("maintenance_not_counted" if counts is False else "maintenance_unstated", language)
        )
    return "; ".join(parts)


_availability_offer = lru_cache(maxsize=4096, typed=True)(_plain_availability_offer)
"""`_plain_availability_offer` once per distinct offer: its exact arithmetic (fractions) and
babel's formatting are pure and slow, and the bids of a tender offer the same few percentages.
Typed, so that 100 and 100.0 are never taken for one another's key, should babel ever word
them apart (today it words them alike)."""


def _breach(bid: Bid, rs: RequirementSet, language: str, model: RiskModel):
    asked = _asked(bid, rs, "breach_notification_hours")
    required = _required(asked, language, [_t("gdpr_72", language)], rs)
    hours = bid.facts.breach_notification_hours
    if hours is None:
        return _line("breach_notification", None, required, "missing", language)
    offered = _breach_offer(hours, language)
    legal = arithmetic.breach_notification_verdict(hours)
    verdict = _judge(asked)
    if legal == "too_late":
        verdict = "short"
    if verdict is None:
        # the buyer's own maximum already leaves room inside the 72 hours, so meeting it is ok
        verdict = "tight" if legal == "tight" else "ok"
    return _line("breach_notification", offered, required, verdict, language)


_breach_offer = lru_cache(maxsize=1024, typed=True)(arithmetic.describe_breach_notification)
"""`describe_breach_notification` once per distinct term (pure; babel formats its figures)."""


def _max_hours(
    topic: str, fact: str, bid: Bid, rs: RequirementSet, language: str, model: RiskModel
):
    asked = _asked(bid, rs, fact)
    value = bid.facts.get(fact)
    required = _required(asked, language, requirement_set=rs)
    if value is None:
        if not asked:
            return None
        return _line(topic, None, required, "missing", language)
    verdict = _judge(asked)
    if verdict is None:
        verdict = "ok"
        bound = _bound(asked, "<=")
        if bound and value > model.sla.tight_fraction * bound:
            verdict = "tight"
    return _line(topic, _hours(value, language), required, verdict, language)


def _support(bid: Bid, rs: RequirementSet, language: str):
    asked = _asked(bid, rs, "support_hours")
    value = bid.facts.support_hours
    required = _required(asked, language, requirement_set=rs)
    if value is None:
        if not asked:
            return None
        return _line("support_hours", None, required, "missing", language)
    offered = _t("support_24x7" if value == "24x7" else "support_business", language)
    return _line("support_hours", offered, required, _judge(asked) or "ok", language)


def _incidents(bid: Bid, rs: RequirementSet, language: str) -> list[dict[str, Any]]:
    lines = []
    for measure in ("response", "resolution"):
        times = bid.facts.get(f"incident_{measure}_hours") or {}
        for priority in arithmetic.PRIORITIES:
            if priority not in times:
                continue
            lines.append(
                _line(
                    f"incident_{measure}_{priority}",
                    _hours(times[priority], language),
                    None,
                    "ok",
                    language,
                )
            )
    return lines


def sla_summary(
    bid: Bid, requirement_set: RequirementSet, language: str = "nl", model: RiskModel | None = None
) -> list[dict[str, Any]]:
    """The bid's service-level terms against the requirement set, one dict (SlaLine) per term.

    Order: availability, breach notification, RPO, RTO, support hours, then incident response
    and resolution times per priority (P1..P4) where the bid states them. The requirement set
    has no machine check on incident times (they are maps per priority), so those lines show
    the offer with `required` None.
    """
    model = model or risk_model()
    lines = [
        _availability(bid, requirement_set, language, model),
        _breach(bid, requirement_set, language, model),
        _max_hours("rpo", "rpo_hours", bid, requirement_set, language, model),
        _max_hours("rto", "rto_hours", bid, requirement_set, language, model),
        _support(bid, requirement_set, language),
    ]
    return [line for line in lines if line is not None] + _incidents(bid, requirement_set, language)
