"""`evaluate(tender) -> Result`: the one pure, deterministic function at the centre of tenderkit.

It reviews each bid's assurance, scores and ranks the bids, analyses how robust the ranking is,
and assesses residual risk per bid; the Result holds every figure any report shows. No I/O: the
tender was loaded before, and the Result is rendered after.

The public entry points of the evaluation, for the report and the workshop alike: `evaluate`, and
its three steps for a caller that keeps each bid's parts while weights move (the workshop's live
re-evaluation): `bid_parts` (assurance, risk, SLA of one bid), `score_tender` (scoring, ranking,
sensitivity) and `assemble` (the Result). No door reaches into `tenderkit.scoring` itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tenderkit import __version__
from tenderkit.assurance import CoverageMap, review_bid
from tenderkit.formats.award_lock import stamp
from tenderkit.formats.collector import collector_paused
from tenderkit.result import BidResult, BudgetCheck, CoverageDetail, Headline, Method, Result
from tenderkit.risk import BidRisk, assess_bid, sla_summary
from tenderkit.scoring.engine import ScoreSheet, score_tender
from tenderkit.scoring.panel import PanelOutcome, combine_panel
from tenderkit.scoring.price import FORMULA_PROPERTIES
from tenderkit.standstill import award_date, period_end, waiting_days
from tenderkit.tender import Tender

__all__ = [
    "BidParts",
    "PanelOutcome",
    "ScoreSheet",
    "assemble",
    "bid_parts",
    "combine_panel",
    "evaluate",
    "score_tender",
]


@dataclass(frozen=True)
class BidParts:
    """What one bid contributes to a Result whatever the weights, formula or exclusions:
    its assurance review, residual-risk register and SLA comparison. Scoring never changes them,
    so the workshop keeps them per bid while a slider moves."""

    coverage: dict[str, str]
    assurance: list[Any]
    risk: BidRisk
    sla: list[Any]
    coverage_detail: dict[str, Any] = field(default_factory=dict)


def bid_parts(tender: Tender, bid_id: str) -> BidParts:
    """Review one bid's assurance and assess its residual risk and service levels."""
    bid, rs, language = tender.bids[bid_id], tender.requirement_set, tender.language
    review = review_bid(bid, rs, tender.config.dates.closing, language)
    coverage = dict(review.levels)
    # risk informs the decision next to the ranking; it never changes a score
    risk = assess_bid(
        bid,
        rs,
        coverage,
        review.obligations,
        tender.measures,
        language,
        reviews=review.reports,
        closing=tender.config.dates.closing,
    )
    return BidParts(
        coverage=coverage,
        assurance=[r.to_json() for r in review.reports],
        risk=risk,
        sla=sla_summary(bid, rs, language),
        coverage_detail=_details(review.coverage),
    )


def _details(coverage: Mapping[str, Any]) -> dict[str, CoverageDetail]:
    """Requirement id -> its `CoverageDetail`, one (frozen) model per distinct detail: most
    requirements of a bid share one of a few, and validating a model per cell of a large
    tender took longer than grading it. The review's `CoverageMap` holds each grade once and
    is read once per grade (`per_grade`); any other mapping once per cell."""
    shared: dict[tuple, CoverageDetail] = {}

    def detail(cell: Any) -> CoverageDetail:
        key = (cell.reports, cell.controls, cell.exceptions, cell.uncovered, cell.gaps, cell.reason)
        found = shared.get(key)
        if found is None:
            found = shared[key] = CoverageDetail.model_validate(cell.detail())
        return found

    if isinstance(coverage, CoverageMap):
        return coverage.per_grade(detail)
    return {rid: detail(cell) for rid, cell in coverage.items()}


@collector_paused
def evaluate(
    tender: Tender,
    sensitivity: bool = True,
    samples: int | None = None,
    excluded: Iterable[str] = (),
) -> Result:
    """Evaluate a validated tender. Same tender in, same Result out, byte for byte.

    `excluded`: ids of bids a what-if sets aside as invalid (the workshop's "mark this bid
    invalid"); a report never passes it."""
    parts = {bid_id: bid_parts(tender, bid_id) for bid_id in sorted(tender.bids)}
    sheet = score_tender(
        tender,
        {b: p.coverage for b, p in parts.items()},
        sensitivity=sensitivity,
        samples=samples,
        excluded=excluded,
    )
    return assemble(tender, sheet, parts)


