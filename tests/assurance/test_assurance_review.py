"""Report verdicts and flags: one case per flag code, and the boundaries of every threshold."""

from __future__ import annotations

import datetime as dt
from typing import Any

import assurance_builders as tk
import pytest

from tenderkit.assurance import FLAG_CODES, ReportReview, review_bid, review_report
from tenderkit.formats.bid import Bid

CLOSING = dt.date(2026, 10, 15)


def review(report: dict[str, Any], *others: dict[str, Any], **kw: Any) -> ReportReview:
    """Review the first report of a bid holding `report` and `others`."""
    the_bid: Bid = kw.pop("bid", None) or tk.bid(report, *others)
    closing = kw.pop("closing", CLOSING)
    return review_report(
        the_bid.assurance[0], the_bid, kw.pop("requirements", tk.requirements()), closing, **kw
    )


# code -> (builder name, changes, expected control of the flag, expected verdict)
CASES: dict[str, tuple[str, dict[str, Any], str | None, str]] = {
    "type1_only": ("soc2_type1", {}, None, "limited"),
    "period_too_short": (
        "soc2_type2",
        {"period": {"start": "2026-01-01", "end": "2026-06-29"}},
        None,
        "limited",
    ),
    "stale": (
        "soc2_type2",
        {"period": {"start": "2024-07-01", "end": "2025-06-30"}},
        None,
        "limited",
    ),
    "bridge_gap": (
        "soc2_type2",
        {
            "period": {"start": "2025-04-01", "end": "2026-03-31"},
            "bridge_letter_until": "2026-07-15",
        },
        None,
        "limited",
    ),
    "opinion_qualified": ("soc2_type2", {"opinion": "qualified"}, None, "limited"),
    "opinion_adverse": ("soc2_type2", {"opinion": "adverse"}, None, "rejected"),
    "opinion_disclaimer": ("soc2_type2", {"opinion": "disclaimer"}, None, "rejected"),
    "no_management_assertion": ("soc2_type2", {"management_assertion": False}, None, "limited"),
    "scope_mismatch": ("soc2_type2", {"covers_offered_service": False}, None, "rejected"),
    "category_missing": ("soc2_type2", {"categories": ["security"]}, "A1.2", "accepted"),
    "carve_out_unreported": (
        "soc2_type2",
        {"subservice": [{"name": "Hoster BV", "method": "carve_out", "service": "hosting"}]},
        None,
        "limited",
    ),
    "exception": (
        "soc2_type2",
        {"exceptions": [{"control": "CC6.1", "text": "2 van 25 wijzigingen zonder akkoord"}]},
        "CC6.1",
        "accepted",
    ),
    "cert_expired": ("iso27001", {"valid_until": "2026-10-14"}, None, "rejected"),
    "cert_not_accredited": ("iso27001", {"accreditation": None}, None, "limited"),
    "iso_2013_withdrawn": ("iso27001", {"standard_version": "2013"}, None, "rejected"),
    "control_excluded": ("iso27001", {"excluded_controls": ["8.24"]}, "8.24", "accepted"),
    "soc3_summary_only": ("soc3", {}, None, "limited"),
    "isae3402_financial_scope": ("isae3402_type2", {}, None, "limited"),
    "cuecs": ("soc2_type2", {"cuecs": ["Beheer zelf de gebruikersaccounts."]}, None, "accepted"),
}


def test_every_flag_code_has_a_case() -> None:
    assert sorted(CASES) == sorted(FLAG_CODES)


@pytest.mark.parametrize("code", list(CASES))
def test_flag_code(code: str) -> None:
    kind, changes, control, verdict = CASES[code]
    result = review(tk.report(kind, **changes))
    assert set(result.codes) == {code}, result.codes
    flag = next(f for f in result.flags if f.code == code)
    assert flag.control == control
    assert flag.message
    assert result.verdict == verdict


