"""What-if scenarios for the workshop: plain data, applied to a tender by pure functions.

A `Scenario` lists only what participants changed against the tender as published: the split
between quality and price, criterion weights, the price formula and its parameters, the
invalidated-bid rule, bids set aside as invalid, answers and facts of a bid, and measures the
buyer takes for a bid. `apply_scenario(tender, scenario)` gives the tender as it would be; nothing
here evaluates, draws or touches widgets, so every rule is tested in plain pytest.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import TypeAdapter

from tenderkit.catalogues.models import Measure
from tenderkit.formats.bid import Answer
from tenderkit.formats.panel import ConsensusScore
from tenderkit.formats.scoring_model import PRICE_FORMULAS, PriceSpec
from tenderkit.result import RiskResult
from tenderkit.risk import residual_level
from tenderkit.tender import Tender

__all__ = [
    "BOOLEAN_FACTS",
    "PRICE_FORMULAS",
    "Scenario",
    "apply_scenario",
    "default_price_params",
    "price_spec",
    "quality_share",
    "with_buyer_measures",
]

BOOLEAN_FACTS = (
    "encryption_at_rest",
    "customer_managed_keys",
    "mfa",
    "exit_support",
    "escrow",
    "maintenance_counts_as_downtime",
)
"""Yes/no facts of a bid a participant can switch ("what if supplier B encrypts at rest?")."""

_SPEC = TypeAdapter(PriceSpec)
UTILITY_MAX_SHARE = 0.95  # the utility index divides by the price weight: keep some


@dataclass(frozen=True)
class Scenario:
    """The changes of one what-if against the published tender; empty means 'as published'.

    quality_share: quality_weight / (quality_weight + price_weight), 0..1; the sum stays.
    criteria: criterion id -> new relative weight (0 switches a criterion off; one must stay).
    formula, price_params: another price formula and its parameters (see `price_spec`).
    invalidated_bid_rule: `recalculate` or `keep_original`.
    excluded: bids set aside as invalid (the engine's `excluded` hook).
    answers: (bid, requirement) -> status; facts: (bid, fact) -> value.
    measures: bid -> measure ids the buyer takes on top of those the register proposes.
    prices: bid -> another total price ("what if B bid 10% less?"); a price only enters the
    scoring, so it does not count in `bid_key`.
    panel: (bid, requirement or criterion) -> a step of the scale: what if the panel had agreed
    that score? It stands in for the recorded consensus of that item (scoring only, like prices).
    """

    quality_share: float | None = None
    criteria: Mapping[str, float] = field(default_factory=dict)
    formula: str | None = None
    price_params: Mapping[str, float] = field(default_factory=dict)
    invalidated_bid_rule: str | None = None
    excluded: frozenset[str] = frozenset()
    answers: Mapping[tuple[str, str], str] = field(default_factory=dict)
    facts: Mapping[tuple[str, str], Any] = field(default_factory=dict)
    measures: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    prices: Mapping[str, float] = field(default_factory=dict)
    panel: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def with_panel_score(self, bid: str, target: str, score: str | None) -> Scenario:
        """Set (or with None, drop) the what-if panel score of one item."""
        panel = dict(self.panel)
        if score is None:
            panel.pop((bid, target), None)
        else:
            panel[(bid, target)] = score
        return replace(self, panel=panel)

    def change(self, **changes: Any) -> Scenario:
        """A copy with some fields replaced (mappings are copied, never shared)."""
        return replace(self, **changes)

    def with_weight(self, criterion: str, weight: float) -> Scenario:
        return replace(self, criteria={**self.criteria, criterion: float(weight)})

    def with_excluded(self, bid: str, excluded: bool) -> Scenario:
        chosen = self.excluded | {bid} if excluded else self.excluded - {bid}
        return replace(self, excluded=frozenset(chosen))

    def with_answer(self, bid: str, requirement: str, status: str | None) -> Scenario:
        """Set (or with None, drop) the what-if status of one answer."""
        answers = dict(self.answers)
        if status is None:
            answers.pop((bid, requirement), None)
        else:
            answers[(bid, requirement)] = status
        return replace(self, answers=answers)

    def with_fact(self, bid: str, fact: str, value: Any) -> Scenario:
        """Set (or with None, drop) the what-if value of one fact."""
        facts = dict(self.facts)
        if value is None:
            facts.pop((bid, fact), None)
        else:
            facts[(bid, fact)] = value
        return replace(self, facts=facts)

    def with_measure(self, bid: str, measure: str, taken: bool = True) -> Scenario:
        current = tuple(m for m in self.measures.get(bid, ()) if m != measure)
        chosen = (*current, measure) if taken else current
        measures = {k: v for k, v in self.measures.items() if k != bid}
        if chosen:
            measures[bid] = tuple(sorted(chosen))
        return replace(self, measures=measures)

    def bid_key(self, bid: str) -> tuple:
        """What this scenario changes in one bid: the key of the per-bid caches."""
        return (
            bid,
            tuple(sorted((r, s) for (b, r), s in self.answers.items() if b == bid)),
            tuple(sorted((f, repr(v)) for (b, f), v in self.facts.items() if b == bid)),
        )

    @property
    def is_empty(self) -> bool:
        return self == Scenario()


def quality_share(tender: Tender) -> float:
    """The published share of quality in quality + price weight."""
    scoring = tender.scoring
    return scoring.quality_weight / (scoring.quality_weight + scoring.price_weight)


def default_price_params(tender: Tender, formula: str) -> dict[str, float]:
    """Sensible parameters for a formula participants switch to, read from the model and bids.

    The scoring model's own parameters when it uses that formula; otherwise linear_fixed runs
    from the lowest bid price less 10% (full points) to the highest plus 10% (no points), both
    rounded to 1,000; log takes a = 2 (a bid twice the lowest price gets no price points);
    fictitious_discount values full quality marks at the median bid price.
    """
    if formula not in PRICE_FORMULAS:
        raise ValueError(f"unknown price formula {formula!r}; known: {', '.join(PRICE_FORMULAS)}")
    published = tender.scoring.price
    if published.formula == formula:
        return {k: v for k, v in published.model_dump().items() if k != "formula"}
    prices = [bid.price for bid in tender.bids.values()] or [1.0]
    if formula == "linear_fixed":
        low = math.floor(min(prices) * 0.9 / 1000) * 1000
        high = math.ceil(max(prices) * 1.1 / 1000) * 1000
        return {"max_price": float(max(high, low + 1000)), "min_price": float(max(low, 0))}
    if formula == "log":
        return {"a": 2.0}
    if formula == "fictitious_discount":
        return {"quality_value": float(round(statistics.median(prices), -3) or 1000.0)}
    return {}


def price_spec(tender: Tender, formula: str, params: Mapping[str, float] | None = None):
    """A validated price spec for `formula`, defaults from `default_price_params` overridden."""
    values = {**default_price_params(tender, formula), **(params or {})}
    return _SPEC.validate_python({"formula": formula, **values})


def apply_scenario(tender: Tender, scenario: Scenario) -> Tender:
    """The tender as the scenario would have it. Bids the scenario leaves alone stay the same
    objects, so per-bid caches keyed on `Scenario.bid_key` stay valid.

    Bids set aside (`scenario.excluded`) are no change to the tender: they are checked here to
    name bids of it, and passed to `evaluate(..., excluded=)` by the caller."""
    if scenario.is_empty:
        return tender
    scoring = tender.scoring
    update: dict[str, Any] = {}
    formula = scenario.formula or scoring.price.formula
    if scenario.formula is not None or scenario.price_params:
        update["price"] = price_spec(tender, formula, scenario.price_params)
    if scenario.quality_share is not None:
        total = scoring.quality_weight + scoring.price_weight
        share = min(max(float(scenario.quality_share), 0.0), 1.0)
        if formula == "utility_index":
            share = min(share, UTILITY_MAX_SHARE)
        update["quality_weight"] = total * share
        update["price_weight"] = total - total * share
    elif formula == "utility_index" and scoring.price_weight == 0:
        total = scoring.quality_weight
        update["quality_weight"] = total * UTILITY_MAX_SHARE
        update["price_weight"] = total - total * UTILITY_MAX_SHARE
    if scenario.invalidated_bid_rule is not None:
        update["invalidated_bid_rule"] = scenario.invalidated_bid_rule
    changes: dict[str, Any] = {}
    if update:
        changes["scoring"] = scoring.model_copy(update=update)
    rs = tender.requirement_set
    if scenario.criteria:
        known = set(rs.criterion_ids)
        unknown = sorted(set(scenario.criteria) - known)
        if unknown:
            raise ValueError(f"no award criterion {', '.join(unknown)}")
        criteria = [
            c.model_copy(update={"weight": float(scenario.criteria[c.id])})
            if c.id in scenario.criteria
            else c
            for c in rs.criteria
        ]
        if any(c.weight < 0 for c in criteria):
            raise ValueError("a criterion weight cannot be below 0")
        if not any(c.weight > 0 for c in criteria):
            raise ValueError("at least one award criterion must keep a weight above 0")
        changes["requirement_set"] = rs.model_copy(update={"criteria": criteria})
    if scenario.answers or scenario.facts or scenario.prices:
        changes["bids"] = _changed_bids(tender, scenario)
    if scenario.panel:
        changes["consensus"] = _what_if_consensus(tender, scenario)
    if scenario.excluded:
        unknown = sorted(scenario.excluded - set(tender.bids))
        if unknown:
            raise ValueError(f"no bid {', '.join(unknown)}")
    return tender.replace(**changes) if changes else tender


def _what_if_consensus(tender: Tender, scenario: Scenario) -> tuple[ConsensusScore, ...]:
    """The recorded consensus with the scenario's panel scores standing in for their items."""
    scale = tender.scoring.scale
    rs = tender.requirement_set
    targets = set(rs.requirement_ids) | set(rs.criterion_ids)
    what_if = []
    for (bid, target), score in sorted(scenario.panel.items()):
        if bid not in tender.bids:
            raise ValueError(f"no bid {bid}")
        if target not in targets:
            raise ValueError(f"no requirement or award criterion {target}")
        if scale.fraction(score) is None:
            raise ValueError(f"{score!r} is not a step of the scale ({', '.join(scale.labels)})")
        what_if.append(ConsensusScore(bidder=bid, target=target, score=score, rationale="what-if"))
    kept = tuple(c for c in tender.consensus if (c.bidder, c.target) not in scenario.panel)
    return kept + tuple(what_if)


def _changed_bids(tender: Tender, scenario: Scenario) -> dict[str, Any]:
    bids = dict(tender.bids)
    touched = {b for b, _ in scenario.answers} | {b for b, _ in scenario.facts}
    touched |= set(scenario.prices)
    unknown = sorted(touched - set(bids))
    if unknown:
        raise ValueError(f"no bid {', '.join(unknown)}")
    requirements = set(tender.requirement_set.requirement_ids)
    for bid_id in sorted(touched):
        bid = bids[bid_id]
        answers = dict(bid.answers)
        for (b, requirement), status in scenario.answers.items():
            if b != bid_id:
                continue
            if requirement not in requirements:
                raise ValueError(f"no requirement {requirement}")
            if status not in ("meets", "partial", "fails"):
                raise ValueError(f"status must be meets, partial or fails, not {status!r}")
            old = answers.get(requirement)
            answers[requirement] = (
                old.model_copy(update={"status": status})
                if old is not None
                else Answer(status=status)
            )
        facts = {f: v for (b, f), v in scenario.facts.items() if b == bid_id}
        update: dict[str, Any] = {"answers": answers}
        if bid_id in scenario.prices:
            price = float(scenario.prices[bid_id])
            if not price > 0:
                raise ValueError(f"a price must be above 0, not {price:g}")
            update["price"] = price
        if facts:
            update["facts"] = bid.facts.model_copy(update=facts)
        bids[bid_id] = bid.model_copy(update=update)
    return bids


def with_buyer_measures(
    risks: Iterable[RiskResult],
    taken: Iterable[str],
    measures: Mapping[str, Measure],
    appetite: int,
) -> list[RiskResult]:
    """The register after the buyer also takes `taken` measures, by the risk engine's arithmetic.

    Each risk a taken measure reduces gets `residual_level(inherent, risk, proposed + taken)`;
    `within_appetite` and `escalate` follow from the new residual score. Risks no taken measure
    touches are returned unchanged.
    """
    extra = [measures[m] for m in taken if m in measures]
    out = []
    for risk in risks:
        adds = [m for m in extra if m.id not in risk.measures and m.reduction(risk.id) is not None]
        if not adds:
            out.append(risk)
            continue
        chosen = [measures[m] for m in risk.measures if m in measures] + adds
        residual = residual_level(risk.inherent, risk.id, chosen)
        within = residual.score <= appetite
        out.append(
            risk.model_copy(
                update={
                    "measures": sorted({*risk.measures, *(m.id for m in adds)}),
                    "residual": residual,
                    "within_appetite": within,
                    "escalate": risk.escalate and not within,
                }
            )
        )
    return out
