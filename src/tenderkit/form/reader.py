"""Read a filled-in bid form (.xlsx) into the same `Bid` a YAML bid gives.

The file comes from a supplier, so it is untrusted. Before openpyxl sees it: macro-enabled
workbooks are refused (by extension, by a `vbaProject.bin` inside, or by a macro content type),
and so is anything that is not a zip of sane size (a zip bomb declares or holds far more than a
form ever needs). openpyxl then opens it read-only, keeps no external links and evaluates nothing:
a formula where a value belongs is a problem naming the cell, never a number we trust.

People fill the form in, so the reader is tolerant where that is safe: spaces around values,
dropdown labels of either language in any case, decimal commas, dates typed as text, ja/nee and
yes/no. Empty rows are skipped; an answer without a status is left out (unanswered). Every problem
names the sheet, the row and the column.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from pydantic import BaseModel, ValidationError

from tenderkit.errors import Problem
from tenderkit.form import layout
from tenderkit.form.labels import ALIASES, LABELS
from tenderkit.formats.bid import Answer, AssuranceReport, Bid, Facts, Subprocessor
from tenderkit.formats.limits import MAX_XLSX_BYTES, MAX_XLSX_UNCOMPRESSED_BYTES
from tenderkit.formats.messages import message_of, shown

MAX_FILE_BYTES = MAX_XLSX_BYTES
"""Largest form file accepted, compressed (tenderkit.formats.limits holds every limit)."""
MAX_UNCOMPRESSED_BYTES = MAX_XLSX_UNCOMPRESSED_BYTES
MAX_ZIP_MEMBERS = 2_000
MAX_CELLS = 200_000
"""Most cells read over all sheets (rows x MAX_COLUMNS), against sheets inflated by accident."""
MAX_COLUMNS = 40
"""Columns read per sheet; the widest sheet of the form (Assurance) has 24."""
MACRO_SUFFIXES = frozenset({".xlsm", ".xltm", ".xlam", ".xlsb"})
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

REQUIRED_COLUMNS = {
    "answers": ("id", "status", "note", "evidence"),
    "facts": ("code", "value"),
    "assurance": layout.ASSURANCE_COLUMNS,
    "subprocessors": layout.SUBPROCESSOR_COLUMNS,
    "price": ("code", "value"),
}
READ_SHEETS = tuple(REQUIRED_COLUMNS)

_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), ("y", "m", "d")),
)
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def read_bid(path: Path, display: str) -> tuple[Bid | None, list[Problem]]:
    """Read a filled-in form; the bid, or None and every problem found."""
    path = Path(path)
    content, problems = _safe_bytes(path, display)
    if problems:
        return None, problems
    grids, problems = _read_grids(content, display)
    if problems:
        return None, problems
    return _BidReader(display, grids).read()


# --- the file: refuse what is not a plain, sane .xlsx ---------------------------------------------


def _safe_bytes(path: Path, display: str) -> tuple[bytes, list[Problem]]:
    def problem(message: str) -> tuple[bytes, list[Problem]]:
        return b"", [Problem(display, "", message)]

    if path.suffix.lower() in MACRO_SUFFIXES:
        return problem(
            f"is a macro-enabled or binary workbook ({path.suffix}); tenderkit does not open "
            "those. Save the form as 'Excel Workbook (.xlsx)' and hand that in"
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return problem(
                f"is {size / 1e6:.0f} MB, larger than any filled-in form "
                f"(limit {MAX_FILE_BYTES / 1e6:.0f} MB); remove pictures or other added content"
            )
        content = path.read_bytes()
    except OSError as exc:
        return problem(f"cannot be read ({exc.strerror or exc})")
    if content.startswith(OLE_MAGIC):
        return problem(
            "is an old Excel file (.xls) or protected with a password to open; save it as "
            "'Excel Workbook (.xlsx)' without a password"
        )
    return content, _zip_problems(content, display)


def _zip_problems(content: bytes, display: str) -> list[Problem]:
    def problem(message: str) -> list[Problem]:
        return [Problem(display, "", message)]

    not_xlsx = (
        "is not an Excel workbook (.xlsx); save the form from Excel as 'Excel Workbook (.xlsx)'"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return problem(f"holds {len(members)} parts, far more than an Excel form")
            total = sum(member.file_size for member in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                return problem(
                    f"unpacks to {total / 1e6:.0f} MB (limit {MAX_UNCOMPRESSED_BYTES / 1e6:.0f} "
                    "MB); a filled-in form is far smaller, so it was not opened (possible zip "
                    "bomb)"
                )
            names = {member.filename.lower() for member in members}
            if any(name.endswith("vbaproject.bin") for name in names):
                return problem(
                    "contains macros (VBA); tenderkit does not open workbooks with macros. "
                    "Save the form as 'Excel Workbook (.xlsx)' and hand that in"
                )
            if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
                return problem(not_xlsx)
            types = archive.read("[Content_Types].xml")
            if b"macroenabled" in types.lower():
                return problem(
                    "is a macro-enabled workbook; save the form as 'Excel Workbook (.xlsx)'"
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        return problem(not_xlsx)
    except (NotImplementedError, RuntimeError):  # unsupported compression, encrypted member
        return problem(not_xlsx)
    return []


@dataclass
class _Grid:
    """The cells of one sheet as read: non-empty rows by row number, (value, data type) each."""

    name: str
    rows: dict[int, tuple[tuple[Any, str], ...]] = field(default_factory=dict)


def _read_grids(content: bytes, display: str) -> tuple[dict[str, _Grid], list[Problem]]:
    """Open the workbook read-only and copy out the cells of the sheets tenderkit reads."""
    from openpyxl import load_workbook

    problems: list[Problem] = []
    try:
        workbook = load_workbook(
            io.BytesIO(content), read_only=True, data_only=False, keep_links=False, keep_vba=False
        )
    except Exception as exc:  # untrusted file: any failure to parse is the file's problem
        return {}, [Problem(display, "", f"cannot be read as an Excel workbook ({_short(exc)})")]
    grids: dict[str, _Grid] = {}
    try:
        names = {_norm(name): name for name in workbook.sheetnames}
        budget = MAX_CELLS
        for key in READ_SHEETS:
            wanted = list(dict.fromkeys(LABELS[lang]["sheets"][key] for lang in LABELS))
            name = next((names[_norm(w)] for w in wanted if _norm(w) in names), None)
            if name is None:
                problems.append(
                    Problem(
                        display,
                        "",
                        f"has no sheet {' or '.join(repr(w) for w in wanted)}; use the form as "
                        f"tenderkit wrote it (sheets found: {', '.join(workbook.sheetnames)})",
                    )
                )
                continue
            worksheet = workbook[name]
            worksheet.reset_dimensions()  # do not trust the declared size
            grid = _Grid(name)
            for number, row in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS), start=1):
                budget -= len(row)
                if budget < 0:
                    return {}, [
                        Problem(
                            display,
                            f"sheet {name}",
                            f"holds more than {MAX_CELLS} cells (rows x {MAX_COLUMNS} columns), "
                            "far more than the form; was something pasted far below the form?",
                        )
                    ]
                cells = tuple((cell.value, getattr(cell, "data_type", "n")) for cell in row)
                if any(value is not None and value != "" for value, _ in cells):
                    grids.setdefault(key, grid).rows[number] = cells
            grids.setdefault(key, grid)
    except Exception as exc:  # a damaged sheet inside a valid zip
        return {}, [Problem(display, "", f"cannot be read as an Excel workbook ({_short(exc)})")]
    finally:
        workbook.close()
    return grids, problems


def _short(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 120 else text[:119] + "…"


# --- values: from what a person typed to what the bid format holds --------------------------------


class _Bad(Exception):
    """A cell value that cannot be read; the message says why, in plain words."""


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _key(text: str) -> str:
    key = re.sub(r"[\s_\-()]+", "", str(text).casefold())
    return key.replace("typeii", "type2").replace("typei", "type1")


def _choice_table(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for code in LABELS["en"]["choices"][name]:
        table[_key(code)] = code
    for words in LABELS.values():
        for code, label in words["choices"][name].items():
            table[_key(label)] = code
    for alias, code in ALIASES.get(name, {}).items():
        table[_key(alias)] = code
    if name == "report_kind":
        table[_key("isae3000 type II")] = "isae3000_type2"
        table[_key("TPM")] = "isae3000_type2"
        table[_key("ISO 27001")] = "iso27001"
    return table


_CHOICES = {name: _choice_table(name) for name in LABELS["en"]["choices"]}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if isinstance(value, bool):
        raise _Bad(f"expected text, got {'TRUE' if value else 'FALSE'}")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Bad("is not a finite number")
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _id(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        raise _Bad(
            f"{value!r} is stored as a number, so Excel may have changed it (8.10 becomes 8.1); "
            "format the cell as text and type the ID again"
        )
    return _text(value)


def _number(value: Any) -> float | int:
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        raise _Bad(f"expected a number, got {shown(_text(value))}")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise _Bad("expected a finite number")
        return value
    return parse_number(str(value))


def parse_number(text: str) -> float | int:
    """A number as people type it: `99,9`, `99.9`, `1.234.567,50`, `€ 412 000`, `99,9%`."""
    raw = text.strip()
    cleaned = (
        re.sub(r"(?i)^(eur|€)\s*|\s*(eur|€|%)$", "", raw).replace(" ", "").replace("\u00a0", "")
    )
    cleaned = cleaned.replace("'", "")
    if not re.fullmatch(r"[-+]?[\d.,]+", cleaned) or not re.search(r"\d", cleaned):
        raise _Bad(f"expected a number, got {shown(raw)}")
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        decimal = "." if digits.rfind(".") > digits.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        if digits.count(decimal) > 1:
            raise _Bad(f"{shown(raw)} is not a number tenderkit can read unambiguously")
        digits = digits.replace(thousands, "").replace(decimal, ".")
    elif dots > 1 or commas > 1:
        digits = digits.replace("." if dots else ",", "")
    elif dots or commas:
        separator = "." if dots else ","
        whole, _, fraction = digits.partition(separator)
        if len(fraction) == 3 and whole not in ("", "0"):
            raise _Bad(
                f"{shown(raw)} is ambiguous (a thousands separator or a decimal?); "
                "write the number without thousands separators, e.g. 412000 or 99,9"
            )
        digits = digits.replace(",", ".")
    try:
        number = float(digits) * sign
    except ValueError:
        raise _Bad(f"expected a number, got {shown(raw)}") from None
    return int(number) if number.is_integer() and "." not in digits else number


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel serial day number in a cell not formatted as date
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise _Bad(f"expected a date, got {shown(value)}")
    text = str(value).strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise _Bad(f"{shown(text)} is not a date; write it as 15-10-2026 or 2026-10-15")


def _choice(name: str, language: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        text = _text(value)
        code = _CHOICES[name].get(_key(text))
        if code is None:
            options = ", ".join(LABELS[language]["choices"][name].values())
            raise _Bad(f"{shown(text)} is not one of {options}")
        return code

    return convert


def _bool(language: str) -> Callable[[Any], bool]:
    def convert(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        return _choice("yes_no", language)(value) == "yes"

    return convert


def _split(value: Any, separators: str = r"[,;\n]") -> list[Any]:
    if not isinstance(value, str):
        return [value]
    return [part.strip() for part in re.split(separators, value) if part.strip()]


def _ids(value: Any) -> list[str]:
    return [_id(part) for part in _split(value)]


def _lines(value: Any) -> list[str]:
    return [_text(part) for part in _split(value, r"\n")]


def _exceptions(value: Any) -> list[dict[str, str]]:
    found = []
    for number, line in enumerate(_lines(value), start=1):
        control, colon, text = line.partition(":")
        if not colon or not control.strip() or not text.strip():
            raise _Bad(f"line {number} ({shown(line)}): write 'control: what the auditor found'")
        found.append({"control": control.strip(), "text": text.strip()})
    return found


def _subservice(language: str) -> Callable[[Any], list[dict[str, Any]]]:
    method_of = _choice("method", language)

    def convert(value: Any) -> list[dict[str, Any]]:
        found = []
        for number, line in enumerate(_lines(value), start=1):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) < 2 or len(parts) > 4 or not parts[0]:
                raise _Bad(
                    f"line {number} ({shown(line)}): write 'name | carve-out or inclusive | "
                    "report ID | service' (report ID and service may stay empty)"
                )
            parts += [""] * (4 - len(parts))
            try:
                method = method_of(parts[1])
            except _Bad as exc:
                raise _Bad(f"line {number}: {exc}") from None
            found.append(
                {
                    "name": parts[0],
                    "method": method,
                    "report": parts[2] or None,
                    "service": parts[3],
                }
            )
        return found

    return convert


def _controls(value: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for number, line in enumerate(_lines(value), start=1):
        framework, colon, ids = line.partition(":")
        framework = framework.strip().lower().replace(" ", "")
        if not colon or not framework:
            raise _Bad(f"line {number} ({shown(line)}): write 'framework: id, id'")
        found.setdefault(framework, []).extend(_ids(ids))
    return found


def _slug(text: str) -> str:
    """A code from the name a bidder gave an own fact: `Groene hosting` -> `groene_hosting`."""
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")[:60]


def _guess(value: Any) -> Any:
    """An own fact without a stated type: a number, yes/no, or text."""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.date):
        return _date(value)
    text = _text(value)
    if _key(text) in _CHOICES["yes_no"]:
        return _CHOICES["yes_no"][_key(text)] == "yes"
    try:
        return parse_number(text)
    except _Bad:
        return text


# --- the sheets -----------------------------------------------------------------------------------


_INVALID = object()


class _Sheet:
    """One sheet of the form: its columns found by header, its cells addressed by column key."""

    def __init__(self, key: str, grid: _Grid):
        self.key = key
        self.grid = grid
        self.name = grid.name
        self.columns: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        labels = {
            _norm(words["columns"][key][column]): column
            for words in LABELS.values()
            for column in words["columns"][key]
        }
        header = grid.rows.get(layout.HEADER_ROW, ())
        for index, (value, _) in enumerate(header):
            if isinstance(value, str) and _norm(value) in labels:
                column = labels[_norm(value)]
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
        return all(_blank(self.raw(row, c)[0]) for c in columns)


class _BidReader:
    def __init__(self, display: str, grids: dict[str, _Grid]):
        self.display = display
        self.problems: list[Problem] = []
        self.sheets = {key: _Sheet(key, grid) for key, grid in grids.items()}
        answers = _norm(grids["answers"].name) if "answers" in grids else ""
        self.language = "en" if answers == _norm(LABELS["en"]["sheets"]["answers"]) else "nl"
        self.price_rows: dict[str, int] = {}
        self.report_ids: set[str] = set()

    def problem(self, place: str, message: str) -> None:
        self.problems.append(Problem(self.display, place, message))

    def get(self, sheet: _Sheet, row: int, column: str, convert: Callable[[Any], Any]) -> Any:
        """The converted value of a cell; None when empty; _INVALID (and a problem) when bad."""
        value, data_type = sheet.raw(row, column)
        if data_type == "f" or isinstance(value, ArrayFormula | DataTableFormula):
            formula = value if isinstance(value, str) else getattr(value, "text", "")
            self.problem(
                sheet.place(row, column),
                f"holds a formula ({shown(formula or '=…')}); type the value itself: tenderkit "
                "never calculates formulas in a bid",
            )
            return _INVALID
        if data_type == "e":
            self.problem(sheet.place(row, column), f"holds the error value {value}; type a value")
            return _INVALID
        if _blank(value):
            return None
        try:
            return convert(value.strip() if isinstance(value, str) else value)
        except _Bad as exc:
            self.problem(sheet.place(row, column), str(exc))
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
                self.problem(sheet.place(row, column), self.explain(sheet, message_of(error)))
            return None

    def explain(self, sheet: _Sheet, message: str) -> str:
        """Name the columns a model-level message speaks of by their key (e.g. 'period')."""
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
            return f"{message} (column {', '.join(shown_columns)})"
        return message

    # --- the whole bid ------------------------------------------------------------------------

    def read(self) -> tuple[Bid | None, list[Problem]]:
        for sheet in self.sheets.values():
            missing = sheet.missing()
            if missing:
                names = [LABELS[self.language]["columns"][sheet.key][c] for c in missing]
                self.problem(
                    f"sheet {sheet.name}, row {layout.HEADER_ROW}",
                    f"has no column {', '.join(names)}; do not change the headers of the form",
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
                self.problem(sheet.place(row, "value") if row else "", message_of(error))
            return None, self.problems
        return bid, []

    def answers(self, report_ids: set[str]) -> dict[str, Answer]:
        sheet = self.sheets["answers"]
        answers: dict[str, Answer] = {}
        seen: dict[str, int] = {}
        status_of = _choice("status", self.language)
        for row in sheet.rows(layout.FIRST_LIST_ROW):
            if sheet.empty(row, ("status", "note", "evidence")):
                continue
            status = self.get(sheet, row, "status", status_of)
            note = self.get(sheet, row, "note", _text)
            evidence = self.get(sheet, row, "evidence", _ids)
            if status is None:
                continue  # no status: the requirement counts as unanswered
            requirement = self.get(sheet, row, "id", _id)
            if requirement is None:
                self.problem(
                    sheet.place(row, "id"),
                    "has an answer but no requirement ID; do not change column ID",
                )
                continue
            if requirement is _INVALID:
                continue
            if requirement in seen:
                self.problem(
                    sheet.place(row, "id"),
                    f"requirement {requirement} is answered twice (also row {seen[requirement]})",
                )
                continue
            seen[requirement] = row
            for report in evidence if isinstance(evidence, list) else []:
                if report not in report_ids:
                    self.problem(
                        sheet.place(row, "evidence"),
                        f"there is no report '{report}' in sheet {self.sheets['assurance'].name}",
                    )
            if _INVALID in (status, note, evidence):
                continue
            data = {"status": status, "note": note or "", "evidence": evidence or []}
            answer = self.check(Answer, data, sheet, row, lambda loc: str(loc[0]) if loc else None)
            if answer is not None:
                answers[requirement] = answer
        return answers

    def facts(self) -> Facts | dict[str, Any]:
        sheet = self.sheets["facts"]
        facts: dict[str, Any] = {}
        rows: dict[str, int] = {}
        for row in sheet.rows(layout.FIRST_ITEM_ROW):
            if sheet.empty(row, ("value",)):
                continue
            code = self.get(sheet, row, "code", _id)
            if code is _INVALID:
                continue
            if code is None:  # an own fact: its name, as a code
                label = self.get(sheet, row, "label", _text) if "label" in sheet.columns else None
                code = _slug(label) if isinstance(label, str) else ""
                if not code:
                    if label is None:
                        self.problem(
                            sheet.place(row, "value"),
                            "gives a value but says not what it is; fill in column "
                            f"{sheet.headers['code']} or the name of the item",
                        )
                    continue
            kind = layout.RESERVED_FACT_TYPES.get(code)
            if kind is None and layout.reserved_fact(code):
                self.problem(
                    sheet.place(row, "code"),
                    f"'{code}' is not a fact of the form; use the rows the form has for it",
                )
                continue
            if kind is None and not _SLUG.match(code):
                self.problem(
                    sheet.place(row, "code"),
                    f"{shown(code)} is not a usable code; use letters, digits, '_', '-' and '.'",
                )
                continue
            if kind is None:
                stated = self.get(sheet, row, "type", _text)
                kind = stated if stated in layout.EXTRA_FACT_TYPES else "guess"
            if code in rows:
                self.problem(
                    sheet.place(row, "code"), f"'{code}' is given twice (also row {rows[code]})"
                )
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
                self.problem(place, message_of(error))
            return facts

    def fact_converter(self, kind: str) -> Callable[[Any], Any]:
        if kind in ("percent", "hours", "number"):
            return _number
        if kind == "bool":
            return _bool(self.language)
        if kind.startswith("choice:"):
            return _choice(kind.partition(":")[2], self.language)
        if kind in ("countries", "list"):
            return _ids
        if kind == "text":
            return _text
        return _guess

    def assurance(self) -> list[AssuranceReport]:
        sheet = self.sheets["assurance"]
        language = self.language
        converters: dict[str, Callable[[Any], Any]] = {
            "id": _id,
            "text": _text,
            "date": _date,
            "bool": _bool(language),
            "ids": _ids,
            "lines": _lines,
            "controls": _controls,
            "exceptions": _exceptions,
            "subservice": _subservice(language),
            "choices:category": lambda v: [_choice("category", language)(p) for p in _split(v)],
        }
        reports: list[AssuranceReport] = []
        seen: dict[str, int] = {}
        for row in sheet.rows(layout.FIRST_LIST_ROW):
            if sheet.empty(row, layout.ASSURANCE_COLUMNS):
                continue
            values: dict[str, Any] = {}
            for column, kind in layout.ASSURANCE_TYPES.items():
                convert = converters.get(kind) or _choice(kind.partition(":")[2], language)
                values[column] = self.get(sheet, row, column, convert)
            report_id = values["id"]
            if isinstance(report_id, str):
                if report_id in seen:
                    self.problem(
                        sheet.place(row, "id"),
                        f"report ID '{report_id}' is used twice (also row {seen[report_id]})",
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
                        sheet.place(row, "subservice"),
                        f"'{sub.name}' names this same report; name the subservice "
                        "organisation's own report, or leave it empty",
                    )
            reports.append(report)
        self.report_ids = set(seen)  # every report named, valid or not: no follow-on problems
        for report in reports:
            for sub in report.subservice:
                if sub.report is not None and sub.report not in self.report_ids:
                    self.problem(
                        sheet.place(seen[report.id], "subservice"),
                        f"'{sub.name}' names report '{sub.report}', which is not in this sheet",
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
            values = {c: self.get(sheet, row, c, _text) for c in layout.SUBPROCESSOR_COLUMNS}
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
            code = self.get(sheet, row, "code", _id)
            if code not in ("bidder", "price"):
                continue
            self.price_rows[code] = row
            values[code] = self.get(sheet, row, "value", _text if code == "bidder" else _number)
        for code in ("bidder", "price"):
            if code not in self.price_rows:
                self.problem(
                    f"sheet {sheet.name}",
                    f"has no row '{code}'; use the form as tenderkit wrote it",
                )
            elif values.get(code) is None:
                label = LABELS[self.language]["price_rows"][code][0]
                self.problem(sheet.place(self.price_rows[code], "value"), f"{label}: fill it in")
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
