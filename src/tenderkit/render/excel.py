"""The award report's Excel workbook: every figure of a `Result`, one sheet per subject.

`write_workbook(result, tender, path)` writes the scoring workbook of an award report. It shows
Result figures only and never recomputes a score; the tender supplies names and titles (criteria,
requirements, bidders) and the bids' own texts (answers, notes).

Sheets, named in the tender's language: Samenvatting/Summary (tender, method, ranking, warnings,
a chart of totals), Knock-outs, Scorematrix/Score matrix, Prijs/Price, Gevoeligheid/Sensitivity
(with a chart of Monte Carlo win shares), Assurance (verdicts, flags, coverage), Risico's/Risks
(residual-risk register, buyer obligations and actions), Panel (the evaluation record),
Antwoorden/Answers (each bid's own answers) and, when the Result has service-level lines, SLA.
Labels come from `texts/excel.yaml`.

Supplier and user input is untrusted: every text is written with `write_string`, so a bidder
called `=HYPERLINK(...)` stays a plain string, and the workbook is created with Excel's automatic
conversions (formulas, URLs, numbers) switched off. The same inputs give a byte-identical file: the
document date is derived from the tender's closing date and nothing else depends on the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from tenderkit.fileio import write_atomic
from tenderkit.i18n import text
from tenderkit.result import FLOAT_DIGITS, BidResult, Result
from tenderkit.tender import Tender

__all__ = ["WORKBOOK_OPTIONS", "workbook_bytes", "write_workbook"]

WORKBOOK_OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
"""No text is ever turned into a formula, a link or a number (see SECURITY in the module doc)."""

AUTHOR = "tenderkit"
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
COMPARISON_FORMULAS = ("fictitious_discount", "utility_index")
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
MAX_CELL_TEXT = 32_767  # Excel's limit on the length of a cell's text

Kind = str
"""How a cell is written: text, bool, int, number, points, fraction, money, date."""


@dataclass(frozen=True)
class Col:
    """A table column: its header label, how its cells are written, and its width."""

    header: str
    kind: Kind = "text"
    width: float = 14


def write_workbook(result: Result, tender: Tender, path: Path) -> Path:
    """Write the scoring workbook of `result` to `path` (atomically); returns the path."""
    return write_atomic(Path(path), workbook_bytes(result, tender))


def workbook_bytes(result: Result, tender: Tender) -> bytes:
    """The workbook as bytes: the same Result and tender always give the same bytes."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {**WORKBOOK_OPTIONS, "in_memory": True})
    _Report(workbook, result, tender).write()
    workbook.close()
    return buffer.getvalue()


# --- plumbing -------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A model, dataclass or mapping as plain JSON-like data (for fields rendered generically)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested data as (dotted key, scalar) pairs, in the data's own order."""
    value = _plain(value)
    if isinstance(value, dict):
        pairs: list[tuple[str, Any]] = []
        for key, item in value.items():
            pairs += _flatten(item, f"{prefix}.{key}" if prefix else str(key))
        return pairs
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        pairs = []
        for index, item in enumerate(value, start=1):
            pairs += _flatten(item, f"{prefix}[{index}]")
        return pairs
    return [(prefix, value)]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value):
        return None
    return round(float(value), FLOAT_DIGITS)


