"""Review one assurance report: the flags a reviewer would raise, and the verdict they lead to.

Why against the closing date: the tender documents fix it before any bid is read, it is the same
for every bidder, and a review re-run years later (an objection, a court case) gives the same
answer. "Today" would give neither.

The rules, thresholds and texts come from rules.yaml; month arithmetic from
`tenderkit.assurance.months`. The verdict is the heaviest severity among the flags: any `reject`
flag -> `rejected`; else any `limit` flag -> `limited`; else `accepted`. `coverage` flags
(exception, category_missing, control_excluded) act on the requirements that rely on their
control, and `info` flags (cuecs) on nothing: they do not change the verdict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from babel.dates import format_date

from tenderkit.assurance.evidence import SOC2_KINDS, attests_operation, relies_on
from tenderkit.assurance.months import (
    lasts_at_least,
    more_than_months_after,
    more_than_months_before,
)
from tenderkit.assurance.results import Flag, ReportReview
from tenderkit.assurance.rules import FlagCode, Rules, Verdict, rules
from tenderkit.formats.bid import (
    ATTESTATION_KINDS,
    TYPE1_KINDS,
    TYPE2_KINDS,
    AssuranceReport,
    Bid,
)
from tenderkit.formats.requirement_set import Requirement
from tenderkit.frameworks import soc2_category

__all__ = ["check_language", "review_report", "verdict_of"]

_OPINION_FLAGS: dict[str, FlagCode] = {
    "qualified": "opinion_qualified",
    "adverse": "opinion_adverse",
    "disclaimer": "opinion_disclaimer",
}


def check_language(language: str) -> str:
    """The tender language, or a ValueError: tenderkit writes Dutch ("nl") or English ("en")."""
    if language not in ("nl", "en"):
        raise ValueError(f"language must be 'nl' or 'en', not {language!r}")
    return language


def verdict_of(flags: Iterable[Flag]) -> Verdict:
    """`rejected` if any flag rejects, else `limited` if any limits, else `accepted`."""
    severities = {f.severity for f in flags}
    if "reject" in severities:
        return "rejected"
    if "limit" in severities:
        return "limited"
    return "accepted"


class _Writer:
    """Builds flags with messages in one language; dates written out as a reader says them."""

    def __init__(self, language: str, closing: dt.date, data: Rules):
        self.language = language
        self.closing = closing
        self.rules = data
        self.flags: list[Flag] = []

    def date(self, day: dt.date) -> str:
        return format_date(day, format="long", locale=self.language)

    def add(
        self,
        code: FlagCode,
        control: str | None = None,
        variant: str | None = None,
        **values: object,
    ) -> None:
        rule = self.rules.flags[code]
        shown = {k: self.date(v) if isinstance(v, dt.date) else v for k, v in values.items()}
        shown.setdefault("closing", self.date(self.closing))
        if control is not None:
            shown["control"] = control
        message = rule.text(self.language, variant).format(**shown)
        self.flags.append(Flag(code, control, message, rule.severity))


def review_report(
    report: AssuranceReport,
    bid: Bid,
    requirements: Iterable[Requirement],
    closing: dt.date,
    language: str = "nl",
) -> ReportReview:
    """Flag what a reviewer would flag in one report of a bid, and give its verdict.

    `requirements` are the tender's requirements; only those for which the bid offers this
    report (see `evidence.offered_reports`) are used, for `category_missing` and
    `control_excluded`. `closing` is the tender's closing date, the reference for every "how
    recent" and "still valid" check. Flags come in a fixed order (kind, opinion, assertion,
    scope, period, certificate, subservice, requirements, exceptions, CUECs), so the same input
    always gives the same output.
    """
    check_language(language)
    data = rules()
    limits = data.thresholds
    out = _Writer(language, closing, data)
    kind = report.kind

    # What kind of report it is.
    if kind in TYPE1_KINDS:
        out.add("type1_only", date=report.as_of or report.issued)
    if kind == "soc3":
        out.add("soc3_summary_only")
    if kind.startswith("isae3402"):
        out.add("isae3402_financial_scope")

    # The auditor's opinion and management's assertion.
    if kind in ATTESTATION_KINDS:
        if report.opinion in _OPINION_FLAGS:
            out.add(_OPINION_FLAGS[report.opinion])
        if report.management_assertion is not True:
            out.add("no_management_assertion")

    if not report.covers_offered_service:
        services = ", ".join(report.scope.services) or data.not_stated.get(language)
        out.add("scope_mismatch", services=services)

    # The period tested and how recent it is (type 2, and SOC 3 when it states its period).
    period = report.period
    if period is not None and (kind in TYPE2_KINDS or kind == "soc3"):
        if not lasts_at_least(period.start, period.end, limits.min_period_months):
            out.add(
                "period_too_short",
                start=period.start,
                end=period.end,
                months=limits.min_period_months,
            )
        bridge = report.bridge_letter_until
        if more_than_months_before(period.end, closing, limits.stale_months) and (
            bridge is None or bridge < closing
        ):
            out.add(
                "stale",
                variant=None if bridge is None else "bridge_short",
                end=period.end,
                months=limits.stale_months,
                **({} if bridge is None else {"bridge": bridge}),
            )
        if bridge is not None and more_than_months_after(
            period.end, bridge, limits.bridge_max_months
        ):
            out.add("bridge_gap", end=period.end, bridge=bridge, months=limits.bridge_max_months)

    # ISO 27001 certificates.
    if kind == "iso27001":
        if report.valid_until is not None and report.valid_until < closing:
            out.add("cert_expired", date=report.valid_until)
        if not (report.accreditation or "").strip():
            out.add("cert_not_accredited")
        if report.standard_version == "2013" and closing > limits.iso2013_last_valid:
            out.add("iso_2013_withdrawn", date=limits.iso2013_last_valid)
        if report.last_audit is not None and more_than_months_before(
            report.last_audit, closing, limits.stale_months
        ):
            out.add("stale", variant="iso27001", end=report.last_audit, months=limits.stale_months)

    # Subservice organisations carved out without a report of their own in the bid.
    own_reports = {r.id for r in bid.assurance} - {report.id}
    for sub in report.subservice:
        if sub.method == "carve_out" and (sub.report is None or sub.report not in own_reports):
            service = sub.service or data.not_stated.get(language)
            out.add("carve_out_unreported", name=sub.name, service=service)

    # What the requirements that use this report need and it does not give.
    using = relies_on(bid, report, requirements)
    if kind in SOC2_KINDS:
        categories = set(report.effective_categories)
        missing: dict[str, list[str]] = {}
        for requirement in using:
            for criterion in requirement.controls.soc2:
                try:
                    category = soc2_category(criterion)
                except KeyError:
                    continue
                if category not in categories:
                    missing.setdefault(criterion, []).append(requirement.id)
        for criterion, ids in missing.items():
            category = data.categories[soc2_category(criterion)].get(language)  # type: ignore[index]
            out.add(
                "category_missing",
                control=criterion,
                category=category,
                requirements=", ".join(dict.fromkeys(ids)),
            )
    if kind == "iso27001":
        excluded = set(report.excluded_controls)
        hits: dict[str, list[str]] = {}
        for requirement in using:
            for control in requirement.controls.iso27001:
                if control in excluded:
                    hits.setdefault(control, []).append(requirement.id)
        for control, ids in hits.items():
            out.add(
                "control_excluded",
                control=control,
                requirements=", ".join(dict.fromkeys(ids)),
            )

    for exception in report.exceptions:
        out.add("exception", control=exception.control, text=exception.text)

    if report.cuecs:
        out.add("cuecs", count=len(report.cuecs))

    flags = tuple(out.flags)
    return ReportReview(
        report=report.id,
        kind=kind,
        verdict=verdict_of(flags),
        flags=flags,
        operating_effectiveness=attests_operation(report),
    )
