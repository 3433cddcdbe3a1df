"""Buyer obligations: CUECs and carved-out parties, from the reports that count, de-duplicated."""

from __future__ import annotations

import datetime as dt
from typing import Any

import assurance_builders as tk

from tenderkit.assurance import Obligation, review_bid

CLOSING = dt.date(2026, 10, 15)


def review(*reports: dict[str, Any], language: str = "nl") -> Any:
    return review_bid(tk.bid(*reports), tk.requirements(), CLOSING, language)


def test_cuecs_are_collected_and_deduplicated_across_reports() -> None:
    result = review(
        tk.soc2(cuecs=["Beheer de  gebruikersaccounts\nzelf.", "Meld incidenten binnen 24 uur."]),
        tk.iso(cuecs=["beheer de gebruikersaccounts zelf.", "Bewaar de sleutels."]),
    )
    assert result.buyer_obligations == (
        "Beheer de gebruikersaccounts zelf.",
        "Meld incidenten binnen 24 uur.",
        "Bewaar de sleutels.",
    )
    assert result.obligations[0] == Obligation(
        kind="cuec", text="Beheer de gebruikersaccounts zelf.", report="soc2", owner="buyer"
    )
    assert result.obligations[2].report == "iso"


def test_limited_reports_count_and_rejected_ones_do_not() -> None:
    result = review(
        tk.soc2(management_assertion=False, cuecs=["Uit een beperkt rapport."]),
        tk.soc2(id="bad", opinion="adverse", cuecs=["Uit een afgekeurd rapport."]),
    )
    assert result.buyer_obligations == ("Uit een beperkt rapport.",)


def test_carve_out_without_own_report_asks_for_one() -> None:
    sub = {"name": "Hoster BV", "method": "carve_out", "service": "hosting"}
    nl = review(tk.soc2(subservice=[sub]))
    en = review(tk.soc2(subservice=[sub]), language="en")
    assert nl.obligations[0].kind == "carve_out"
    assert nl.obligations[0].report == "soc2"
    assert "Vraag het eigen SOC 2 Type II-rapport" in nl.buyer_obligations[0]
    assert "Hoster BV" in nl.buyer_obligations[0]
    assert "(dienst: hosting)" in nl.buyer_obligations[0]
    assert "Ask Hoster BV (service: hosting)" in en.buyer_obligations[0]


def test_carve_out_with_own_report_asks_to_review_it() -> None:
    sub = {"name": "Hoster BV", "method": "carve_out", "report": "hoster", "service": "hosting"}
    result = review(tk.soc2(subservice=[sub]), tk.soc2(id="hoster"))
    assert len(result.obligations) == 1
    assert "hoster" in result.buyer_obligations[0]
    assert result.buyer_obligations[0].startswith("Beoordeel")


def test_carve_out_without_service_says_so() -> None:
    result = review(tk.soc2(subservice=[{"name": "Hoster BV", "method": "carve_out"}]))
    assert "(dienst: niet vermeld)" in result.buyer_obligations[0]


def test_the_same_party_carved_out_twice_is_one_obligation() -> None:
    sub = {"name": "Hoster BV", "method": "carve_out", "service": "hosting"}
    twin = {"name": "hoster  bv", "method": "carve_out", "service": "hosting"}
    result = review(tk.soc2(subservice=[sub]), tk.iso(subservice=[twin]))
    assert [o.kind for o in result.obligations] == ["carve_out"]


def test_inclusive_subservice_creates_no_obligation() -> None:
    result = review(tk.soc2(subservice=[{"name": "Hoster BV", "method": "inclusive"}]))
    assert result.obligations == ()


def test_obligations_are_json_ready() -> None:
    result = review(tk.soc2(cuecs=["Doe iets."]))
    assert result.obligations[0].to_json() == {
        "kind": "cuec",
        "text": "Doe iets.",
        "report": "soc2",
        "owner": "buyer",
    }
    assert result.to_json()["buyer_obligations"] == ["Doe iets."]
