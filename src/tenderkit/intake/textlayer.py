"""Words of a PDF's text layer, with positions and fonts, and the rows of its ruled tables.

Read with pdfium (pypdfium2), whose C text engine was eight times faster here than pdfplumber's
pure-Python one: a 100-page report must read in seconds. A word's box comes from its first and last
character; its weight and size from its first character.

Ruled tables are read as tables: the drawn cell borders (lines, or one rectangle per cell) give
row bands and column edges, and each row becomes one `TableRow` whose cells are its columns'
words, so a result cell set in the middle of a tall row still belongs to that row. Words outside
ruled tables are returned as words.
"""

from __future__ import annotations

import ctypes
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from tenderkit.intake.layout import Word

MIN_WORDS = 5
"""A page with fewer words in its text layer is treated as a scan and read by OCR."""
_WORD = re.compile(r"[^\s\x00\xa0\u2002\u2003\u2009]+")


@dataclass(frozen=True)
class TableRow:
    top: float
    bottom: float
    cells: tuple[tuple[float, str], ...]  # (x0, text) of each non-empty cell


@dataclass(frozen=True)
class TextPage:
    words: list[Word]
    rows: list[TableRow]
    width: float
    height: float
    has_images: bool


def _words(textpage: pdfium.PdfTextPage, height: float) -> list[Word]:
    text = textpage.get_text_range()
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()  # reused: one call per word end, no Python objects per char
    ref = ctypes.byref(rect)
    words: list[Word] = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        pdfium_c.FPDFText_GetLooseCharBox(raw, start, ref)
        left, top, bottom = rect.left, rect.top, rect.bottom
        pdfium_c.FPDFText_GetLooseCharBox(raw, end - 1, ref)
        right, top2, bottom2 = rect.right, rect.top, rect.bottom
        size = pdfium_c.FPDFText_GetFontSize(raw, start)
        words.append(
            Word(
                text=match.group(),
                x0=left,
                x1=max(right, left),
                top=height - max(top, top2),
                bottom=height - min(bottom, bottom2),
                bold=pdfium_c.FPDFText_GetFontWeight(raw, start) >= 600,
                size=round(size, 1),
            )
        )
    return words


def _edges(page: pdfium.PdfPage, height: float) -> tuple[list[tuple], list[tuple]]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) rules, in top-down coordinates."""
    horizontal, vertical = [], []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        y0, y1 = height - top, height - bottom
        w, h = right - left, y1 - y0
        if h < 2.5 and w > 8:
            horizontal.append(((y0 + y1) / 2, left, right))
        elif w < 2.5 and h > 8:
            vertical.append(((left + right) / 2, y0, y1))
        elif w > 8 and h > 4:  # a rectangle: a cell's border
            horizontal += [(y0, left, right), (y1, left, right)]
            vertical += [(left, y0, y1), (right, y0, y1)]
    return horizontal, vertical


def _rows(
    words: list[Word], horizontal: list[tuple], vertical: list[tuple]
) -> tuple[list[TableRow], set[int]]:
    """Rows of ruled tables and the indexes of the words they hold."""
    ys = sorted({round(y, 0) for y, _, _ in horizontal})
    rows: list[TableRow] = []
    used: set[int] = set()
    for top, bottom in itertools.pairwise(ys):
        if not 4 <= bottom - top <= 500:
            continue
        xs = sorted(
            {round(x, 0) for x, y0, y1 in vertical if y0 <= top + 1.5 and y1 >= bottom - 1.5}
        )
        if len(xs) < 3:  # at least two columns with a drawn edge on each side
            continue
        inside = [
            (i, w) for i, w in enumerate(words)
            if top <= (w.top + w.bottom) / 2 <= bottom and xs[0] <= (w.x0 + w.x1) / 2 <= xs[-1]
        ]  # fmt: skip
        if not inside:
            continue
        cells = []
        for left, right in itertools.pairwise(xs):
            cell = sorted(
                (w for _, w in inside if left <= (w.x0 + w.x1) / 2 < right),
                key=lambda w: (round(w.top), w.x0),
            )
            if cell:
                cells.append((float(left) + 1, " ".join(w.text for w in cell)))
        used.update(i for i, _ in inside)
        if cells:
            rows.append(TableRow(float(top), float(bottom), tuple(cells)))
    return rows, used


def text_pages(data: bytes) -> Iterator[TextPage]:
    pdf = pdfium.PdfDocument(io.BytesIO(data))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            textpage = page.get_textpage()
            words = _words(textpage, height)
            textpage.close()
            horizontal, vertical = _edges(page, height)
            rows, used = (
                _rows(words, horizontal, vertical) if horizontal and vertical else ([], set())
            )
            if used:
                words = [w for i, w in enumerate(words) if i not in used]
            images = any(
                True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
            )
            page.close()
            yield TextPage(words, rows, float(width), float(height), images)
    finally:
        pdf.close()
