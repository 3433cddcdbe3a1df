"""`evaluate(tender) -> Result`: the one pure, deterministic function at the centre of tenderkit.

It reviews each bid's assurance, scores and ranks the bids, analyses how robust the ranking is,
and assesses residual risk per bid; the Result holds every figure any report shows. No I/O: the
tender was loaded before, and the Result is rendered after.
"""

from __future__ import annotations

from tenderkit import __version__
from tenderkit.assurance import review_bid
from tenderkit.formats.loader import Tender
from tenderkit.result import BidResult, Result
from tenderkit.risk import assess_bid, sla_summary
from tenderkit.scoring.engine import score_tender


def evaluate(tender: Tender, sensitivity: bool = True, samples: int | None = None) -> Result:
    """Evaluate a validated tender. Same tender in, same Result out, byte for byte."""
    language = tender.language
    closing = tender.config.dates.closing
    reviews = {
        bid_id: review_bid(bid, tender.requirement_set, closing, language)
        for bid_id, bid in tender.bids.items()
    }
    coverage = {bid_id: dict(review.levels) for bid_id, review in reviews.items()}
    sheet = score_tender(tender, coverage, sensitivity=sensitivity, samples=samples)

    bids = []
    extra_measures = tender.extra.get("measures", ())
    for bid_id in sheet.ids:
        review = reviews[bid_id]
        # risk informs the decision next to the ranking; it never changes a score
        risk = assess_bid(
            tender.bids[bid_id],
            tender.requirement_set,
            coverage[bid_id],
            review.obligations,
            extra_measures,
            language,
        )
        bids.append(
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
                assurance=[r.to_json() for r in review.reports],
                coverage=coverage[bid_id],
                risks=list(risk.risks),
                buyer_obligations=list(risk.buyer_obligations),
                actions=list(risk.actions),
                effort_days_total=risk.effort_days_total,
                sla=sla_summary(tender.bids[bid_id], tender.requirement_set, language),
                unanswered=sheet.unanswered[bid_id],
            )
        )
    scoring = tender.scoring
    return Result(
        tool_version=__version__,
        tender=tender.id,
        language=language,
        inputs=dict(tender.inputs),
        lock={
            "published": tender.config.lock,
            "actual": tender.lock,
            "matches": None if tender.config.lock is None else tender.config.lock == tender.lock,
        },
        method={
            "formula": scoring.price.formula,
            "price": scoring.price.model_dump(mode="json"),
            "quality_weight": scoring.quality_weight,
            "price_weight": scoring.price_weight,
            "consensus": scoring.consensus,
            "invalidated_bid_rule": scoring.invalidated_bid_rule,
            "tie_break": list(scoring.tie_break),
            "criteria": {c.id: c.weight for c in tender.requirement_set.criteria},
        },
        winner=sheet.ranking.winner,
        bids=bids,
        panel=sheet.panel,
        sensitivity=sheet.sensitivity,
        warnings=sheet.warnings,
    )
