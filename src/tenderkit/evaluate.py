"""`evaluate(tender) -> Result`: the one pure, deterministic function at the centre of tenderkit.

It reviews each bid's assurance, scores and ranks the bids, analyses how robust the ranking is,
and assesses residual risk per bid; the Result holds every figure any report shows. No I/O: the
tender was loaded before, and the Result is rendered after.
"""

from __future__ import annotations

import importlib
from typing import Any

from tenderkit import __version__
from tenderkit.formats.loader import Tender
from tenderkit.result import BidResult, Result
from tenderkit.risk import assess_bid, sla_summary
from tenderkit.scoring.engine import score_tender


def _optional(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def evaluate(tender: Tender, sensitivity: bool = True, samples: int | None = None) -> Result:
    """Evaluate a validated tender. Same tender in, same Result out, byte for byte."""
    language = tender.language
    closing = tender.config.dates.closing
    assurance = _optional("tenderkit.assurance")
    reviews = {}
    if assurance is not None and hasattr(assurance, "review_bid"):
        reviews = {
            bid_id: assurance.review_bid(bid, tender.requirement_set, closing, language)
            for bid_id, bid in tender.bids.items()
        }
    # the review maps requirement -> Coverage (with .level); scoring and result.json want the level
    coverage = (
        {
            b: {rid: getattr(c, "level", c) for rid, c in r.coverage.items()}
            for b, r in reviews.items()
        }
        if reviews
        else None
    )
    sheet = score_tender(tender, coverage, sensitivity=sensitivity, samples=samples)

    bids = []
    extra_measures = tender.extra.get("measures", ())
    for bid_id in sheet.ids:
        review = reviews.get(bid_id)
        # risk informs the decision next to the ranking; it never changes a score
        risk = assess_bid(
            tender.bids[bid_id],
            tender.requirement_set,
            coverage[bid_id] if review else {},
            review.obligations if review else (),
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
                assurance=[r.to_json() for r in review.reports] if review else [],
                coverage=coverage[bid_id] if review else {},
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