@pytest.mark.parametrize("kind", ["soc2_type2", "isae3000_type2", "iso27001"])
def test_a_clean_report_is_accepted_without_flags(kind: str) -> None:
    changes = {"criteria": ["bio"]} if kind == "isae3000_type2" else {}
    result = review(tk.report(kind, **changes))
    assert result.flags == ()
    assert result.verdict == "accepted"
    assert result.operating_effectiveness


@pytest.mark.parametrize(
    ("kind", "operating"),
    [
        ("soc2_type1", False),
        ("isae3000_type1", False),
        ("isae3402_type1", False),
        ("soc3", False),
        ("soc2_type2", True),
        ("isae3402_type2", True),
        ("iso27001", True),
    ],
)
def test_operating_effectiveness_by_kind(kind: str, operating: bool) -> None:
    assert review(tk.report(kind)).operating_effectiveness is operating


def test_to_json_has_exactly_the_result_json_keys() -> None:
    result = review(tk.soc2(exceptions=[{"control": "CC7.2", "text": "log niet bekeken"}]))
    data = result.to_json()
    assert list(data) == ["report", "verdict", "flags"]
    assert data["report"] == "soc2"
    assert data["verdict"] == "accepted"
    # FORMATS.md's three keys, then the extension `pages` (docs/formats.md): none known here
    assert list(data["flags"][0]) == ["code", "control", "message", "pages"]
    assert data["flags"][0]["pages"] == []
    assert data["flags"][0]["code"] == "exception"
    assert data["flags"][0]["control"] == "CC7.2"


def test_several_flags_and_the_heaviest_wins() -> None:
    result = review(
        tk.soc2(opinion="adverse", management_assertion=None, cuecs=["x"]),
    )
    assert result.codes == ("opinion_adverse", "no_management_assertion", "cuecs")
    assert result.verdict == "rejected"


def test_absent_management_assertion_is_flagged() -> None:
    data = tk.soc2()
    del data["management_assertion"]
    assert review(data).codes == ("no_management_assertion",)


def test_management_assertion_is_not_asked_of_an_iso_certificate() -> None:
    assert "no_management_assertion" not in review(tk.iso()).codes


def test_one_exception_flag_per_exception() -> None:
    result = review(
        tk.soc2(
            exceptions=[
                {"control": "CC6.1", "text": "a"},
                {"control": "CC6.1", "text": "b"},
                {"control": "CC8.1", "text": "c"},
            ]
        ),
    )
    assert [(f.code, f.control) for f in result.flags] == [
        ("exception", "CC6.1"),
        ("exception", "CC6.1"),
        ("exception", "CC8.1"),
    ]


def test_scope_mismatch_names_what_the_report_examined() -> None:
    result = review(
        tk.soc2(covers_offered_service=False, scope={"services": ["Salarisadministratie"]})
    )
    assert "Salarisadministratie" in result.flags[0].message


# Period length: "six months" = end on or after start + 6 calendar months - 1 day.


@pytest.mark.parametrize(
    ("start", "end", "short"),
    [
        ("2026-01-01", "2026-06-30", False),  # exactly six months
        ("2026-01-01", "2026-06-29", True),  # one day shorter
        ("2025-10-16", "2026-04-15", False),  # exactly six months across a year end
        ("2025-10-16", "2026-04-14", True),
        ("2025-08-31", "2026-02-27", False),  # 31 August + 6 months = 28 February (clipped)
        ("2025-08-31", "2026-02-26", True),
    ],
)
def test_period_of_six_months_boundary(start: str, end: str, short: bool) -> None:
    result = review(tk.soc2(period={"start": start, "end": end}))
    assert ("period_too_short" in result.codes) is short


# Staleness: the period end lies more than twelve months before closing (15 October 2026).


@pytest.mark.parametrize(
    ("end", "stale"),
    [("2025-10-15", False), ("2025-10-14", True)],
)
def test_period_ending_exactly_twelve_months_before_closing(end: str, stale: bool) -> None:
    result = review(tk.soc2(period={"start": "2024-10-15", "end": end}))
    assert ("stale" in result.codes) is stale


