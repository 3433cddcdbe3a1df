"""Measures chosen by fit: a Type I bid, an ISO-only bid, a stale or old Type II, data in the US.

Small bids that isolate one situation each; the register must pick the measure that answers it
(and say why a cheaper one was not), and say who acts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tenderkit import catalogues
from tenderkit.assurance import review_bid
from tenderkit.formats.bid import Bid
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.risk import assess_bid
from tenderkit.risk.inherent import level
from tenderkit.risk.measures import choose_measures, fit_of
from tenderkit.risk.register import explain_choice
from tenderkit.risk.situations import situations_of

CLOSING = dt.date(2026, 10, 15)

SET = RequirementSet.model_validate(
    {
        "tenderkit": 1,
        "id": "fit",
        "title": "Fit",
        "classification": {"confidentiality": 3, "integrity": 3, "availability": 2},
        "risk_appetite": 6,
        "criteria": [{"id": "K1", "title": "Beveiliging", "weight": 1}],
        "requirements": [
            {
                "id": "ASS-01",
                "title": "Type II",
                "text": "Een Type II-rapport.",
                "theme": "assurance",
                "kind": "scored",
                "criterion": "K1",
                "risks": ["R-NO-PROOF"],
            },
            {
                "id": "LOC-01",
                "title": "EER",
                "text": "Gegevens in de EER.",
                "theme": "privacy",
                "nature": "fact",
                "kind": "scored",
                "criterion": "K1",
                "risks": ["R-LOCATION"],
                "check": {"fact": "data_locations", "op": "subset", "value": ["NL", "DE"]},
            },
        ],
    }
)


def soc2(kind: str = "soc2_type2", end: str = "2026-08-31", **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "r1",
        "kind": kind,
        "issuer": "Audit BV",
        "issued": "2026-09-15",
        "opinion": "unqualified",
        "categories": ["security"],
        "management_assertion": True,
    }
    if kind.endswith("type1"):
        data["as_of"] = end
    else:
        year, rest = end.split("-", 1)
        data["period"] = {"start": f"{int(year) - 1}-{rest}", "end": end}
    data.update(changes)
    return data


ISO = {
    "id": "iso",
    "kind": "iso27001",
    "issuer": "Cert BV",
    "issued": "2025-01-01",
    "standard_version": "2022",
    "accreditation": "RvA",
    "valid_until": "2028-01-01",
    "last_audit": "2026-03-01",
}


def bid(*reports: dict[str, Any], status: str = "partial", locations=("NL",), subs=()) -> Bid:
    return Bid.model_validate(
        {
            "tenderkit": 1,
            "bidder": "Leverancier BV",
            "price": 1,
            "facts": {"data_locations": list(locations)},
            "subprocessors": [{"name": n, "country": c, "service": "x"} for n, c in subs],
            "answers": {"ASS-01": {"status": status}, "LOC-01": {"status": "meets"}},
            "assurance": list(reports),
        }
    )


def register(the_bid: Bid):
    review = review_bid(the_bid, SET, CLOSING)
    risk = assess_bid(
        the_bid, SET, dict(review.levels), review.obligations, reviews=review.reports,
        closing=CLOSING,
    )  # fmt: skip
    return {r.id: r for r in risk.risks}, risk, situations_of(the_bid, review.reports, CLOSING)


def test_a_short_gap_after_a_type2_period_is_bridged_by_a_letter() -> None:
    risks, _, situations = register(bid(soc2(end="2026-08-31")))
    assert "tested_report_bridgeable" in situations
    assert "M-BRIDGE-LETTER" in risks["R-NO-PROOF"].measures
    assert "M-EXTRA-REPORT" not in risks["R-NO-PROOF"].measures


def test_a_type1_bid_gets_no_bridge_letter_but_a_type2_report() -> None:
    risks, _, situations = register(bid(soc2("soc2_type1", end="2026-06-30")))
    assert "no_tested_report" in situations
    assert "tested_report_bridgeable" not in situations
    chosen = risks["R-NO-PROOF"]
    assert "M-BRIDGE-LETTER" not in chosen.measures
    assert "M-EXTRA-REPORT" in chosen.measures
    why = " ".join(chosen.rationale)
    bridge = catalogues.measures()["M-BRIDGE-LETTER"].title.get("nl")
    assert f"{bridge} (inspanning in mensdagen" in why and "niet gekozen" in why


def test_an_iso_only_bid_gets_no_bridge_letter() -> None:
    risks, _, _ = register(bid(ISO))
    assert "M-BRIDGE-LETTER" not in risks["R-NO-PROOF"].measures
    assert "M-EXTRA-REPORT" in risks["R-NO-PROOF"].measures


def test_a_period_that_ended_too_long_ago_to_bridge_is_not_bridged() -> None:
    # Ended 5.5 months before closing: the review's bridge rule allows three months at most.
    risks, _, situations = register(bid(soc2(end="2026-04-30")))
    assert "tested_report_bridgeable" not in situations
    assert "tested_report_weak" in situations
    assert "M-BRIDGE-LETTER" not in risks["R-NO-PROOF"].measures


def test_a_stale_type2_gets_a_new_report_not_a_letter() -> None:
    risks, _, situations = register(bid(soc2(end="2025-06-30")))
    assert "tested_report_weak" in situations
    assert "M-EXTRA-REPORT" in risks["R-NO-PROOF"].measures
    assert "M-BRIDGE-LETTER" not in risks["R-NO-PROOF"].measures


def test_data_in_the_us_gets_standard_clauses_with_a_transfer_assessment() -> None:
    risks, _, situations = register(
        bid(soc2(), locations=("NL", "US"), subs=[("Backup Inc.", "US")])
    )
    assert "data_outside_eea" in situations
    assert "M-SCC-TIA" in risks["R-LOCATION"].measures


def test_the_measure_on_the_cause_beats_a_cheaper_one_that_also_reaches_the_appetite() -> None:
    # Skyline's case: R-LOCATION at 3 x 4 with appetite 9. Prior consent for sub-processors (one
    # day) would bring it to 8, but only the clauses with a transfer assessment act on the cause.
    pool = catalogues.measures()
    candidates = [pool["M-SCC-TIA"], pool["M-SUBPROC-APPROVAL"]]
    choice = choose_measures("R-LOCATION", level(3, 4), 9, candidates)
    assert [m.id for m in choice.measures] == ["M-SCC-TIA"]
    lines = explain_choice("R-LOCATION", choice, candidates, bid(locations=("US",)), set(), "en")
    # the measures by their names, as a reader knows them (the ids are the register's columns)
    scc, approval = (m.title.get("en") for m in candidates)
    assert lines[0].startswith(f"{scc} chosen") and "acts on the cause" in lines[0]
    assert "within the published draft contract" in lines[0]
    assert lines[1].startswith(f"{approval} (effort in person-days: 1) not chosen")
    assert "does not act on the cause" in lines[1]


def test_data_in_the_eea_makes_the_clauses_unnecessary() -> None:
    measure = catalogues.measures()["M-SCC-TIA"]
    the_bid = bid(soc2(), locations=("NL",))
    assert fit_of(measure, the_bid.facts, {"data_outside_eea"}) == "unnecessary"
    assert fit_of(measure, bid(soc2(), locations=("US",)).facts, set()) == "not_applicable"


def test_who_acts_on_each_measure_and_the_draft_contract_limit() -> None:
    risks, risk, _ = register(bid(soc2(end="2025-06-30"), locations=("US",)))
    acts = {a.id: a.acts for a in risk.actions if a.kind == "measure"}
    assert acts["M-SCC-TIA"] == "supplier_agreement"
    assert acts["M-EXTRA-REPORT"] == "supplier_agreement"
    assert "conceptovereenkomst" in " ".join(risks["R-LOCATION"].rationale)
    own = [a for a in risk.actions if a.kind == "measure" and a.owner == "buyer"]
    assert all(a.acts == "buyer" for a in own)


def test_without_situations_a_situation_bound_measure_is_never_proposed() -> None:
    measure = catalogues.measures()["M-BRIDGE-LETTER"]
    assert fit_of(measure, bid().facts, None) == "not_applicable"
