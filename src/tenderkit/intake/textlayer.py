"""Words of a PDF's text layer, with positions and fonts, via pdfplumber (pdfminer.six).

Ruled tables are read as tables: pdfplumber finds their cells from the drawn lines, and each row
becomes one line whose cells are the row's cells, so a result cell set in the middle of a tall
row still belongs to that row. Words outside ruled tables are returned as words.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pdfplumber

from tenderkit.intake.layout import Word

MIN_WORDS = 5
"""A page with fewer words in its text layer is treated as a scan and read by OCR."""


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


def _word(w: dict) -> Word:
    return Word(
        text=w["text"],
        x0=float(w["x0"]),
        x1=float(w["x1"]),
        top=float(w["top"]),
        bottom=float(w["bottom"]),
        bold=any(tag in w["fontname"].lower() for tag in ("bold", "black", "heavy")),
        size=round(float(w["size"]), 1),
    )


def text_pages(data: bytes) -> Iterator[TextPage]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            raw = page.extract_words(extra_attrs=["fontname", "size"])
            words = [_word(w) for w in raw]
            rows: list[TableRow] = []
            boxes = []
            for table in page.find_tables():
                if len(table.rows) < 2 or len(table.rows[0].cells) < 2:
                    continue
                boxes.append(table.bbox)
                for row in table.rows:
                    cells = []
                    for cell in row.cells:
                        if cell is None:
                            continue
                        inside = [
                            w for w in words
                            if cell[0] - 1 <= (w.x0 + w.x1) / 2 <= cell[2] + 1
                            and cell[1] - 1 <= (w.top + w.bottom) / 2 <= cell[3] + 1
                        ]  # fmt: skip
                        inside.sort(key=lambda w: (round(w.top), w.x0))
                        text = " ".join(w.text for w in inside).strip()
                        if text:
                            cells.append((float(cell[0]) + 1, text))
                    if cells:
                        rows.append(TableRow(float(row.bbox[1]), float(row.bbox[3]), tuple(cells)))
            if boxes:
                words = [
                    w for w in words
                    if not any(b[0] - 1 <= w.x0 and w.x1 <= b[2] + 1 and b[1] - 1 <= w.top
                               and w.bottom <= b[3] + 1 for b in boxes)
                ]  # fmt: skip
            yield TextPage(words, rows, float(page.width), float(page.height), bool(page.images))
            page.flush_cache()
