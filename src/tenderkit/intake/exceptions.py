"""Exceptions: the rows of the tests-of-controls table whose result is not "no exceptions noted".

Two layouts are read. A table (ruled or not) whose header row names a result column ("Results of
tests", "Test result", "Resultaat", "Bevindingen"): a row starts where the first cell is a control
or criterion id (CC6.2, A1.2, C-12, BM 04, 8.24), and every word right of the result column's
left edge until the next row belongs to its result. And blocks: "Control CC6.2 ..." followed by
a "Result:" / "Resultaat:" label. A result that says no exceptions were found is no exception;
any other result is one, with its text as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tenderkit.intake.document import Document, Hit, clean_quote
from tenderkit.intake.reading import Reading

CONTROL_ID = re.compile(
    r"^(?:(?:control|criterion|criterium|beheersmaatregel|norm|maatregel)\s+)?"
    r"(?P<id>(?:CC|PI|[ACP])\d{1,2}\.\d{1,2}|[A-Z]{1,5}[- ]?\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?"
    r"|A\.\d{1,2}\.\d{1,2}(?:\.\d{1,2})?|\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\b[:.]?",
    re.IGNORECASE,
)
RESULT_HEADER = re.compile(
    r"(?i)\b(results?(\s+of\s+tests?(\s+performed)?)?|test\s+results?|testresultaat|resultaat"
    r"(\s+van\s+de\s+test)?|resultaten|bevinding(en)?|uitkomst(\s+test)?)\s*$"
)
RESULT_LABEL = re.compile(
    r"(?i)^\s*(test\s+)?(results?|resultaat|uitkomst|bevinding(en)?)(\s+(of\s+)?tests?)?\s*:\s*(?P<text>.*)$"
)
NO_EXCEPTION = re.compile(
    r"(?i)^\W*(no\s+(relevant\s+)?(exceptions?|deviations?)\s+(were\s+)?(noted|found|identified)"
    r"|no\s+exceptions?|none|geen\s+(afwijkingen|uitzonderingen|bevindingen)(\s+(geconstateerd|"
    r"vastgesteld|gevonden|opgemerkt))?|zonder\s+afwijkingen|not\s+applicable|n\.?v\.?t\.?)\W*$"
)


@dataclass
class _Row:
    control: str
    page: int
    result: list[str] = field(default_factory=list)


def _result_column(line) -> float | None:  # type: ignore[no-untyped-def]
    """x0 of the result column when `line` is a tests table's header row, else None."""
    if len(line.spans) < 3 or line.heading:
        return None
    match = RESULT_HEADER.search(line.text)
    if match is None or match.start() < len(line.text) / 3:
        return None
    words_before = len(line.text[: match.start()].split())
    if len(line.spans) == len(line.text.split()):
        return line.spans[words_before][0]
    # ruled rows: spans are cells; the result header is the cell holding the match
    offset = 0
    for x, text in line.spans:
        if offset + len(text) >= match.start():
            return x
        offset += len(text) + 1
    return None


def _table_rows(doc: Document) -> tuple[list[_Row], int]:
    rows: list[_Row] = []
    tables = 0
    result_x: float | None = None
    id_x: float | None = None
    current: _Row | None = None
    for line in doc.lines:
        header = _result_column(line)
        if header is not None:
            result_x, id_x = header - 2, line.spans[0][0] + 1
            tables += 1
            current = None
            continue
        if result_x is None:
            continue
        if line.heading:
            result_x, current = None, None  # the table ended: a new section starts
            continue
        first_x, first = line.cells[0] if line.cells else (0.0, "")
        match = CONTROL_ID.match(first) if first_x <= (id_x or 0) + 30 else None
        if match and first_x < result_x:
            current = _Row(match["id"], line.page)
            rows.append(current)
        if current is not None:
            current.result += [text for x, text in line.spans if x >= result_x]
    return rows, tables


def _block_rows(doc: Document) -> list[_Row]:
    rows: list[_Row] = []
    control: tuple[str, int] | None = None
    current: _Row | None = None
    for line in doc.lines:
        label = RESULT_LABEL.match(line.text)
        if label and control is not None:
            current = _Row(control[0], line.page, [label["text"]])
            rows.append(current)
            control = None
            continue
        match = CONTROL_ID.match(line.text)
        if match and re.match(
            r"(?i)^(control|criterion|criterium|beheersmaatregel|norm|maatregel)\s", line.text
        ):
            control, current = (match["id"], line.page), None
            continue
        if current is not None and not line.heading and not line.paragraph:
            current.result.append(line.text)
        else:
            current = None
    return rows


def read_exceptions(doc: Document, reading: Reading) -> None:
    rows, _ = _table_rows(doc)
    if not rows:
        rows = _block_rows(doc)
    if not rows:
        reading.ask("exceptions")
        return
    exceptions, pages, quotes = [], set(), []
    for row in rows:
        text = re.sub(r"\s+", " ", " ".join(row.result)).strip()
        if not text:
            continue
        if NO_EXCEPTION.match(text):
            continue
        exceptions.append({"control": row.control, "text": text})
        reading.found[f"exceptions[{len(exceptions) - 1}]"] = Hit((row.page,), clean_quote(text))
        pages.add(row.page)
        quotes.append(f"{row.control}: {text}")
    if exceptions:
        hit = Hit(tuple(sorted(pages)), clean_quote(" | ".join(quotes)))
    else:
        all_pages = tuple(sorted({r.page for r in rows}))
        hit = Hit(all_pages, f"{len(rows)} tested controls, each with no exceptions noted")
    reading.set("exceptions", exceptions, hit)
