"""Fill a generated bid form from a `Bid`, as a bidder would: for tests, demos and benchmarks.

The filled form reads back (`tenderkit.form.reader.read_bid`) into the same Bid. Values are
written the way a person would type them in the form's language (dropdown labels, ja/nee, lists
with commas, one item per line where the form asks for that).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tenderkit.fileio import write_atomic
from tenderkit.form import layout
from tenderkit.form.labels import LABELS
from tenderkit.formats.bid import AssuranceReport, Bid


def fill_form(template_path: str | Path, bid: Bid, out_path: str | Path) -> Path:
    """Write `out_path`: the form at `template_path` filled in with `bid`."""
    workbook = load_workbook(template_path)
    language = "en" if LABELS["en"]["sheets"]["answers"] in workbook.sheetnames else "nl"
    filler = _Filler(workbook, language)
    filler.answers(bid)
    filler.facts(bid)
    filler.assurance(bid.assurance)
    filler.subprocessors(bid)
    filler.price(bid)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write_atomic(Path(out_path), buffer.getvalue())


class _Filler:
    def __init__(self, workbook: Any, language: str):
        self.words = LABELS[language]
        self.sheets: dict[str, Worksheet] = {
            key: workbook[self.words["sheets"][key]] for key in layout.SHEETS
        }

    def label(self, choice: str, code: str) -> str:
        return self.words["choices"][choice][code]

    def yes_no(self, value: bool) -> str:
        return self.label("yes_no", "yes" if value else "no")

    def columns(self, key: str) -> dict[str, int]:
        """Column number (1-based) of each column key, found by header as the reader does."""
        names = {label: column for column, label in self.words["columns"][key].items()}
        sheet = self.sheets[key]
        return {
            names[cell.value]: cell.column
            for cell in sheet[layout.HEADER_ROW]
            if cell.value in names
        }

    def rows_by(self, key: str, column: str, first: int) -> dict[str, int]:
        sheet = self.sheets[key]
        col = self.columns(key)[column]
        return {
            str(sheet.cell(row, col).value): row
            for row in range(first, sheet.max_row + 1)
            if sheet.cell(row, col).value is not None
        }

    def answers(self, bid: Bid) -> None:
        sheet = self.sheets["answers"]
        cols = self.columns("answers")
        rows = self.rows_by("answers", "id", layout.FIRST_LIST_ROW)
        for requirement, answer in bid.answers.items():
            if requirement not in rows:
                raise ValueError(f"requirement {requirement} is not in the form")
            row = rows[requirement]
            sheet.cell(row, cols["status"], self.label("status", answer.status))
            if answer.note:
                sheet.cell(row, cols["note"], answer.note)
            if answer.evidence:
                sheet.cell(row, cols["evidence"], ", ".join(answer.evidence))

    def facts(self, bid: Bid) -> None:
        sheet = self.sheets["facts"]
        cols = self.columns("facts")
        rows = self.rows_by("facts", "code", layout.FIRST_ITEM_ROW)
        free = [
            row
            for row in range(layout.FIRST_ITEM_ROW, sheet.max_row + 1)
            if sheet.cell(row, cols["code"]).value is None
        ]
        for name, value in bid.facts.stated().items():
            if name in layout.PER_PRIORITY:
                for priority, hours in value.items():
                    sheet.cell(rows[f"{name}.{priority}"], cols["value"], hours)
                continue
            kind = layout.RESERVED_FACT_TYPES.get(name)
            if name in rows:
                kind = kind or str(sheet.cell(rows[name], cols["type"]).value)
                sheet.cell(rows[name], cols["value"], self.fact_value(value, kind))
                continue
            if not free:
                raise ValueError(f"no free row left on the facts sheet for '{name}'")
            row = free.pop(0)
            kind = _kind_of(value)
            sheet.cell(row, cols["code"], name)
            sheet.cell(row, cols["type"], kind)
            sheet.cell(row, cols["value"], self.fact_value(value, kind))

    def fact_value(self, value: Any, kind: str) -> Any:
        if kind == "bool":
            return self.yes_no(value)
        if kind.startswith("choice:"):
            return self.label(kind.partition(":")[2], value)
        if kind in ("countries", "list"):
            return ", ".join(str(v) for v in value)
        if kind == "text":
            return str(value)
        return value

    def assurance(self, reports: list[AssuranceReport]) -> None:
        sheet = self.sheets["assurance"]
        cols = self.columns("assurance")
        if len(reports) > layout.ASSURANCE_ROWS:
            raise ValueError(f"the form has room for {layout.ASSURANCE_ROWS} reports")
        for offset, report in enumerate(reports):
            row = layout.FIRST_LIST_ROW + offset
            for column, value in self.report_cells(report).items():
                if value is not None and value != "":
                    sheet.cell(row, cols[column], value)
        if sheet.print_area and len(reports) > layout.ASSURANCE_PRINT_ROWS:
            # the template prints its first rows; a filled form prints every report in it
            last = layout.FIRST_LIST_ROW - 1 + len(reports)
            sheet.print_area = f"A1:{get_column_letter(len(layout.ASSURANCE_COLUMNS))}{last}"

    def report_cells(self, report: AssuranceReport) -> dict[str, Any]:
        method = self.words["choices"]["method"]
        return {
            "id": report.id,
            "kind": self.label("report_kind", report.kind),
            "issuer": report.issuer,
            "issued": report.issued,
            "period_start": report.period.start if report.period else None,
            "period_end": report.period.end if report.period else None,
            "as_of": report.as_of,
            "opinion": self.label("opinion", report.opinion) if report.opinion else None,
            "categories": ", ".join(self.label("category", c) for c in report.categories),
            "criteria": ", ".join(report.criteria),
            "services": "\n".join(report.scope.services),
            "locations": "\n".join(report.scope.locations),
            "covers_offered_service": self.yes_no(report.covers_offered_service),
            "management_assertion": (
                None
                if report.management_assertion is None
                else self.yes_no(report.management_assertion)
            ),
            "bridge_letter_until": report.bridge_letter_until,
            "standard_version": report.standard_version,
            "accreditation": report.accreditation,
            "valid_until": report.valid_until,
            "last_audit": report.last_audit,
            "controls": "\n".join(
                f"{framework}: {', '.join(ids)}"
                for framework, ids in (report.controls or {}).items()
            ),
            "excluded_controls": ", ".join(report.excluded_controls),
            "exceptions": "\n".join(f"{e.control}: {e.text}" for e in report.exceptions),
            "subservice": "\n".join(
                f"{s.name} | {method[s.method]} | {s.report or ''} | {s.service}"
                for s in report.subservice
            ),
            "cuecs": "\n".join(report.cuecs),
        }

    def subprocessors(self, bid: Bid) -> None:
        sheet = self.sheets["subprocessors"]
        cols = self.columns("subprocessors")
        if len(bid.subprocessors) > layout.SUBPROCESSOR_ROWS:
            raise ValueError(f"the form has room for {layout.SUBPROCESSOR_ROWS} subprocessors")
        for offset, sub in enumerate(bid.subprocessors):
            row = layout.FIRST_LIST_ROW + offset
            sheet.cell(row, cols["name"], sub.name)
            sheet.cell(row, cols["country"], sub.country)
            if sub.service:
                sheet.cell(row, cols["service"], sub.service)

    def price(self, bid: Bid) -> None:
        sheet = self.sheets["price"]
        cols = self.columns("price")
        rows = self.rows_by("price", "code", layout.FIRST_ITEM_ROW)
        sheet.cell(rows["bidder"], cols["value"], bid.bidder)
        sheet.cell(rows["price"], cols["value"], bid.price)


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    return "text"
