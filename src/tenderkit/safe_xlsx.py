"""The one safe way tenderkit writes .xlsx files: the workbook, the bidder's form, the summary.

Bid files are untrusted, so a bidder called `=HYPERLINK("http://evil", "click")` must stay a plain
text in every workbook we write. xlsxwriter's `write()` guesses: a text starting with `=` becomes a
formula, `http://...` a link, `0012` the number 12. Every workbook is therefore opened here with
those guesses switched off (`SAFE_OPTIONS`), texts go through `write_text` (always
`write_string`, cut to Excel's cell limit), and the file is built in memory and written through a
temporary file renamed into place, so a crash never leaves half a workbook behind.

Formulas that tenderkit writes itself (the price points over the visible inputs) go through
`write_formula` explicitly; no supplier text is ever part of one.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from tenderkit.fileio import write_atomic

__all__ = [
    "MAX_CELL_TEXT",
    "SAFE_OPTIONS",
    "new_workbook",
    "workbook_bytes",
    "write_text",
    "write_xlsx",
]

SAFE_OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
"""No text is ever turned into a formula, a link or a number by xlsxwriter's guessing."""

MAX_CELL_TEXT = 32_767
"""Excel's limit on the length of a cell's text; longer texts are cut, never refused."""


@contextmanager
def new_workbook(buffer: io.BytesIO) -> Iterator[Workbook]:
    """An xlsxwriter Workbook in memory with the safe options; closed when the block ends."""
    workbook = xlsxwriter.Workbook(buffer, {**SAFE_OPTIONS, "in_memory": True})
    try:
        yield workbook
    finally:
        workbook.close()


def workbook_bytes(build: Callable[[Workbook], None]) -> bytes:
    """The bytes of the workbook `build` fills in (a safe workbook, in memory)."""
    buffer = io.BytesIO()
    with new_workbook(buffer) as workbook:
        build(workbook)
    return buffer.getvalue()


def write_xlsx(path: Path | str, build: Callable[[Workbook], None]) -> Path:
    """Build a safe workbook with `build` and write it to `path` atomically; returns the path."""
    return write_atomic(Path(path), workbook_bytes(build))


def write_text(ws: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """Write `value` as a text cell, always: never a formula, link or number, whatever it says.

    Lists and tuples are joined with ", "; texts longer than Excel allows are cut.
    """
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    ws.write_string(row, col, str(value)[:MAX_CELL_TEXT], fmt)
