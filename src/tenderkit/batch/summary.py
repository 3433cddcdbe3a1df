"""The batch summary: one row per tender, as `summary.csv` and `summary.xlsx` in OUT_DIR.

Every figure comes from the tender's Result (never recomputed): the winner, the margin to the
second valid bid in the ranking value of the award method, the winner's Monte Carlo win share, the
number of knockouts and assurance flags over all bids, and the residual risks above the buyer's
appetite (over all bids and for the winner). Bidder names are supplier text: in the workbook every
text is written with `write_string` (never a formula, link or number), and in the CSV a text that
a spreadsheet would take for a formula gets a leading apostrophe. Same rows, same bytes: the
workbook's document properties are fixed and nothing depends on the clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

    from tenderkit.result import Result

COLUMNS: dict[str, str] = {
    "tender": "the tender id (its report folder)",
    "status": "done, skipped (report current, --resume) or failed",
    "winner": "bidder id of the winner; empty when no valid bid",
    "winner_name": "the winner's name",
    "formula": "price formula of the award method (the unit of the margin)",
    "margin": "winner's ranking value minus the second valid bid's",
    "win_share": "share of Monte Carlo weight samples the winner wins (0..1)",
    "knockouts": "failed knockout requirements, all bids",
    "assurance_flags": "flags on assurance reports, all bids",
    "risks_above_appetite": "residual risks above the appetite, all bids",
    "winner_risks_above_appetite": "residual risks above the appetite, the winner",
    "problems": "why the tender failed",
}

DIGITS = 6
PROPERTIES = {
    "title": "tenderkit batch summary",
    "subject": "award reports of a batch of tenders",
    "author": "tenderkit",
    "company": "",
    "comments": "One row per tender; figures from each tender's result.json.",
    "created": dt.datetime(2000, 1, 1),
}


def summary_row(result: Result) -> dict[str, Any]:
    """The summary figures of one tender's Result (status and problems are the batch's)."""
    winner = result.bid(result.winner) if result.winner else None
    margin = None if result.margin is None else round(result.margin, DIGITS)
    shares = result.sensitivity.get("monte_carlo", {}).get("win_share", {})
    share = shares.get(result.winner) if winner is not None else None
    return {
        "tender": result.tender,
        "status": "done",
        "winner": result.winner,
        "winner_name": winner.name if winner is not None else None,
        "formula": result.method.formula,
        "margin": margin,
        "win_share": None if share is None else round(float(share), DIGITS),
        "knockouts": sum(len(b.knockouts) for b in result.bids),
        "assurance_flags": sum(len(r.flags) for b in result.bids for r in b.assurance),
        "risks_above_appetite": sum(
            1 for b in result.bids for r in b.risks if not r.within_appetite
        ),
        "winner_risks_above_appetite": (
            sum(1 for r in winner.risks if not r.within_appetite) if winner is not None else None
        ),
        "problems": None,
    }


def _csv_text(value: str) -> str:
    """A text a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR first) gets a `'`."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_bytes(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = []
        for key in COLUMNS:
            value = row.get(key)
            if value is None:
                cells.append("")
            elif isinstance(value, str):
                cells.append(_csv_text(value))
            else:
                cells.append(repr(value) if isinstance(value, float) else str(value))
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The summary workbook, through the shared safe writer (no bidder name becomes a formula)."""
    from tenderkit import safe_xlsx as xlsx

    return xlsx.workbook_bytes(lambda workbook: _write_sheet(workbook, rows))


def _write_sheet(workbook: Workbook, rows: list[dict[str, Any]]) -> None:
    from tenderkit.safe_xlsx import write_text

    workbook.set_properties(PROPERTIES)
    sheet = workbook.add_worksheet("Summary")
    bold = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    percent = workbook.add_format({"num_format": "0.0%"})
    decimal = workbook.add_format({"num_format": "0.00####"})
    failed = workbook.add_format({"font_color": "#9c0006"})
    formats = {"win_share": percent, "margin": decimal}
    widths = {"tender": 28, "winner": 18, "winner_name": 28, "formula": 18, "problems": 80}
    for col, key in enumerate(COLUMNS):
        write_text(sheet, 0, col, key, bold)
        sheet.write_comment(0, col, COLUMNS[key])
        sheet.set_column(col, col, widths.get(key, 12))
    for line, row in enumerate(rows, start=1):
        for col, key in enumerate(COLUMNS):
            value = row.get(key)
            style = failed if row.get("status") == "failed" else formats.get(key)
            if value is None:
                sheet.write_blank(line, col, None, style)
            elif isinstance(value, str):
                write_text(sheet, line, col, value, style)
            else:
                sheet.write_number(line, col, value, style)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(1, len(rows)), len(COLUMNS) - 1)


def write_summary(rows: list[dict[str, Any]], out_root: Path) -> tuple[Path, Path]:
    """Write `summary.xlsx` and `summary.csv` into `out_root` (atomically); return both paths."""
    from tenderkit.fileio import write_atomic

    xlsx = write_atomic(out_root / "summary.xlsx", xlsx_bytes(rows))
    csv_path = write_atomic(out_root / "summary.csv", csv_bytes(rows))
    return xlsx, csv_path


def is_summary_file(path: Path) -> bool:
    """Is `path` a summary an earlier batch wrote (so a batch may overwrite it)?

    summary.csv starts with the header row; summary.xlsx carries the fixed document title.
    """
    import zipfile

    try:
        if path.name == "summary.csv":
            with open(path, "rb") as handle:
                return handle.readline().startswith(b"tender,status,")
        if path.name == "summary.xlsx":
            with zipfile.ZipFile(path) as archive:
                core = archive.read("docProps/core.xml").decode("utf-8", "replace")
            return f"<dc:title>{PROPERTIES['title']}</dc:title>" in core
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    return False
