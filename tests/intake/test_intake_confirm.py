"""Confirming intake's open fields: parsing answers, validation, and writing with who and when."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pdfgen import Spec, build_report

from tenderkit.formats.folder_edits import copy_example
from tenderkit.intake import read_report
from tenderkit.intake.confirm import confirmed_entry, parse_answer
from tenderkit.intake.into_bid import bid_entry
from tenderkit.loader import load_tender

AT = dt.datetime(2026, 11, 3, 14, 5, tzinfo=dt.UTC)


@pytest.fixture
def ambiguous(tmp_path: Path) -> tuple[Path, dict]:
    tender = copy_example("gemeente-zaaksysteem", tmp_path / "tender")
    pdf = build_report(Spec(kind="soc2_type2", opinion="ambiguous")).write(
        tender / "reports" / "amb.pdf"
    )
    return tender, bid_entry(read_report(pdf), "soc2-amb", pdf, tender)


def test_answers_are_parsed_as_the_bid_format_needs() -> None:
    assert parse_answer("issued", "1 mei 2026") == (dt.date(2026, 5, 1), None)
    assert parse_answer("period", "2025-04-01 t/m 2026-03-31")[0] == {
        "start": dt.date(2025, 4, 1),
        "end": dt.date(2026, 3, 31),
    }
    assert parse_answer("covers_offered_service", "ja") == (True, None)
    assert parse_answer("categories", "security, availability") == (
        ["security", "availability"],
        None,
    )
    assert parse_answer("issued", "soon")[1]


def test_confirmed_entry_records_who_and_when(ambiguous: tuple[Path, dict]) -> None:
    _, entry = ambiguous
    answers = {"opinion": "qualified", "covers_offered_service": "yes"}
    done, problems = confirmed_entry(entry, answers, "M. Bakker", AT)
    assert problems == []
    assert done is not None and done["opinion"] == "qualified"
    assert done["source"]["confirmed"] == {
        "by": "M. Bakker",
        "at": AT,
        "fields": ["opinion", "covers_offered_service"],
    }


def test_every_problem_at_once(ambiguous: tuple[Path, dict]) -> None:
    _, entry = ambiguous
    done, problems = confirmed_entry(entry, {"opinion": "", "issued": "later"}, " ", AT)
    assert done is None
    assert {p.place for p in problems} == {"", "issued"}  # "" is the reviewer's name
    done, problems = confirmed_entry(entry, {"opinion": "probably fine"}, "M. Bakker", AT)
    assert done is None and problems  # not one of the four opinions


def test_workshop_review_writes_into_the_bid(ambiguous: tuple[Path, dict]) -> None:
    from tenderkit.workshop.intake_review import IntakeReview

    tender, _ = ambiguous
    review = IntakeReview(
        tender / "reports" / "amb.pdf", tender / "bids" / "civora.yaml", "soc2-amb"
    )
    assert "opinion" in review.inputs and bytes(review.page.value).startswith(b"\x89PNG")
    review.reviewer.value = "M. Bakker"
    assert not review.write(AT)  # opinion still open: the entry would be invalid
    assert "opinion" in review.message.value
    review.inputs["opinion"].value = "unqualified"
    assert review.write(AT)
    report = load_tender(tender).bids["civora"].report("soc2-amb")
    assert report is not None and report.opinion == "unqualified"
    assert report.source is not None and report.source.confirmed is not None
    assert report.source.confirmed.by == "M. Bakker" and report.source.confirmed.at == AT
