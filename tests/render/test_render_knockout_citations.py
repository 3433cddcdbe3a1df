"""A knock-out reason that names a finding cites the page of the report's PDF it rests on, when
the bid's assurance entry says it (source.pages), and never otherwise."""

from __future__ import annotations

import copy
import hashlib
import re
from html import unescape
from pathlib import Path

from conftest import TENDER, bid
from tenderkit.evaluation import evaluate
from tenderkit.formats.folder_edits import write_lock
from tenderkit.loader import load_tender
from tenderkit.render.letters import letters

PDF = b"%PDF-1.4\n% a stand-in for the bidder's assurance report\n"


def adverse_report(pages: dict[str, list[int]] | None) -> dict:
    """A SOC 2 Type II whose auditor gave an adverse opinion: the report counts for nothing."""
    data = {
        "id": "soc2",
        "kind": "soc2_type2",
        "issuer": "Audit BV",
        "issued": "2026-03-01",
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "opinion": "adverse",
        "categories": ["security", "availability"],
        "management_assertion": True,
        "exceptions": [{"control": "CC6.1", "text": "Versleuteling niet overal aangezet."}],
    }
    if pages is not None:
        data["source"] = {
            "file": "reports/theta-soc2.pdf",
            "sha256": hashlib.sha256(PDF).hexdigest(),
            "pages": pages,
        }
    return data


def knockout_text(make_tender, pages: dict[str, list[int]] | None, language: str = "nl") -> str:
    tender = {
        **copy.deepcopy(TENDER),
        "language": language,
        "evaluators": [{"id": "anna", "name": "Anna Jansen", "role": "beoordelaar"}],
        "conflict_of_interest": [{"evaluator": "anna", "date": "2026-10-16", "conflict": False}],
    }
    bids = {
        "alpha": bid("Alpha BV", 400000),
        "theta": bid("Theta BV", 300000, assurance=[adverse_report(pages)]),
    }
    folder: Path = make_tender(tender=tender, bids=bids, panel={})
    (folder / "reports").mkdir()
    (folder / "reports" / "theta-soc2.pdf").write_bytes(PDF)
    write_lock(folder)
    loaded = load_tender(folder)
    result = evaluate(loaded, sensitivity=False)
    assert "no_assurance" in [k.reason for k in result.bid("theta").knockouts]
    html = letters(result, loaded)["theta"].html
    body = html.split("<body>", 1)[1]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def test_the_finding_named_in_the_letter_cites_its_page(make_tender):
    text = knockout_text(make_tender, {"opinion": [3], "exceptions[0]": [8]})
    assert "De auditor gaf een afkeurend oordeel (rapport p. 3)." in text


def test_several_pages_are_cited_as_a_range_in_english(make_tender):
    text = knockout_text(make_tender, {"opinion": [3, 4]}, language="en")
    assert "The auditor gave an adverse opinion (report pp. 3-4)." in text


def test_no_page_is_cited_where_the_source_gives_none(make_tender):
    without_source = knockout_text(make_tender, None)
    assert "De auditor gaf een afkeurend oordeel." in without_source
    assert "rapport p" not in without_source
    other_field_only = knockout_text(make_tender, {"period": [1]})
    assert "De auditor gaf een afkeurend oordeel." in other_field_only
    assert "rapport p" not in other_field_only
