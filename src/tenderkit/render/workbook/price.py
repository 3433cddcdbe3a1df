"""Prijs / Price: the price method's parameters, then one row per bid with its price figures as
Excel formulas over the cells shown.

The formula is the method: an auditor clicks a cell and reads `=$B$6/F12*$B$5`, the price
fraction as the lowest price over this bid's price times the weight, over cells on the same sheet.
Each formula cell carries the Result's own figure as its cached value, so a reader that does not
recalculate (a viewer, a preview, openpyxl) shows exactly the figure of the award report, and
Excel's recalculation gives the same figure at the precision shown (a test holds the two
together). Bids' texts never enter a formula: formulas refer only to cells with numbers the
workbook wrote itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from tenderkit.render.workbook.base import (
    NO_SCORE,
    Col,
    Kind,
    Sheets,
    number,
)
from tenderkit.render.workbook.summary import parameter_kind
from tenderkit.result import BidResult

__all__ = ["price", "price_formulas"]


def _abs(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)


def _cell(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col)


@dataclass
class _Layout:
    """Where things are: the method's named cells and the table's columns."""

    named: dict[str, str] = field(default_factory=dict)  # parameter -> absolute cell
    columns: dict[str, int] = field(default_factory=dict)  # column key -> index
    rows: dict[str, int] = field(default_factory=dict)  # bid id -> row
    reference: list[str] = field(default_factory=list)  # bid ids that set the reference


def price(book: Sheets) -> None:
    ws = book.sheet("sheet_price")
    method = book.result.method
    formula = book.formula
    additive = method.additive  # price points added to quality points, or a comparison figure
    layout = _Layout()
    layout.reference = _reference_bids(book)
    book.set_width(ws, 0, 0, 30)
    book.set_width(ws, 1, 1, 22)
    book.set_width(ws, 2, 9, 13)

    # the method: each figure a formula uses in a cell of its own
    row = book.section(ws, 0, "price_method")
    book.string(ws, row, 0, book.t("formula"), book.fmt["label"])
    book.merged(ws, row, 1, 4, book.label("formula", formula), book.fmt["wrap"])
    book.code(ws, row, 5, formula)
    row += 1
    for key, value in book.price_parameters.items():
        if key == "formula":
            continue
        book.string(ws, row, 0, book.label("parameter", key), book.fmt["wrap_label"])
        book.put(ws, row, 1, value, parameter_kind(key, value))
        layout.named[key] = _abs(row, 1)
        row += 1
    weights = [("price_weight", "price_weight")] if additive else []
    if formula == "utility_index":
        weights = [("quality_weight", "quality_weight"), ("price_weight", "price_weight")]
    for key, label in weights:
        book.string(ws, row, 0, book.t(label), book.fmt["wrap_label"])
        book.put(ws, row, 1, getattr(method, key), "number")
        layout.named[key] = _abs(row, 1)
        row += 1
    if method.invalidated_bid_rule:
        book.string(ws, row, 0, book.t("invalidated_bid_rule"), book.fmt["wrap_label"])
        rule = book.label(
            "rule", method.invalidated_bid_rule if method.relative else "not_relative"
        )
        book.merged(ws, row, 1, 4, rule, book.fmt["wrap"])
        row += 1
    references = [k for k in ("reference_price", "reference_quality") if _needs(formula, k)]
    if formula == "utility_index" and _deficits(book):
        references.append("reference_utility")
    reference_rows = {}
    for key in references:
        book.string(ws, row, 0, book.t(key), book.fmt["wrap_label"])
        layout.named[key] = _abs(row, 1)
        reference_rows[key] = row
        row += 1
    row += 1
    book.merged(ws, row, 0, 7, book.t("price_formula_note"), book.fmt["subheader"])
    row += 2

    # the table
    columns: list[tuple[str, Col]] = [
        ("bid", Col(book.t("bid_id"), "text", 30)),
        ("bidder", Col(book.t("bidder"), "wrap", 22)),
        ("valid", Col(book.t("valid"), "bool", 13)),
        ("rank", Col(book.t("rank"), "rank", 13)),
        ("amount", Col(book.t("price_amount"), "money", 13)),
    ]
    if _needs(formula, "reference_price") or _needs(formula, "reference_quality"):
        columns.insert(3, ("reference", Col(book.t("reference_bid"), "bool", 13)))
    if not additive:
        columns.append(("quality", Col(book.t("quality_fraction"), "fraction", 13)))
    if additive:
        columns.append(("fraction", Col(book.t("price_fraction"), "fraction", 13)))
        columns.append(("points", Col(book.t("price_points"), "points", 13)))
    else:
        kind: Kind = "money" if formula == "fictitious_discount" else "number"
        columns.append(("comparison", Col(book.t("comparison"), kind, 18)))
    if _deficits(book):
        columns.append(("deficit", Col(book.t("deficit"), "money", 13)))
    layout.columns = {key: index for index, (key, _) in enumerate(columns)}
    cols = [c for _, c in columns]
    header = row
    first = header + 1
    layout.rows = {b.id: first + i for i, b in enumerate(book.bids)}
    values = {
        "bid": lambda b: b.id,
        "bidder": lambda b: b.name,
        "valid": book.validity,
        "reference": lambda b: b.id in layout.reference,
        "rank": lambda b: b.rank,
        "amount": lambda b: b.price.amount,
        "quality": lambda b: b.quality.fraction,
    }
    rows = [[values[k](b) if k in values else None for k, _ in columns] for b in book.bids]
    for index, column in enumerate(cols[2:], start=2):  # A and B are the method's labels too
        book.set_width(ws, index, index, column.width)
    book.table(ws, header, cols, rows, widths=False, autofilter=True)
    ws.repeat_rows(header)

    formulas = price_formulas(formula, book.price_parameters, layout)
    for b in book.bids:
        r = layout.rows[b.id]
        for key, (expression, cached) in formulas.items():
            if key not in layout.columns:
                continue
            col = layout.columns[key]
            if b.valid:
                _formula(book, ws, r, col, expression(r), cached(b), cols[col].kind)
            else:  # no formula: it would give the bid points it cannot have
                book.put(ws, r, col, NO_SCORE)
    if any(not b.valid for b in book.bids):
        end = first + len(book.bids)
        book.merged(ws, end + 1, 0, len(cols) - 1, _invalid_note(book), book.fmt["subheader"])

    for key, reference_row in reference_rows.items():
        expression, cached = _reference_formula(book, key, layout)
        kind = "money" if key == "reference_price" else "fraction"
        if key == "reference_utility":
            kind = "number"
        _formula(book, ws, reference_row, 1, expression, cached, kind)


def _deficits(book: Sheets) -> bool:
    """Does a valid bid have a price deficit (utility index)? An invalid bid's is no figure."""
    return any(b.price.deficit is not None for b in book.bids if b.valid)