def test_twelve_months_before_a_leap_day_closing() -> None:
    # 29 February 2028 - 12 months = 28 February 2027 (clipped).
    closing = dt.date(2028, 2, 29)
    ok = review(tk.soc2(period={"start": "2026-02-28", "end": "2027-02-28"}), closing=closing)
    old = review(tk.soc2(period={"start": "2026-02-27", "end": "2027-02-27"}), closing=closing)
    assert "stale" not in ok.codes
    assert "stale" in old.codes


def test_a_bridge_letter_reaching_closing_removes_stale_but_is_a_bridge_gap() -> None:
    result = review(
        tk.soc2(
            period={"start": "2024-07-01", "end": "2025-06-30"}, bridge_letter_until="2026-10-15"
        ),
    )
    assert result.codes == ("bridge_gap",)
    assert result.verdict == "limited"


def test_a_bridge_letter_short_of_closing_leaves_stale_and_says_so() -> None:
    result = review(
        tk.soc2(
            period={"start": "2024-07-01", "end": "2025-06-30"}, bridge_letter_until="2025-09-30"
        ),
    )
    assert result.codes == ("stale",)
    assert "30 september 2025" in result.flags[0].message


# Bridge letters: at most three calendar months after the period end.


@pytest.mark.parametrize(
    ("end", "bridge", "gap"),
    [
        ("2025-12-31", "2026-03-31", False),  # exactly three months
        ("2025-12-31", "2026-04-01", True),  # one day longer
        ("2025-11-30", "2026-02-28", False),  # 30 November + 3 months = 28 February
        ("2025-11-30", "2026-03-01", True),
    ],
)
def test_bridge_letter_of_three_months_boundary(end: str, bridge: str, gap: bool) -> None:
    start = "2025-01-01"
    result = review(tk.soc2(period={"start": start, "end": end}, bridge_letter_until=bridge))
    assert ("bridge_gap" in result.codes) is gap
    assert "stale" not in result.codes


# ISO 27001:2013: valid through 31 October 2025, invalid from 1 November 2025.


@pytest.mark.parametrize(
    ("closing", "withdrawn"),
    [(dt.date(2025, 10, 31), False), (dt.date(2025, 11, 1), True)],
)
def test_iso_2013_certificate_around_the_withdrawal_date(closing: dt.date, withdrawn: bool) -> None:
    cert = tk.iso(standard_version="2013", last_audit="2025-05-01", valid_until="2026-05-01")
    result = review(cert, closing=closing)
    assert ("iso_2013_withdrawn" in result.codes) is withdrawn
    assert result.verdict == ("rejected" if withdrawn else "accepted")


def test_iso_2013_message_names_the_last_valid_day() -> None:
    result = review(tk.iso(standard_version=2013), language="en")
    assert "31 October 2025" in result.flags[0].message  # as every English date of tenderkit


@pytest.mark.parametrize(("valid_until", "expired"), [("2026-10-15", False), ("2026-10-14", True)])
def test_certificate_valid_until_closing_day_is_not_expired(
    valid_until: str, expired: bool
) -> None:
    result = review(tk.iso(valid_until=valid_until))
    assert ("cert_expired" in result.codes) is expired


@pytest.mark.parametrize(("last_audit", "stale"), [("2025-10-15", False), ("2025-10-14", True)])
def test_iso_last_audit_twelve_months_boundary(last_audit: str, stale: bool) -> None:
    result = review(tk.iso(last_audit=last_audit))
    assert ("stale" in result.codes) is stale


def test_an_old_issue_date_alone_does_not_make_a_certificate_stale() -> None:
    cert = tk.iso(issued="2020-01-01", valid_until="2027-01-01")
    del cert["last_audit"]
    assert review(cert).flags == ()


