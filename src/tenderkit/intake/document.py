"""The text of a report as lines in reading order, each knowing its page: what readers search.

Readers never see pdfium or tesseract: they get a `Document`, a list of `Line`s (text, page,
position, whether it is set as a heading) and one searchable string in which every character maps
back to its page, so each value read carries the page it was read from.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

QUOTE_LIMIT = 240
_SENTENCE_END = re.compile(r"(?<!\b[a-zA-Z])(?<!\bno)(?<!\bnr)[.!?;](?=\s)|\n\n")


@dataclass(frozen=True)
class Line:
    page: int  # 1-based physical page of the PDF
    text: str
    cells: tuple[tuple[float, str], ...] = ()  # (x0, text) of each run of words with no wide gap
    heading: bool = False
    top: float = 0.0
    ocr: bool = False
    paragraph: bool = False  # a blank space above it: a new paragraph starts here
    spans: tuple[
        tuple[float, str], ...
    ] = ()  # (x0, text) of each word (of each cell in ruled rows)


@dataclass(frozen=True)
class Hit:
    """Where a value was read: the page(s) and the words."""

    pages: tuple[int, ...]
    quote: str

    def as_found(self) -> dict:
        return {"pages": list(self.pages), "quote": self.quote}


def clean_quote(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1].rstrip() + "…"
    return text


@dataclass
class Document:
    lines: list[Line]
    page_count: int
    ocr_pages: tuple[int, ...] = ()
    text: str = field(init=False)
    _starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        starts, parts, offset = [], [], 0
        for index, line in enumerate(self.lines):
            if index and (line.paragraph or line.heading or self.lines[index - 1].heading):
                parts.append("")
                offset += 1
            starts.append(offset)
            parts.append(line.text)
            offset += len(line.text) + 1
        self.text = "\n".join(parts)
        self._starts = starts

    def line_at(self, offset: int) -> int:
        """Index of the line holding character `offset` of `text`."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def pages_of(self, start: int, end: int) -> tuple[int, ...]:
        first = self.lines[self.line_at(start)].page if self.lines else 1
        last = self.lines[self.line_at(max(start, end - 1))].page if self.lines else 1
        return tuple(range(first, last + 1))

    def hit(self, start: int, end: int, quote_span: tuple[int, int] | None = None) -> Hit:
        """A Hit for text[start:end], quoting the sentence around it (or quote_span)."""
        q0, q1 = quote_span or self.sentence_span(start, end)
        return Hit(self.pages_of(start, end), clean_quote(self.text[q0:q1]))

    def sentence_span(self, start: int, end: int) -> tuple[int, int]:
        """The sentence (or line, for labels and table cells) around text[start:end]."""
        text = self.text
        left = 0
        for boundary in _SENTENCE_END.finditer(text, max(0, start - 600), start):
            left = boundary.end()
        line_start = self._starts[self.line_at(start)]
        if self.lines[self.line_at(start)].heading or ":" in text[line_start:start]:
            left = max(left, line_start)
        boundary = _SENTENCE_END.search(text, end)
        right = boundary.start() + 1 if boundary else len(text)
        if right - left > QUOTE_LIMIT:
            if start - left > 100:
                left = text.find(" ", start - 100, start) + 1 or start
            right = min(right, max(end, left + QUOTE_LIMIT - 10))
        return left, right

    def line_hit(self, index: int) -> Hit:
        line = self.lines[index]
        return Hit((line.page,), clean_quote(line.text))

    def search(
        self, pattern: re.Pattern[str], start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        return pattern.finditer(self.text, start, len(self.text) if end is None else end)

    def offset_of_line(self, index: int) -> int:
        return self._starts[index]

    def first_pages(self, count: int) -> str:
        """Text of the first `count` pages (title pages name the kind of report)."""
        return "\n".join(line.text for line in self.lines if line.page <= count)

    def sections(self, heading: re.Pattern[str]) -> Iterator[tuple[int, int, int]]:
        """(heading line, first body line, end line) of each section whose heading matches."""
        for index, line in enumerate(self.lines):
            if line.heading and heading.search(line.text):
                end = index + 1
                while end < len(self.lines) and not self.lines[end].heading:
                    end += 1
                yield index, index + 1, end

    def span_of_lines(self, first: int, end: int) -> tuple[int, int]:
        """Character span in `text` of lines[first:end]."""
        if first >= len(self.lines):
            return len(self.text), len(self.text)
        start = self._starts[first]
        stop = self._starts[end] - 1 if end < len(self.lines) else len(self.text)
        return start, max(start, stop)
