"""A scanned (image-only) certificate is read by tesseract; free text read so goes to confirm."""

from __future__ import annotations

from pathlib import Path

import pytest
from intake_cases import certificate_spec, expected
from pdfgen import as_scan, build_certificate

from tenderkit.intake import read_report


@pytest.mark.parametrize("language", ["en", "nl"])
def test_scanned_certificate(language: str, tmp_path: Path) -> None:
    spec = certificate_spec("classic", language, 0)
    built = as_scan(build_certificate(spec))
    result = read_report(built.write(tmp_path / "scan.pdf"))
    assert result.ocr_pages == (1, 2)
    want = expected(spec)
    assert result.entry == want
    # strict patterns (dates, the standard's year, a listed accreditation body) are kept as read;
    # names and scope read by OCR go to the reviewer
    assert {"issuer", "scope"} <= set(result.confirm)
    for name in ("issued", "valid_until", "standard_version", "accreditation", "excluded_controls"):
        assert name not in result.confirm
        assert set(result.found[name]["pages"]) <= built.pages[name]


def test_scan_is_flagged_in_the_output(tmp_path: Path) -> None:
    from tenderkit.intake.output import as_document

    spec = certificate_spec("blocks", "nl", 1)
    result = read_report(as_scan(build_certificate(spec)).write(tmp_path / "scan.pdf"))
    source = as_document(result)["intake"]["source"]
    assert source["ocr"] is True and source["ocr_pages"] == [1, 2]
