"""The assurance review: read each bidder's assurance reports, flag what a reviewer would flag,
and grade how well every requirement is evidenced (see docs/assurance.md).

Pure and deterministic: the rules (rules.yaml) and the framework reference data are read once and
cached; a review does no I/O and depends only on the bid, the requirements, the tender's closing
date and its language.

    review = review_bid(bid, requirement_set, closing=date(2026, 10, 15), language="nl")
    review.reports[0].to_json()     # {"report", "verdict", "flags": [{"code", "control", ...}]}
    review.coverage["ENC-01"].level  # "assured" | "assured_with_exceptions" | "declared" | "none"
    review.buyer_obligations         # CUECs and carved-out parties, in the tender's language
"""

from __future__ import annotations

from tenderkit.assurance.coverage import coverage_of, report_evidence
from tenderkit.assurance.months import add_months
from tenderkit.assurance.obligations import collect_obligations
from tenderkit.assurance.reports import review_report, verdict_of
from tenderkit.assurance.results import (
    COVERAGE_LEVELS,
    BidAssurance,
    Coverage,
    CoverageLevel,
    CoverageMap,
    Flag,
    Obligation,
    ReportReview,
)
from tenderkit.assurance.review import review_bid
from tenderkit.assurance.rules import FLAG_CODES, FlagCode, Rules, Severity, Verdict, rules

__all__ = [
    "COVERAGE_LEVELS",
    "FLAG_CODES",
    "BidAssurance",
    "Coverage",
    "CoverageLevel",
    "CoverageMap",
    "Flag",
    "FlagCode",
    "Obligation",
    "ReportReview",
    "Rules",
    "Severity",
    "Verdict",
    "add_months",
    "collect_obligations",
    "coverage_of",
    "report_evidence",
    "review_bid",
    "review_report",
    "rules",
    "verdict_of",
]