def test_empty_accreditation_counts_as_not_accredited() -> None:
    assert review(tk.iso(accreditation="  ")).codes == ("cert_not_accredited",)


# Requirement-dependent flags only for requirements the report is offered for.


def test_category_missing_names_the_requirements_once_per_criterion() -> None:
    reqs = [
        tk.requirement("BCK-01"),
        tk.requirement("BCK-02", {"soc2": ["A1.2", "CC7.5"]}),
        tk.requirement("PRV-01"),
    ]
    answers = {r.id: {"status": "meets"} for r in reqs}
    the_bid = tk.bid(tk.soc2(categories=["security"]), answers=answers)
    result = review({}, bid=the_bid, requirements=reqs)
    assert [(f.code, f.control) for f in result.flags] == [
        ("category_missing", "A1.2"),
        ("category_missing", "P4.1"),
    ]
    assert "BCK-01, BCK-02" in result.flags[0].message
    assert "beschikbaarheid" in result.flags[0].message


def test_category_missing_only_where_the_report_is_offered() -> None:
    answers = {
        "BCK-01": {"status": "meets", "evidence": ["iso"]},
        "PRV-01": {"status": "fails"},
    }
    the_bid = tk.bid(tk.soc2(categories=["security"]), tk.iso(), answers=answers)
    assert review({}, bid=the_bid).flags == ()


def test_control_excluded_only_for_controls_a_requirement_relies_on() -> None:
    result = review(tk.iso(excluded_controls=["8.24", "7.4"]))
    assert [(f.code, f.control) for f in result.flags] == [("control_excluded", "8.24")]
    assert "ENC-01" in result.flags[0].message


def test_carve_out_with_its_own_report_in_the_bid_is_not_flagged() -> None:
    main = tk.soc2(subservice=[{"name": "Hoster", "method": "carve_out", "report": "hoster"}])
    hoster = tk.soc2(id="hoster")
    assert review(main, hoster).flags == ()


def test_inclusive_subservice_is_not_flagged() -> None:
    main = tk.soc2(subservice=[{"name": "Hoster", "method": "inclusive"}])
    assert review(main).flags == ()


def test_carve_out_naming_a_report_not_in_the_bid_is_flagged() -> None:
    main = tk.soc2(subservice=[{"name": "Hoster", "method": "carve_out", "report": "elders"}])
    assert review(main).codes == ("carve_out_unreported",)


# Language and determinism.


def test_messages_follow_the_tender_language() -> None:
    nl = review(tk.report("soc2_type1"))
    en = review(tk.report("soc2_type1"), language="en")
    assert "30 juni 2026" in nl.flags[0].message
    assert "30 June 2026" in en.flags[0].message
    assert nl.flags[0].message != en.flags[0].message


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'nl' or 'en'"):
        review(tk.soc2(), language="de")


def test_review_is_deterministic() -> None:
    data = tk.soc2(
        opinion="qualified",
        exceptions=[{"control": "CC6.1", "text": "x"}],
        cuecs=["a", "b"],
        subservice=[{"name": "H", "method": "carve_out"}],
    )
    the_bid = tk.bid(data, tk.iso(excluded_controls=["8.24"]))
    first = review_bid(the_bid, tk.requirements(), CLOSING)
    second = review_bid(the_bid, tk.requirements(), CLOSING)
    assert first == second
    assert first.to_json() == second.to_json()


def test_review_bid_reviews_every_report_in_bid_order() -> None:
    the_bid = tk.bid(tk.iso(), tk.soc2(opinion="adverse"), tk.report("soc3"))
    result = review_bid(the_bid, tk.requirements(), CLOSING)
    assert [(r.report, r.verdict) for r in result.reports] == [
        ("iso", "accepted"),
        ("soc2", "rejected"),
        ("soc3", "limited"),
    ]
    assert result.report("soc2").codes == ("opinion_adverse",)
    assert result.to_json()["assurance"][1]["verdict"] == "rejected"
