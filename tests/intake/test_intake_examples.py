"""The bundled examples' report PDFs stand behind their assurance entries.

Each entry with a `source` names a synthetic PDF in the example (rebuilt by
benchmarks/make_example_pdfs.py); intake must read from it exactly what the entry states, and
the cited pages must be the pages intake reads them from today.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderkit.formats.loader import load_tender
from tenderkit.intake import read_report

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
