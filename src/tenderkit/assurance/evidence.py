"""Which reports a bid offers as evidence for a requirement, and what each report covers.

Why one module: the flags that concern requirements (category_missing, control_excluded) and the
coverage grades must agree on both questions, or a report would be flagged for a requirement it
is not used for, or cover a control it was flagged for not covering.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from tenderkit.formats.bid import TYPE2_KINDS, AssuranceReport, Bid
from tenderkit.formats.requirement_set import FRAMEWORKS, Requirement
from tenderkit.frameworks import bio_measures, iso_controls, soc2_category, soc2_criteria
from tenderkit.memo import IdentityMemo

__all__ = [
    "SOC2_KINDS",
    "attests_operation",
    "covered_controls",
    "offered_reports",
    "relies_on",
    "requirement_controls",
]

SOC2_KINDS = frozenset({"soc2_type1", "soc2_type2", "soc3"})
"""Reports against the Trust Services Criteria, whose categories decide what they cover."""

_CRITERIA_FRAMEWORK = {
    "soc2": "soc2",
    "tsc": "soc2",
    "iso27002": "iso27001",
    "iso27001": "iso27001",
    "bio": "bio",
}
"""An ISAE 3000 report's `criteria` -> the framework whose ids it then covers. ISO 27002 uses the
same control numbers as ISO 27001 Annex A."""


def offered_reports(bid: Bid, requirement_id: str) -> list[AssuranceReport]:
    """The reports the bid offers for a requirement.

    Those its answer lists in `evidence` (in that order); all reports of the bid when the answer
    lists none. No answer, or an answer `fails`: none, since the bidder itself says it does not
    meet the requirement and no report can be read as meeting it on the bidder's behalf.
    """
    answer = bid.answers.get(requirement_id)
    if answer is None or answer.status == "fails":
        return []
    if not answer.evidence:
        return list(bid.assurance)
    by_id = _reports_by_id(bid)
    return [by_id[e] for e in dict.fromkeys(answer.evidence) if e in by_id]


_REPORTS_BY_ID: IdentityMemo[dict[str, AssuranceReport]] = IdentityMemo(size=1024)


def _reports_by_id(bid: Bid) -> dict[str, AssuranceReport]:
    """Report id -> report, once per bid (a frozen model), not once per requirement."""
    return _REPORTS_BY_ID.get(bid, lambda b: {r.id: r for r in b.assurance})  # type: ignore[attr-defined]


def relies_on(
    bid: Bid, report: AssuranceReport, requirements: Iterable[Requirement]
) -> list[Requirement]:
    """The requirements (in the order given) for which the bid offers this report, as
    `offered_reports` decides: an answer that is not `fails` and lists the report in its
    evidence, or lists no evidence at all (then every report of the bid is offered)."""
    answers = bid.answers
    report_id = report.id
    if report_id not in _reports_by_id(bid):
        return []
    out = []
    for requirement in requirements:
        answer = answers.get(requirement.id)
        if answer is None or answer.status == "fails":
            continue
        evidence = answer.evidence
        if not evidence or report_id in evidence:
            out.append(requirement)
    return out


_CONTROLS: IdentityMemo[tuple[tuple[str, str], ...]] = IdentityMemo(size=16_384)


def requirement_controls(requirement: Requirement) -> tuple[tuple[str, str], ...]:
    """(framework, id) of every control the requirement names, frameworks in FORMATS order.

    Asked for every requirement of every bid and report, so it is memoised by the identity of
    the requirement's (frozen) `controls` (`IdentityMemo`).
    """
    return _CONTROLS.get(
        requirement.controls,
        lambda controls: tuple((fw, cid) for fw in FRAMEWORKS for cid in controls.ids(fw)),  # type: ignore[attr-defined]
    )


@cache
def _soc2_ids(categories: frozenset[str]) -> frozenset[str]:
    return frozenset(cid for cid, c in soc2_criteria().items() if c.category in categories)


@cache
def _all_ids(framework: str) -> frozenset[str]:
    if framework == "iso27001":
        return frozenset(iso_controls())
    if framework == "bio":
        return frozenset(bio_measures())
    if framework == "soc2":
        return frozenset(soc2_criteria())
    return frozenset()


def _in_categories(criterion: str, categories: frozenset[str]) -> bool:
    try:
        return soc2_category(criterion) in categories
    except KeyError:
        return False


def covered_controls(report: AssuranceReport) -> Mapping[str, frozenset[str]]:
    """The control ids per framework whose operation the report gives evidence on.

    - SOC 2 (Type I, Type II, SOC 3): the criteria of its categories (security always), or, when
      the report lists `controls`, those of them within its categories.
    - ISAE 3000: the ids it lists in `controls`; otherwise every id of the frameworks its
      `criteria` name (soc2, within its categories when it lists any; iso27002 as Annex A; bio).
    - ISAE 3402: only the ids it lists in `controls` (its IT general controls); without a list
      nothing, because its scope is financial reporting.
    - ISO 27001: every Annex A control (or those listed) minus the SoA's `excluded_controls`.

    What a report covers says nothing yet about whether that counts: Type I, SOC 3 and rejected
    reports are kept out of coverage by the caller.
    """
    explicit = report.controls
    covered: dict[str, frozenset[str]] = {}
    if report.kind in SOC2_KINDS:
        categories = frozenset(report.effective_categories)
        if explicit is None:
            covered["soc2"] = _soc2_ids(categories)
        else:
            covered = {fw: frozenset(ids) for fw, ids in explicit.items()}
            covered["soc2"] = frozenset(
                c for c in explicit.get("soc2", []) if _in_categories(c, categories)
            )
    elif report.kind.startswith("isae3000"):
        if explicit is not None:
            covered = {fw: frozenset(ids) for fw, ids in explicit.items()}
        else:
            for criterion in report.criteria:
                framework = _CRITERIA_FRAMEWORK.get(criterion.lower())
                if framework == "soc2" and report.categories:
                    ids = _soc2_ids(frozenset({"security", *report.categories}))
                elif framework is not None:
                    ids = _all_ids(framework)
                else:
                    continue
                covered[framework] = covered.get(framework, frozenset()) | ids
    elif report.kind.startswith("isae3402"):
        if explicit is not None:
            covered = {fw: frozenset(ids) for fw, ids in explicit.items()}
    elif report.kind == "iso27001":
        base = _all_ids("iso27001") if explicit is None else frozenset(explicit.get("iso27001", []))
        covered["iso27001"] = base - frozenset(report.excluded_controls)
        if explicit is not None:
            covered.update({fw: frozenset(ids) for fw, ids in explicit.items() if fw != "iso27001"})
    return {fw: ids for fw, ids in covered.items() if ids}


def attests_operation(report: AssuranceReport) -> bool:
    """Does the report show controls working over time, rather than designed at one date?"""
    return report.kind in TYPE2_KINDS or report.kind == "iso27001"