def _invalid_note(book: Sheets) -> str:
    """Why an invalid bid has no price points here, and which bids set the reference values:
    as the published rule (`Result.method.invalidated_bid_rule`) says."""
    note = book.t("price_invalid_note")
    if _needs(book.formula, "reference_price") and any(b.valid for b in book.bids):
        rule = book.result.method.invalidated_bid_rule
        note += " " + book.t(f"price_reference_{rule}", column=book.t("reference_bid"))
    return note


def _needs(formula: str, key: str) -> bool:
    if key == "reference_price":
        return formula in ("lowest_relative", "log", "utility_index")
    return formula == "utility_index"


def _reference_bids(book: Sheets) -> list[str]:
    """The bids that may set the reference (lowest price, best quality), as the engine decides:
    all bids under `keep_original` or when none is valid, else the valid ones."""
    valid = [b.id for b in book.bids if b.valid]
    if book.result.method.invalidated_bid_rule == "keep_original" or not valid:
        return [b.id for b in book.bids]
    return valid


def _reference_formula(book: Sheets, key: str, layout: _Layout) -> tuple[str, float | None]:
    """`=MIN(F12,F13,F15)` over the reference bids' cells; its value from the same figures."""
    bids = {b.id: b for b in book.bids}
    if key == "reference_price":
        ids, col, pick, fn = layout.reference, "amount", lambda b: b.price.amount, "MIN"
    elif key == "reference_quality":
        ids, col, pick, fn = layout.reference, "quality", lambda b: b.quality.fraction, "MAX"
    else:  # the best utility index of the valid bids sets the price deficit
        ids = [b.id for b in book.bids if b.valid] or [b.id for b in book.bids]
        col, pick, fn = "comparison", lambda b: b.price.comparison, "MAX"
    cells = ",".join(_cell(layout.rows[i], layout.columns[col]) for i in ids)
    figures = [pick(bids[i]) for i in ids if pick(bids[i]) is not None]
    cached = (min if fn == "MIN" else max)(figures) if figures else None
    return f"={fn}({cells})", cached


