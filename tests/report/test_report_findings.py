"""Section 7 of the award report: every finding keeps its own control and text."""

from __future__ import annotations

from tenderkit.report.view import _grouped_flags
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
