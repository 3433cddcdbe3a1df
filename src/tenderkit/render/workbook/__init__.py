"""The award report's Excel workbook: every figure of a `Result`, one sheet per subject.

`write_workbook(result, tender, path)` writes the scoring workbook of an award report. It shows
Result figures only and never recomputes a score; the tender supplies names and titles (criteria,
requirements, bidders) and the bids' own texts (answers, notes).

Sheets, named in the tender's language: Samenvatting/Summary (tender, method, ranking, warnings,
a chart of totals), Knock-outs, Scorematrix/Score matrix (scores at the level they were given),
Prijs/Price (the price points as formulas over the cells shown), Gevoeligheid/Sensitivity (with a
chart of Monte Carlo win shares), Assurance (verdicts and flags), Dekking/Coverage (per
requirement and bid), Risico's/Risks (the residual-risk register), Risico-onderbouwing/Risk
reasoning (evidence and why these measures), Acties/Actions (the buyer's obligations and
actions), Panel (the evaluation record, a row per evaluator's score), Antwoorden/Answers (each
bid's own answers) and, when the Result has service-level lines, SLA. Every sheet prints on A4
landscape at a readable scale (one page wide when that stays at 70 % or more), its header rows
repeated on every page. An invalid bid shows why it is invalid and no would-be points.
Labels come from `texts/excel.yaml`. One module per sheet group: `summary`, `scores` (knock-outs,
score matrix), `price`, `sensitivity`, `assurance`, `risks` and `record` (panel, answers, SLA);
`base` holds the formats, cells and tables they share.

Supplier and user input is untrusted: the workbook is made by the shared safe writer
(`tenderkit.safe_xlsx`), every text is written as a string, so a bidder called `=HYPERLINK(...)`
stays a plain string. The same inputs give a byte-identical file: the
document date is derived from the tender's closing date and nothing else depends on the clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlsxwriter.workbook import Workbook

from tenderkit import safe_xlsx as xlsx
from tenderkit.loader import Tender
from tenderkit.render.workbook import (
    assurance,
    price,
    record,
    risks,
    scores,
    sensitivity,
    summary,
)
from tenderkit.render.workbook.base import AUTHOR, Sheets
from tenderkit.result import Result

__all__ = ["workbook_bytes", "write_workbook"]


def write_workbook(result: Result, tender: Tender, path: Path) -> Path:
    """Write the scoring workbook of `result` to `path` (atomically); returns the path."""
    return xlsx.write_xlsx(path, lambda workbook: _write(workbook, result, tender))


def workbook_bytes(result: Result, tender: Tender) -> bytes:
    """The workbook as bytes: the same Result and tender always give the same bytes."""
    return xlsx.workbook_bytes(lambda workbook: _write(workbook, result, tender))


def _write(workbook: Workbook, result: Result, tender: Tender) -> None:
    r = Sheets(workbook, result, tender)
    config = tender.config
    closing = config.dates.closing
    workbook.set_properties(
        {
            "title": config.title,
            "subject": r.t("properties_subject"),
            "author": AUTHOR,
            "company": config.buyer.name,
            "comments": f"tenderkit {result.tool_version}",
            "created": dt.datetime(closing.year, closing.month, closing.day),
        }
    )
    summary.summary(r)
    scores.knockouts(r)
    scores.score_matrix(r)
    price.price(r)
    sensitivity.sensitivity(r)
    assurance.assurance(r)
    assurance.coverage(r)
    risks.risks(r)
    record.panel(r)
    record.answers(r)
    record.sla(r)
    r.finish()
