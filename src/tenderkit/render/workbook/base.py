"""The plumbing every sheet of the scoring workbook shares: labels, formats, cells and tables.

`Sheets` holds one workbook being written: the Result, the tender (names, titles, the bids' own
texts), the language and the cell formats. The sheet modules beside this one each write their
sheets through it. Every text goes through `tenderkit.safe_xlsx.write_text`, so no supplier
text ever becomes a formula, a link or a number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from tenderkit.i18n import label as code_label
from tenderkit.i18n import text
from tenderkit.loader import Tender
from tenderkit.result import FLOAT_DIGITS, BidResult, Result
from tenderkit.safe_xlsx import write_text

AUTHOR = "tenderkit"
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
COVERAGE_COLOURS = {
    "assured": "#C6EFCE",
    "assured_with_exceptions": "#FFEB9C",
    "certified": "#DDEBF7",
    "certified_with_limits": "#FFF2CC",
    "design_only": "#FCE4D6",
    "committed": "#EDEDED",
    "declared": "#FCE4D6",
    "none": "#FFC7CE",
}

DATE_FORMATS = {"nl": "[$-413]d mmmm yyyy", "en": "[$-809]d mmmm yyyy"}
"""Dates with the locale code of the language (413: nl-NL, 809: en-GB), so "15 oktober 2026" shows
in Dutch in any Excel, whatever the reader's own settings."""
LINE_HEIGHT = 15.0  # points per line of 11-point text
MAX_ROW_HEIGHT = 409.0  # Excel's limit
MAX_WORD_WIDTH = 40.0
"""The widest a column grows to hold its longest word whole; a longer word (a URL, a hash) is
better broken than a sheet too wide to print."""
DEFAULT_WIDTH = 8.43  # Excel's default column width
CHARS_PER_WIDTH = 1.1  # characters of running text per unit of column width (Calibri 11, a little
# under, so a row is rather a line too high than clipped)
SMALL = 8  # the font size of codes beside their label
NOTE = 9  # the font size of an explanation beside the figures (the score matrix's second row)

PAGE_WIDTH = 110.0
"""Column-width units (as the file stores them: a column's width plus `PADDING`) that print
across A4 landscape within the margins at 100 %, as LibreOffice prints them (it measures a unit
in DejaVu Sans, wider than Calibri, when Carlito is not installed; Excel fits about 150).
Measured: sheets 152 and 271 units wide, fitted to one page wide, printed their 11-point text at
8.0 and 4.5 point."""
PADDING = 0.71  # what xlsxwriter adds to each column's width in the file
MIN_SCALE = 0.7
"""The smallest print scale that keeps 11-point body text readable (7.7 point)."""
MAX_PRINT_WIDTH = PAGE_WIDTH / MIN_SCALE
"""The widest sheet that prints one page wide at a readable scale; a wider one (a score matrix of
a large set) prints at `MIN_SCALE` over several pages, its leading columns repeated."""

Kind = str
"""How a cell is written: text, bool, int, number, points, fraction, money, date."""


@dataclass(frozen=True)
class Shown:
    """A text shown in place of a figure, in a format of its own (`Sheets.put` writes it
    whatever the column's kind): an invalid bid's "ongeldig (knock-out: ...)" where a valid bid
    says yes, and a dash where a valid bid has points."""

    text: str
    format: str = "none"


NO_SCORE = Shown("—")
"""An invalid bid's place where a valid bid has points, a total or a comparison value: its
would-be figures are no score (and may pass the maximum), so the workbook does not show them."""


@dataclass(frozen=True)
class Col:
    """A table column: its header label, how its cells are written, and its width."""

    header: str
    kind: Kind = "text"
    width: float = 14


# --- plumbing -------------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A model, dataclass or mapping as plain JSON-like data (for fields rendered generically)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested data as (dotted key, scalar) pairs, in the data's own order."""
    value = plain(value)
    if isinstance(value, dict):
        pairs: list[tuple[str, Any]] = []
        for key, item in value.items():
            pairs += flatten(item, f"{prefix}.{key}" if prefix else str(key))
        return pairs
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        pairs = []
        for index, item in enumerate(value, start=1):
            pairs += flatten(item, f"{prefix}[{index}]")
        return pairs
    return [(prefix, value)]


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value):
        return None
    return round(float(value), FLOAT_DIGITS)


