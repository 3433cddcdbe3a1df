"""Each finding carries the pages of the report's PDF behind it, when the entry's source says them.

The pages come only from `source.pages`: an exception gets the pages of the exception at its
index, a carve-out those of the subservice organisation at its index, an opinion finding those of
`opinion`; a finding whose field the source does not cite gets none, and so does every finding
of a report without a source.
"""

from __future__ import annotations

from typing import Any

import assurance_builders as tk

from tenderkit.assurance import review_report

SHA = "0" * 64


def review(data: dict[str, Any], *others: dict[str, Any]):
    bid = tk.bid(data, *others)
    return review_report(bid.assurance[0], bid, tk.requirements(), tk.CLOSING)


def pages_by_flag(data: dict[str, Any]) -> list[tuple[str, str | None, tuple[int, ...]]]:
    return [(f.code, f.control, f.pages) for f in review(data).flags]


def test_each_exception_gets_the_pages_of_its_own_row() -> None:
    data = tk.soc2(
        exceptions=[
            {"control": "CC6.2", "text": "toegang laat ingetrokken"},
            {"control": "CC8.1", "text": "wijziging zonder goedkeuring"},
        ],
        source={
            "file": "reports/soc2.pdf",
            "sha256": SHA,
            "pages": {"exceptions": [41, 42], "exceptions[0]": [41], "exceptions[1]": [42]},
        },
    )
    assert pages_by_flag(data) == [("exception", "CC6.2", (41,)), ("exception", "CC8.1", (42,))]


def test_an_exception_without_its_own_pages_cites_the_pages_of_the_exceptions_list() -> None:
    data = tk.soc2(
        exceptions=[{"control": "CC6.2", "text": "x"}, {"control": "CC8.1", "text": "y"}],
        source={
            "file": "r.pdf",
            "sha256": SHA,
            "pages": {"exceptions": [9, 8], "exceptions[1]": [10]},
        },
    )
    assert pages_by_flag(data) == [("exception", "CC6.2", (8, 9)), ("exception", "CC8.1", (10,))]


def test_opinion_period_carve_out_and_cuecs_cite_their_own_fields() -> None:
    data = tk.soc2(
        opinion="qualified",
        period={"start": "2025-07-01", "end": "2025-09-30"},
        subservice=[
            {"name": "Hoster A", "method": "inclusive"},
            {"name": "Hoster B", "method": "carve_out"},
        ],
        cuecs=["De klant beheert zijn eigen accounts."],
        source={
            "file": "r.pdf",
            "sha256": SHA,
            "pages": {
                "opinion": [3],
                "period": [1, 3],
                "subservice[0]": [12],
                "subservice[1]": [13],
                "cuecs": [15, 16],
            },
        },
    )
    found = {code: pages for code, _, pages in pages_by_flag(data)}
    assert found["opinion_qualified"] == (3,)
    assert found["period_too_short"] == (1, 3)
    assert found["carve_out_unreported"] == (13,)  # Hoster B, the second organisation
    assert found["cuecs"] == (15, 16)


def test_a_field_the_source_does_not_cite_gets_no_page() -> None:
    data = tk.soc2(
        opinion="adverse",
        exceptions=[{"control": "CC6.2", "text": "x"}],
        source={"file": "r.pdf", "sha256": SHA, "pages": {"period": [1]}},
    )
    assert pages_by_flag(data) == [("opinion_adverse", None, ()), ("exception", "CC6.2", ())]


def test_a_report_without_source_has_no_pages_and_the_same_messages() -> None:
    exceptions = [{"control": "CC6.2", "text": "x"}]
    plain = review(tk.soc2(exceptions=exceptions))
    cited = review(
        tk.soc2(
            exceptions=exceptions,
            source={"file": "r.pdf", "sha256": SHA, "pages": {"exceptions[0]": [8]}},
        )
    )
    assert [f.pages for f in plain.flags] == [()]
    assert [f.message for f in plain.flags] == [f.message for f in cited.flags]
    assert plain.to_json()["flags"][0]["pages"] == []
    assert cited.to_json()["flags"][0]["pages"] == [8]
