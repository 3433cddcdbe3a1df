"""Grade how well each requirement of a bid is evidenced, and by what kind of evidence.

Why grades and not yes/no: a scored requirement backed by a clean SOC 2 Type II is worth more
than one the bidder only claims, and a knockout with `assurance: required` needs an independent
report. The rules, each written down in docs/assurance.md:

1. Contradictions first. No answer, an answer `fails`, or a machine check the bid's own facts
   fail: `none`, whatever any report says.
2. What the requirement asks (`strength.nature_of`). A contract term or an offered fact is never
   attested by a report: `committed` when the bid answers `meets` or `partial` and states the
   facts its check needs, `declared` when it leaves a checked fact out.
3. A control requirement is covered by a report only when the report covers every control the
   requirement lists in the report's own framework(s) (an ISO certificate: every Annex A
   control, none excluded in its SoA; a SOC 2 report: every criterion, in its categories; not
   carved out to a subservice organisation). Only when the requirement names no control in the
   report's framework does the crosswalk bridge, and then every control of one named framework
   must be reached. Through `partial` pairs only, the cover is with exceptions.
4. The strength of the report kind (`strength.yaml`) sets the level: tested over a period ->
   `assured` (clean, accepted, no exception on a relied-on control) or `assured_with_exceptions`;
   certified -> `certified` (accepted ISO 27001:2022, direct cover) or `certified_with_limits`;
   design at one date -> `design_only`. Rejected reports and SOC 3 never count.
5. No report covers it: `declared`; the controls offered reports left out are kept in
   `uncovered` so the matrix can say why.

The best report wins. "The controls the requirement relies on" are the ones it lists plus those
through which the report covers it; an exception on any other control of the report leaves this
requirement's grade alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tenderkit.assurance.evidence import (
    SOC2_KINDS,
    covered_controls,
    offered_reports,
    requirement_controls,
)
from tenderkit.assurance.results import (
    COVERAGE_LEVELS,
    Coverage,
    CoverageLevel,
    CoverageMap,
    ReportReview,
    renamed,
)
from tenderkit.assurance.strength import nature_of, strength_of
from tenderkit.checks import check_key, evaluate_check
from tenderkit.formats.bid import AssuranceReport, Bid
from tenderkit.formats.requirement_set import Requirement
from tenderkit.frameworks import bio_measures, crosswalk, soc2_category
from tenderkit.memo import ItemsMemo

__all__ = ["ReportEvidence", "coverage_map", "coverage_of", "report_evidence"]

GRADED_FRAMEWORKS = ("iso27001", "soc2", "bio")
"""Frameworks whose ids a report can cover; gdpr and ccm references are legal or free text."""

LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(COVERAGE_LEVELS)}
"""`COVERAGE_LEVELS.index(level)` as a dict lookup: asked for every graded report of every cell."""

Graded = tuple[CoverageLevel, tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""(level, evidence controls, relied-on exceptions, uncovered controls); level None-less."""


@dataclass(frozen=True)
class ReportEvidence:
    """One report made ready for grading: its review, what it covers, where it has exceptions.

    `carved_out` are the controls a carved-out subservice organisation performs: taken out of
    `covered`, since the report did not test them. `frameworks` are the frameworks the report
    is written against (what it covers before its SoA exclusions and carve-outs).
    """

    report: AssuranceReport
    review: ReportReview
    covered: Mapping[str, frozenset[str]]
    exceptions: frozenset[str]
    carved_out: Mapping[str, frozenset[str]] = field(default_factory=dict)
    frameworks: frozenset[str] = frozenset()
    grades: dict[tuple, Any] = field(default_factory=dict, compare=False, repr=False)
    """Memo of `_grade` by the requirement's control set: many requirements share one."""


