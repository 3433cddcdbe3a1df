"""Read a filled-in bid form (.xlsx) into the same `Bid` a YAML bid gives.

The file comes from a supplier, so it is untrusted: `tenderkit.form.safety` refuses what is not
a plain, sane .xlsx and copies out the cells, evaluating nothing; a formula where a value belongs
is a problem naming the cell, never a number we trust. `tenderkit.form.values` turns what a person
typed into the bid format's values, tolerant where that is safe. This module finds the sheets'
columns by their headers in either language and builds the `Bid`. Empty rows are skipped; an
answer without a status is left out (unanswered). Every problem names the sheet, the row and the
column; all problems are reported at once, each a catalogue text of texts/validation.yaml, so
it is told in the tender's language (or `--language`) like every problem of `validate`.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from pydantic import BaseModel, ValidationError

from tenderkit.errors import Invalid, Problem, catalogue_text
from tenderkit.form import layout
from tenderkit.form.labels import COLUMN_ALIASES, LABELS
from tenderkit.form.safety import Grid, read_grids, safe_bytes
from tenderkit.form.values import (
    BadValue,
    as_controls,
    as_date,
    as_exceptions,
    as_id,
    as_ids,
    as_lines,
    as_number,
    as_text,
    blank,
    choice,
    guess,
    norm,
    slug,
    split_list,
    subservice,
    yes_no,
)
from tenderkit.formats.bid import Answer, AssuranceReport, Bid, Facts, Subprocessor
from tenderkit.formats.messages import did_you_mean, shown, text_of

REQUIRED_COLUMNS = {
    "answers": ("id", "status", "note", "evidence"),
    "facts": ("code", "value"),
    "assurance": layout.ASSURANCE_COLUMNS,
    "subprocessors": layout.SUBPROCESSOR_COLUMNS,
    "price": ("code", "value"),
}
READ_SHEETS = tuple(REQUIRED_COLUMNS)

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def read_bid(path: Path, display: str) -> tuple[Bid | None, list[Problem]]:
    """Read a filled-in form; the bid, or None and every problem found."""
    path = Path(path)
    content, problems = safe_bytes(path, display)
    if problems:
        return None, problems
    grids, problems = read_grids(content, display, READ_SHEETS)
    if problems:
        return None, problems
    reader = _BidReader(display, grids)
    bid, problems = reader.read()
    if bid is not None:  # where each answer and report stands, for the loader's later checks
        _CELLS[id(bid)] = reader.cells
        weakref.finalize(bid, _CELLS.pop, id(bid), None)
    return bid, problems


_CELLS: dict[int, dict[str, str]] = {}
"""Per bid read from a form (by `id`, while it lives): its key paths' cells, e.g.
`answers.ENC-01` -> `sheet Antwoorden, row 3, column ID (A3)`."""


def in_cells(bid: Bid, problems: Iterable[Problem]) -> list[Problem]:
    """The loader's problems about a bid read from a form (an answer to a requirement the set
    does not have, evidence that names no report), placed at the form's cell instead of the
    bid format's key path, which a bidder's form does not show."""
    cells = _CELLS.get(id(bid), {})
    return [replace(p, place=cells.get(p.place, p.place)) for p in problems]


# --- the sheets -----------------------------------------------------------------------------------


_INVALID = object()


class _Sheet:
    """One sheet of the form: its columns found by header, its cells addressed by column key."""

    def __init__(self, key: str, grid: Grid):
        self.key = key
        self.grid = grid
        self.name = grid.name
        self.columns: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        labels = {norm(old): column for old, column in COLUMN_ALIASES.get(key, {}).items()} | {
            norm(words["columns"][key][column]): column
            for words in LABELS.values()
            for column in words["columns"][key]
        }
        header = grid.rows.get(layout.HEADER_ROW, ())
        for index, (value, _) in enumerate(header):
            if isinstance(value, str) and norm(value) in labels:
                column = labels[norm(value)]
                self.columns.setdefault(column, index)
                self.headers.setdefault(column, value.strip())

    def missing(self) -> list[str]:
        return [c for c in REQUIRED_COLUMNS[self.key] if c not in self.columns]

    def rows(self, first: int) -> Iterable[int]:
        return (number for number in sorted(self.grid.rows) if number >= first)

    def raw(self, row: int, column: str) -> tuple[Any, str]:
        index = self.columns.get(column)
        cells = self.grid.rows.get(row, ())
        if index is None or index >= len(cells):
            return None, "n"
        return cells[index]

    def place(self, row: int, column: str | None = None) -> str:
        if column is None or column not in self.columns:
            return f"sheet {self.name}, row {row}"
        letter = get_column_letter(self.columns[column] + 1)
        return f"sheet {self.name}, row {row}, column {self.headers[column]} ({letter}{row})"

    def empty(self, row: int, columns: Iterable[str]) -> bool:
        return all(blank(self.raw(row, c)[0]) for c in columns)


class _BidReader:
    def __init__(self, display: str, grids: dict[str, Grid]):
        self.display = display
        self.problems: list[Problem] = []
        self.sheets = {key: _Sheet(key, grid) for key, grid in grids.items()}
        answers = norm(grids["answers"].name) if "answers" in grids else ""
        self.language = "en" if answers == norm(LABELS["en"]["sheets"]["answers"]) else "nl"
        self.price_rows: dict[str, int] = {}
        self.report_ids: set[str] = set()
        self.cells: dict[str, str] = {}
        """The cell of each key path of the bid format (see `in_cells`)."""

    def problem(self, place: str, key: str, /, **values: Any) -> None:
        """A problem at `place`, told by the catalogue text `key` with `values`."""
        self.problems.append(Problem.of(self.display, place, key, **values))

    def get(self, sheet: _Sheet, row: int, column: str, convert: Callable[[Any], Any]) -> Any:
        """The converted value of a cell; None when empty; _INVALID (and a problem) when bad."""
        value, data_type = sheet.raw(row, column)
        if data_type == "f" or isinstance(value, ArrayFormula | DataTableFormula):
            formula = value if isinstance(value, str) else getattr(value, "text", "")
            self.problem(sheet.place(row, column), "form_formula", formula=shown(formula or "=…"))
            return _INVALID
        if data_type == "e":
            self.problem(sheet.place(row, column), "form_error_value", value=str(value))
            return _INVALID
        if blank(value):
            return None
        try:
            return convert(value.strip() if isinstance(value, str) else value)
        except BadValue as exc:
            self.problem(sheet.place(row, column), exc.key, **exc.values)
            return _INVALID

    def check(
        self,
        model: type[BaseModel],
        data: dict[str, Any],
        sheet: _Sheet,
        row: int,
        column_of: Callable[[tuple[Any, ...]], str | None],
    ) -> Any:
        """Validate one row's data against its model; problems name the row's cells."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                column = column_of(loc)
                key, values = text_of(error, model)
                self.explained(sheet, sheet.place(row, column), key, values)
            return None

    def explained(self, sheet: _Sheet, place: str, key: str, values: dict[str, Any]) -> None:
        """A model's problem at `place`; where it speaks of a field by its key (e.g. 'period'),
        the form's columns for that field are named after it."""
        message = catalogue_text(key, "en", values)
        names = {
            "'period'": ("period_start", "period_end"),
            "'as_of'": ("as_of",),
            "'opinion'": ("opinion",),
            "standard_version": ("standard_version",),
            "valid_until": ("valid_until",),
            "bridge_letter_until": ("bridge_letter_until",),
        }
        columns = [c for token, cs in names.items() if token in message for c in cs]
        shown_columns = [sheet.headers[c] for c in columns if c in sheet.headers]
        if shown_columns:
            told = Invalid(key, **values)
            self.problem(
                place, "form_about_columns", problem=told, columns=", ".join(shown_columns)
            )
        else:
            self.problem(place, key, **values)

    # --- the whole bid ------------------------------------------------------------------------

    def read(self) -> tuple[Bid | None, list[Problem]]:
        for sheet in self.sheets.values():
            missing = sheet.missing()
            if missing:
                names = [LABELS[self.language]["columns"][sheet.key][c] for c in missing]
                self.problem(
                    f"sheet {sheet.name}, row {layout.HEADER_ROW}",
                    "form_no_columns",
                    columns=", ".join(names),
                )
        if self.problems:
            return None, self.problems
        reports = self.assurance()
        answers = self.answers(self.report_ids)
        facts = self.facts()
        subprocessors = self.subprocessors()
        bidder, price = self.price()
        if self.problems:
            return None, self.problems
        try:
            bid = Bid.model_validate(
                {
                    "tenderkit": 1,
                    "bidder": bidder,
                    "price": price,
                    "answers": answers,
                    "facts": facts,
                    "subprocessors": subprocessors,
                    "assurance": reports,
                }
            )
        except ValidationError as exc:
            sheet = self.sheets["price"]
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                row = self.price_rows.get(str(loc[0])) if loc else None
                key, values = text_of(error, Bid)
                self.problem(sheet.place(row, "value") if row else "", key, **values)
            return None, self.problems
        return bid, []

    def answers(self, report_ids: set[str]) -> dict[str, Answer]:
        sheet = self.sheets["answers"]
        answers: dict[str, Answer] = {}
        seen: dict[str, int] = {}
        status_of = choice("status", self.language)
        for row in sheet.rows(layout.FIRST_LIST_ROW):
            if sheet.empty(row, ("status", "note", "evidence")):
                continue
            status = self.get(sheet, row, "status", status_of)
            note = self.get(sheet, row, "note", as_text)
            evidence = self.get(sheet, row, "evidence", as_ids)
            if status is None:
                continue  # no status: the requirement counts as unanswered
            requirement = self.get(sheet, row, "id", as_id)
            if requirement is None:
                self.problem(
                    sheet.place(row, "id"), "form_answer_without_id", column=sheet.headers["id"]
                )
                continue
            if requirement is _INVALID:
                continue
            if requirement in seen:
                self.problem(
                    sheet.place(row, "id"),
                    "form_answered_twice",
                    requirement=requirement,
                    row=seen[requirement],
                )
                continue
            seen[requirement] = row
            for report in evidence if isinstance(evidence, list) else []:
                if report not in report_ids:
                    self.problem(
                        sheet.place(row, "evidence"),
                        "form_no_report",
                        report=report,
                        sheet=self.sheets["assurance"].name,
                        suggestion=did_you_mean(report, report_ids),
                    )
            if _INVALID in (status, note, evidence):
                continue
            data = {"status": status, "note": note or "", "evidence": evidence or []}
            answer = self.check(Answer, data, sheet, row, lambda loc: str(loc[0]) if loc else None)
            if answer is not None:
                answers[requirement] = answer
                self.cells[f"answers.{requirement}"] = sheet.place(row, "id")
                self.cells[f"answers.{requirement}.evidence"] = sheet.place(row, "evidence")
        return answers

    def facts(self) -> Facts | dict[str, Any]:
        sheet = self.sheets["facts"]
        facts: dict[str, Any] = {}
        rows: dict[str, int] = {}
        for row in sheet.rows(layout.FIRST_ITEM_ROW):
            if sheet.empty(row, ("value",)):
                continue
            code = self.get(sheet, row, "code", as_id)
            if code is _INVALID:
                continue
            if code is None:  # an own fact: its name, as a code
                label = self.get(sheet, row, "label", as_text) if "label" in sheet.columns else None
                code = slug(label) if isinstance(label, str) else ""
                if not code:
                    if label is None:
                        self.problem(
                            sheet.place(row, "value"),
                            "form_fact_unnamed",
                            column=sheet.headers["code"],
                        )
                    continue
            kind = layout.RESERVED_FACT_TYPES.get(code)
            if kind is None and layout.reserved_fact(code):
                self.problem(sheet.place(row, "code"), "form_fact_reserved", code=code)
                continue
            if kind is None and not _SLUG.match(code):
                self.problem(sheet.place(row, "code"), "form_fact_code", code=shown(code))
                continue
            if kind is None:
                stated = self.get(sheet, row, "type", as_text)
                kind = stated if stated in layout.EXTRA_FACT_TYPES else "guess"
            if code in rows:
                self.problem(sheet.place(row, "code"), "form_fact_twice", code=code, row=rows[code])
                continue
            rows[code] = row
            value = self.get(sheet, row, "value", self.fact_converter(kind))
            if value is _INVALID:
                continue
            name, _, priority = code.partition(".")
            if name in layout.PER_PRIORITY and priority:
                facts.setdefault(name, {})[priority] = value
            else:
                facts[code] = value

        if not facts:
            return Facts()
        try:
            return Facts.model_validate(facts)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                code = str(loc[0]) if loc else ""
                if code in layout.PER_PRIORITY and len(loc) > 1:
                    code = f"{code}.{loc[1]}"
                row = rows.get(code)
                place = sheet.place(row, "value") if row else f"sheet {sheet.name}"
                key, values = text_of(error, Facts)
                self.problem(place, key, **values)
            return facts

    def fact_converter(self, kind: str) -> Callable[[Any], Any]:
        if kind in ("percent", "hours", "number"):
            return as_number
        if kind == "bool":
            return yes_no(self.language)
        if kind.startswith("choice:"):
            return choice(kind.partition(":")[2], self.language)
        if kind in ("countries", "list"):
            return as_ids
        if kind == "text":
            return as_text
        return guess

    def assurance(self) -> list[AssuranceReport]:
        sheet = self.sheets["assurance"]
        language = self.language
        converters: dict[str, Callable[[Any], Any]] = {
            "id": as_id,
            "text": as_text,
            "date": as_date,
            "bool": yes_no(language),
            "ids": as_ids,
            "lines": as_lines,
            "controls": as_controls,
            "exceptions": as_exceptions,
            "subservice": subservice(language),
            "choices:category": lambda v: [choice("category", language)(p) for p in split_list(v)],
        }
        reports: list[AssuranceReport] = []
        seen: dict[str, int] = {}
        for row in sheet.rows(layout.FIRST_LIST_ROW):
            if sheet.empty(row, layout.ASSURANCE_COLUMNS):
                continue
            values: dict[str, Any] = {}
            for column, kind in layout.ASSURANCE_TYPES.items():
                convert = converters.get(kind) or choice(kind.partition(":")[2], language)
                values[column] = self.get(sheet, row, column, convert)
            report_id = values["id"]
            if isinstance(report_id, str):
                if report_id in seen:
                    self.problem(
                        sheet.place(row, "id"),
                        "form_report_twice",
                        report=report_id,
                        row=seen[report_id],
                    )
                    continue
                seen[report_id] = row
            if _INVALID in values.values():
                continue
            data = self.report_data(values)
            report = self.check(AssuranceReport, data, sheet, row, _assurance_column)
            if report is None:
                continue
            for sub in report.subservice:
                if sub.report is not None and sub.report == report.id:
                    self.problem(
                        sheet.place(row, "subservice"), "form_subservice_self", name=sub.name
                    )
            reports.append(report)
            where = f"assurance[{len(reports)}] ({report.id})"
            self.cells[f"{where}.subservice"] = sheet.place(row, "subservice")
        self.report_ids = set(seen)  # every report named, valid or not: no follow-on problems
        for report in reports:
            for sub in report.subservice:
                if sub.report is not None and sub.report not in self.report_ids:
                    self.problem(
                        sheet.place(seen[report.id], "subservice"),
                        "form_subservice_unknown",
                        name=sub.name,
                        report=sub.report,
                        suggestion=did_you_mean(sub.report, self.report_ids),
                    )
        return reports

    @staticmethod
    def report_data(values: dict[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {
            key: values[key]
            for key in (
                "id",
                "kind",
                "issuer",
                "issued",
                "as_of",
                "opinion",
                "bridge_letter_until",
                "standard_version",
                "accreditation",
                "valid_until",
                "last_audit",
                "covers_offered_service",
                "management_assertion",
                "controls",
            )
            if values[key] is not None
        }
        if values["period_start"] is not None or values["period_end"] is not None:
            data["period"] = {"start": values["period_start"], "end": values["period_end"]}
        data["scope"] = {
            "services": values["services"] or [],
            "locations": values["locations"] or [],
        }
        for key in ("categories", "criteria", "excluded_controls", "exceptions", "subservice"):
            data[key] = values[key] or []
        data["cuecs"] = values["cuecs"] or []
        return data

    def subprocessors(self) -> list[Subprocessor]:
        sheet = self.sheets["subprocessors"]
        found: list[Subprocessor] = []
        for row in sheet.rows(layout.FIRST_LIST_ROW):
            if sheet.empty(row, layout.SUBPROCESSOR_COLUMNS):
                continue
            values = {c: self.get(sheet, row, c, as_text) for c in layout.SUBPROCESSOR_COLUMNS}
            if _INVALID in values.values():
                continue
            data = {k: v for k, v in values.items() if v is not None}
            model = self.check(
                Subprocessor, data, sheet, row, lambda loc: str(loc[0]) if loc else None
            )
            if model is not None:
                found.append(model)
        return found

    def price(self) -> tuple[Any, Any]:
        sheet = self.sheets["price"]
        values: dict[str, Any] = {}
        for row in sheet.rows(layout.FIRST_ITEM_ROW):
            code = self.get(sheet, row, "code", as_id)
            if code not in ("bidder", "price"):
                continue
            self.price_rows[code] = row
            values[code] = self.get(sheet, row, "value", as_text if code == "bidder" else as_number)
        for code in ("bidder", "price"):
            if code not in self.price_rows:
                self.problem(f"sheet {sheet.name}", "form_no_price_row", code=code)
            elif values.get(code) is None:
                label = LABELS[self.language]["price_rows"][code][0]
                self.problem(
                    sheet.place(self.price_rows[code], "value"), "form_fill_in", label=label
                )
        return values.get("bidder"), values.get("price")


def _assurance_column(loc: tuple[Any, ...]) -> str | None:
    if not loc:
        return "kind"
    head = str(loc[0])
    if head == "period":
        return "period_start" if len(loc) > 1 and loc[1] == "start" else "period_end"
    if head == "scope":
        return "locations" if len(loc) > 1 and loc[1] == "locations" else "services"
    return head if head in layout.ASSURANCE_TYPES else None