class Sheets:
    """Writes one workbook; holds the formats, the language and the lookups from the tender."""

    def __init__(self, workbook: Workbook, result: Result, tender: Tender) -> None:
        self.wb = workbook
        self.result = result
        self.tender = tender
        self.language = tender.language or result.language
        self.names = {b.id: b.name for b in result.bids}
        self.bids = result.ranking
        rs = tender.requirement_set
        self.criteria = {c.id: c for c in rs.criteria}
        self.requirements = {r.id: r for r in rs.requirements}
        self.formula: str = result.method.formula
        self.price_parameters: dict[str, Any] = result.method.price.model_dump(mode="json")
        """The price method's parameters as result.json holds them (`formula` among them)."""
        self.fmt = self._formats()
        self.wrapping = {
            id(self.fmt[k])
            for k in self.fmt
            if k in ("wrap", "header", "subheader", "wrap_label", "code_wrap", "note_wrap")
            or k == "bad_wrap"
            or k.startswith("coverage_")
        }
        self.widths: dict[str, dict[int, float]] = {}
        self.lines: dict[str, dict[int, float]] = {}
        self.sheets: list[Worksheet] = []

    # texts

    def t(self, key: str, **values: Any) -> str:
        return text("excel", key, self.language, **values)

    def label(self, prefix: str, code: str | None) -> str:
        """A translated label for a code; the code itself if no catalogue knows it.

        The codes every document shows (formula, rules, verdicts, reasons, flags, warnings, ...)
        take their one label from texts/codes.yaml, so the workbook words them as the report and
        the letters do; other codes come from the workbook's own texts (`verdict_...` style keys)
        or, with `prefix` naming another catalogue (`risk:topic`), from that one.
        """
        if code is None:
            return ""
        name, _, prefix = prefix.rpartition(":")
        if not name:
            try:
                return code_label(prefix, code, self.language)
            except (KeyError, OSError, ValueError):
                pass
        try:
            return text(name or "excel", f"{prefix}_{code}", self.language)
        except (KeyError, OSError, ValueError):
            pass
        base, _, suffix = code.rpartition("_")  # e.g. incident_response_P1: "Reactietijd P1"
        if base and suffix:
            try:
                known = text(name or "excel", f"{prefix}_{base}", self.language, priority=suffix)
            except (KeyError, OSError, ValueError):
                return code
            return known if suffix in known else f"{known} {suffix}"
        return code

    def grade(self, code: str) -> str:
        """An evidence grade of the risk register, labelled as the risk texts label it."""
        label = self.label("risk:grade", code)
        return label if label != code else self.label("coverage", code)

    def validity(self, b: BidResult) -> bool | Shown:
        """Yes for a valid bid; for an invalid one "ongeldig (knock-out: PRV-03)", worded as the
        award report words it (one text), with the requirements that knocked it out."""
        if b.valid:
            return True
        ids = list(dict.fromkeys(k.requirement for k in b.knockouts))
        if not ids:
            return Shown(text("report", "invalid_reason_none", self.language), "bad_wrap")
        words = text("report", "invalid_reason", self.language, ids=", ".join(ids))
        return Shown(words, "bad_wrap")

    @staticmethod
    def scored(b: BidResult, figure: Any) -> Any:
        """A bid's points, total or comparison value; a dash for an invalid bid."""
        return figure if b.valid else NO_SCORE

    def field_label(self, key: str) -> str:
        return self.label("field", key)

    def name(self, bid_id: str | None) -> str:
        if bid_id is None:
            return self.t("none")
        return self.names.get(bid_id, bid_id)

    def target_title(self, target: str) -> str:
        if target in self.criteria:
            return self.criteria[target].title
        if target in self.requirements:
            return self.requirements[target].title
        return ""

    # formats

    def _formats(self) -> dict[str, Any]:
        add = self.wb.add_format
        currency = self.tender.config.currency
        symbol = CURRENCY_SYMBOLS.get(currency, currency)
        money = f"{symbol} #,##0.00" if len(symbol) == 1 else f'"{symbol}" #,##0.00'
        self.money_format = money
        base = {"valign": "top"}
        return {
            "title": add({"bold": True, "font_size": 14}),
            "section": add({"bold": True, "font_size": 12}),
            "header": add(
                {
                    "bold": True,
                    "bg_color": "#D9E1F2",
                    "bottom": 1,
                    "text_wrap": True,
                    "valign": "top",
                }
            ),
            "subheader": add({"italic": True, "text_wrap": True, "valign": "top"}),
            "label": add({"bold": True, **base}),
            "text": add(base),
            "wrap": add({"text_wrap": True, **base}),
            "bool": add({"align": "center", **base}),
            "int": add({"num_format": "0", **base}),
            "rank": add({"num_format": "0", "align": "center", **base}),
            "number": add({"num_format": "#,##0.00##", **base}),
            "points": add({"num_format": "#,##0.00", **base}),
            "fraction": add({"num_format": "0.0%", **base}),
            "money": add({"num_format": money, **base}),
            "date": add({"num_format": DATE_FORMATS[self.language], "align": "left", **base}),
            "wrap_label": add({"bold": True, "text_wrap": True, **base}),
            "code": add({"font_size": 8, "font_color": "#7F7F7F", **base}),
            "code_wrap": add({"font_size": 8, "font_color": "#7F7F7F", "text_wrap": True, **base}),
            "note_wrap": add(  # an explanation beside the figures: smaller, still body text
                {"font_size": NOTE, "italic": True, "font_color": "#595959", "text_wrap": True}
                | base
            ),
            "bad": add({"font_color": "#9C0006", "bg_color": "#FFC7CE", **base}),
            "bad_wrap": add(
                {"font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True, **base}
            ),
            "none": add({"align": "center", "font_color": "#7F7F7F", **base}),
            **{
                f"coverage_{level}": add({"bg_color": colour, "text_wrap": True, **base})
                for level, colour in COVERAGE_COLOURS.items()
            },
        }

    # cells

    def put(self, ws: Worksheet, row: int, col: int, value: Any, kind: Kind = "text") -> None:
        """Write one cell by kind. Text always goes through write_string, never write()."""
        fmt = self.fmt.get(kind, self.fmt["text"])
        if isinstance(value, Shown):
            self.string(ws, row, col, value.text, self.fmt[value.format])
        elif value is None:
            ws.write_blank(row, col, None, fmt)
        elif kind == "bool" or isinstance(value, bool):
            ws.write_string(row, col, self.t("yes") if value else self.t("no"), self.fmt["bool"])
        elif kind == "date" and isinstance(value, dt.date):
            ws.write_datetime(row, col, value, fmt)
        elif kind in ("int", "rank", "number", "points", "fraction", "money"):
            figure = number(value)
            if figure is None:
                self.string(ws, row, col, value)
            else:
                ws.write_number(row, col, figure, fmt)
        else:
            self.string(ws, row, col, value, fmt)

    def string(self, ws: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
        fmt = fmt or self.fmt["text"]
        write_text(ws, row, col, value, fmt)
        if id(fmt) in self.wrapping:
            size = SMALL if fmt is self.fmt["code_wrap"] else 11
            size = NOTE if fmt is self.fmt["note_wrap"] else size
            bold = fmt is self.fmt["wrap_label"] or fmt is self.fmt["header"]
            width = self.width_of(ws, col) * (11 / size) * (0.85 if bold else 1)
            self.fit(ws, row, self.lines_of(value, width) * size / 11)

    def code(self, ws: Worksheet, row: int, col: int, value: str) -> None:
        """A code beside its label, small and grey: for the expert who looks it up."""
        write_text(ws, row, col, value, self.fmt["code"])

    def merged(self, ws: Worksheet, row: int, first: int, last: int, value: Any, fmt: Any) -> None:
        """A text over several columns, wrapped, its row made high enough for it."""
        ws.merge_range(row, first, row, last, "", fmt)
        write_text(ws, row, first, value, fmt)
        width = sum(self.width_of(ws, c) for c in range(first, last + 1))
        self.fit(ws, row, self.lines_of(value, width))

    # widths and heights: Excel does not fit a row to wrapped text by itself in every version,
    # so the workbook sets each row's height from the longest wrapped text in it

    def set_width(
        self, ws: Worksheet, first: int, last: int, width: float, fmt: Any = None
    ) -> None:
        ws.set_column(first, last, width, fmt)
        for col in range(first, last + 1):
            self.widths.setdefault(ws.get_name(), {})[col] = width

    def width_of(self, ws: Worksheet, col: int) -> float:
        return self.widths.get(ws.get_name(), {}).get(col, DEFAULT_WIDTH)

    @staticmethod
    def word_width(width: float, texts: Iterable[Any]) -> float:
        """`width`, or more when a wrapped text has a word too long for it (a Dutch compound
        such as "verwerkingsverantwoordelijke"): Excel then breaks the word in two, which a
        reader cannot read back. Never more than `MAX_WORD_WIDTH`."""
        longest = max(
            (len(word) for t in texts if isinstance(t, str) for word in t.split()), default=0
        )
        return min(max(width, math.ceil(longest / CHARS_PER_WIDTH)), max(width, MAX_WORD_WIDTH))

    @staticmethod
    def lines_of(value: Any, width: float) -> int:
        """How many lines a wrapped text takes in a column `width` wide (an estimate)."""
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        per_line = max(int(width * CHARS_PER_WIDTH), 1)
        lines = 0
        for paragraph in str(value).split("\n"):
            words, length = paragraph.split(" "), 0
            count = 1
            for word in words:
                if length and length + 1 + len(word) > per_line:
                    count += 1
                    length = len(word)
                else:
                    length += (1 if length else 0) + len(word)
            count += max(len(word) for word in words) // per_line if words else 0
            lines += count
        return max(lines, 1)

    def fit(self, ws: Worksheet, row: int, lines: float) -> None:
        rows = self.lines.setdefault(ws.get_name(), {})
        rows[row] = max(rows.get(row, 1), lines)

    def finish(self) -> None:
        """Give every row with wrapped text the height its longest text needs, and every sheet
        the print scale its width allows: one page wide when that stays readable."""
        for ws in self.sheets:
            for row, lines in sorted(self.lines.get(ws.get_name(), {}).items()):
                if lines > 1:
                    ws.set_row(row, min(round(LINE_HEIGHT * lines, 1), MAX_ROW_HEIGHT))
            if self.print_width(ws) > MAX_PRINT_WIDTH:
                ws.set_print_scale(round(100 * MIN_SCALE))  # several pages wide, still readable

    def print_width(self, ws: Worksheet) -> float:
        """The width of the columns a sheet prints, from its first column to its last used one."""
        last = ws.dim_colmax if ws.dim_colmax is not None else 0
        return sum(self.width_of(ws, col) + PADDING for col in range(last + 1))

    def value(self, ws: Worksheet, row: int, col: int, value: Any) -> None:
        """A value of unknown meaning (generic fields): numbers as numbers, the rest as text."""
        if isinstance(value, bool):
            self.put(ws, row, col, value, "bool")
        elif number(value) is not None:
            self.put(ws, row, col, value, "number")
        else:
            self.put(ws, row, col, value, "text")

    def table(
        self,
        ws: Worksheet,
        row: int,
        columns: Sequence[Col],
        rows: Iterable[Sequence[Any]],
        *,
        widths: bool = True,
        autofilter: bool = False,
        freeze: bool = False,
    ) -> tuple[int, int]:
        """A header row and data rows from `row`; returns (first data row, next free row)."""
        rows = list(rows)  # read twice: for the wrap columns' widths, then written
        for col, column in enumerate(columns):
            if widths:
                wrap = column.kind == "wrap"
                width = column.width
                if wrap:
                    width = self.word_width(width, (v[col] for v in rows if len(v) > col))
                self.set_width(ws, col, col, width, self.fmt["wrap"] if wrap else None)
            self.string(ws, row, col, column.header, self.fmt["header"])
        first = row + 1
        last = row
        for last, values in enumerate(rows, start=first):
            for col, (column, value) in enumerate(zip(columns, values, strict=False)):
                self.put(ws, last, col, value, column.kind)
        if freeze:
            ws.freeze_panes(first, 0)
            ws.repeat_rows(0, row)
        if autofilter and columns:
            ws.autofilter(row, 0, max(last, row), len(columns) - 1)
        return first, last + 1

    def sheet(self, key: str, gridlines: bool = True) -> Worksheet:
        """A new sheet that prints: A4 landscape, one page wide, the sheet's name and page
        numbers in the footer; `gridlines` printed so a reader can follow a row of a table
        across (not on sheets with a chart)."""
        ws = self.wb.add_worksheet(self.t(key)[:31])
        self.sheets.append(ws)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_footer(self.t("print_footer"))
        ws.hide_gridlines(0 if gridlines else 1)
        return ws

    def section(self, ws: Worksheet, row: int, key: str, **values: Any) -> int:
        self.string(ws, row, 0, self.t(key, **values), self.fmt["section"])
        return row + 1

    def note(self, ws: Worksheet, row: int, key: str) -> int:
        self.string(ws, row, 0, self.t(key), self.fmt["subheader"])
        return row + 1

    def records(
        self,
        ws: Worksheet,
        row: int,
        entries: list[tuple[BidResult, Any]],
        translate: dict[str, str | Callable[[Sheets, str], str]] | None = None,
        highlight: dict[str, set[str]] | None = None,
        wrap: set[str] | None = None,
    ) -> int:
        """A table of records of unfixed shape (actions, SLA lines): one column per key.

        Codes under `translate` keys get their label (`<prefix>_<code>`); values under `highlight`
        are marked; long texts (`wrap` keys) come last, wrapped.
        """
        translate, highlight, wrap = translate or {}, highlight or {}, wrap or set()
        keys: list[str] = []
        for _, entry in entries:
            if isinstance(entry, dict):
                keys += [k for k in entry if k not in keys]
        keys = [k for k in keys if k not in wrap] + [k for k in keys if k in wrap]
        header = [self.t("bid_id"), self.t("bidder")]
        header += [self.field_label(k) for k in keys] if keys else [self.t("value")]
        for col, key in enumerate(keys, start=2):  # wrapped texts: no word broken in two
            if key in wrap or key in translate:
                texts = [e.get(key) for _, e in entries if isinstance(e, dict)]
                if key in translate:
                    how = translate[key]
                    texts = [self.translated(how, t) for t in texts if isinstance(t, str)]
                width = self.word_width(self.width_of(ws, col), texts)
                if width > self.width_of(ws, col):
                    self.set_width(ws, col, col, width)
        for col, label in enumerate(header):
            self.string(ws, row, col, label, self.fmt["header"])
        for b, entry in entries:
            row += 1
            self.string(ws, row, 0, b.id)
            self.string(ws, row, 1, b.name, self.fmt["wrap"])
            if not isinstance(entry, dict):
                self._generic(ws, row, 2, entry)
                continue
            for col, key in enumerate(keys, start=2):
                value = entry.get(key)
                if isinstance(value, str) and key in translate:
                    bad = key in highlight and value in highlight[key]
                    shown = self.translated(translate[key], value)
                    self.string(ws, row, col, shown, self.fmt["bad_wrap" if bad else "wrap"])
                elif isinstance(value, str) and key in wrap:
                    self.string(ws, row, col, value, self.fmt["wrap"])
                else:
                    self._generic(ws, row, col, value)
        return row + 1

    def translated(self, how: str | Callable[[Sheets, str], str], code: str) -> str:
        """A code in words: by a label prefix (`risk:owner`) or by a function of its own."""
        return self.label(how, code) if isinstance(how, str) else how(self, code)

    def _generic(self, ws: Worksheet, row: int, col: int, value: Any) -> None:
        value = plain(value)
        if isinstance(value, list) and not any(isinstance(v, dict | list) for v in value):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, dict | list):
            pairs = flatten(value)
            value = "; ".join(f"{k}: {v}" if k else str(v) for k, v in pairs)
        self.value(ws, row, col, value)


def short(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
