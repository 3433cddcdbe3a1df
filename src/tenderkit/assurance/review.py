"""Review every assurance report of a bid and grade every requirement: the assurance review.

Why on its own: a CISO reads the review without any scoring, and the scoring, the risk register
and the award report all read the same `BidAssurance` instead of re-deriving it. It is a pure
function of the bid, the requirement set, the closing date and the language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tenderkit.assurance.coverage import coverage_map, report_evidence
from tenderkit.assurance.obligations import collect_obligations
from tenderkit.assurance.reports import check_language, review_report
from tenderkit.assurance.results import BidAssurance
from tenderkit.assurance.strength import subservice_controls
from tenderkit.formats.bid import AssuranceReport, Bid
from tenderkit.formats.requirement_set import Requirement, RequirementSet

__all__ = ["carved_out_controls", "review_bid"]


def carved_out_controls(report: AssuranceReport) -> dict[str, frozenset[str]]:
    """The controls this report does not cover because a subservice organisation it carves out
    performs them. They are left out whatever else the bid offers: the report did not test them.
    The organisation's own report, when the bid holds it and the answer offers it, covers them
    as evidence in its own right (and is reviewed, flagged and graded like any other)."""
    carved: dict[str, frozenset[str]] = {}
    for sub in report.subservice:
        if sub.method != "carve_out":
            continue
        for framework, ids in subservice_controls(sub).items():
            carved[framework] = carved.get(framework, frozenset()) | ids
    return carved


def review_bid(
    bid: Bid,
    requirement_set: RequirementSet | Sequence[Requirement],
    closing: dt.date,
    language: str = "nl",
) -> BidAssurance:
    """The assurance review of one bid at the tender's closing date.

    `reports` follows the bid's order; `coverage` holds every requirement of the set, in the
    set's order; `obligations` (structured) and `buyer_obligations` (their texts) come from the
    accepted and limited reports only. `language` is the tender's: "nl" (default) or "en".
    """
    check_language(language)
    requirements = list(
        requirement_set.requirements
        if isinstance(requirement_set, RequirementSet)
        else requirement_set
    )
    reviews = tuple(
        review_report(report, bid, requirements, closing, language) for report in bid.assurance
    )
    evidence = {
        report.id: report_evidence(report, review, carved_out_controls(report))
        for report, review in zip(bid.assurance, reviews, strict=True)
    }
    coverage = coverage_map(requirements, bid, evidence)
    obligations = collect_obligations(bid, reviews, language)
    return BidAssurance(
        reports=reviews,
        coverage=coverage,
        obligations=obligations,
        buyer_obligations=tuple(o.text for o in obligations),
    )
