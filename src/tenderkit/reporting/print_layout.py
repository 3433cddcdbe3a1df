"""Column widths for the PDF's tables, worked out once from their text instead of by WeasyPrint.

With `table-layout: auto` WeasyPrint measures the minimum and maximum content width of every
cell (a full line-breaking pass per cell) before it lays the table out, and again when a table
is split over pages: about a third of the award report's layout time. With `table-layout:
fixed` it takes the widths of the `<col>` elements and lays every cell out once. The widths
here follow the same rule as the automatic layout (CSS 2.1, 17.5.2.2), on an estimate of the
text's width in DejaVu Sans instead of a measurement: every column at least its longest word
(no word broken in the middle where the page has room; a word longer than a quarter of the page
is broken where it overflows), the rest of the page shared in
proportion to how much each column would take on one line.

Only the print variant is rewritten (export.notebook_html with `print_only`); the screen HTML
keeps the browser's automatic layout. Only our own tables are touched (`reporting.html.table`:
`<table class="tk-table">`, one cell per column in every row); anything else is left as it is
and WeasyPrint lays it out automatically.
"""

from __future__ import annotations

import re
from html import unescape

# The print sheet's table text is 9px DejaVu Sans on A4 with 14 mm side margins.
_PAGE_PX = (210 - 2 * 14) / 25.4 * 96
_FONT_PX = 9.0
_CELL_PAD_PX = 2 * 8 + 1  # padding left and right (print sheet) and the collapsed border
_BOLD = 1.1  # header cells are bold: DejaVu Sans Bold is about a tenth wider
_SMALL_CODE = 0.75  # `small.code`: .75em, never wrapped (white-space: nowrap)
# Estimated advance per character in em, from DejaVu Sans' metrics, rounded up.
_NARROW = frozenset("iljtfr.,:;'!|()[] ")
_WIDE = frozenset("mwMWOQGDHNCU%@&—–")
_NARROW_EM, _WIDE_EM, _CAPITAL_EM, _OTHER_EM = 0.36, 0.86, 0.74, 0.64
# A word wider than this (a bidder's unbroken URL or string of characters) does not set its
# column's minimum: the cell breaks it (`overflow-wrap: break-word`), so one such word cannot
# squeeze every other column to a letter a line and spread the table over dozens of pages.
_LONGEST_WORD_PX = _PAGE_PX / 4

_TABLE = re.compile(r'<table class="tk-table">(.*?)</table>', re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.S)
_CODE = re.compile(r'<small class="code">(.*?)</small>', re.S)
_BREAK = re.compile(r"<br\s*/?>")
_TAG = re.compile(r"<[^>]+>")
# Where a line may break: ordinary white space, not the no-break space that keeps `€ 497.500,00`
# or `12 maanden` together (str.split would split there too).
_BREAKABLE_SPACE = re.compile(r"[ \t\r\n\f]+")


def with_column_widths(html: str) -> str:
    """The HTML with a `<colgroup>` of widths (percent of the page) in every one of our tables
    that has a regular grid; other tables unchanged."""
    return _TABLE.sub(_with_colgroup, html)


def _with_colgroup(match: re.Match[str]) -> str:
    inner = match.group(1)
    grid = _grid_widths(inner)
    if grid is None:
        return match.group(0)
    lowest, widest = grid
    cols = "".join(f'<col style="width:{w:.2f}%">' for w in _percent(lowest, widest))
    # Columns narrower than their longest words: let the cells hyphenate (print sheet).
    css = "tk-table tk-tight" if sum(lowest) > _PAGE_PX else "tk-table"
    return f'<table class="{css}"><colgroup>{cols}</colgroup>{inner}</table>'


def column_widths(inner: str) -> list[float] | None:
    """Percent widths of a table's columns from its cells' text, or None if the rows do not
    all have the same number of cells (spanning cells: leave it to the automatic layout)."""
    grid = _grid_widths(inner)
    return None if grid is None else _percent(*grid)


def _percent(lowest: list[float], widest: list[float]) -> list[float]:
    return [100 * w / _PAGE_PX for w in _share(lowest, widest, _PAGE_PX)]


def _grid_widths(inner: str) -> tuple[list[float], list[float]] | None:
    """Each column's minimum and maximum width in px, or None for an irregular table."""
    lowest: list[float] = []
    widest: list[float] = []
    for row in _ROW.findall(inner):
        cells = _CELL.findall(row)
        if not lowest:
            lowest = [0.0] * len(cells)
            widest = [0.0] * len(cells)
        if not cells or len(cells) != len(lowest) or any("span" in a for _, a, _ in cells):
            return None
        for index, (kind, _, content) in enumerate(cells):
            low, high = _cell_widths(content, _BOLD if kind == "th" else 1.0)
            lowest[index] = max(lowest[index], low)
            widest[index] = max(widest[index], high, low)
    if not lowest:
        return None
    return lowest, widest


def _share(lowest: list[float], widest: list[float], page: float) -> list[float]:
    """CSS 2.1's automatic table widths for a table as wide as the page."""
    low, high = sum(lowest), sum(widest)
    if high <= page:
        return [w + (page - high) * w / high for w in widest]
    if low >= page:
        return [w * page / low for w in lowest]
    room = (page - low) / (high - low)
    return [lo + (hi - lo) * room for lo, hi in zip(lowest, widest, strict=True)]


def _cell_widths(content: str, scale: float) -> tuple[float, float]:
    """Minimum (longest unbreakable piece) and maximum (longest line) width of a cell, in px,
    padding included."""
    words: list[float] = []
    lines: list[float] = []
    for line in _BREAK.split(content):
        pieces = _CODE.split(line)  # odd pieces are code: one word each, smaller
        width = 0.0
        for index, piece in enumerate(pieces):
            text = unescape(_TAG.sub("", piece))
            if index % 2:
                code = _text_width(text) * _SMALL_CODE
                words.append(code)
                width += code
            else:
                words.extend(min(_text_width(word), _LONGEST_WORD_PX) for word in _words(text))
                width += _text_width(" ".join(text.split())) + (
                    _text_width(" ") if index and text[:1].isspace() else 0.0
                )
        lines.append(width)
    low = max(words, default=0.0) * scale * 1.05  # a margin so that the estimate never falls short
    return low + _CELL_PAD_PX, max(lines, default=0.0) * scale + _CELL_PAD_PX


def _text_width(text: str) -> float:
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += _NARROW_EM
        elif char in _WIDE:
            em += _WIDE_EM
        elif char.isupper():
            em += _CAPITAL_EM
        else:
            em += _OTHER_EM
    return em * _FONT_PX


def _words(text: str) -> list[str]:
    """The pieces of `text` a line cannot break inside."""
    return [word for word in _BREAKABLE_SPACE.split(text) if word]
