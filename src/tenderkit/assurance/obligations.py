"""What the buyer must do itself because of the reports it relies on.

Why: an auditor's opinion holds only if the customer does its part (the complementary user-entity
controls, CUECs), and says nothing about a carved-out subservice organisation, whose own report
the buyer has to obtain. Both become obligations with the buyer as owner, so the residual-risk
register can give each a person and a date.

Only reports that count (accepted or limited) create obligations; a rejected report is not relied
on. CUECs are quoted as the report words them, with whitespace tidied; two that differ only in
case or spacing are one obligation (the first one's wording and report are kept). A carved-out
party named in several reports is one obligation too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tenderkit.assurance.results import Obligation, ReportReview
from tenderkit.assurance.rules import rules
from tenderkit.formats.bid import Bid

__all__ = ["collect_obligations", "normalise"]


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces, ends trimmed: the wording shown."""
    return " ".join(text.split())


def _key(text: str) -> str:
    return normalise(text).casefold()


def collect_obligations(
    bid: Bid, reviews: Mapping[str, ReportReview] | Iterable[ReportReview], language: str = "nl"
) -> tuple[Obligation, ...]:
    """The buyer's obligations from every accepted or limited report, in bid order, de-duplicated.

    For each report: its CUECs, then one obligation per carved-out subservice organisation
    ("ask for its own SOC 2 Type II report", or "review its report X" when the bid holds one).
    """
    if not isinstance(reviews, Mapping):
        reviews = {r.report: r for r in reviews}
    data = rules()
    ids = {r.id for r in bid.assurance}
    seen_cuecs: set[str] = set()
    seen_parties: set[str] = set()
    result: list[Obligation] = []
    for report in bid.assurance:
        review = reviews.get(report.id)
        if review is None or review.verdict == "rejected":
            continue
        for cuec in report.cuecs:
            key = _key(cuec)
            if key and key not in seen_cuecs:
                seen_cuecs.add(key)
                result.append(Obligation("cuec", normalise(cuec), report.id))
        for sub in report.subservice:
            key = _key(sub.name)
            if sub.method != "carve_out" or key in seen_parties:
                continue
            seen_parties.add(key)
            values = {
                "name": normalise(sub.name),
                "service": normalise(sub.service) or data.not_stated.get(language),
                "report": report.id,
            }
            if sub.report is not None and sub.report in ids and sub.report != report.id:
                template = data.obligations.carve_out_present.get(language)
                values["own_report"] = sub.report
            else:
                template = data.obligations.carve_out_missing.get(language)
            result.append(Obligation("carve_out", template.format(**values), report.id))
    return tuple(result)
