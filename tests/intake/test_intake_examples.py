"""The bundled examples' report PDFs stand behind their assurance entries.

Each entry with a `source` names a synthetic PDF in the example (rebuilt by
benchmarks/make_example_pdfs.py); intake must read from it exactly what the entry states, and
the cited pages must be the pages intake reads them from today.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderkit.evaluation import evaluate
from tenderkit.i18n import page_citation
from tenderkit.intake import read_report
from tenderkit.loader import load_tender
from tenderkit.reporting.view import AwardReport

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.parent for p in (ROOT / "examples").glob("*/tender.yaml"))


def _sourced(example: Path):
    tender = load_tender(example)
    return [(b, r) for b in tender.bids.values() for r in b.assurance if r.source], tender


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_ships_a_report_pdf_behind_an_entry(example: Path) -> None:
    sourced, tender = _sourced(example)
    assert sourced, f"{example.name}: no assurance entry names its PDF"
    for _, report in sourced:
        assert report.source is not None
        assert report.source.file in tender.inputs  # hashed with the other inputs
        result = read_report(example / report.source.file)
        dumped = report.model_dump(exclude_none=True)
        for name, value in result.entry.items():
            stated = dumped.get(name)
            if name in ("categories", "criteria"):
                assert sorted(value) == sorted(stated)
            elif name == "subservice":
                assert value == [{k: v for k, v in s.items() if k != "report"} for s in stated]
            elif name in ("cuecs", "exceptions"):
                assert [str(v).split() for v in value] == [str(s).split() for s in stated or []]
            else:
                assert value == stated, name
        for name, pages in report.source.pages.items():
            assert result.found[name]["pages"] == pages, name


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_cites_the_pages_of_its_exceptions(example: Path) -> None:
    """The example's sourced reports: each exception flag carries the pages of its own row (or
    of the exceptions list), and the award report's assurance section cites them."""
    sourced, tender = _sourced(example)
    result = evaluate(tender, sensitivity=False)
    section = str(AwardReport(tender, result).assurance())
    for bid, report in sourced:
        assert report.source is not None
        pages = report.source.pages
        (verdict,) = [
            v for v in result.bid(_bid_id(tender, bid)).assurance if v.report == report.id
        ]
        flags = [f for f in verdict.flags if f.code == "exception"]
        assert len(flags) == len(report.exceptions)
        for index, flag in enumerate(flags):
            expected = pages.get(f"exceptions[{index}]") or pages.get("exceptions") or []
            assert flag.pages == sorted(set(expected))
            if flag.pages:
                assert page_citation("report", "cite", flag.pages, tender.language) in section


def _bid_id(tender, bid) -> str:
    return next(bid_id for bid_id, other in tender.bids.items() if other is bid)
