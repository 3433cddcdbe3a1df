"""The situations of a bid that make a compensating measure fit (or not).

Why: a measure "solves" a risk only where it answers what is wrong. A bridge letter bridges the
short gap between a Type II period and today; it is no answer for an ISO-only bid, a Type I
report or a period that ended so long ago that the review's own bridge rule refuses it. Standard
contractual clauses answer data that leaves the EEA. The catalogue names, per measure, the
situations it answers (`applies_when`); this module says which hold for one bid. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tenderkit.assurance.months import add_months
from tenderkit.assurance.rules import rules
from tenderkit.catalogues.models import Situation
from tenderkit.countries import in_eea
from tenderkit.formats.bid import TYPE2_KINDS, Bid

__all__ = ["WEAK_TESTED_FLAGS", "situations_of"]

WEAK_TESTED_FLAGS = frozenset(
    {"stale", "period_too_short", "bridge_gap", "opinion_qualified", "no_management_assertion"}
)
"""Flags that make a Type II report weak evidence, though it still counts."""


def situations_of(
    bid: Bid, reviews: Iterable[object] = (), closing: dt.date | None = None
) -> frozenset[Situation]:
    """The situations (catalogue `applies_when` values) that hold for this bid.

    `reviews` are the assurance review's `ReportReview`s (verdict and flags per report); without
    them no report is known to count, so only the facts decide. `closing` is the tender's closing
    date; without it no period is known to be bridgeable.
    """
    by_id = {getattr(r, "report", None): r for r in reviews}
    found: set[Situation] = set()
    tested = []
    for report in bid.assurance:
        review = by_id.get(report.id)
        if review is None or review.verdict == "rejected":
            continue
        codes = set(review.codes)
        if "carve_out_unreported" in codes:
            found.add("carve_out_unreported")
        if report.kind not in TYPE2_KINDS:
            continue
        tested.append(report)
        if codes & WEAK_TESTED_FLAGS:
            found.add("tested_report_weak")
    if not tested:
        found.add("no_tested_report")
    if closing is not None:
        limit = rules().thresholds.bridge_max_months
        for report in tested:
            end = report.period.end if report.period is not None else None
            bridge = report.bridge_letter_until
            if end is None or end >= closing or (bridge is not None and bridge >= closing):
                continue
            if closing <= add_months(end, limit):
                found.add("tested_report_bridgeable")
            else:
                # too old to bridge (the review's bridge rule): only the next report answers it
                found.add("tested_report_weak")
    locations = list(bid.facts.data_locations or []) + [s.country for s in bid.subprocessors]
    if any(not in_eea(code) for code in locations):
        found.add("data_outside_eea")
    return frozenset(found)
