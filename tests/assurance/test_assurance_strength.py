"""The strength model: what each report kind can attest, and what no report attests.

Small tenders that isolate one rule each: an ISO-only bid with contract-term requirements, an SoA
exclusion, a carve-out of the hosting party, a failed machine check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import assurance_builders as tk
import pytest

from tenderkit.assurance import review_bid
from tenderkit.assurance.strength import nature_of, strength_model, subservice_controls
from tenderkit.formats.bid import Bid, Subservice
from tenderkit.formats.requirement_set import Requirement

CLOSING = dt.date(2026, 10, 15)


def requirement(rid: str, **fields: Any) -> Requirement:
    return Requirement.model_validate(
        {"id": rid, "title": rid, "text": "Testeis.", "kind": "knockout", **fields}
    )


def bid(*reports: dict[str, Any], ids: list[str], facts: dict[str, Any] | None = None, **kw) -> Bid:
    answers = kw.pop("answers", None) or {rid: {"status": "meets"} for rid in ids}
    return Bid.model_validate(
        {
            "tenderkit": 1,
            "bidder": "Leverancier BV",
            "price": 1,
            "facts": facts or {},
            "answers": answers,
            "assurance": list(reports),
        }
    )


def coverage(requirements: list[Requirement], *reports: dict[str, Any], **kw: Any):
    the_bid = bid(*reports, ids=[r.id for r in requirements], **kw)
    return review_bid(the_bid, requirements, CLOSING).coverage


# 1. Evidence strength by report kind and requirement nature.

CONTRACT_TERMS = [
    requirement("LEG-01", theme="legal", controls={"iso27001": ["5.20", "5.34"]}),
    requirement(
        "PRV-02",
        theme="privacy",
        nature="fact",
        controls={"iso27001": ["5.23", "5.34"]},
        check={"fact": "data_locations", "op": "subset", "value": ["NL", "DE"]},
    ),
    requirement(
        "PRV-03",
        theme="privacy",
        nature="contract",
        controls={"iso27001": ["5.24", "5.26"], "soc2": ["CC7.3", "CC7.4"]},
        check={"fact": "breach_notification_hours", "op": "<=", "value": 24},
    ),
    requirement("ENC-01", theme="data-protection", controls={"iso27001": ["8.24"]}),
]


def test_an_iso_only_bid_never_assures_a_contract_term_or_an_offered_fact() -> None:
    facts = {"data_locations": ["NL"], "breach_notification_hours": 24}
    result = coverage(CONTRACT_TERMS, tk.iso(), facts=facts)
    assert result["LEG-01"].level == "committed"
    assert result["LEG-01"].reason == "contract"
    assert result["PRV-02"].level == "committed"
    assert result["PRV-02"].reason == "fact"
    assert result["PRV-03"].level == "committed"
    # A control requirement the certificate covers is certified: not tested per control.
    assert result["ENC-01"].level == "certified"
    assert result["ENC-01"].reports == ("iso",)


def test_a_soc2_type2_does_not_attest_a_contract_term_either() -> None:
    facts = {"data_locations": ["NL"], "breach_notification_hours": 24}
    result = coverage(CONTRACT_TERMS, tk.soc2(), facts=facts)
    assert result["PRV-03"].level == "committed"
    assert result["LEG-01"].level == "committed"


def test_a_contract_term_whose_checked_fact_is_missing_is_only_declared() -> None:
    result = coverage(CONTRACT_TERMS, tk.iso(), facts={"data_locations": ["NL"]})
    assert result["PRV-03"].level == "declared"
    assert result["PRV-03"].reason == "check_missing"


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        ("soc2_type2", "assured"),
        ("isae3000_type2", "assured"),
        ("iso27001", "certified"),
        ("soc2_type1", "design_only"),
        ("isae3000_type1", "design_only"),
        ("soc3", "declared"),
    ],
)
def test_each_report_kind_gives_its_own_strength(kind: str, level: str) -> None:
    report = tk.report(kind, criteria=["iso27002"], controls={"soc2": ["CC6.1"]})
    if kind == "iso27001":
        report.pop("controls")
    if kind.startswith("isae"):
        report["controls"] = {"iso27001": ["8.24"]}
    target = requirement("ENC-01", controls={"iso27001": ["8.24"], "soc2": ["CC6.1"]})
    assert coverage([target], report)["ENC-01"].level == level


def test_every_report_kind_has_a_strength_and_themes_a_nature() -> None:
    model = strength_model()
    assert model.kinds["iso27001"] == "certified"
    assert nature_of(requirement("X", theme="legal")) == "contract"
    assert nature_of(requirement("X", theme="service-levels")) == "fact"
    assert nature_of(requirement("X", theme="access")) == "control"
    assert nature_of(requirement("X", theme="legal", nature="control")) == "control"


# 2. All that the requirement relies on: the SoA's exclusions count.

PHYSICAL = requirement(
    "PHY-01",
    theme="infrastructure",
    controls={"iso27001": ["7.1", "7.2", "7.4", "7.5", "7.11"], "soc2": ["CC6.4", "A1.2"]},
)


def test_an_soa_exclusion_of_one_relied_on_control_uncovers_the_requirement() -> None:
    cert = tk.iso(excluded_controls=["7.1", "7.2", "7.4", "8.30"])
    result = coverage([PHYSICAL], cert)["PHY-01"]
    assert result.level == "declared"
    assert result.uncovered == ("7.1", "7.2", "7.4")
    assert result.gaps == (("excluded", ("7.1", "7.2", "7.4")),)
    assert result.reports == ()


def test_without_exclusions_the_same_certificate_certifies_it() -> None:
    assert coverage([PHYSICAL], tk.iso(excluded_controls=["8.30"]))["PHY-01"].level == "certified"


def test_a_soc2_report_without_the_availability_category_does_not_cover_a1() -> None:
    result = coverage([PHYSICAL], tk.soc2(categories=["security"]))["PHY-01"]
    assert result.level == "declared"
    assert result.uncovered == ("A1.2",)
    assert result.gaps == (("category", ("A1.2",)),)


# 3. Carve-outs: the hosting party's controls are not covered by the report.

HOSTER = {"name": "Hosting NV", "method": "carve_out", "service": "IaaS-hosting en datacenters"}


def test_a_carved_out_hosting_party_leaves_physical_security_uncovered() -> None:
    report = tk.soc2(subservice=[HOSTER])
    others = requirement("ENC-01", controls={"soc2": ["CC6.1"]})
    result = coverage([PHYSICAL, others], report)
    assert result["PHY-01"].level == "declared"
    assert set(result["PHY-01"].uncovered) == {"CC6.4", "A1.2"}
    assert [gap for gap, _ in result["PHY-01"].gaps] == ["carved_out"]
    # What the provider does itself stays covered (with exceptions: the carve-out limits it).
    assert result["ENC-01"].level == "assured_with_exceptions"


def test_the_hosting_partys_own_report_covers_what_was_carved_out() -> None:
    main = tk.soc2(subservice=[{**HOSTER, "report": "host-soc2"}])
    host = tk.soc2(id="host-soc2")
    result = coverage([PHYSICAL], main, host)["PHY-01"]
    assert result.level == "assured"
    assert result.reports == ("host-soc2",)


def test_an_inclusive_hosting_party_is_covered_by_the_report() -> None:
    report = tk.soc2(subservice=[{**HOSTER, "method": "inclusive"}])
    assert coverage([PHYSICAL], report)["PHY-01"].level == "assured"


def test_the_bid_may_name_the_controls_of_a_subservice_organisation() -> None:
    sub = Subservice.model_validate(
        {"name": "Mail BV", "method": "carve_out", "controls": {"soc2": ["CC6.7"]}}
    )
    assert subservice_controls(sub) == {"soc2": frozenset({"CC6.7"})}
    mail = Subservice.model_validate({"name": "Mail BV", "method": "carve_out", "service": "mail"})
    assert subservice_controls(mail) == {}


# 4. Contradictions: a failed check or a `fails` answer is never covered.


def test_a_failed_check_is_never_covered_by_any_report() -> None:
    notice = requirement(
        "PRV-03",
        controls={"iso27001": ["5.24", "5.26"], "soc2": ["CC7.3", "CC7.4"]},
        check={"fact": "breach_notification_hours", "op": "<=", "value": 24},
    )
    result = coverage([notice], tk.soc2(), facts={"breach_notification_hours": 72})["PRV-03"]
    assert result.level == "none"
    assert result.reason == "check_failed"
    passing = coverage([notice], tk.soc2(), facts={"breach_notification_hours": 24})["PRV-03"]
    assert passing.level == "assured"


def test_a_fails_answer_is_never_covered() -> None:
    target = requirement("ENC-01", controls={"soc2": ["CC6.1"]})
    answers = {"ENC-01": {"status": "fails", "evidence": ["soc2"]}}
    result = coverage([target], tk.soc2(), answers=answers)["ENC-01"]
    assert (result.level, result.reason) == ("none", "fails")
