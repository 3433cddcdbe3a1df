"""Hostile and wrong files are refused with one line, before any text extractor opens them.

The refusal happens in `safety.check_pdf`; the tests also make the extractor fail loudly if it
were ever reached for a refused file, so "nothing executed" is checked, not assumed.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from pdfgen import Spec, build_report
from pypdf import PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from tenderkit.intake import Refused, read_report
from tenderkit.intake import extract as extract_module


@pytest.fixture
def no_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(data: bytes):
        raise AssertionError("the text extractor was reached for a refused file")

    monkeypatch.setattr(extract_module, "text_pages", forbidden)


def _report_writer() -> PdfWriter:
    built = build_report(Spec(kind="soc2_type2"))
    from pypdf import PdfReader

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(built.data)))
    return writer


def _save(writer: PdfWriter, path: Path) -> Path:
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(Refused) as caught:
        read_report(path)
    reason = caught.value.reason
    assert "\n" not in reason and len(reason) < 200
    return reason


def test_not_a_pdf(tmp_path: Path, no_extraction: None) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("Dear reviewer, please find our SOC 2 report attached.")
    assert "not a PDF" in _refusal(path)


def test_damaged_pdf(tmp_path: Path, no_extraction: None) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    assert "damaged" in _refusal(path) or "no pages" in _refusal(path)


def test_encrypted(tmp_path: Path, no_extraction: None) -> None:
    writer = _report_writer()
    writer.encrypt(user_password="secret", owner_password="owner")
    assert "encrypted" in _refusal(_save(writer, tmp_path / "report.pdf"))


def test_encrypted_with_empty_user_password(tmp_path: Path, no_extraction: None) -> None:
    writer = _report_writer()
    writer.encrypt(user_password="", owner_password="owner")
    assert "encrypted" in _refusal(_save(writer, tmp_path / "report.pdf"))


def test_javascript(tmp_path: Path, no_extraction: None) -> None:
    writer = _report_writer()
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    assert "JavaScript" in _refusal(_save(writer, tmp_path / "report.pdf"))


def test_embedded_file(tmp_path: Path, no_extraction: None) -> None:
    writer = _report_writer()
    writer.add_attachment("payload.exe", b"MZ not really a program")
    assert "embedded files" in _refusal(_save(writer, tmp_path / "report.pdf"))


def test_ten_thousand_pages(tmp_path: Path, no_extraction: None) -> None:
    writer = PdfWriter()
    for _ in range(10_000):
        writer.add_blank_page(width=595, height=842)
    reason = _refusal(_save(writer, tmp_path / "report.pdf"))
    assert "10000 pages" in reason


def test_decompression_bomb(tmp_path: Path, no_extraction: None) -> None:
    # one content stream of 256 MiB of spaces (four times the limit), stored as some 250 kB
    squeezer = zlib.compressobj(1)
    chunk = b" " * (16 * 2**20)
    packed = b"".join(squeezer.compress(chunk) for _ in range(16)) + squeezer.flush()
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    stream = StreamObject()
    stream._data = packed
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    assert "decompression bomb" in _refusal(_save(writer, tmp_path / "report.pdf"))


def test_huge_image(tmp_path: Path, no_extraction: None) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    image = DecodedStreamObject()
    image.set_data(b"\0" * 100)
    for key, value in (
        ("/Type", NameObject("/XObject")),
        ("/Subtype", NameObject("/Image")),
        ("/Width", NumberObject(100_000)),
        ("/Height", NumberObject(100_000)),
    ):
        image[NameObject(key)] = value
    writer._add_object(image)
    assert "100000x100000 pixels" in _refusal(_save(writer, tmp_path / "report.pdf"))


def test_pdf_that_is_no_assurance_report(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(
        0, 6, "Invoice 2026-114. Hosting services for March, payable within thirty days. " * 5
    )
    path = tmp_path / "invoice.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert "not an assurance report" in _refusal(path)
