"""Write the Excel form a bidder fills in for a requirement set (`tenderkit template`).

The form is built so that a bidder needs no manual: an instructions sheet in plain words, yellow
cells to fill in, dropdowns and typed validation for every closed value, input messages that say
what is expected, and everything else locked (sheet protection without a password: it prevents
accidents, not intent; the reader checks everything again). The same requirement set always gives
the same bytes: fixed document properties and a fixed zip timestamp.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Format, Workbook
from xlsxwriter.worksheet import Worksheet

from tenderkit import safe_xlsx as xlsx
from tenderkit.fileio import write_atomic
from tenderkit.form import layout
from tenderkit.form.labels import LABELS
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.safe_xlsx import write_text

CREATED = dt.datetime(2026, 1, 1)
"""Fixed creation date in the document properties, so equal input gives equal bytes."""

MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)

HEADER_BLUE = "#1F4E79"
GROUP_COLOURS = {
    "all": HEADER_BLUE,
    "attestation": "#2E75B6",
    "iso": "#548235",
    "optional": "#7F7F7F",
}
"""Header colours of assurance columns by the reports they apply to (told in the instructions)."""
INPUT_YELLOW = "#FFF2CC"
FIXED_GREY = "#F2F2F2"
BORDER_GREY = "#BFBFBF"

ANSWER_WIDTHS = {  # within a width that prints on A4 at 70 % or more (`print_width`)
    "id": 10,
    "title": 20,
    "text": 44,
    "kind": 12,
    "status": 13,
    "note": 38,
    "evidence": 15,
}
FACT_WIDTHS = {"label": 36, "value": 24, "help": 58, "code": 28, "type": 8}
SUBPROCESSOR_WIDTHS = {"name": 36, "country": 10, "service": 50}
ASSURANCE_WIDTHS = {
    "id": 14,
    "kind": 22,
    "issuer": 24,
    "issued": 13,
    "period_start": 13,
    "period_end": 13,
    "as_of": 13,
    "opinion": 17,
    "categories": 26,
    "criteria": 16,
    "services": 26,
    "locations": 20,
    "covers_offered_service": 13,
    "management_assertion": 14,
    "bridge_letter_until": 13,
    "standard_version": 10,
    "accreditation": 16,
    "valid_until": 13,
    "last_audit": 13,
    "controls": 26,
    "excluded_controls": 20,
    "exceptions": 40,
    "subservice": 44,
    "cuecs": 40,
}


def write_template(
    requirement_set: RequirementSet, path: str | Path, language: str | None = None
) -> Path:
    """Write the bidder's form for `requirement_set` to `path` (atomically); return the path.

    `language` (`nl` or `en`) overrides the set's own language for the form's words; the
    requirements' titles and texts stay as the set has them.
    """
    language = language or requirement_set.language or "nl"
    if language not in LABELS:
        raise ValueError(f"language must be one of {', '.join(LABELS)}, not {language!r}")
    return write_atomic(Path(path), template_bytes(requirement_set, language))


def template_bytes(requirement_set: RequirementSet, language: str = "nl") -> bytes:
    """The form as bytes of an .xlsx file (a safe workbook: no text becomes a formula)."""
    return xlsx.workbook_bytes(
        lambda workbook: _Form(workbook, requirement_set, LABELS[language], language).write()
    )


class _Form:
    def __init__(self, workbook: Workbook, rs: RequirementSet, words: dict, language: str):
        self.wb = workbook
        self.rs = rs
        self.words = words
        self.language = language
        self._formats: dict[tuple, Format] = {}
        self.date_format = "dd-mm-yyyy" if language == "nl" else "yyyy-mm-dd"

    # --- formats ----------------------------------------------------------------------------

    def fmt(self, **props: Any) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            base = {"valign": "top", "text_wrap": True, "font_size": 10}
            self._formats[key] = self.wb.add_format({**base, **props})
        return self._formats[key]

    def header(self, colour: str = HEADER_BLUE) -> Format:
        return self.fmt(
            bold=True, font_color="#FFFFFF", bg_color=colour, border=1, border_color="#FFFFFF"
        )

    def hint(self) -> Format:
        return self.fmt(
            italic=True,
            font_size=9,
            font_color="#595959",
            bg_color=FIXED_GREY,
            bottom=1,
            bottom_color=BORDER_GREY,
        )

    def fixed(self, **props: Any) -> Format:
        return self.fmt(bg_color=FIXED_GREY, border=1, border_color=BORDER_GREY, **props)

    def entry(self, kind: str = "text") -> Format:
        """An unlocked input cell; `kind` picks the number format."""
        number_format = {
            "date": self.date_format,
            "number": "General",
            "money": "#,##0.00",
            "text": "@",
        }[kind]
        return self.fmt(
            locked=False,
            bg_color=INPUT_YELLOW,
            border=1,
            border_color=BORDER_GREY,
            num_format=number_format,
        )

    # --- the workbook -----------------------------------------------------------------------

    def write(self) -> None:
        w = self.words
        self.wb.set_properties(
            {
                "title": f"{w['title']}: {self.rs.title}",
                "subject": self.rs.id,
                "author": "tenderkit",
                "company": "",
                "comments": "tenderkit bid form",
                "created": CREATED,
            }
        )
        self.wb.set_custom_property("tenderkit_form", "1")
        self.wb.set_custom_property("requirement_set", self.rs.id)
        self.wb.set_custom_property("language", self.language)
        sheets = {key: self.wb.add_worksheet(w["sheets"][key]) for key in layout.SHEETS}
        self.instructions(sheets["instructions"])
        self.answers(sheets["answers"])
        self.facts(sheets["facts"])
        self.assurance(sheets["assurance"])
        self.subprocessors(sheets["subprocessors"])
        self.price(sheets["price"])
        for key, sheet in sheets.items():
            self.page_setup(sheet, wide=key == "assurance")
        sheets["instructions"].activate()

    def page_setup(self, sheet: Worksheet, wide: bool = False) -> None:
        """A4 landscape, one page wide; the `wide` assurance sheet (24 columns) instead prints
        as many columns per page as stay readable, the report ID repeated on each page, and only
        its first `ASSURANCE_PRINT_ROWS` entry rows, so each group of columns is one page."""
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        if wide:
            breaks = assurance_page_breaks()
            widest = max(
                sum(ASSURANCE_WIDTHS[c] for c in page if c != "id") + ASSURANCE_WIDTHS["id"]
                for page in assurance_pages()
            )
            sheet.set_v_pagebreaks(breaks)
            sheet.set_print_scale(min(100, int(100 * A4_LANDSCAPE_WIDTH / widest)))
            sheet.repeat_columns(0)
            last_row = layout.HINT_ROW - 1 + layout.ASSURANCE_PRINT_ROWS
            sheet.print_area(0, 0, last_row, len(layout.ASSURANCE_COLUMNS) - 1)
        else:
            sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        sheet.set_footer("&L&A&R&P / &N")
        sheet.protect(
            "",
            {
                "format_columns": True,
                "format_rows": True,
                "select_locked_cells": True,
                "select_unlocked_cells": True,
            },
        )

    def columns(
        self,
        sheet: Worksheet,
        table: str,
        keys: tuple[str, ...],
        widths: dict,
        colours: dict[str, str] | None = None,
    ) -> None:
        names = self.words["columns"][table]
        hints = self.words["hints"].get(table)
        header_lines = hint_lines = 1
        for col, key in enumerate(keys):
            sheet.set_column(col, col, widths[key])
            header = self.header((colours or {}).get(key, HEADER_BLUE))
            write_text(sheet, layout.HEADER_ROW - 1, col, names[key], header)
            header_lines = max(header_lines, _lines(names[key], widths[key] * 0.85))
            if hints is not None:
                write_text(sheet, layout.HINT_ROW - 1, col, hints.get(key, ""), self.hint())
                hint_lines = max(hint_lines, _lines(hints.get(key, ""), widths[key] * 1.1))
        sheet.set_row(layout.HEADER_ROW - 1, 14 * header_lines + 4)
        if hints is not None:
            sheet.set_row(layout.HINT_ROW - 1, 12 * hint_lines + 4)

    def prompt(self, name: str) -> dict[str, str]:
        title, message = self.words["prompts"][name]
        return {"input_title": title, "input_message": message}

    def refuse(self, name: str) -> dict[str, str]:
        title, message = self.words["errors"][name]
        return {"error_title": title, "error_message": message, "error_type": "stop"}

    def choice_list(self, name: str) -> list[str]:
        return list(self.words["choices"][name].values())

    def validate_choice(
        self, sheet: Worksheet, rows: tuple[int, int], col: int, choices: str, prompt: str
    ) -> None:
        sheet.data_validation(
            rows[0],
            col,
            rows[1],
            col,
            {
                "validate": "list",
                "source": self.choice_list(choices),
                **self.prompt(prompt),
                **self.refuse("choice"),
            },
        )

    def validate_date(self, sheet: Worksheet, rows: tuple[int, int], col: int) -> None:
        sheet.data_validation(
            rows[0],
            col,
            rows[1],
            col,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": MIN_DATE,
                "maximum": MAX_DATE,
                **self.prompt("date"),
                **self.refuse("date"),
            },
        )

    def validate_number(
        self, sheet: Worksheet, row: int, col: int, kind: str, prompt: str | None = None
    ) -> None:
        rules: dict[str, Any] = {
            "percent": {"criteria": "between", "minimum": 0, "maximum": 100},
            "hours": {"criteria": ">=", "value": 0},
            "price": {"criteria": ">", "value": 0},
            "number": {"criteria": "between", "minimum": -1e15, "maximum": 1e15},
        }[kind]
        sheet.data_validation(
            row,
            col,
            row,
            col,
            {
                "validate": "decimal",
                **rules,
                **self.prompt(prompt or kind),
                **self.refuse("number"),
            },
        )

    # --- sheets -----------------------------------------------------------------------------

    def instructions(self, sheet: Worksheet) -> None:
        w = self.words
        sheet.hide_gridlines(2)
        sheet.set_column(0, 0, 110)
        title = self.fmt(bold=True, font_size=16, font_color=HEADER_BLUE, text_wrap=False)
        heading = self.fmt(bold=True, font_size=12, font_color=HEADER_BLUE)
        body = self.fmt(font_size=11)
        item = self.fmt(font_size=11, indent=1)
        write_text(sheet, 0, 0, f"{w['title']}: {self.rs.title}", title)
        sheet.set_row(0, 24)
        row = 1
        if self.rs.description:
            write_text(sheet, row, 0, self.rs.description, self.fmt(font_size=11, italic=True))
            sheet.set_row(row, 15 * _lines(self.rs.description, 118) + 2)
            row += 1
        values = {
            **self.assurance_terms(),
            "set_title": self.rs.title,
            "set_id": self.rs.id,
            "knockouts": sum(1 for r in self.rs.requirements if r.kind == "knockout"),
            "scored": sum(1 for r in self.rs.requirements if r.kind == "scored"),
        }
        row += 1
        for kind, text in w["instructions"]:
            text = text.format(**values)
            if kind == "h":
                row += 1
                write_text(sheet, row, 0, text, heading)
                sheet.set_row(row, 18)
            else:
                shown = f"•  {text}" if kind == "li" else text
                write_text(sheet, row, 0, shown, item if kind == "li" else body)
                sheet.set_row(row, 15 * _lines(shown, 118) + 2)
            row += 1

    @staticmethod
    def assurance_terms() -> dict[str, int]:
        """What an accepted report must meet, from the assurance review's own thresholds (one
        definition): the bidder sees the same rule the review applies."""
        from tenderkit.assurance.rules import rules

        thresholds = rules().thresholds
        return {
            "months": thresholds.min_period_months,
            "stale": thresholds.stale_months,
            "bridge": thresholds.bridge_max_months,
        }

    def answers(self, sheet: Worksheet) -> None:
        cols = layout.ANSWER_COLUMNS
        self.columns(sheet, "answers", cols, ANSWER_WIDTHS)
        kinds = self.words["choices"]["requirement_kind"]
        first = layout.FIRST_LIST_ROW - 1
        for offset, requirement in enumerate(self.rs.requirements):
            row = first + offset
            text = requirement.text
            if requirement.check is not None:
                checked = self.words["checked"].format(fact=self.fact_label(requirement.check.fact))
                text = f"{text}\n\n{checked}"
            assured = requirement.kind == "knockout" and requirement.assurance == "required"
            if assured:
                controls = ", ".join(
                    cid
                    for framework in ("iso27001", "soc2", "bio")
                    for cid in requirement.controls.ids(framework)
                )
                terms = self.assurance_terms()
                required = self.words["assurance_required"].format(controls=controls, **terms)
                text = f"{text}\n\n{required}"
            values = {
                "id": requirement.id,
                "title": requirement.title,
                "text": text,
                "kind": kinds["knockout_assured" if assured else requirement.kind],
            }
            for key in ("id", "title", "text", "kind"):
                bold = key == "id" or (key == "kind" and requirement.kind == "knockout")
                write_text(sheet, row, cols.index(key), values[key], self.fixed(bold=bold))
            for key in ("status", "note", "evidence"):
                sheet.write_blank(row, cols.index(key), None, self.entry())
            height = max(
                3,
                _lines(requirement.title, ANSWER_WIDTHS["title"]),
                _lines(text, ANSWER_WIDTHS["text"]),
            )
            sheet.set_row(row, 14 * height + 2)
        last = first + len(self.rs.requirements) - 1
        status = cols.index("status")
        self.validate_choice(sheet, (first, last), status, "status", "status")
        evidence = cols.index("evidence")
        sheet.data_validation(
            first, evidence, last, evidence, {"validate": "any", **self.prompt("evidence")}
        )
        colours = {"meets": "#C6EFCE", "partial": "#FFEB9C", "fails": "#FFC7CE"}
        for code, label in self.words["choices"]["status"].items():
            sheet.conditional_format(
                first,
                status,
                last,
                status,
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": f'"{label}"',
                    "format": self.wb.add_format({"bg_color": colours[code]}),
                },
            )
        sheet.freeze_panes(layout.FIRST_LIST_ROW - 1, 1)
        sheet.repeat_rows(0, layout.HINT_ROW - 1)

    def fact_label(self, code: str) -> str:
        name, _, priority = code.partition(".")
        if name in self.words["facts"]:
            return self.words["facts"][name][0].format(p=priority)
        return code

    def facts(self, sheet: Worksheet) -> None:
        w = self.words
        cols = layout.FACT_COLUMNS
        self.columns(sheet, "facts", cols, FACT_WIDTHS)
        sheet.set_column(cols.index("type"), cols.index("type"), None, None, {"hidden": True})
        row = layout.FIRST_ITEM_ROW - 1
        for code, kind in layout.RESERVED_FACTS:
            help_text = w["facts"][code.partition(".")[0]][1]
            self.fact_row(sheet, row, code, self.fact_label(code), help_text, kind)
            row += 1
        for code, kind in layout.extra_facts(self.rs):
            self.fact_row(sheet, row, code, code, w["extra_fact_help"][kind], kind)
            row += 1
        for _ in range(layout.OTHER_FACT_ROWS):
            for key in ("label", "value", "code"):
                sheet.write_blank(row, cols.index(key), None, self.entry())
            write_text(sheet, row, cols.index("help"), w["other_fact_help"], self.fixed())
            row += 1
        sheet.freeze_panes(layout.FIRST_ITEM_ROW - 1, 0)
        sheet.repeat_rows(0, 0)

    def fact_row(
        self, sheet: Worksheet, row: int, code: str, label: str, help_text: str, kind: str
    ) -> None:
        cols = layout.FACT_COLUMNS
        value = cols.index("value")
        if kind == "bool" or kind.startswith("choice:"):
            choices = self.choice_list("yes_no" if kind == "bool" else kind.partition(":")[2])
            options = self.words["choose"].format(options=" / ".join(choices))
            help_text = f"{help_text}; {options}" if help_text else options
        write_text(sheet, row, cols.index("code"), code, self.fixed(font_color="#7F7F7F"))
        write_text(sheet, row, cols.index("label"), label, self.fixed(bold=True))
        write_text(sheet, row, cols.index("help"), help_text, self.fixed())
        write_text(sheet, row, cols.index("type"), kind)
        lines = max(_lines(label, FACT_WIDTHS["label"]), _lines(help_text, FACT_WIDTHS["help"]))
        sheet.set_row(row, 14 * lines + 3)
        numeric = kind in ("percent", "hours", "number")
        sheet.write_blank(row, value, None, self.entry("number" if numeric else "text"))
        if numeric:
            self.validate_number(sheet, row, value, kind)
        elif kind == "bool":
            self.validate_choice(sheet, (row, row), value, "yes_no", "choice")
        elif kind.startswith("choice:"):
            self.validate_choice(sheet, (row, row), value, kind.partition(":")[2], "choice")
        elif kind == "countries":
            sheet.data_validation(row, value, row, value, {"validate": "any", **self.prompt(kind)})

    def assurance(self, sheet: Worksheet) -> None:
        cols = layout.ASSURANCE_COLUMNS
        colours = {c: GROUP_COLOURS[group] for group, cs in layout.ASSURANCE_GROUPS for c in cs}
        self.columns(sheet, "assurance", cols, ASSURANCE_WIDTHS, colours)
        first = layout.FIRST_LIST_ROW - 1
        rows = (first, first + layout.ASSURANCE_ROWS - 1)
        for col, key in enumerate(cols):
            kind = layout.ASSURANCE_TYPES[key]
            entry = self.entry("date" if kind == "date" else "text")
            for row in range(rows[0], rows[1] + 1):
                sheet.write_blank(row, col, None, entry)
            if kind == "date":
                self.validate_date(sheet, rows, col)
            elif kind == "bool":
                self.validate_choice(sheet, rows, col, "yes_no", "choice")
            elif kind.startswith("choice:"):
                self.validate_choice(sheet, rows, col, kind.partition(":")[2], "choice")
            elif kind in ("lines", "exceptions", "subservice", "controls"):
                sheet.data_validation(rows[0], col, rows[1], col, self._lines_prompt())
        for row in range(rows[0], rows[1] + 1):
            sheet.set_row(row, 45)
        sheet.freeze_panes(layout.FIRST_LIST_ROW - 1, 1)
        sheet.repeat_rows(0, layout.HINT_ROW - 1)

    def _lines_prompt(self) -> dict[str, str]:
        return {"validate": "any", **self.prompt("lines")}

    def subprocessors(self, sheet: Worksheet) -> None:
        cols = layout.SUBPROCESSOR_COLUMNS
        self.columns(sheet, "subprocessors", cols, SUBPROCESSOR_WIDTHS)
        first = layout.FIRST_LIST_ROW - 1
        last = first + layout.SUBPROCESSOR_ROWS - 1
        for row in range(first, last + 1):
            for col in range(len(cols)):
                sheet.write_blank(row, col, None, self.entry())
        country = cols.index("country")
        sheet.data_validation(
            first,
            country,
            last,
            country,
            {"validate": "length", "criteria": "<=", "value": 3, **self.prompt("countries")},
        )
        sheet.freeze_panes(layout.FIRST_LIST_ROW - 1, 0)
        sheet.repeat_rows(0, layout.HINT_ROW - 1)

    def price(self, sheet: Worksheet) -> None:
        w = self.words
        cols = layout.PRICE_COLUMNS
        self.columns(sheet, "price", cols, {**FACT_WIDTHS, "value": 30})
        value = cols.index("value")
        for offset, (code, kind) in enumerate(layout.PRICE_ROWS):
            row = layout.FIRST_ITEM_ROW - 1 + offset
            label, help_text = w["price_rows"][code]
            write_text(sheet, row, cols.index("code"), code, self.fixed(font_color="#7F7F7F"))
            write_text(sheet, row, cols.index("label"), label, self.fixed(bold=True))
            write_text(sheet, row, cols.index("help"), help_text, self.fixed())
            if kind == "price":
                sheet.write_blank(row, value, None, self.entry("money"))
                self.validate_number(sheet, row, value, "price")
            else:
                sheet.write_blank(row, value, None, self.entry())
            sheet.set_row(row, 30)
        sheet.freeze_panes(layout.FIRST_ITEM_ROW - 1, 0)


A4_LANDSCAPE_WIDTH = 100
"""Column-width units that fit across an A4 landscape page within the margins at 100%, with room
for a substitute font wider than Calibri (LibreOffice without Carlito)."""


def assurance_pages() -> list[tuple[str, ...]]:
    """The assurance sheet's columns as printed pages, in the sheet's order: as many columns per
    page as fit a readable A4 (the report ID, repeated on every page, counted once)."""
    pages: list[list[str]] = [[]]
    for column in layout.ASSURANCE_COLUMNS:
        width = sum(ASSURANCE_WIDTHS[c] for c in (*pages[-1], column) if c != "id")
        if pages[-1] and width + ASSURANCE_WIDTHS["id"] > A4_LANDSCAPE_WIDTH:
            pages.append([])
        pages[-1].append(column)
    return [tuple(page) for page in pages]


def assurance_page_breaks() -> list[int]:
    """Column indices where a new printed page of the assurance sheet starts."""
    breaks, index = [], 0
    for page in assurance_pages()[:-1]:
        index += len(page)
        breaks.append(index)
    return breaks


def _lines(text: str, width: float) -> int:
    """Rough number of lines `text` wraps to in a column of `width` characters."""
    chars = max(1, int(width))  # word wrap wastes about what the smaller font gains
    return sum(max(1, math.ceil(len(part) / chars)) for part in text.splitlines() or [""])
