"""Section 7 of the award report: every finding keeps its own control and text."""

from __future__ import annotations

import copy
import hashlib
import re
from html import unescape

from conftest import TENDER, bid
from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender
from tenderkit.reporting.view import AwardReport, _grouped_flags
from tenderkit.result import Flag


def test_findings_of_one_code_are_grouped_but_each_keeps_its_own_text() -> None:
    flags = [
        Flag(code="exception", control="CC6.2", message="accounts revoked late"),
        Flag(code="category_missing", control="P4.1", message="privacy missing for P4.1"),
        Flag(code="exception", control="CC8.1", message="change approval missing"),
        Flag(code="category_missing", control="PI1.2", message="integrity missing for PI1.2"),
    ]
    rows = _grouped_flags(flags)
    assert rows == [
        ("exception", "CC6.2", "accounts revoked late", []),
        ("", "CC8.1", "change approval missing", []),
        ("category_missing", "P4.1", "privacy missing for P4.1", []),
        ("", "PI1.2", "integrity missing for PI1.2", []),
    ]


PDF = b"%PDF-1.4\n% a stand-in for the bidder's assurance report\n"


def assurance_section(make_tender, language: str = "nl") -> str:
    """Section 7 of a tender where Alpha's report names its PDF and the pages of its findings,
    and Beta's report, with the same exception, names no PDF."""
    exception = {"control": "CC6.2", "text": "Accounts van vertrokken medewerkers bleven actief."}
    alpha = bid("Alpha BV", 400000)
    alpha["assurance"][0] |= {
        "exceptions": [exception, {"control": "CC8.1", "text": "Wijziging niet goedgekeurd."}],
        "cuecs": ["De klant beheert zijn eigen gebruikers."],
        "source": {
            "file": "reports/alpha-soc2.pdf",
            "sha256": hashlib.sha256(PDF).hexdigest(),
            "pages": {"exceptions[0]": [8], "exceptions[1]": [8, 9], "period": [1]},
        },
    }
    beta = bid("Beta NV", 350000)
    beta["assurance"][0]["exceptions"] = [exception]
    folder = make_tender(
        tender={**copy.deepcopy(TENDER), "language": language},
        bids={"alpha": alpha, "beta": beta},
    )
    (folder / "reports").mkdir()
    (folder / "reports" / "alpha-soc2.pdf").write_bytes(PDF)
    tender = load_tender(folder)
    section = str(AwardReport(tender, evaluate(tender, sensitivity=False)).assurance())
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", section)))


def test_each_finding_cites_the_report_pages_it_rests_on(make_tender) -> None:
    text = assurance_section(make_tender)
    alpha, beta = text.split("Beta NV", 1)
    assert re.search(
        r"CC6\.2 Afwijking bij CC6\.2: [^(]*\(bevinding [^)]*\)\.[^(]*\(rapport p\. 8\)", alpha
    )
    assert re.search(
        r"CC8\.1 Afwijking bij CC8\.1: [^(]*\(bevinding [^)]*\)\.[^(]*\(rapport pp\. 8-9\)", alpha
    )
    # the source names no page for the CUECs: that finding cites none
    assert alpha.count("rapport p") == 2
    # the same exception in a report without a source: no page at all
    assert "Accounts van vertrokken medewerkers bleven actief." in beta
    assert "rapport p" not in beta


def test_the_citation_in_english(make_tender) -> None:
    text = assurance_section(make_tender, language="en")
    assert "(report p. 8)" in text and "(report pp. 8-9)" in text
