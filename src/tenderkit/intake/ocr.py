"""Scanned pages: render with pdfium, read with Debian's tesseract (Dutch and English data).

Certificates especially reach a tender as scans without a text layer. Rendering is capped in
pixels so a page with an absurd size cannot exhaust memory; tesseract runs locally with the
language data the Makefile installs (no network, no model download).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pytesseract

from tenderkit.intake.layout import Word
from tenderkit.intake.safety import Refused

DPI = 200
"""Enough for body text of a certificate; 300 dpi doubles the time for no better reading."""
MAX_PIXELS = 40_000_000
LANGUAGES = "nld+eng"
MIN_CONFIDENCE = 30


class OcrUnavailable(Refused):
    """tesseract or its Dutch/English data is not installed: the scan is refused, saying so."""


def check_tesseract() -> None:
    try:
        languages = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError):
        raise OcrUnavailable("intake_no_tesseract") from None
    missing = {"nld", "eng"} - languages
    if missing:
        raise OcrUnavailable("intake_ocr_languages", missing=sorted(missing))


@contextmanager
def _one_thread() -> Iterator[None]:
    """tesseract's OpenMP threads slow it down on a busy two-core machine (measured: 2-3x)."""
    before = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = before


def ocr_page(data: bytes, index: int) -> tuple[list[Word], float, float]:
    """Words of page `index` (0-based) read by OCR, in PDF points like the text layer."""
    pdf = pdfium.PdfDocument(io.BytesIO(data))
    try:
        page = pdf[index]
        width, height = page.get_size()
        scale = DPI / 72
        if width * height * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (width * height)) ** 0.5
        image = page.render(scale=scale, grayscale=True).to_pil()
        page.close()
    finally:
        pdf.close()
    with _one_thread():
        result = pytesseract.image_to_data(
            image, lang=LANGUAGES, config="--psm 3", output_type=pytesseract.Output.DICT
        )
    words = []
    for i, text in enumerate(result["text"]):
        text = text.strip()
        if not text or float(result["conf"][i]) < MIN_CONFIDENCE:
            continue
        left, top = result["left"][i] / scale, result["top"][i] / scale
        w, h = result["width"][i] / scale, result["height"][i] / scale
        words.append(Word(text=text, x0=left, x1=left + w, top=top, bottom=top + h, size=h))
    return words, float(width), float(height)