def report_evidence(
    report: AssuranceReport,
    review: ReportReview,
    carved_out: Mapping[str, frozenset[str]] | None = None,
) -> ReportEvidence:
    """Compute once per report what every requirement's grading needs."""
    carved = {fw: ids for fw, ids in (carved_out or {}).items() if ids}
    full = covered_controls(report)
    covered = {fw: ids - carved.get(fw, frozenset()) for fw, ids in full.items()}
    frameworks = set(full)
    if report.kind == "iso27001":
        frameworks.add("iso27001")
    return ReportEvidence(
        report=report,
        review=review,
        covered={fw: ids for fw, ids in covered.items() if ids},
        exceptions=frozenset(e.control for e in report.exceptions),
        carved_out=carved,
        frameworks=frozenset(frameworks),
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


def _bridges(
    required: tuple[str, str], covered: Mapping[str, frozenset[str]]
) -> list[tuple[str, str]]:
    """Every (evidence id, "full"|"partial") by which a report in another framework reaches one
    required control: SOC 2 <-> ISO 27001 through the crosswalk, a BIO2 measure through its
    Annex A control (partially: the measure asks something more specific than the control)."""
    framework, control = required
    found: list[tuple[str, str]] = []
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


def _reach(
    own: tuple[tuple[str, str], ...], evidence: ReportEvidence
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """("full" | "partial" | "", evidence ids, uncovered ids) of one report for one requirement.

    Rule 3 of the module doc: the report's own frameworks first, all listed controls; then the
    crosswalk, all controls of one framework.
    """
    named: dict[str, list[str]] = {}
    for framework, cid in own:
        if framework in GRADED_FRAMEWORKS:
            named.setdefault(framework, []).append(cid)
    native = [fw for fw in named if fw in evidence.frameworks]
    if native:
        ids = [cid for fw in native for cid in named[fw]]
        missing = tuple(
            cid for fw in native for cid in named[fw] if cid not in evidence.covered.get(fw, ())
        )
        return ("", (), missing) if missing else ("full", tuple(ids), ())
    best: tuple[str, tuple[str, ...], tuple[str, ...]] = ("", (), ())
    for framework, ids in named.items():
        reached = [_bridges((framework, cid), evidence.covered) for cid in ids]
        if not all(reached):
            continue
        full = all(any(c == "full" for _, c in pairs) for pairs in reached)
        via = tuple(
            dict.fromkeys(
                ev
                for pairs in reached
                for ev, c in pairs
                if c == "full" or not any(k == "full" for _, k in pairs)
            )
        )
        candidate = ("full" if full else "partial", via, ())
        if best[0] != "full" and (candidate[0] == "full" or not best[0]):
            best = candidate
    return best


def _grade(requirement: Requirement, evidence: ReportEvidence) -> Graded | None:
    """The grade one report gives a requirement, or None when it does not count or cover."""
    own = requirement_controls(requirement)
    if own not in evidence.grades:
        evidence.grades[own] = _grade_controls(own, evidence)
    return evidence.grades[own]


def _grade_controls(own: tuple[tuple[str, str], ...], evidence: ReportEvidence) -> Graded | None:
    strength = strength_of(evidence.report)
    if evidence.review.verdict == "rejected" or strength == "none":
        return None
    reach, via, missing = _reach(own, evidence)
    if not reach:
        return ("declared", (), (), missing) if missing else None
    relied = [cid for _, cid in own] + list(via)
    hit = tuple(c for c in dict.fromkeys(relied) if c in evidence.exceptions)
    accepted = evidence.review.verdict == "accepted"
    level: CoverageLevel
    if strength == "tested":
        clean = accepted and reach == "full" and not hit
        level = "assured" if clean else "assured_with_exceptions"
    elif strength == "certified":
        clean = accepted and reach == "full" and evidence.report.standard_version == "2022"
        level = "certified" if clean else "certified_with_limits"
    else:
        level = "design_only"
    return level, via, hit, ()


def _gap(control: str, evidence: ReportEvidence) -> str:
    """Why a report leaves a relied-on control out: `excluded` (its SoA), `carved_out` (a
    subservice organisation performs it), `category` (a SOC 2 category the report lacks), or
    `not_covered` (the report's listed controls or criteria do not include it)."""
    report = evidence.report
    if control in report.excluded_controls:
        return "excluded"
    if any(control in ids for ids in evidence.carved_out.values()):
        return "carved_out"
    if report.kind in SOC2_KINDS:
        try:
            if soc2_category(control) not in report.effective_categories:
                return "category"
        except KeyError:
            pass
    return "not_covered"


def _contradicted(requirement: Requirement, bid: Bid) -> str:
    """Why the bid itself says it does not meet the requirement ("" when it does not)."""
    answer = bid.answers.get(requirement.id)
    if answer is None:
        return "no_answer"
    if answer.status == "fails":
        return "fails"
    if requirement.check is not None:
        outcome = evaluate_check(requirement.check, bid.facts)
        if not outcome.passed and not outcome.missing:
            return "check_failed"
    return ""


def coverage_of(
    requirement: Requirement,
    bid: Bid,
    evidence: Mapping[str, ReportEvidence],
    memo: dict[tuple, Coverage] | None = None,
) -> Coverage:
    """The coverage grade of one requirement in one bid (rules 1-5 of the module doc).

    `evidence` maps every report id of the bid to its `ReportEvidence`; only the reports the
    answer offers (`offered_reports`) are used. `memo`, one dict per bid and evidence (the
    assurance review passes one), keeps each grade by everything it depends on: the answer's
    status and evidence list, the check's outcome, the requirement's nature and controls. A set
    replicates the same few control sets over hundreds of requirements, so most cells are a
    lookup; the grade is the same value the rules give, with this requirement's id.
    """
    if memo is None:
        return _coverage_of(requirement, bid, evidence)
    answer = bid.answers.get(requirement.id)
    outcome = None if requirement.check is None else evaluate_check(requirement.check, bid.facts)
    key = (
        None if answer is None else (answer.status, tuple(answer.evidence)),
        None if outcome is None else (outcome.passed, outcome.missing),
        nature_of(requirement),
        requirement_controls(requirement),
    )
    found = memo.get(key)
    if found is None:
        found = memo[key] = _coverage_of(requirement, bid, evidence)
    elif found.requirement != requirement.id:
        found = Coverage(
            requirement.id,
            found.level,
            found.reports,
            found.controls,
            found.exceptions,
            found.uncovered,
            found.gaps,
            found.reason,
        )
    return found


class _Shared:
    """Grades shared by the bids of one requirement list, beside its profiles.

    A grade depends on the bid only through the answer (status, offered reports), the check's
    outcome and, of each offered report, what `_signature` holds; bids alike in those (the same
    certificate offered the same way, as most bids of a tender do for most requirements) share
    one grade, renamed to each requirement. Reports are known by the number of their signature
    (`signatures`), so a cell's key holds small ints, not sets of control ids. Both tables are
    forgotten together beyond `KEPT` grades."""

    KEPT = 65_536

    def __init__(self) -> None:
        self.cells: dict[tuple, Coverage] = {}
        self.signatures: dict[tuple, int] = {}
        self.counter = itertools.count()
        """Never reset: a number is never given to a second signature, not after the tables
        were forgotten, nor when two threads number reports at once."""

    def numbers(self, evidence: Mapping[str, ReportEvidence]) -> dict[str, int]:
        """Report id -> the number of its signature, for one bid's evidence."""
        if len(self.cells) >= self.KEPT:
            self.cells.clear()
            self.signatures.clear()
        known, counter = self.signatures, self.counter
        return {
            rid: known.setdefault(_signature(ev), next(counter)) for rid, ev in evidence.items()
        }

    def grade(
        self,
        requirement: Requirement,
        group: int,
        bid: Bid,
        evidence: Mapping[str, ReportEvidence],
        numbers: Mapping[str, int],
    ) -> Coverage:
        """`_coverage_of(requirement, bid, evidence)`, once per distinct key across bids."""
        answer = bid.answers.get(requirement.id)
        check = requirement.check
        outcome = None if check is None else evaluate_check(check, bid.facts)
        key = (
            group,
            None if answer is None else answer.status,
            None if outcome is None else (outcome.passed, outcome.missing),
            tuple(numbers.get(r.id) for r in offered_reports(bid, requirement.id)),
        )
        found = self.cells.get(key)
        if found is None:
            found = self.cells[key] = _coverage_of(requirement, bid, evidence)
        elif found.requirement != requirement.id:
            found = renamed(found, requirement.id)
        return found


def _signature(evidence: ReportEvidence) -> tuple:
    """Everything of one report that a grade reads (`_coverage_of`, `_grade_controls`, `_reach`,
    `_gap`): its id (a grade names it), kind (its strength, SOC 2 categories), verdict,
    standard version, frameworks, covered controls, exceptions, SoA exclusions, carve-outs and
    categories."""
    report = evidence.report
    return (
        report.id,
        report.kind,
        evidence.review.verdict,
        report.standard_version,
        evidence.frameworks,
        evidence.exceptions,
        tuple(sorted(evidence.covered.items())),
        frozenset(report.excluded_controls),
        tuple(sorted(evidence.carved_out.items())),
        frozenset(report.effective_categories) if report.kind in SOC2_KINDS else None,
    )


Profiles = tuple[list[tuple[str, int]], tuple[str, ...], dict[str, int], _Shared]

_PROFILES: ItemsMemo[Profiles] = ItemsMemo(size=64)


def _profiles(requirements: Sequence[Requirement]) -> Profiles:
    """(id, group) per requirement, in order: requirements of one group share what their grade
    depends on besides the bid (nature, controls, check content), worked out once per
    requirement list (by its items, `ItemsMemo`) instead of once per bid and cell; the ids
    in order and each id's position, which every bid's `CoverageMap` shares; and the grades its
    bids share (`_Shared`). No requirement itself: the memo holds them weakly, a value that held
    them would keep them alive, and the caller has them, in this order."""
    return _PROFILES.get(requirements, _build_profiles)  # type: ignore[arg-type]


def _build_profiles(requirements: Sequence[Requirement]) -> Profiles:
    groups: dict[tuple, int] = {}
    out = []
    for requirement in requirements:
        key = None if requirement.check is None else check_key(requirement.check)
        decides = (key, nature_of(requirement), requirement_controls(requirement))
        group = groups.setdefault(decides, len(groups))
        out.append((requirement.id, group))
    ids = tuple(rid for rid, _ in out)
    return out, ids, {rid: n for n, rid in enumerate(ids)}, _Shared()


def coverage_map(
    requirements: Sequence[Requirement],
    bid: Bid,
    evidence: Mapping[str, ReportEvidence],
) -> CoverageMap:
    """Requirement id -> `coverage_of(requirement, bid, evidence)` for every requirement, in order.

    The same grades as one `coverage_of` per cell with a memo, with what depends only on the
    requirements (nature, controls, check content: `_profiles`) worked out once per list. A
    grade depends on the requirement only through those, and on the bid through the answer's
    status and evidence list and the check's outcome; within one bid the outcome follows from
    the check's content, so cells equal in group and answer share one grade: the map keeps it
    once, as the grade of the first of them (`CoverageMap`), instead of a copy per cell. A
    grade not yet met in this bid is looked up among those of the list's other bids
    (`_Shared`) before the rules are applied.
    """
    answers = bid.answers
    profiles, ids, position, shared = _profiles(requirements)
    numbers: dict[str, int] | None = None
    memo: dict[tuple, int] = {}
    grades: list[Coverage] = []
    slots: list[int] = []
    keep = slots.append
    for requirement, (rid, group) in zip(requirements, profiles, strict=True):
        answer = answers.get(rid)
        cell_key = (group, None) if answer is None else (group, answer.status, *answer.evidence)
        slot = memo.get(cell_key)
        if slot is None:
            if numbers is None:
                numbers = shared.numbers(evidence)
            slot = memo[cell_key] = len(grades)
            grades.append(shared.grade(requirement, group, bid, evidence, numbers))
        keep(slot)
    return CoverageMap(ids, position, slots, grades)


def _coverage_of(
    requirement: Requirement, bid: Bid, evidence: Mapping[str, ReportEvidence]
) -> Coverage:
    """`coverage_of` without the memo: the rules themselves."""
    contradiction = _contradicted(requirement, bid)
    if contradiction:
        return Coverage(requirement.id, "none", reason=contradiction)
    missing_fact = (
        requirement.check is not None and evaluate_check(requirement.check, bid.facts).missing
    )
    nature = nature_of(requirement)
    if nature != "control":
        if missing_fact:
            return Coverage(requirement.id, "declared", reason="check_missing")
        return Coverage(requirement.id, "committed", reason=nature)
    graded: list[tuple[str, Graded]] = []
    uncovered: list[str] = []
    why: dict[str, list[str]] = {}
    for report in offered_reports(bid, requirement.id):
        result = _grade(requirement, evidence[report.id])
        if result is None:
            continue
        if result[0] == "declared":
            for control in result[3]:
                uncovered.append(control)
                gap = _gap(control, evidence[report.id])
                if control not in why.setdefault(gap, []):
                    why[gap].append(control)
            continue
        graded.append((report.id, result))
    if not graded:
        gaps = tuple(dict.fromkeys(uncovered))
        return Coverage(
            requirement.id,
            "declared",
            uncovered=gaps,
            gaps=tuple((gap, tuple(ids)) for gap, ids in why.items()),
            reason="partly_covered" if gaps else "no_report",
        )
    top = max(LEVEL_RANK[g[0]] for _, g in graded)
    winners = [(rid, g) for rid, g in graded if LEVEL_RANK[g[0]] == top]
    return Coverage(
        requirement=requirement.id,
        level=COVERAGE_LEVELS[top],
        reports=tuple(rid for rid, _ in winners),
        controls=tuple(dict.fromkeys(c for _, g in winners for c in g[1])),
        exceptions=tuple(dict.fromkeys(c for _, g in winners for c in g[2])),
    )