def assemble(tender: Tender, sheet: ScoreSheet, parts: dict[str, BidParts]) -> Result:
    """The Result from the scoring sheet and each bid's parts (and each bid's headline)."""
    properties = FORMULA_PROPERTIES[tender.scoring.price.formula]
    bids = [
        BidResult(
            id=bid_id,
            name=tender.bids[bid_id].bidder,
            valid=sheet.valid[bid_id],
            rank=sheet.ranking.ranks.get(bid_id),
            knockouts=sheet.knockouts[bid_id],
            quality=sheet.quality[bid_id],
            price=sheet.price[bid_id],
            total=sheet.total[bid_id],
            score=sheet.score[bid_id],
            assurance=parts[bid_id].assurance,
            coverage=parts[bid_id].coverage,
            coverage_detail=parts[bid_id].coverage_detail,
            risks=list(parts[bid_id].risk.risks),
            buyer_obligations=list(parts[bid_id].risk.buyer_obligations),
            actions=list(parts[bid_id].risk.actions),
            effort_days_total=parts[bid_id].risk.effort_days_total,
            sla=parts[bid_id].sla,
            unanswered=sheet.unanswered[bid_id],
            headline=_headline(sheet, bid_id, properties.additive),
        )
        for bid_id in sheet.ids
    ]
    scoring = tender.scoring
    return Result(
        tool_version=__version__,
        tender=tender.id,
        language=tender.language,
        inputs=dict(tender.inputs),
        lock={
            "published": tender.config.lock,
            "actual": tender.lock,
            "matches": None if tender.config.lock is None else tender.config.lock == tender.lock,
            "scheme": tender.lock_scheme,
            "locked": stamp(tender.config.locked),
            "history": [
                {
                    "lock": record.lock,
                    "locked": stamp(record.locked),
                    "replaced": stamp(record.replaced),
                    "reason": record.reason,
                }
                for record in tender.config.lock_history
            ],
        },
        method=Method(
            formula=scoring.price.formula,
            price=scoring.price,
            quality_weight=scoring.quality_weight,
            price_weight=scoring.price_weight,
            consensus=scoring.consensus,
            invalidated_bid_rule=scoring.invalidated_bid_rule,
            tie_break=list(scoring.tie_break),
            criteria={c.id: c.weight for c in tender.requirement_set.criteria},
            unit=properties.unit,
            decimals=properties.decimals,
            additive=properties.additive,
            weights_apply=properties.weights_apply,
            relative=properties.relative,
        ),
        winner=sheet.ranking.winner,
        runner_up=sheet.runner_up,
        margin=sheet.margin,
        award_date=award_date(tender),
        standstill_days=waiting_days(tender),
        standstill_end=period_end(tender, sheet.ranking.winner),
        bids=bids,
        panel=sheet.panel,
        sensitivity=sheet.sensitivity,
        warnings=sheet.warnings,
        budget=_budget_check(tender, bids, sheet.ranking.winner),
    )


def _headline(sheet: ScoreSheet, bid_id: str, additive: bool) -> Headline:
    """A bid's outcome in one line, as facts (see `Headline`): worked out here, once, so the
    report, the letters and the workshop word the same outcome."""
    if not sheet.valid[bid_id]:
        ids = dict.fromkeys(k.requirement for k in sheet.knockouts[bid_id])
        return Headline(status="invalid", of=len(sheet.ranking.ranks), knockouts=list(ids))
    ranks = sheet.ranking.ranks
    rank, winner = ranks.get(bid_id), sheet.ranking.winner
    price = sheet.price[bid_id]
    figure = sheet.total[bid_id] if additive else price.comparison
    if winner is None:
        status, margin = "pending", None
    elif bid_id == winner:
        status, margin = "winner", sheet.margin
    else:
        status, margin = "ranked", sheet.score[winner] - sheet.score[bid_id]
    return Headline(
        status=status,
        rank=rank,
        shared=sum(1 for other in ranks.values() if other == rank) > 1,
        of=len(ranks),
        figure=figure,
        margin=margin,
    )


def _budget_check(tender: Tender, bids: list[BidResult], winner: str | None) -> BudgetCheck | None:
    """The winner's price against `budget` in tender.yaml; None without a budget or a winner."""
    budget = tender.config.budget
    if budget is None or winner is None:
        return None
    price = next(b.price.amount for b in bids if b.id == winner)
    difference = price - budget
    return BudgetCheck(
        amount=budget, price=price, difference=difference, share=abs(difference) / budget
    )