class _Report:
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
        self.formula = str(result.method.get("formula", tender.scoring.price.formula))
        self.fmt = self._formats()

    # texts

    def t(self, key: str, **values: Any) -> str:
        return text("excel", key, self.language, **values)

    def label(self, prefix: str, code: str | None) -> str:
        """A translated label for a code, e.g. verdict_accepted; the code itself if unknown.

        `prefix` may name another catalogue, `risk:topic`, to reuse the labels defined there.
        """
        if code is None:
            return ""
        name, _, prefix = prefix.rpartition(":")
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
            "number": add({"num_format": "#,##0.00##", **base}),
            "points": add({"num_format": "#,##0.00", **base}),
            "fraction": add({"num_format": "0.0%", **base}),
            "money": add({"num_format": money, **base}),
            "date": add({"num_format": "d mmmm yyyy", "align": "left", **base}),
            "bad": add({"font_color": "#9C0006", "bg_color": "#FFC7CE", **base}),
            **{
                f"coverage_{level}": add({"bg_color": colour, **base})
                for level, colour in COVERAGE_COLOURS.items()
            },
        }

    # cells

    def put(self, ws: Worksheet, row: int, col: int, value: Any, kind: Kind = "text") -> None:
        """Write one cell by kind. Text always goes through write_string, never write()."""
        fmt = self.fmt.get(kind, self.fmt["text"])
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif kind == "bool" or isinstance(value, bool):
            ws.write_string(row, col, self.t("yes") if value else self.t("no"), self.fmt["bool"])
        elif kind == "date" and isinstance(value, dt.date):
            ws.write_datetime(row, col, value, fmt)
        elif kind in ("int", "number", "points", "fraction", "money"):
            number = _number(value)
            if number is None:
                self.string(ws, row, col, value)
            else:
                ws.write_number(row, col, number, fmt)
        else:
            self.string(ws, row, col, value, fmt)

    def string(self, ws: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        ws.write_string(row, col, str(value)[:MAX_CELL_TEXT], fmt or self.fmt["text"])

    def value(self, ws: Worksheet, row: int, col: int, value: Any) -> None:
        """A value of unknown meaning (generic fields): numbers as numbers, the rest as text."""
        if isinstance(value, bool):
            self.put(ws, row, col, value, "bool")
        elif _number(value) is not None:
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
        lines = max((math.ceil(len(c.header) / max(c.width, 1)) for c in columns), default=1)
        if lines > 1:
            ws.set_row(row, 15 * min(lines, 4))
        for col, column in enumerate(columns):
            self.string(ws, row, col, column.header, self.fmt["header"])
            if widths:
                wrap = column.kind == "wrap"
                ws.set_column(col, col, column.width, self.fmt["wrap"] if wrap else None)
        first = row + 1
        last = row
        for last, values in enumerate(rows, start=first):
            for col, (column, value) in enumerate(zip(columns, values, strict=False)):
                self.put(ws, last, col, value, column.kind)
        if freeze:
            ws.freeze_panes(first, 0)
        if autofilter and columns:
            ws.autofilter(row, 0, max(last, row), len(columns) - 1)
        return first, last + 1

    def sheet(self, key: str, fit: bool = True) -> Worksheet:
        """A new sheet, printed landscape on A4; `fit`: one page wide (not for wide matrices)."""
        ws = self.wb.add_worksheet(self.t(key)[:31])
        ws.set_landscape()
        ws.set_paper(9)
        if fit:
            ws.fit_to_pages(1, 0)
        return ws

    def section(self, ws: Worksheet, row: int, key: str, **values: Any) -> int:
        self.string(ws, row, 0, self.t(key, **values), self.fmt["section"])
        return row + 1

    def note(self, ws: Worksheet, row: int, key: str) -> int:
        self.string(ws, row, 0, self.t(key), self.fmt["subheader"])
        return row + 1

    # --- the workbook -----------------------------------------------------------------------------

    def write(self) -> None:
        config = self.tender.config
        closing = config.dates.closing
        self.wb.set_properties(
            {
                "title": config.title,
                "subject": self.t("properties_subject"),
                "author": AUTHOR,
                "company": config.buyer.name,
                "comments": f"tenderkit {self.result.tool_version}",
                "created": dt.datetime(closing.year, closing.month, closing.day),
            }
        )
        self.summary()
        self.knockouts()
        self.score_matrix()
        self.price()
        self.sensitivity()
        self.assurance()
        self.risks()
        self.panel()
        self.answers()
        self.sla()

    # --- Samenvatting / Summary -------------------------------------------------------------------

    def summary(self) -> None:
        result, config = self.result, self.tender.config
        ws = self.sheet("sheet_summary")
        ws.set_column(0, 0, 36)
        ws.set_column(1, 1, 18)
        ws.set_column(2, 2, 30)
        ws.set_column(3, 9, 15)
        self.string(ws, 0, 0, config.title, self.fmt["title"])
        ws.freeze_panes(1, 0)

        method = result.method
        facts: list[tuple[str, Any, Kind]] = [
            (self.t("tender_id"), result.tender, "text"),
            (self.t("buyer"), config.buyer.name, "text"),
            (self.t("closing_date"), config.dates.closing, "date"),
        ]
        if config.dates.award is not None:
            facts.append((self.t("award_date"), config.dates.award, "date"))
        if config.contract_months is not None:
            facts.append((self.t("contract_months"), config.contract_months, "int"))
        facts.append((self.t("currency"), config.currency, "text"))
        facts.append((self.t("formula"), self.label("formula", self.formula), "text"))
        for key, value in (method.get("price") or {}).items():
            if key != "formula":
                kind = "money" if key.endswith("_price") or key == "quality_value" else "number"
                facts.append((self.label("parameter", key), value, kind))
        facts.append((self.t("quality_weight"), method.get("quality_weight"), "number"))
        facts.append((self.t("price_weight"), method.get("price_weight"), "number"))
        for cid, weight in (method.get("criteria") or {}).items():
            title = self.criteria[cid].title if cid in self.criteria else ""
            facts.append((self.t("criterion_weight", criterion=cid, title=title), weight, "number"))
        rule = method.get("invalidated_bid_rule")
        if rule:
            facts.append((self.t("invalidated_bid_rule"), self.label("rule", rule), "text"))
        if method.get("tie_break"):
            facts.append((self.t("tie_break"), ", ".join(method["tie_break"]), "text"))
        winner = self.name(result.winner) if result.winner else self.t("no_winner")
        facts.append((self.t("winner"), winner, "text"))
        facts.append((self.t("lock"), self._lock_status(), "text"))
        if result.lock.get("actual"):
            facts.append((self.t("lock_hash"), result.lock["actual"], "text"))
        facts.append((self.t("tool_version"), result.tool_version, "text"))

        row = 2
        for label, value, kind in facts:
            self.string(ws, row, 0, label, self.fmt["label"])
            self.put(ws, row, 1, value, kind)
            row += 1

        row = self.section(ws, row + 1, "ranking")
        value_col = self._ranking_value_column()
        columns = [
            Col(self.t("rank"), "int", 36),
            Col(self.t("bid_id"), "text", 18),
            Col(self.t("bidder"), "text", 30),
            Col(self.t("valid"), "bool", 15),
            Col(self.t("quality_fraction"), "fraction", 15),
            Col(self.t("quality_points"), "points", 15),
            Col(self.t("price_amount"), "money", 15),
            Col(self.t("price_points"), "points", 15),
            value_col,
        ]
        efforts = [getattr(b, "effort_days_total", None) for b in self.bids]
        with_effort = any(getattr(b, "actions", None) for b in self.bids) or any(e for e in efforts)
        if with_effort:
            columns.append(Col(self.t("effort_days_total"), "number", 15))
        rows = []
        for b, effort in zip(self.bids, efforts, strict=True):
            rows.append(
                [
                    b.rank,
                    b.id,
                    b.name,
                    b.valid,
                    b.quality.fraction,
                    b.quality.points,
                    b.price.amount,
                    b.price.points,
                    self._ranking_value(b),
                    effort,
                ]
            )
        first, row = self.table(ws, row, columns, rows, widths=False)
        chart_rows = (first, first + sum(1 for b in self.bids if b.valid) - 1)

        row = self.section(ws, row + 1, "warnings")
        if result.warnings:
            warning_rows = [
                [w.code, self.name(w.bidder) if w.bidder else "", w.message]
                for w in result.warnings
            ]
            columns = [
                Col(self.t("code"), "text", 36),
                Col(self.t("bidder"), "text", 18),
                Col(self.t("message"), "text", 30),
            ]
            _, row = self.table(ws, row, columns, warning_rows, widths=False)
        else:
            row = self.note(ws, row, "no_warnings")

        if chart_rows[1] >= chart_rows[0]:
            chart = self.wb.add_chart({"type": "column"})
            name = ws.get_name()
            chart.add_series(
                {
                    "name": value_col.header,
                    "categories": [name, chart_rows[0], 2, chart_rows[1], 2],
                    "values": [name, chart_rows[0], 8, chart_rows[1], 8],
                    "fill": {"color": "#4472C4"},
                    "data_labels": {"value": True},
                }
            )
            chart.set_title({"name": self.t("chart_totals", what=value_col.header)})
            chart.set_legend({"none": True})
            chart.set_y_axis({"num_format": self._value_format(), "min": 0})
            ws.insert_chart(row + 1, 0, chart, {"x_scale": 1.5, "y_scale": 1.2})

    def _lock_status(self) -> str:
        matches = self.result.lock.get("matches")
        if matches is None:
            return self.t("lock_none")
        return self.t("lock_matches") if matches else self.t("lock_mismatch")

    def _ranking_value_column(self) -> Col:
        if self.formula == "fictitious_discount":
            return Col(self.t("comparison_price"), "money", 15)
        if self.formula == "utility_index":
            return Col(self.t("utility_index"), "number", 15)
        return Col(self.t("total"), "points", 15)

    def _value_format(self) -> str:
        return {"money": self.money_format, "number": "#,##0.00##"}.get(
            self._ranking_value_column().kind, "#,##0.00"
        )

    def _ranking_value(self, b: BidResult) -> float | None:
        if self.formula in COMPARISON_FORMULAS:
            return b.price.comparison
        return b.total

    # --- Knock-outs -------------------------------------------------------------------------------

    def knockouts(self) -> None:
        ws = self.sheet("sheet_knockouts")
        columns = [
            Col(self.t("bid_id"), "text", 14),
            Col(self.t("bidder"), "text", 26),
            Col(self.t("requirement"), "text", 12),
            Col(self.t("requirement_title"), "text", 30),
            Col(self.t("reason_code"), "text", 14),
            Col(self.t("reason"), "text", 30),
            Col(self.t("message"), "wrap", 80),
        ]
        rows = [
            [
                b.id,
                b.name,
                k.requirement,
                self.target_title(k.requirement),
                k.reason,
                self.label("reason", k.reason),
                k.message,
            ]
            for b in self.bids
            for k in b.knockouts
        ]
        _, row = self.table(ws, 0, columns, rows, autofilter=True, freeze=True)
        if not rows:
            self.note(ws, row + 1, "no_knockouts")

    # --- Scorematrix / Score matrix ---------------------------------------------------------------

    def score_matrix(self) -> None:
        ws = self.sheet("sheet_matrix", fit=False)
        ws.repeat_rows(0, 2)
        ws.repeat_columns(0, 1)
        # (id, title, criterion, weight) of every scored requirement, in the set's order, then
        # any the Result scores that the set does not list
        scored = [
            (r.id, r.title, r.criterion, r.weight)
            for r in self.tender.requirement_set.requirements
            if r.kind == "scored"
        ]
        known = {rid for rid, *_ in scored}
        for b in self.bids:
            for rid in b.quality.requirements:
                if rid not in known:
                    known.add(rid)
                    scored.append((rid, self.target_title(rid), None, None))
        criteria = list(self.result.method.get("criteria") or self.criteria)
        for b in self.bids:
            criteria += [c for c in b.quality.criteria if c not in criteria]

        lead = [
            Col(self.t("bid_id"), "text", 14),
            Col(self.t("bidder"), "text", 26),
            Col(self.t("valid"), "bool", 8),
        ]
        req_cols = [Col(rid, "fraction", 11) for rid, *_ in scored]
        crit_cols = [Col(cid, "fraction", 11) for cid in criteria]
        tail = [
            Col(self.t("quality_fraction"), "fraction", 12),
            Col(self.t("quality_points"), "points", 12),
        ]
        columns = lead + req_cols + crit_cols + tail

        # two rows above the header: the title and where each requirement counts
        ws.set_row(0, 60)
        self.string(ws, 0, 0, self.t("matrix_title_row"), self.fmt["subheader"])
        self.string(ws, 1, 0, self.t("matrix_criterion_row"), self.fmt["subheader"])
        col = len(lead)
        for _, title, criterion, weight in scored:
            self.string(ws, 0, col, title, self.fmt["subheader"])
            if criterion is not None:
                where = self.t("counts_under", criterion=criterion, weight=_short(weight))
                self.string(ws, 1, col, where, self.fmt["subheader"])
            col += 1
        for cid in criteria:
            title = self.criteria[cid].title if cid in self.criteria else ""
            self.string(ws, 0, col, title, self.fmt["subheader"])
            self.string(ws, 1, col, self.t("criterion_column"), self.fmt["subheader"])
            col += 1

        rows = []
        for b in self.bids:
            reqs = b.quality.requirements
            cells = [b.id, b.name, b.valid]
            cells += [reqs[rid].fraction if rid in reqs else None for rid, *_ in scored]
            cells += [b.quality.criteria.get(cid) for cid in criteria]
            cells += [b.quality.fraction, b.quality.points]
            rows.append(cells)
        first, end = self.table(ws, 2, columns, rows)
        ws.freeze_panes(3, 2)
        ws.autofilter(2, 0, max(end - 1, 2), len(columns) - 1)
        if rows:
            scale = {
                "type": "3_color_scale",
                "min_type": "num",
                "min_value": 0,
                "mid_type": "num",
                "mid_value": 0.5,
                "max_type": "num",
                "max_value": 1,
            }
            if req_cols:
                ws.conditional_format(
                    first, len(lead), end - 1, len(lead) + len(req_cols) - 1, scale
                )
            if crit_cols:
                start = len(lead) + len(req_cols)
                ws.conditional_format(first, start, end - 1, start + len(crit_cols) - 1, scale)
            ws.conditional_format(first, len(columns) - 2, end - 1, len(columns) - 2, scale)
        else:
            self.note(ws, end + 1, "no_bids")

    # --- Prijs / Price ----------------------------------------------------------------------------

    def price(self) -> None:
        ws = self.sheet("sheet_price")
        comparison_kind = "money" if self.formula == "fictitious_discount" else "number"
        columns = [
            Col(self.t("bid_id"), "text", 14),
            Col(self.t("bidder"), "text", 26),
            Col(self.t("valid"), "bool", 8),
            Col(self.t("rank"), "int", 8),
            Col(self.t("price_amount"), "money", 18),
            Col(self.t("price_fraction"), "fraction", 14),
            Col(self.t("price_points"), "points", 14),
            Col(self.t("comparison"), comparison_kind, 18),
            Col(self.t("deficit"), "money", 18),
        ]
        rows = [
            [
                b.id,
                b.name,
                b.valid,
                b.rank,
                b.price.amount,
                b.price.fraction,
                b.price.points,
                b.price.comparison,
                b.price.deficit,
            ]
            for b in self.bids
        ]
        _, row = self.table(ws, 0, columns, rows, autofilter=True, freeze=True)
        row = self.section(ws, row + 1, "price_method")
        method = self.result.method
        facts: list[tuple[str, Any, Kind]] = [
            (self.t("formula"), self.label("formula", self.formula), "text"),
        ]
        for key, value in (method.get("price") or {}).items():
            if key != "formula":
                kind = "money" if key.endswith("_price") or key == "quality_value" else "number"
                facts.append((self.label("parameter", key), value, kind))
        facts.append((self.t("price_weight"), method.get("price_weight"), "number"))
        if method.get("invalidated_bid_rule"):
            rule = self.label("rule", method["invalidated_bid_rule"])
            facts.append((self.t("invalidated_bid_rule"), rule, "text"))
        for label, value, kind in facts:
            self.string(ws, row, 0, label, self.fmt["label"])
            self.put(ws, row, 1, value, kind)
            row += 1

    # --- Gevoeligheid / Sensitivity ---------------------------------------------------------------

    def sensitivity(self) -> None:
        ws = self.sheet("sheet_sensitivity")
        widths = [30, 28, 18, 44, 30, 22]
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        self.string(ws, 0, 0, self.t("sensitivity_title"), self.fmt["title"])
        ws.freeze_panes(1, 0)
        data = self.result.sensitivity or {}
        row = 2
        if not data:
            self.note(ws, row, "sensitivity_none")
            return

        loo = data.get("leave_one_out")
        if loo is not None:
            row = self.section(ws, row, "loo_title")
            columns = [
                Col(self.t("loo_dropped"), "text", widths[0]),
                Col(self.t("loo_winner"), "text", widths[1]),
                Col(self.t("loo_winner_changed"), "bool", widths[2]),
                Col(self.t("loo_order"), "text", widths[3]),
                Col(self.t("loo_swapped"), "text", widths[4]),
            ]
            rows = [
                [
                    self.name(e.get("dropped")),
                    self.name(e.get("winner")),
                    bool(e.get("winner_changed")),
                    " > ".join(self.name(b) for b in e.get("order", [])),
                    "; ".join(" / ".join(self.name(b) for b in pair) for pair in e["swapped"])
                    if e.get("swapped")
                    else self.t("none"),
                ]
                for e in loo
            ]
            _, row = self.table(ws, row, columns, rows, widths=False)
            row += 1

        split = data.get("split")
        if split:
            row = self.section(ws, row, "split_title")
            parameter = split.get("parameter", "")
            kind = "fraction" if parameter == "quality_share" else "number"
            columns = [
                Col(self.t("parameter"), "text", widths[0]),
                Col(self.t("published"), kind, widths[1]),
                Col(self.t("flips_at"), kind, widths[2]),
                Col(self.t("shift"), kind, widths[3]),
                Col(self.t("new_winner"), "text", widths[4]),
            ]
            rows = [
                [
                    self.label("parameter", parameter),
                    split.get("published"),
                    split.get("flips_at"),
                    split.get("shift"),
                    self._new_winner(split),
                ]
            ]
            _, row = self.table(ws, row, columns, rows, widths=False)
            row += 1

        criteria = data.get("criteria")
        if criteria:
            row = self.section(ws, row, "criteria_title")
            columns = [
                Col(self.t("criterion"), "text", widths[0]),
                Col(self.t("criterion_title"), "text", widths[1]),
                Col(self.t("published_share"), "fraction", widths[2]),
                Col(self.t("flips_at"), "fraction", widths[3]),
                Col(self.t("shift"), "fraction", widths[4]),
                Col(self.t("new_winner"), "text", widths[5]),
            ]
            rows = [
                [
                    cid,
                    self.criteria[cid].title if cid in self.criteria else "",
                    flip.get("published"),
                    flip.get("flips_at"),
                    flip.get("shift"),
                    self._new_winner(flip),
                ]
                for cid, flip in criteria.items()
            ]
            _, row = self.table(ws, row, columns, rows, widths=False)
            row += 1

        mc = data.get("monte_carlo")
        if mc:
            row = self.section(ws, row, "mc_title")
            for key in ("samples", "seed", "concentration"):
                if key in mc:
                    self.string(ws, row, 0, self.t(f"mc_{key}"), self.fmt["label"])
                    self.put(ws, row, 1, mc[key], "int" if key != "concentration" else "number")
                    row += 1
            shares = mc.get("win_share") or {}
            order = [b.id for b in self.bids if b.id in shares]
            order += [b for b in shares if b not in order]
            columns = [
                Col(self.t("bid_id"), "text", widths[0]),
                Col(self.t("bidder"), "text", widths[1]),
                Col(self.t("win_share"), "fraction", widths[2]),
            ]
            rows = [[b, self.name(b), shares[b]] for b in order]
            first, end = self.table(ws, row + 1, columns, rows, widths=False)
            if rows:
                chart = self.wb.add_chart({"type": "bar"})
                name = ws.get_name()
                chart.add_series(
                    {
                        "name": self.t("win_share"),
                        "categories": [name, first, 1, end - 1, 1],
                        "values": [name, first, 2, end - 1, 2],
                        "fill": {"color": "#70AD47"},
                        "data_labels": {"value": True, "num_format": "0.0%"},
                    }
                )
                chart.set_title({"name": self.t("chart_win_share")})
                chart.set_legend({"none": True})
                chart.set_x_axis({"num_format": "0%", "min": 0, "max": 1})
                chart.set_y_axis({"reverse": True})
                ws.insert_chart(row + 1, 3, chart, {"x_scale": 1.2, "y_scale": 1.0})

    def _new_winner(self, flip: dict[str, Any]) -> str:
        if flip.get("flips_at") is None:
            return self.t("no_flip")
        return self.name(flip.get("new_winner"))

    # --- Assurance --------------------------------------------------------------------------------

    def assurance(self) -> None:
        ws = self.sheet("sheet_assurance", fit=False)
        ws.repeat_columns(0, 1)
        columns = [
            Col(self.t("bid_id"), "text", 14),
            Col(self.t("bidder"), "text", 26),
            Col(self.t("report"), "text", 18),
            Col(self.t("verdict"), "text", 16),
            Col(self.t("flag_code"), "text", 22),
            Col(self.t("control"), "text", 12),
            Col(self.t("message"), "wrap", 80),
        ]
        rows = []
        for b in self.bids:
            for report in b.assurance:
                verdict = self.label("verdict", report.verdict)
                if not report.flags:
                    rows.append([b.id, b.name, report.report, verdict, None, None, None])
                for flag in report.flags:
                    rows.append(
                        [
                            b.id,
                            b.name,
                            report.report,
                            verdict,
                            flag.code,
                            flag.control,
                            flag.message,
                        ]
                    )
        _, row = self.table(ws, 0, columns, rows, autofilter=True, freeze=True)
        if not rows:
            row = self.note(ws, row, "no_assurance")

        row = self.section(ws, row + 1, "coverage_title")
        requirement_ids = list(self.requirements)
        for b in self.bids:
            requirement_ids += [r for r in b.coverage if r not in requirement_ids]
        if not any(b.coverage for b in self.bids):
            self.note(ws, row, "no_coverage")
            return
        header = [self.t("bid_id"), self.t("bidder"), *requirement_ids]
        for col, label in enumerate(header):
            self.string(ws, row, col, label, self.fmt["header"])
        if len(header) > 7:
            ws.set_column(7, len(header) - 1, 14)
        for b in self.bids:
            row += 1
            self.string(ws, row, 0, b.id)
            self.string(ws, row, 1, b.name)
            for col, rid in enumerate(requirement_ids, start=2):
                level = b.coverage.get(rid)
                if isinstance(level, dict):  # tolerate a richer coverage entry
                    level = level.get("level")
                if level is None:
                    ws.write_blank(row, col, None)
                    continue
                fmt = self.fmt.get(f"coverage_{level}", self.fmt["text"])
                self.string(ws, row, col, self.label("coverage", str(level)), fmt)

    # --- Risico's / Risks -------------------------------------------------------------------------

    def risks(self) -> None:
        ws = self.sheet("sheet_risks")
        titles = _risk_titles(self.language)
        columns = [
            Col(self.t("bid_id"), "text", 14),
            Col(self.t("bidder"), "text", 26),
            Col(self.t("risk"), "text", 14),
            Col(self.t("risk_title"), "text", 30),
            Col(self.t("inherent_likelihood"), "int", 10),
            Col(self.t("inherent_impact"), "int", 10),
            Col(self.t("inherent_score"), "int", 10),
            Col(self.t("measures"), "wrap", 30),
            Col(self.t("residual_likelihood"), "int", 10),
            Col(self.t("residual_impact"), "int", 10),
            Col(self.t("residual_score"), "int", 10),
            Col(self.t("within_appetite"), "bool", 12),
            Col(self.t("escalate"), "bool", 12),
            Col(self.t("risk_evidence"), "wrap", 40),
            Col(self.t("risk_rationale"), "wrap", 60),
        ]
        rows = [
            [
                b.id,
                b.name,
                r.id,
                getattr(r, "title", "") or titles.get(r.id, ""),
                r.inherent.likelihood,
                r.inherent.impact,
                r.inherent.score,
                ", ".join(r.measures) or None,
                r.residual.likelihood,
                r.residual.impact,
                r.residual.score,
                r.within_appetite,
                r.escalate,
                "; ".join(f"{k}: {self.grade(v)}" for k, v in _evidence(r).items()) or None,
                " ".join(getattr(r, "rationale", None) or []) or None,
            ]
            for b in self.bids
            for r in b.risks
        ]
        row = self.section(ws, 0, "risk_register")
        first, row = self.table(ws, row, columns, rows, autofilter=True, freeze=True)
        if rows:
            outside = self.t("no")
            ws.conditional_format(
                first,
                11,
                row - 1,
                11,
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": f'"{outside}"',
                    "format": self.fmt["bad"],
                },
            )
        else:
            row = self.note(ws, row, "no_risks")

        row = self.section(ws, row + 1, "obligations_title")
        columns = [
            Col(self.t("bid_id")),
            Col(self.t("bidder")),
            Col(self.t("obligation")),
        ]
        obligation_rows = [
            [b.id, b.name, text_] for b in self.bids for text_ in b.buyer_obligations
        ]
        if obligation_rows:
            _, row = self.table(ws, row, columns, obligation_rows, widths=False)
        else:
            row = self.note(ws, row, "no_obligations")

        actions = [(b, _plain(a)) for b in self.bids for a in getattr(b, "actions", None) or []]
        if actions:
            row = self.section(ws, row + 1, "actions_title")
            row = self.records(
                ws, row, actions, translate={"kind": "action", "owner": "owner"}, wrap={"text"}
            )
            for b in self.bids:
                effort = getattr(b, "effort_days_total", None)
                if effort is not None:
                    self.string(ws, row, 0, b.id, self.fmt["label"])
                    self.string(ws, row, 1, self.t("effort_days_total_of", bidder=b.name))
                    self.put(ws, row, 2, effort, "number")
                    row += 1

    def records(
        self,
        ws: Worksheet,
        row: int,
        entries: list[tuple[BidResult, Any]],
        translate: dict[str, str] | None = None,
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
        for col, label in enumerate(header):
            self.string(ws, row, col, label, self.fmt["header"])
        for b, entry in entries:
            row += 1
            self.string(ws, row, 0, b.id)
            self.string(ws, row, 1, b.name)
            if not isinstance(entry, dict):
                self._generic(ws, row, 2, entry)
                continue
            for col, key in enumerate(keys, start=2):
                value = entry.get(key)
                if isinstance(value, str) and key in highlight and value in highlight[key]:
                    self.string(ws, row, col, self.label(translate[key], value), self.fmt["bad"])
                elif isinstance(value, str) and key in translate:
                    self.string(ws, row, col, self.label(translate[key], value))
                elif isinstance(value, str) and key in wrap:
                    self.string(ws, row, col, value, self.fmt["wrap"])
                else:
                    self._generic(ws, row, col, value)
        return row + 1

    def _generic(self, ws: Worksheet, row: int, col: int, value: Any) -> None:
        value = _plain(value)
        if isinstance(value, list) and not any(isinstance(v, dict | list) for v in value):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, dict | list):
            pairs = _flatten(value)
            value = "; ".join(f"{k}: {v}" if k else str(v) for k, v in pairs)
        self.value(ws, row, col, value)

    # --- Panel ------------------------------------------------------------------------------------

    def panel(self) -> None:
        ws = self.sheet("sheet_panel")
        lines = self.result.panel
        evaluators: list[str] = []
        for line in lines:
            evaluators += [e for e in line.scores if e not in evaluators]
            evaluators += [e for e in line.rationales if e not in evaluators]
        evaluators.sort()
        columns = [
            Col(self.t("bid_id"), "text", 14),
            Col(self.t("bidder"), "text", 24),
            Col(self.t("target"), "text", 10),
            Col(self.t("target_title"), "text", 24),
        ]
        for e in evaluators:
            columns.append(Col(self.t("evaluator_score", evaluator=e), "text", 10))
            columns.append(Col(self.t("evaluator_rationale", evaluator=e), "wrap", 36))
        columns += [
            Col(self.t("consensus_method"), "text", 12),
            Col(self.t("fraction"), "fraction", 10),
            Col(self.t("spread"), "fraction", 10),
            Col(self.t("disagreement"), "bool", 12),
            Col(self.t("consensus_score"), "text", 12),
            Col(self.t("consensus_rationale"), "wrap", 36),
            Col(self.t("consensus_evaluators"), "text", 20),
        ]
        rows = []
        for line in lines:
            cells: list[Any] = [
                line.bidder,
                self.name(line.bidder),
                line.target,
                self.target_title(line.target),
            ]
            for e in evaluators:
                cells += [line.scores.get(e), line.rationales.get(e)]
            cells += [
                self.label("method", line.method),
                line.fraction,
                line.spread,
                line.disagreement,
                line.consensus_score,
                line.consensus_rationale,
                ", ".join(line.consensus_evaluators) or None,
            ]
            rows.append(cells)
        first, row = self.table(ws, 0, columns, rows, autofilter=True, freeze=True)
        if rows:
            col = len(columns) - 4
            yes = self.t("yes")
            ws.conditional_format(
                first,
                col,
                row - 1,
                col,
                {"type": "cell", "criteria": "==", "value": f'"{yes}"', "format": self.fmt["bad"]},
            )
        else:
            self.note(ws, row + 1, "no_panel")

    # --- Antwoorden / Answers ---------------------------------------------------------------------

    def answers(self) -> None:
        ws = self.sheet("sheet_answers")
        columns = [
            Col(self.t("bid_id"), "text", 14),
            Col(self.t("bidder"), "text", 24),
            Col(self.t("requirement"), "text", 12),
            Col(self.t("requirement_title"), "text", 30),
            Col(self.t("requirement_kind"), "text", 10),
            Col(self.t("status"), "text", 18),
            Col(self.t("note"), "wrap", 60),
            Col(self.t("evidence"), "text", 20),
        ]
        rows = []
        for b in self.bids:
            bid = self.tender.bids.get(b.id)
            if bid is None:
                continue
            for requirement in self.tender.requirement_set.requirements:
                answer = bid.answers.get(requirement.id)
                rows.append(
                    [
                        b.id,
                        b.name,
                        requirement.id,
                        requirement.title,
                        self.label("kind", requirement.kind),
                        self.label("status", answer.status) if answer else self.t("no_answer"),
                        answer.note if answer and answer.note else None,
                        ", ".join(answer.evidence) if answer and answer.evidence else None,
                    ]
                )
        self.table(ws, 0, columns, rows, autofilter=True, freeze=True)

    # --- SLA (when the Result carries it) ---------------------------------------------------------

    def sla(self) -> None:
        entries = [(b, _plain(s)) for b in self.bids for s in _items(getattr(b, "sla", None))]
        if not entries:
            return
        ws = self.sheet("sheet_sla")
        ws.set_column(0, 0, 14)
        ws.set_column(1, 1, 26)
        ws.set_column(2, 3, 22)
        ws.set_column(4, 5, 40)
        ws.set_column(6, 6, 80)
        end = self.records(
            ws,
            0,
            entries,
            translate={"verdict": "sla_verdict", "topic": "risk:topic"},
            highlight={"verdict": {"short", "missing"}},
            wrap={"offered", "required", "text"},
        )
        ws.freeze_panes(1, 0)
        columns = max(len(e) if isinstance(e, dict) else 1 for _, e in entries) + 2
        ws.autofilter(0, 0, end - 1, columns - 1)


def _items(value: Any) -> list[Any]:
    """A list field as a list; a mapping as (key, value) records; nothing as []."""
    if not value:
        return []
    if isinstance(value, dict):
        return [{"item": k, "value": v} for k, v in value.items()]
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _evidence(risk: Any) -> dict[str, str]:
    evidence = getattr(risk, "evidence", None) or {}
    return {str(k): str(v) for k, v in evidence.items()}


def _short(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _risk_titles(language: str) -> dict[str, str]:
    """Risk id -> title from the risk catalogue, when it is available."""
    try:
        from tenderkit.catalogues import risks
    except ImportError:
        return {}
    try:
        return {rid: risk.title.get(language) for rid, risk in risks().items()}
    except Exception:  # a broken catalogue must not stop the report; titles are a courtesy
        return {}