Expression = Callable[[int], str]
Cached = Callable[[BidResult], float | None]


def price_formulas(
    formula: str, parameters: dict[str, Any], layout: _Layout
) -> dict[str, tuple[Expression, Cached]]:
    """Per table column: the Excel formula of a bid's row, and the Result figure it must show.

    These are the five award methods of `tenderkit.scoring.price`, written as Excel formulas over
    the sheet's cells; the Result's figures are the cached values, never recomputed here.
    """
    named = layout.named
    col = layout.columns

    def at(key: str) -> Callable[[int], str]:
        return lambda row: _cell(row, col[key]) if key in col else ""

    amount, quality = at("amount"), at("quality")
    fraction, comparison = at("fraction"), at("comparison")
    fraction_value: Cached = lambda b: b.price.fraction  # noqa: E731
    points_value: Cached = lambda b: b.price.points  # noqa: E731
    weight = named.get("price_weight", "")
    out: dict[str, tuple[Expression, Cached]] = {}
    if formula == "lowest_relative":
        out["fraction"] = (lambda r: f"={named['reference_price']}/{amount(r)}", fraction_value)
    elif formula == "linear_fixed":
        high, low = named["max_price"], named["min_price"]
        out["fraction"] = (
            lambda r: f"=MAX(0,MIN(1,({high}-{amount(r)})/({high}-{low})))",
            fraction_value,
        )
    elif formula == "log":
        a, best = named["a"], named["reference_price"]
        floor = parameters.get("floor_at_zero", True)

        def log_fraction(r: int) -> str:
            inner = f"1-LN({amount(r)}/{best})/LN({a})"
            return f"=MAX(0,{inner})" if floor else f"={inner}"

        out["fraction"] = (log_fraction, fraction_value)
    elif formula == "fictitious_discount":
        value = named["quality_value"]
        out["comparison"] = (
            lambda r: f"={amount(r)}-{quality(r)}*{value}",
            lambda b: b.price.comparison,
        )
    elif formula == "utility_index":
        wq, best_p = named["quality_weight"], named["reference_price"]
        best_q = named["reference_quality"]
        out["comparison"] = (
            lambda r: f"=(1-({best_q}-{quality(r)})*{wq}/{weight})/{amount(r)}*{best_p}",
            lambda b: b.price.comparison,
        )
        if "reference_utility" in named:
            best_u = named["reference_utility"]
            out["deficit"] = (
                lambda r: f"={amount(r)}-({comparison(r)}/{best_u})*{amount(r)}",
                lambda b: b.price.deficit,
            )
    if "fraction" in out:
        out["points"] = (lambda r: f"={weight}*{fraction(r)}", points_value)
    return out


def _formula(
    book: Sheets, ws: Worksheet, row: int, col: int, expression: str, cached: Any, kind: Kind
) -> None:
    """A formula with the Result's figure as its cached value; a blank where there is none."""
    figure = number(cached)
    fmt = book.fmt.get(kind, book.fmt["number"])
    if figure is None:
        ws.write_blank(row, col, None, fmt)
        return
    ws.write_formula(row, col, expression, fmt, figure)
