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
from collections.abc import Iterable, Sequence
from functools import lru_cache

from tenderkit import formatting
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
from tenderkit.memo import ItemsMemo

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


_date = lru_cache(maxsize=1024, typed=True)(formatting.date)
"""`formatting.date`, once per distinct day and language: babel writes a date out slowly, and
the reports of a tender's bids name the same closing date and a few period ends again and again.
Typed, so a datetime is never served a date's words or the other way round."""


class _Writer:
    """Builds flags with messages in one language; dates written out as a reader says them."""

    def __init__(self, language: str, closing: dt.date, data: Rules, report: AssuranceReport):
        self.language = language
        self.closing = closing
        self.rules = data
        self.cited = report.source.pages if report.source is not None else {}
        self.flags: list[Flag] = []
        self.closing_text: str | None = None  # the closing date in words, once per report

    def date(self, day: dt.date) -> str:
        return _date(day, self.language)

    def pages(self, *paths: str) -> tuple[int, ...]:
        """The PDF pages the source gives for any of these fields, sorted; () when none."""
        return tuple(sorted({page for path in paths for page in self.cited.get(path, ())}))

    def item_pages(self, field: str, index: int) -> tuple[int, ...]:
        """The pages of one item of a list field (`exceptions[1]`); when the source gives none
        for the item itself, the pages of the list it stands in (`exceptions`)."""
        return self.pages(f"{field}[{index}]") or self.pages(field)

    def add(
        self,
        code: FlagCode,
        control: str | None = None,
        variant: str | None = None,
        pages: tuple[int, ...] = (),
        **values: object,
    ) -> None:
        rule = self.rules.flags[code]
        shown = {k: self.date(v) if isinstance(v, dt.date) else v for k, v in values.items()}
        if "closing" not in shown:
            if self.closing_text is None:
                self.closing_text = self.date(self.closing)
            shown["closing"] = self.closing_text
        if control is not None:
            shown["control"] = control
        message = rule.text(self.language, variant).format(**shown)
        self.flags.append(Flag(code, control, message, rule.severity, pages))


_INDEX: ItemsMemo[dict[str, dict[str, list[int]]]] = ItemsMemo(size=64)


def _control_index(requirements: Sequence[Requirement]) -> dict[str, dict[str, list[int]]]:
    """Framework ("soc2", "iso27001") -> control id -> the positions of the requirements that
    name it, in order: once per requirement list, so a report's category and SoA checks look at
    the few requirements naming a control concerned instead of all of them."""

    def build(items: Sequence[object]) -> dict[str, dict[str, list[int]]]:
        index: dict[str, dict[str, list[int]]] = {"soc2": {}, "iso27001": {}}
        for position, requirement in enumerate(items):
            for framework, by_control in index.items():
                for control in dict.fromkeys(getattr(requirement.controls, framework)):  # type: ignore[attr-defined]
                    by_control.setdefault(control, []).append(position)
        return index

    return _INDEX.get(requirements, build)


