"""Coverage per requirement: every level, the crosswalk both ways, what never counts, and the
property that an exception can only lower coverage."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any
from unittest import mock

import assurance_builders as tk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit import evaluation
from tenderkit.assurance import COVERAGE_LEVELS, BidAssurance, CoverageMap, review_bid
from tenderkit.assurance import coverage as coverage_module
from tenderkit.assurance import review as review_module

CLOSING = dt.date(2026, 10, 15)


def levels(*reports: dict[str, Any], **kw: Any) -> dict[str, str]:
    return grade(*reports, **kw).levels


def grade(*reports: dict[str, Any], **kw: Any) -> BidAssurance:
    the_bid = tk.bid(*reports, answers=kw.pop("answers", None))
    return review_bid(the_bid, tk.requirements(), kw.pop("closing", CLOSING), **kw)


# The four levels.


def test_assured_by_a_clean_soc2_type2() -> None:
    result = grade(tk.soc2())
    coverage = result.coverage["ENC-01"]
    assert coverage.level == "assured"
    assert coverage.reports == ("soc2",)
    assert coverage.controls == ("CC6.1",)
    assert coverage.independent
    assert result.coverage["BCK-01"].level == "assured"  # availability is in scope


def test_assured_with_exceptions_when_a_relied_on_control_has_an_exception() -> None:
    result = grade(tk.soc2(exceptions=[{"control": "CC6.1", "text": "x"}]))
    assert result.coverage["ENC-01"].level == "assured_with_exceptions"
    assert result.coverage["ENC-01"].exceptions == ("CC6.1",)
    assert result.coverage["ACC-01"].level == "assured_with_exceptions"


def test_an_exception_elsewhere_does_not_lower_a_requirement() -> None:
    # CC7.2 is relied on by LOG-01, not by ENC-01.
    result = levels(tk.soc2(exceptions=[{"control": "CC7.2", "text": "x"}]))
    assert result["ENC-01"] == "assured"
    assert result["LOG-01"] == "assured_with_exceptions"


def test_an_exception_on_the_crosswalk_control_counts_for_an_iso_requirement() -> None:
    # CHG-01 names ISO 8.32 only; the SOC 2 report covers it through CC8.1.
    clean = grade(tk.soc2()).coverage["CHG-01"]
    dented = grade(tk.soc2(exceptions=[{"control": "CC8.1", "text": "x"}])).coverage["CHG-01"]
    assert clean.exceptions == ()
    assert dented.exceptions == ("CC8.1",)
    assert dented.level == "assured_with_exceptions"


def test_a_limited_report_gives_at_most_assured_with_exceptions() -> None:
    result = grade(tk.soc2(management_assertion=False))
    assert result.reports[0].verdict == "limited"
    assert result.coverage["ENC-01"].level == "assured_with_exceptions"


def test_declared_without_any_report() -> None:
    assert set(levels().values()) == {"declared"}


def test_declared_for_a_requirement_without_controls() -> None:
    assert levels(tk.soc2(), tk.iso())["DOC-01"] == "declared"


def test_declared_with_a_partial_answer() -> None:
    answers = {"DOC-01": {"status": "partial"}}
    assert levels(answers=answers)["DOC-01"] == "declared"


def test_none_when_the_answer_fails_even_with_a_report() -> None:
    answers = {"ENC-01": {"status": "fails", "evidence": ["soc2"]}}
    assert levels(tk.soc2(), answers=answers)["ENC-01"] == "none"


def test_none_without_an_answer() -> None:
    result = levels(tk.soc2(), answers={"ENC-01": {"status": "meets"}})
    assert result["ENC-01"] == "assured"
    assert result["LOG-01"] == "none"


def test_every_requirement_in_set_order() -> None:
    result = grade(tk.soc2(), answers={})
    assert list(result.coverage) == [r["id"] for r in tk.REQUIREMENTS]
    assert list(result.to_json()["coverage"]) == [r["id"] for r in tk.REQUIREMENTS]


# The crosswalk, both ways.


def test_soc2_evidence_covers_an_iso_requirement_through_the_crosswalk_partially() -> None:
    # CC8.1 and ISO 8.32 only intersect (the reviewed crosswalk claims no superset): SOC 2
    # evidence covers CHG-01, with exceptions, through CC8.1.
    result = grade(tk.soc2())
    assert result.coverage["CHG-01"].level == "assured_with_exceptions"
    assert result.coverage["CHG-01"].controls == ("CC8.1",)


def test_iso_evidence_reaches_a_soc2_requirement_through_the_crosswalk_with_limits() -> None:
    result = grade(tk.iso())
    assert result.coverage["REC-01"].level == "certified_with_limits"
    assert "5.30" in result.coverage["REC-01"].controls


def test_partial_crosswalk_cover_gives_at_most_the_lower_level() -> None:
    # ACC-01 names only CC6.1; ISO 8.24 and the others only intersect it.
    assert levels(tk.iso())["ACC-01"] == "certified_with_limits"
    # BCM-01 names only ISO 5.30; SOC 2 A1.3 intersects it: partial the other way round.
    assert levels(tk.soc2())["BCM-01"] == "assured_with_exceptions"


def test_a_certificate_covering_directly_is_certified_never_assured() -> None:
    # ENC-01 names ISO 8.24 and SOC 2 CC6.1: the certificate covers 8.24 directly, but a
    # certificate attests the management system, not a tested control.
    coverage = grade(tk.iso()).coverage["ENC-01"]
    assert coverage.level == "certified"
    assert coverage.independent


def test_bio_measure_is_covered_partially_through_its_annex_a_control() -> None:
    assert levels(tk.iso())["SUP-01"] == "certified_with_limits"
    assert levels(tk.iso(excluded_controls=["5.20"]))["SUP-01"] == "declared"


# What never counts.


@pytest.mark.parametrize("kind", ["soc2_type1", "isae3000_type1", "isae3402_type1"])
def test_a_type1_report_shows_design_only(kind: str) -> None:
    report = tk.report(kind, criteria=["soc2", "iso27002"], controls={"soc2": ["CC6.1"]})
    result = grade(report)
    assert set(result.levels.values()) == {"declared", "design_only"}
    assert result.coverage["ENC-01"].level == "design_only"
    assert not result.coverage["ENC-01"].independent


def test_a_soc3_never_covers() -> None:
    report = tk.report("soc3", controls={"soc2": ["CC6.1"]})
    assert set(levels(report).values()) == {"declared"}


@pytest.mark.parametrize(
    "changes",
    [
        {"opinion": "adverse"},
        {"opinion": "disclaimer"},
        {"covers_offered_service": False},
    ],
)
def test_a_rejected_report_counts_for_nothing(changes: dict[str, Any]) -> None:
    assert set(levels(tk.soc2(**changes)).values()) == {"declared"}


@pytest.mark.parametrize(
    "changes",
    [{"valid_until": "2026-01-01"}, {"standard_version": "2013"}],
)
def test_a_rejected_certificate_counts_for_nothing(changes: dict[str, Any]) -> None:
    assert set(levels(tk.iso(**changes)).values()) == {"declared"}


def test_an_iso_2013_certificate_before_withdrawal_is_at_most_with_exceptions() -> None:
    cert = tk.iso(standard_version="2013", valid_until="2026-05-01", last_audit="2025-05-01")
    result = grade(cert, closing=dt.date(2025, 10, 31))
    assert result.reports[0].verdict == "accepted"
    assert result.coverage["ENC-01"].level == "certified_with_limits"


def test_an_unaccredited_certificate_is_at_most_with_exceptions() -> None:
    assert levels(tk.iso(accreditation=None))["ENC-01"] == "certified_with_limits"


def test_a_missing_category_does_not_cover() -> None:
    result = levels(tk.soc2(categories=["security"]))
    assert result["BCK-01"] == "declared"
    assert result["ENC-01"] == "assured"


def test_an_excluded_annex_a_control_does_not_cover() -> None:
    result = grade(tk.iso(excluded_controls=["8.24"]))
    # ENC-01 names 8.24 in the certificate's own framework and the SoA excludes it: the
    # crosswalk (CC6.1) is no way round a gap in the report's own terms.
    assert result.coverage["ENC-01"].level == "declared"
    assert result.coverage["ENC-01"].uncovered == ("8.24",)
    assert result.coverage["ENC-01"].reason == "partly_covered"


# Which reports are used.


def test_only_the_reports_the_answer_lists() -> None:
    answers = {"ENC-01": {"status": "meets", "evidence": ["iso"]}}
    soc2 = tk.soc2()
    result = grade(soc2, tk.iso(), answers=answers)
    assert result.coverage["ENC-01"].reports == ("iso",)
    assert result.coverage["ENC-01"].level == "certified"


def test_all_reports_when_the_answer_lists_none() -> None:
    result = grade(tk.report("soc2_type1"), tk.iso())
    assert result.coverage["ENC-01"].level == "certified"
    assert result.coverage["ENC-01"].reports == ("iso",)


def test_the_best_report_wins() -> None:
    dented = tk.soc2(exceptions=[{"control": "CC6.1", "text": "x"}])
    # Tested with an exception still says more about operation than a certificate.
    assert levels(dented, tk.iso())["ENC-01"] == "assured_with_exceptions"
    assert levels(tk.soc2(), tk.iso())["ENC-01"] == "assured"


# ISAE reports.


def test_isae3000_type2_covers_the_frameworks_its_criteria_name() -> None:
    result = levels(tk.report("isae3000_type2", criteria=["iso27002"]))
    assert result["ENC-01"] == "assured"  # 8.24 directly
    assert result["CHG-01"] == "assured"
    assert result["BCK-01"] == "assured_with_exceptions"  # A1.2 only through intersect pairs


def test_isae3000_type2_with_soc2_criteria() -> None:
    result = levels(tk.report("isae3000_type2", criteria=["soc2"]))
    assert result["ACC-01"] == "assured"
    assert result["PRV-01"] == "assured"


def test_isae3000_type2_with_explicit_controls() -> None:
    report = tk.report("isae3000_type2", criteria=["bio"], controls={"bio": ["5.20.03"]})
    result = levels(report)
    assert result["SUP-01"] == "assured"
    assert result["ENC-01"] == "declared"


def test_isae3402_helps_only_through_its_named_it_general_controls() -> None:
    bare = levels(tk.report("isae3402_type2"))
    named = levels(tk.report("isae3402_type2", controls={"soc2": ["CC6.1"]}))
    assert set(bare.values()) == {"declared"}
    assert named["ACC-01"] == "assured_with_exceptions"  # the report is always limited
    assert named["LOG-01"] == "declared"


# The property: an exception never raises any requirement's coverage.

CONTROLS = ["CC6.1", "CC7.2", "CC8.1", "A1.2", "A1.3", "P4.1", "8.24", "8.15", "5.30", "5.20"]
CATEGORIES = ["availability", "privacy", "confidentiality"]


@st.composite
def bids(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    exceptions = st.lists(
        st.builds(lambda c: {"control": c, "text": "x"}, st.sampled_from(CONTROLS)), max_size=3
    )
    reports: list[dict[str, Any]] = []
    if draw(st.booleans()):
        reports.append(
            tk.soc2(
                categories=draw(st.lists(st.sampled_from(CATEGORIES), unique=True)),
                opinion=draw(st.sampled_from(["unqualified", "unqualified", "qualified"])),
                exceptions=draw(exceptions),
            )
        )
    if draw(st.booleans()):
        reports.append(
            tk.iso(
                excluded_controls=draw(st.lists(st.sampled_from(CONTROLS[6:]), unique=True)),
                accreditation=draw(st.sampled_from(["RvA", None])),
                exceptions=draw(exceptions),
            )
        )
    if draw(st.booleans()):
        reports.append(
            tk.report(
                draw(st.sampled_from(["isae3000_type2", "isae3402_type2", "soc2_type1"])),
                id="isae",
                criteria=draw(st.lists(st.sampled_from(["soc2", "iso27002", "bio"]), unique=True)),
                exceptions=draw(exceptions),
            )
        )
    ids = [r["id"] for r in reports]
    answers = {}
    for requirement in tk.REQUIREMENTS:
        status = draw(st.sampled_from(["meets", "partial", "fails", None]))
        if status is not None:
            evidence = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
            answers[requirement["id"]] = {"status": status, "evidence": evidence}
    return reports, answers


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_adding_an_exception_never_raises_coverage(data: st.DataObject) -> None:
    reports, answers = data.draw(bids())
    if not reports:
        return
    index = data.draw(st.integers(0, len(reports) - 1))
    control = data.draw(st.sampled_from(CONTROLS))
    worse = [dict(r) for r in reports]
    worse[index] = {
        **worse[index],
        "exceptions": [*worse[index].get("exceptions", []), {"control": control, "text": "y"}],
    }
    before = review_bid(tk.bid(*reports, answers=answers), tk.requirements(), CLOSING)
    after = review_bid(tk.bid(*worse, answers=answers), tk.requirements(), CLOSING)
    for rid, coverage in before.coverage.items():
        assert COVERAGE_LEVELS.index(after.coverage[rid].level) <= COVERAGE_LEVELS.index(
            coverage.level
        ), (rid, coverage, after.coverage[rid])


# The grades shared by the bids of one requirement list equal the rules applied cell by cell.

SHARED_REQUIREMENTS = [  # one list: its bids share grades (coverage._Shared)
    *tk.requirements(),
    # and a copy of each under another id, answered alike: cells of one bid that share a grade
    *(r.model_copy(update={"id": f"{r.id}-copy"}) for r in tk.requirements()),
]


def _plain_map(requirements, bid, evidence):
    return {r.id: coverage_module._coverage_of(r, bid, evidence) for r in requirements}


@settings(max_examples=150, deadline=None)
@given(st.lists(bids(), min_size=2, max_size=4))
def test_grades_shared_between_bids_equal_the_rules(drawn) -> None:
    """Bids whose reports share ids but differ in kind, categories, opinion, exceptions or SoA
    exclusions, reviewed one after another against the same requirement list."""
    for reports, answers in drawn:
        copies = {f"{rid}-copy": answer for rid, answer in answers.items()}
        the_bid = tk.bid(*reports, answers={**answers, **copies})
        fast = review_bid(the_bid, SHARED_REQUIREMENTS, CLOSING)
        with mock.patch.object(review_module, "coverage_map", _plain_map):
            plain = review_bid(the_bid, SHARED_REQUIREMENTS, CLOSING)
        assert fast.coverage == plain.coverage
        # the map holds each grade once; what is read once per grade equals it read per cell
        assert isinstance(fast.coverage, CoverageMap)
        assert all(cell.requirement == rid for rid, cell in fast.coverage.items())
        assert list(fast.coverage) == list(plain.coverage)
        assert fast.levels == plain.levels
        assert fast.to_json() == plain.to_json()
        assert evaluation._details(fast.coverage) == evaluation._details(plain.coverage)


def test_a_coverage_map_is_a_read_only_mapping_of_its_cells() -> None:
    """Equal to the dict of its cells (either way round), each cell named by its key, a
    requirement listed twice once (the later grade, as a dict would keep it), pickled whole."""
    again = tk.requirement("ENC-01", {"soc2": ["CC8.1"]})  # a second ENC-01, another control
    requirements = [*tk.requirements(), again]
    the_bid = tk.bid(tk.soc2(exceptions=[{"control": "CC8.1", "text": "x"}]))
    review = review_bid(the_bid, requirements, CLOSING)
    with mock.patch.object(review_module, "coverage_map", _plain_map):
        plain = review_bid(the_bid, requirements, CLOSING).coverage
    fast = review.coverage
    assert isinstance(fast, CoverageMap)
    assert fast == plain and plain == fast and dict(fast) == plain
    assert len(fast) == len(plain) == len(tk.REQUIREMENTS)
    assert fast["ENC-01"] == coverage_module._coverage_of(again, the_bid, _evidence(the_bid))
    assert fast["ENC-01"].level == review.levels["ENC-01"] == "assured_with_exceptions"
    assert "ENC-01" in fast and "NOPE" not in fast and fast.get("NOPE") is None
    with pytest.raises(KeyError):
        fast["NOPE"]
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(fast, protocol)) == fast
    assert repr(fast) == f"CoverageMap({plain!r})"


def _evidence(the_bid):
    return {
        report.id: coverage_module.report_evidence(
            report, review, review_module.carved_out_controls(report)
        )
        for report, review in zip(
            the_bid.assurance, review_bid(the_bid, [], CLOSING).reports, strict=True
        )
    }
