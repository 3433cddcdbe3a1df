"""Knock-outs, the score matrix and the price sheet: what each bid scored, where it scored."""

from __future__ import annotations

from typing import Any

from tenderkit.render.workbook.base import Col, Kind, Sheets, short


def knockouts(book: Sheets) -> None:
    ws = book.sheet("sheet_knockouts")
    columns = [
        Col(book.t("bid_id"), "text", 14),
        Col(book.t("bidder"), "text", 26),
        Col(book.t("requirement"), "text", 12),
        Col(book.t("requirement_title"), "text", 30),
        Col(book.t("reason_code"), "text", 14),
        Col(book.t("reason"), "text", 30),
        Col(book.t("message"), "wrap", 80),
    ]
    rows = [
        [
            b.id,
            b.name,
            k.requirement,
            book.target_title(k.requirement),
            k.reason,
            book.label("reason", k.reason),
            k.message,
        ]
        for b in book.bids
        for k in b.knockouts
    ]
    _, row = book.table(ws, 0, columns, rows, autofilter=True, freeze=True)
    if not rows:
        book.note(ws, row + 1, "no_knockouts")


# --- Scorematrix / Score matrix ---------------------------------------------------------------


def score_matrix(book: Sheets) -> None:
    ws = book.sheet("sheet_matrix", fit=False)
    ws.repeat_rows(0, 2)
    ws.repeat_columns(0, 1)
    # (id, title, criterion, weight) of every scored requirement, in the set's order, then
    # any the Result scores that the set does not list
    scored = [
        (req.id, req.title, req.criterion, req.weight)
        for req in book.tender.requirement_set.requirements
        if req.kind == "scored"
    ]
    known = {rid for rid, *_ in scored}
    for b in book.bids:
        for rid in b.quality.requirements:
            if rid not in known:
                known.add(rid)
                scored.append((rid, book.target_title(rid), None, None))
    criteria = list(book.result.method.get("criteria") or book.criteria)
    for b in book.bids:
        criteria += [c for c in b.quality.criteria if c not in criteria]

    lead = [
        Col(book.t("bid_id"), "text", 14),
        Col(book.t("bidder"), "text", 26),
        Col(book.t("valid"), "bool", 8),
    ]
    req_cols = [Col(rid, "fraction", 11) for rid, *_ in scored]
    crit_cols = [Col(cid, "fraction", 11) for cid in criteria]
    tail = [
        Col(book.t("quality_fraction"), "fraction", 12),
        Col(book.t("quality_points"), "points", 12),
    ]
    columns = lead + req_cols + crit_cols + tail

    # two rows above the header: the title and where each requirement counts
    ws.set_row(0, 60)
    book.string(ws, 0, 0, book.t("matrix_title_row"), book.fmt["subheader"])
    book.string(ws, 1, 0, book.t("matrix_criterion_row"), book.fmt["subheader"])
    col = len(lead)
    for _, title, criterion, weight in scored:
        book.string(ws, 0, col, title, book.fmt["subheader"])
        if criterion is not None:
            where = book.t("counts_under", criterion=criterion, weight=short(weight))
            book.string(ws, 1, col, where, book.fmt["subheader"])
        col += 1
    for cid in criteria:
        title = book.criteria[cid].title if cid in book.criteria else ""
        book.string(ws, 0, col, title, book.fmt["subheader"])
        book.string(ws, 1, col, book.t("criterion_column"), book.fmt["subheader"])
        col += 1

    rows = []
    for b in book.bids:
        reqs = b.quality.requirements
        cells = [b.id, b.name, b.valid]
        cells += [reqs[rid].fraction if rid in reqs else None for rid, *_ in scored]
        cells += [b.quality.criteria.get(cid) for cid in criteria]
        cells += [b.quality.fraction, b.quality.points]
        rows.append(cells)
    first, end = book.table(ws, 2, columns, rows)
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
            ws.conditional_format(first, len(lead), end - 1, len(lead) + len(req_cols) - 1, scale)
        if crit_cols:
            start = len(lead) + len(req_cols)
            ws.conditional_format(first, start, end - 1, start + len(crit_cols) - 1, scale)
        ws.conditional_format(first, len(columns) - 2, end - 1, len(columns) - 2, scale)
    else:
        book.note(ws, end + 1, "no_bids")


# --- Prijs / Price ----------------------------------------------------------------------------


def price(book: Sheets) -> None:
    ws = book.sheet("sheet_price")
    comparison_kind = "money" if book.formula == "fictitious_discount" else "number"
    columns = [
        Col(book.t("bid_id"), "text", 14),
        Col(book.t("bidder"), "text", 26),
        Col(book.t("valid"), "bool", 8),
        Col(book.t("rank"), "int", 8),
        Col(book.t("price_amount"), "money", 18),
        Col(book.t("price_fraction"), "fraction", 14),
        Col(book.t("price_points"), "points", 14),
        Col(book.t("comparison"), comparison_kind, 18),
        Col(book.t("deficit"), "money", 18),
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
        for b in book.bids
    ]
    _, row = book.table(ws, 0, columns, rows, autofilter=True, freeze=True)
    row = book.section(ws, row + 1, "price_method")
    method = book.result.method
    facts: list[tuple[str, Any, Kind]] = [
        (book.t("formula"), book.label("formula", book.formula), "text"),
    ]
    for key, value in (method.get("price") or {}).items():
        if key != "formula":
            kind = "money" if key.endswith("_price") or key == "quality_value" else "number"
            facts.append((book.label("parameter", key), value, kind))
    facts.append((book.t("price_weight"), method.get("price_weight"), "number"))
    if method.get("invalidated_bid_rule"):
        rule = book.label("rule", method["invalidated_bid_rule"])
        facts.append((book.t("invalidated_bid_rule"), rule, "text"))
    for label, value, kind in facts:
        book.string(ws, row, 0, label, book.fmt["label"])
        book.put(ws, row, 1, value, kind)
        row += 1
