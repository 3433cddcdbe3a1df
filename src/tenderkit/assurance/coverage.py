"""Grade how well each requirement of a bid is evidenced: assured, with exceptions, declared, none.

Why grades and not yes/no: a scored requirement backed by a clean SOC 2 Type II is worth more
than one the bidder only claims, and a knockout with `assurance: required` needs an independent
report. The grades, strongest first:

- `assured`: an `accepted` report that attests operation over time covers one of the
  requirement's controls directly (or through a crosswalk pair that gives `full` cover), and none
  of the controls the requirement relies on has an exception in that report.
- `assured_with_exceptions`: covered, but with an exception on a control the requirement relies
  on, or only through a `partial` crosswalk pair, or by a `limited` report, or by an ISO
  27001:2013 certificate (its controls are numbered and worded differently).
- `declared`: no report covers it, but the bidder answers `meets` or `partial`.
- `none`: the bidder answers `fails`, or not at all.

The best report wins. Type I and SOC 3 reports and rejected reports never count. "The controls
the requirement relies on" are the ones it names plus those through which the report covers it;
an exception on any other control of the report leaves this requirement's grade alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tenderkit.assurance.evidence import (
    attests_operation,
    covered_controls,
    offered_reports,
    requirement_controls,
)
from tenderkit.assurance.results import COVERAGE_LEVELS, Coverage, CoverageLevel, ReportReview
from tenderkit.formats.bid import AssuranceReport, Bid
from tenderkit.formats.requirement_set import Requirement
from tenderkit.frameworks import bio_measures, crosswalk

__all__ = ["ReportEvidence", "coverage_of", "report_evidence"]


@dataclass(frozen=True)
class ReportEvidence:
    """One report made ready for grading: its review, what it covers, where it has exceptions."""

    report: AssuranceReport
    review: ReportReview
    covered: Mapping[str, frozenset[str]]
    exceptions: frozenset[str]
    grades: dict[tuple, Any] = field(default_factory=dict, compare=False, repr=False)
    """Memo of `_grade` by the requirement's control set: many requirements share one."""


def report_evidence(report: AssuranceReport, review: ReportReview) -> ReportEvidence:
    """Compute once per report what every requirement's grading needs."""
    return ReportEvidence(
        report=report,
        review=review,
        covered=covered_controls(report),
        exceptions=frozenset(e.control for e in report.exceptions),
    )


@cache
def _crosswalk_index() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """SOC 2 id -> mapped Annex A ids, and Annex A id -> mapped SOC 2 ids."""
    soc2_to_iso: dict[str, set[str]] = {}
    iso_to_soc2: dict[str, set[str]] = {}
    for pair in crosswalk().pairs:
        soc2_to_iso.setdefault(pair.soc2, set()).add(pair.iso27001)
        iso_to_soc2.setdefault(pair.iso27001, set()).add(pair.soc2)
    return (
        {k: frozenset(v) for k, v in soc2_to_iso.items()},
        {k: frozenset(v) for k, v in iso_to_soc2.items()},
    )


def _covers(
    required: tuple[str, str], covered: Mapping[str, frozenset[str]]
) -> list[tuple[str, str]]:
    """Every (evidence id, "full"|"partial") by which a report covers one required control.

    Same framework and id: full. SOC 2 <-> ISO 27001: the crosswalk's cover. A BIO2 measure: its
    Annex A control, partially (the measure asks something more specific than the control).
    """
    framework, control = required
    found: list[tuple[str, str]] = []
    if control in covered.get(framework, ()):
        found.append((control, "full"))
    soc2_to_iso, iso_to_soc2 = _crosswalk_index()
    walk = crosswalk()
    if framework == "soc2":
        for iso in sorted(soc2_to_iso.get(control, frozenset()) & covered.get("iso27001", set())):
            cover = walk.cover("iso27001", iso, "soc2", control)
            if cover is not None:
                found.append((iso, cover))
    elif framework == "iso27001":
        for soc in sorted(iso_to_soc2.get(control, frozenset()) & covered.get("soc2", set())):
            cover = walk.cover("soc2", soc, "iso27001", control)
            if cover is not None:
                found.append((soc, cover))
    elif framework == "bio":
        measure = bio_measures().get(control)
        if measure is not None and measure.control in covered.get("iso27001", ()):
            found.append((measure.control, "partial"))
    return found


def _grade(
    requirement: Requirement, evidence: ReportEvidence
) -> tuple[CoverageLevel, tuple[str, ...], tuple[str, ...]] | None:
    """The grade one report gives a requirement, the evidence controls, the relied-on exceptions.

    None when the report does not count (rejected, Type I, SOC 3) or covers none of the
    requirement's controls.
    """
    own = requirement_controls(requirement)
    if own not in evidence.grades:
        evidence.grades[own] = _grade_controls(own, evidence)
    return evidence.grades[own]


def _grade_controls(
    own: tuple[tuple[str, str], ...], evidence: ReportEvidence
) -> tuple[CoverageLevel, tuple[str, ...], tuple[str, ...]] | None:
    if evidence.review.verdict == "rejected" or not attests_operation(evidence.report):
        return None
    pairs = [pair for required in own for pair in _covers(required, evidence.covered)]
    if not pairs:
        return None
    best = "full" if any(cover == "full" for _, cover in pairs) else "partial"
    via = tuple(dict.fromkeys(ev for ev, cover in pairs if cover == best))
    relied = [cid for _, cid in own] + list(via)
    hit = tuple(c for c in dict.fromkeys(relied) if c in evidence.exceptions)
    clean = (
        evidence.review.verdict == "accepted"
        and best == "full"
        and not hit
        and not (evidence.report.kind == "iso27001" and evidence.report.standard_version != "2022")
    )
    return ("assured" if clean else "assured_with_exceptions"), via, hit


def coverage_of(
    requirement: Requirement, bid: Bid, evidence: Mapping[str, ReportEvidence]
) -> Coverage:
    """The coverage grade of one requirement in one bid.

    `evidence` maps every report id of the bid to its `ReportEvidence`; only the reports the
    answer offers (`offered_reports`) are used.
    """
    answer = bid.answers.get(requirement.id)
    if answer is None or answer.status == "fails":
        return Coverage(requirement.id, "none")
    graded: list[tuple[str, CoverageLevel, tuple[str, ...], tuple[str, ...]]] = []
    for report in offered_reports(bid, requirement.id):
        result = _grade(requirement, evidence[report.id])
        if result is not None:
            graded.append((report.id, *result))
    if not graded:
        return Coverage(requirement.id, "declared")
    top = max(COVERAGE_LEVELS.index(level) for _, level, _, _ in graded)
    winners = [g for g in graded if COVERAGE_LEVELS.index(g[1]) == top]
    return Coverage(
        requirement=requirement.id,
        level=COVERAGE_LEVELS[top],
        reports=tuple(g[0] for g in winners),
        controls=tuple(dict.fromkeys(c for g in winners for c in g[2])),
        exceptions=tuple(dict.fromkeys(c for g in winners for c in g[3])),
    )