def _naming(
    requirements: Sequence[Requirement], index: dict[str, list[int]], controls: set[str]
) -> list[Requirement]:
    """The requirements (in order) that name any of `controls`, by the index."""
    positions = sorted({p for control in controls for p in index.get(control, ())})
    return [requirements[p] for p in positions]


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
    always gives the same output. Each flag carries the pages of the report's PDF behind it
    when the entry's `source.pages` names them (the field the flag is about; for an exception or
    a subservice organisation the item at its index), and none otherwise.
    """
    check_language(language)
    data = rules()
    limits = data.thresholds
    out = _Writer(language, closing, data, report)
    kind = report.kind

    # What kind of report it is.
    if kind in TYPE1_KINDS:
        out.add(
            "type1_only",
            pages=out.pages("as_of") if report.as_of else out.pages("issued"),
            date=report.as_of or report.issued,
        )
    if kind == "soc3":
        out.add("soc3_summary_only", pages=out.pages("kind"))
    if kind.startswith("isae3402"):
        out.add("isae3402_financial_scope", pages=out.pages("kind"))

    # The auditor's opinion and management's assertion.
    if kind in ATTESTATION_KINDS:
        if report.opinion in _OPINION_FLAGS:
            out.add(_OPINION_FLAGS[report.opinion], pages=out.pages("opinion"))
        if report.management_assertion is not True:
            out.add("no_management_assertion", pages=out.pages("management_assertion"))

    if not report.covers_offered_service:
        services = ", ".join(report.scope.services) or data.not_stated.get(language)
        out.add("scope_mismatch", pages=out.pages("scope", "scope.services"), services=services)

    # The period tested and how recent it is (type 2, and SOC 3 when it states its period).
    period = report.period
    if period is not None and (kind in TYPE2_KINDS or kind == "soc3"):
        if not lasts_at_least(period.start, period.end, limits.min_period_months):
            out.add(
                "period_too_short",
                pages=out.pages("period"),
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
                pages=out.pages("period", *([] if bridge is None else ["bridge_letter_until"])),
                end=period.end,
                months=limits.stale_months,
                **({} if bridge is None else {"bridge": bridge}),
            )
        if bridge is not None and more_than_months_after(
            period.end, bridge, limits.bridge_max_months
        ):
            out.add(
                "bridge_gap",
                pages=out.pages("period", "bridge_letter_until"),
                end=period.end,
                bridge=bridge,
                months=limits.bridge_max_months,
            )

    # ISO 27001 certificates.
    if kind == "iso27001":
        if report.valid_until is not None and report.valid_until < closing:
            out.add("cert_expired", pages=out.pages("valid_until"), date=report.valid_until)
        if not (report.accreditation or "").strip():
            out.add("cert_not_accredited", pages=out.pages("accreditation"))
        if report.standard_version == "2013" and closing > limits.iso2013_last_valid:
            out.add(
                "iso_2013_withdrawn",
                pages=out.pages("standard_version"),
                date=limits.iso2013_last_valid,
            )
        if report.last_audit is not None and more_than_months_before(
            report.last_audit, closing, limits.stale_months
        ):
            out.add(
                "stale",
                variant="iso27001",
                pages=out.pages("last_audit"),
                end=report.last_audit,
                months=limits.stale_months,
            )

    # Subservice organisations carved out without a report of their own in the bid.
    own_reports = {r.id for r in bid.assurance} - {report.id}
    for index, sub in enumerate(report.subservice):
        if sub.method == "carve_out" and (sub.report is None or sub.report not in own_reports):
            service = sub.service or data.not_stated.get(language)
            out.add(
                "carve_out_unreported",
                pages=out.item_pages("subservice", index),
                name=sub.name,
                service=service,
            )

    # What the requirements that use this report need and it does not give. Whether the bid
    # offers the report is asked only of the requirements that name a criterion outside its
    # categories or a control in its SoA exclusions (found by an index per requirement list).
    if not isinstance(requirements, list | tuple):
        requirements = list(requirements)
    if kind in SOC2_KINDS:
        categories = set(report.effective_categories)
        named = _control_index(requirements)["soc2"]
        outside: set[str] = set()
        for criterion in named:
            try:
                if soc2_category(criterion) not in categories:
                    outside.add(criterion)
            except KeyError:
                continue
        missing: dict[str, list[str]] = {}
        for requirement in relies_on(bid, report, _naming(requirements, named, outside)):
            for criterion in requirement.controls.soc2:
                if criterion in outside:
                    missing.setdefault(criterion, []).append(requirement.id)
        for criterion, ids in missing.items():
            category = data.categories[soc2_category(criterion)].get(language)  # type: ignore[index]
            out.add(
                "category_missing",
                control=criterion,
                pages=out.pages("categories"),
                category=category,
                requirements=", ".join(dict.fromkeys(ids)),
            )
    if kind == "iso27001":
        excluded = set(report.excluded_controls)
        hits: dict[str, list[str]] = {}
        named = _control_index(requirements)["iso27001"]
        for requirement in relies_on(bid, report, _naming(requirements, named, excluded)):
            for control in requirement.controls.iso27001:
                if control in excluded:
                    hits.setdefault(control, []).append(requirement.id)
        for control, ids in hits.items():
            out.add(
                "control_excluded",
                control=control,
                pages=out.pages("excluded_controls"),
                requirements=", ".join(dict.fromkeys(ids)),
            )

    for index, exception in enumerate(report.exceptions):
        out.add(
            "exception",
            control=exception.control,
            pages=out.item_pages("exceptions", index),
            text=exception.text,
        )

    if report.cuecs:
        out.add("cuecs", pages=out.pages("cuecs"), count=len(report.cuecs))

    flags = tuple(out.flags)
    return ReportReview(
        report=report.id,
        kind=kind,
        verdict=verdict_of(flags),
        flags=flags,
        operating_effectiveness=attests_operation(report),
    )
