"""A checked PDF -> a Document: the text layer where there is one, OCR for scanned pages."""

from __future__ import annotations

from tenderkit.intake.document import Document
from tenderkit.intake.layout import RawLine, Word, group_lines, reading_order, to_lines
from tenderkit.intake.safety import CheckedPdf
from tenderkit.intake.textlayer import MIN_WORDS, text_pages


def read_document(pdf: CheckedPdf) -> Document:
    pages: list[tuple[list[RawLine], float]] = []
    ocr_pages: set[int] = set()
    for index, page in enumerate(text_pages(pdf.data)):
        words, width, height = page.words, page.width, page.height
        if len(words) + len(page.rows) < MIN_WORDS and page.has_images:
            from tenderkit.intake.ocr import check_tesseract, ocr_page

            check_tesseract()
            words, width, height = ocr_page(pdf.data, index)
            ocr_pages.add(index + 1)
        lines = reading_order(group_lines(words), width)
        for row in page.rows:
            # one line per ruled-table row, placed after the text above it; cells keep their x
            cell_words = [Word(text, x0, x0 + 1, row.top, row.bottom) for x0, text in row.cells]
            at = max((i + 1 for i, ln in enumerate(lines) if ln.top < row.top), default=0)
            lines.insert(at, RawLine(cell_words, cells=row.cells))
        pages.append((lines, height))
    return Document(to_lines(pages, ocr_pages), pdf.pages, tuple(sorted(ocr_pages)))
