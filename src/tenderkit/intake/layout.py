"""Words with positions -> lines in reading order: columns, headers and footers, table cells.

Shared by the text layer (pdfium words) and OCR (tesseract words), so both give readers the
same kind of lines. Three things make a page hard to read in order, and each has one rule here:

- two-column pages: when a vertical gutter near the middle separates the body into two aligned
  columns, the left column is read before the right one; full-width lines (headings, tables)
  around them stay where they are. Pages with a table header are never split, since table
  columns look like text columns;
- running headers and footers ("Page 3 of 40", the report title): lines in the top or bottom band
  that repeat on most pages, digits aside, are dropped so they never end up in a quote;
- table cells: words separated by a gap wider than two spaces are separate cells.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tenderkit.intake.document import Line

TABLE_HEADER = re.compile(
    r"(?i)\b(results?|resultaat|resultaten|uitkomst|bevindingen|test\s+results?|method|methode)\b"
)


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False
    size: float = 0.0


@dataclass
class RawLine:
    words: list[Word]
    cells: tuple[tuple[float, str], ...] | None = None  # set for ruled-table rows

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def group_lines(words: Sequence[Word]) -> list[RawLine]:
    """Words -> lines, top to bottom, each line's words left to right."""
    lines: list[RawLine] = []
    for word in sorted(words, key=lambda w: (round(w.top), w.x0)):
        height = max(1.0, word.bottom - word.top)
        for line in reversed(lines[-3:]):
            if abs(line.words[0].top - word.top) < 0.5 * height:
                line.words.append(word)
                break
        else:
            lines.append(RawLine([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: line.top)
    return lines


def _gap_limit(words: Sequence[Word]) -> float:
    sizes = sorted(w.size or (w.bottom - w.top) for w in words)
    return 1.2 * sizes[len(sizes) // 2] if sizes else 12.0


def split_cells(line: RawLine) -> tuple[tuple[float, str], ...]:
    """Runs of words separated by more than a wide space: the cells of a table row."""
    limit = _gap_limit(line.words)
    cells: list[tuple[float, list[str]]] = []
    previous: Word | None = None
    for word in line.words:
        if previous is None or word.x0 - previous.x1 > limit:
            cells.append((word.x0, [word.text]))
        else:
            cells[-1][1].append(word.text)
        previous = word
    return tuple((x, " ".join(texts)) for x, texts in cells)


def _straddles(line: RawLine, x: float) -> bool:
    return any(w.x0 < x - 1 < w.x1 for w in line.words)


def _right_column(lines: Sequence[RawLine], width: float) -> float | None:
    """x0 of the right column when the page body is set in two columns; else None.

    The gutter is the x near the middle that the fewest words cover; the right column starts where
    most words right of it start. Two columns need both: few lines crossing (at most a quarter:
    headings and full-width paragraphs) and at least six lines starting exactly there.
    """
    if len(lines) < 8:
        return None
    low, high = int(width * 0.35), int(width * 0.65)
    tally = [0] * ((high - low) // 2 + 1)
    for line in lines:
        covered: set[int] = set()
        for w in line.words:  # x straddles w when w.x0 + 1 < x < w.x1 + 1
            first = max(0, int((w.x0 + 1 - low) // 2) + 1)
            last = min(len(tally) - 1, int((w.x1 + 1 - low) // 2))
            covered.update(range(first, last + 1))
        for step in covered:
            tally[step] += 1
    counts = [(count, float(low + 2 * step)) for step, count in enumerate(tally)]
    crossing = min(c for c, _ in counts)
    if crossing > len(lines) / 4:
        return None
    clear = [x for c, x in counts if c == crossing]
    gutter = clear[len(clear) // 2]  # the middle of the clear band
    starts = Counter(round(w.x0) for ln in lines for w in ln.words if gutter <= w.x0 <= gutter + 60)
    if not starts:
        return None
    x, _ = starts.most_common(1)[0]
    aligned = [ln for ln in lines if any(abs(w.x0 - x) <= 1.5 for w in ln.words)]
    both = [ln for ln in aligned if ln.x0 < x - 20]
    if len(aligned) < 6 or len(both) < 4:
        return None
    # text columns are filled: the left part of a line runs close to the gutter. A label/value
    # table (a certificate's "Issue date   1 May 2026") has short labels far from its values.
    margin = min(ln.x0 for ln in both)
    fills = sorted(
        (max(w.x1 for w in ln.words if w.x0 < x - 1) - margin) / max(1.0, x - margin) for ln in both
    )
    if fills[len(fills) // 2] < 0.6:
        return None
    return float(x) - 1


def reading_order(lines: list[RawLine], width: float) -> list[RawLine]:
    """Lines in the order a person reads them, left column before right in two-column blocks.

    From the first table header row on, lines keep their order: table columns are no text columns.
    """
    table_at = next(
        (
            i
            for i, ln in enumerate(lines)
            if TABLE_HEADER.search(ln.text) and len(split_cells(ln)) >= 3
        ),
        len(lines),
    )
    lines, table = lines[:table_at], lines[table_at:]
    column = _right_column(lines, width)
    if column is None:
        return lines + table
    ordered: list[RawLine] = []
    left: list[RawLine] = []
    right: list[RawLine] = []

    def flush() -> None:
        ordered.extend(left)
        ordered.extend(right)
        left.clear()
        right.clear()

    for line in lines:
        if _straddles(line, column):
            flush()
            ordered.append(line)
            continue
        lw = [w for w in line.words if w.x0 < column]
        rw = [w for w in line.words if w.x0 >= column]
        if lw:
            left.append(RawLine(lw))
        if rw:
            right.append(RawLine(rw))
    flush()
    return ordered + table


_DIGITS = re.compile(r"\d+")


def running_lines(pages: Sequence[tuple[list[RawLine], float]]) -> set[tuple[int, int]]:
    """(page index, line index) of running headers and footers, to be dropped.

    A line in the top or bottom 8% of its page is running when its text with digits blanked
    appears in that band on at least half the pages (three at least), or it is a bare page number.
    """
    bands: list[list[tuple[int, str]]] = []
    counts: Counter[str] = Counter()
    for lines, height in pages:
        band = []
        for index, line in enumerate(lines):
            if line.top < 0.08 * height or line.bottom > 0.92 * height:
                key = _DIGITS.sub("#", line.text.lower()).strip()
                band.append((index, key))
        bands.append(band)
        counts.update({key for _, key in band})
    enough = max(3, len(pages) // 2)
    drop = set()
    for page_index, band in enumerate(bands):
        for index, key in band:
            bare = re.fullmatch(r"(page|pagina|p\.)?\s*#(\s*(of|van|/)\s*#)?|-\s*#\s*-", key)
            if bare or (len(pages) >= 3 and counts[key] >= enough):
                drop.add((page_index, index))
    return drop


def to_lines(pages: Sequence[tuple[list[RawLine], float]], ocr_pages: set[int]) -> list[Line]:
    """RawLines of every page -> Lines, with running headers and footers dropped."""
    drop = running_lines(pages)
    body = sorted(w.size for lines, _ in pages for line in lines for w in line.words if w.size)
    body_size = body[len(body) // 2] if body else 0.0
    out: list[Line] = []
    for page_index, (lines, _height) in enumerate(pages):
        previous: RawLine | None = None
        for index, line in enumerate(lines):
            if (page_index, index) in drop:
                continue
            text = line.text.strip()
            if not text:
                continue
            big = body_size and max(w.size for w in line.words) > body_size * 1.15
            bold = line.cells is None and all(w.bold for w in line.words)
            cells = line.cells if line.cells is not None else split_cells(line)
            heading = bool(
                (bold or big)
                and len(text) <= 90
                and not text.endswith((",", ";"))
                and len(cells) < 2
            )  # a bold row of several cells is a table header, not a section heading
            gap = previous is not None and line.top - previous.bottom > 0.45 * (
                line.bottom - line.top
            )
            out.append(
                Line(
                    page=page_index + 1,
                    text=text,
                    cells=cells,
                    spans=tuple((w.x0, w.text) for w in line.words),
                    heading=heading,
                    top=line.top,
                    ocr=page_index + 1 in ocr_pages,
                    paragraph=bool(gap or previous is None),
                )
            )
            previous = line
    return out
