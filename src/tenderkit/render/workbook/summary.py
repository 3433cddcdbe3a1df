"""Samenvatting / Summary: the tender, the award method, the ranking, warnings, a chart."""

from __future__ import annotations

from typing import Any

from tenderkit.i18n import label as code_label
from tenderkit.i18n import term
from tenderkit.render.workbook.base import Col, Kind, Sheets
from tenderkit.result import BidResult


def summary(book: Sheets) -> None:
    result, config = book.result, book.tender.config
    ws = book.sheet("sheet_summary", gridlines=False)
    # facts (a label, its value over the columns beside it) and the ranking share the columns;
    # together they stay within a readable A4 width (base.MAX_PRINT_WIDTH)
    for col, width in enumerate((23, 16, 17, 11, 10, 15, 17, 14, 11, 14)):
        book.set_width(ws, col, col, width)
    book.string(ws, 0, 0, config.title, book.fmt["title"])
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)

    method = result.method
    facts: list[tuple[str, Any, Kind]] = [
        (book.t("tender_id"), result.tender, "text"),
        (_capital(term("buyer", book.language, config.regime)), config.buyer.name, "text"),
        (book.t("closing_date"), config.dates.closing, "date"),
    ]
    if config.dates.award is not None:
        facts.append((book.t("award_date"), config.dates.award, "date"))
    if config.contract_months is not None:
        facts.append((book.t("contract_months"), config.contract_months, "int"))
    facts.append((book.t("currency"), config.currency, "text"))
    facts.append((book.t("formula"), book.label("formula", book.formula), "formula"))
    for key, value in book.price_parameters.items():
        if key != "formula":
            facts.append((book.label("parameter", key), value, parameter_kind(key, value)))
    if method.weights_apply:  # the weights play no part in a fictitious discount
        facts.append((book.t("quality_weight"), method.quality_weight, "number"))
        facts.append((book.t("price_weight"), method.price_weight, "number"))
    for cid, weight in method.criteria.items():
        title = book.criteria[cid].title if cid in book.criteria else ""
        facts.append((book.t("criterion_weight", criterion=cid, title=title), weight, "number"))
    rule = method.invalidated_bid_rule
    if rule:
        shown = rule if method.relative else "not_relative"  # nothing to decide otherwise
        facts.append((book.t("invalidated_bid_rule"), book.label("rule", shown), "text"))
    if method.tie_break:
        rules = ", ".join(code_label("tie", r, book.language) for r in method.tie_break)
        facts.append((book.t("tie_break"), rules, "text"))
    winner = book.name(result.winner) if result.winner else book.t("no_winner")
    facts.append((book.t("winner"), winner, "text"))
    facts.append((book.t("lock"), _lock_status(book), "text"))
    if result.lock.get("actual"):
        facts.append((book.t("lock_hash"), result.lock["actual"], "text"))
    facts.append((book.t("tool_version"), result.tool_version, "text"))

    row = 2
    for label, value, kind in facts:
        book.string(ws, row, 0, label, book.fmt["wrap_label"])
        if kind in ("text", "formula"):  # over the columns beside it, wrapped
            book.merged(ws, row, 1, 5, value, book.fmt["wrap"])
        else:
            book.put(ws, row, 1, value, kind)
        if kind == "formula":
            book.code(ws, row, 6, book.formula)
        row += 1

    row = book.section(ws, row + 1, "ranking")
    value_col = _ranking_value_column(book)
    additive = method.additive  # points exist only when added up
    columns = [
        Col(book.t("rank"), "rank", 18),
        Col(book.t("bid_id"), "text", 16),
        Col(book.t("bidder"), "wrap", 20),
        Col(book.t("valid"), "bool", 15),
        Col(book.t("quality_fraction"), "fraction", 15),
        *([Col(book.t("quality_points"), "points", 15)] if additive else []),
        Col(book.t("price_amount"), "money", 15),
        *([Col(book.t("price_points"), "points", 15)] if additive else []),
        value_col,
    ]
    efforts = [getattr(b, "effort_days_total", None) for b in book.bids]
    with_effort = any(getattr(b, "actions", None) for b in book.bids) or any(e for e in efforts)
    if with_effort:
        columns.append(Col(book.t("effort_days_total"), "number", 15))
    rows = []
    for b, effort in zip(book.bids, efforts, strict=True):
        rows.append(
            [
                b.rank,
                b.id,
                b.name,
                book.validity(b),
                b.quality.fraction,
                *([b.quality.points] if additive else []),  # as the report: a real score
                b.price.amount,
                *([book.scored(b, b.price.points)] if additive else []),
                book.scored(b, _ranking_value(book, b)),
                effort,
            ]
        )
    value_index = columns.index(value_col)
    first, row = book.table(ws, row, columns, rows, widths=False)
    chart_rows = (first, first + sum(1 for b in book.bids if b.valid) - 1)

    row = book.section(ws, row + 1, "warnings")
    if result.warnings:
        header = [book.t("warning"), book.t("bidder"), book.t("message")]
        for col, label in zip((0, 1, 2), header, strict=True):
            book.string(ws, row, col, label, book.fmt["header"])
        ws.merge_range(row, 2, row, 8, "", book.fmt["header"])
        book.string(ws, row, 2, header[2], book.fmt["header"])
        for w in result.warnings:
            row += 1
            book.string(ws, row, 0, book.label("warning", w.code), book.fmt["wrap_label"])
            book.string(ws, row, 1, book.name(w.bidder) if w.bidder else "", book.fmt["wrap"])
            book.merged(ws, row, 2, 8, w.message, book.fmt["wrap"])
        row += 1
    else:
        row = book.note(ws, row, "no_warnings")

    if chart_rows[1] >= chart_rows[0]:
        chart = book.wb.add_chart({"type": "column"})
        name = ws.get_name()
        chart.add_series(
            {
                "name": value_col.header,
                "categories": [name, chart_rows[0], 2, chart_rows[1], 2],
                "values": [name, chart_rows[0], value_index, chart_rows[1], value_index],
                "fill": {"color": "#4472C4"},
                "data_labels": {"value": True},
            }
        )
        chart.set_title({"name": book.t("chart_totals", what=value_col.header)})
        chart.set_legend({"none": True})
        chart.set_y_axis({"num_format": _value_format(book), "min": 0})
        ws.insert_chart(row + 1, 0, chart, {"x_scale": 1.5, "y_scale": 1.2})


def _lock_status(book: Sheets) -> str:
    matches = book.result.lock.get("matches")
    if matches is None:
        return book.t("lock_none")
    return book.t("lock_matches") if matches else book.t("lock_mismatch")


def _ranking_value_column(book: Sheets) -> Col:
    unit = book.result.method.unit  # what the ranking figure is counted in
    if unit == "money":
        return Col(book.t("comparison_price"), "money", 15)
    if unit == "index":
        return Col(book.t("utility_index"), "number", 15)
    return Col(book.t("total"), "points", 15)


def _value_format(book: Sheets) -> str:
    return {"money": book.money_format, "number": "#,##0.00##"}.get(
        _ranking_value_column(book).kind, "#,##0.00"
    )


def _ranking_value(book: Sheets, b: BidResult) -> float | None:
    return b.total if book.result.method.additive else b.price.comparison


def parameter_kind(key: str, value: Any) -> Kind:
    """How a price parameter is shown: an amount as money, a switch as yes/no, else a number."""
    if isinstance(value, bool):
        return "bool"
    return "money" if key.endswith("_price") or key == "quality_value" else "number"


def _capital(words: str) -> str:
    """A glossary term as a row label: "Aanbestedende dienst"."""
    return words[:1].upper() + words[1:]
