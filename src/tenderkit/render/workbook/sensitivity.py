"""Gevoeligheid / Sensitivity: leave one out, the quality/price split, weights, Monte Carlo."""

from __future__ import annotations

from typing import Any

from tenderkit.render.workbook.base import Col, Sheets


def sensitivity(book: Sheets) -> None:
    ws = book.sheet("sheet_sensitivity", gridlines=False)
    widths = [24, 24, 14, 30, 22, 18]  # within a readable A4 width (base.MAX_PRINT_WIDTH)
    for col, width in enumerate(widths):
        book.set_width(ws, col, col, width)
    book.string(ws, 0, 0, book.t("sensitivity_title"), book.fmt["title"])
    ws.freeze_panes(1, 0)
    data = book.result.sensitivity or {}
    row = 2
    if not data:
        book.note(ws, row, "sensitivity_none")
        return

    loo = data.get("leave_one_out")
    if loo is not None:
        row = book.section(ws, row, "loo_title")
        columns = [
            Col(book.t("loo_dropped"), "text", widths[0]),
            Col(book.t("loo_winner"), "text", widths[1]),
            Col(book.t("loo_winner_changed"), "bool", widths[2]),
            Col(book.t("loo_order"), "text", widths[3]),
            Col(book.t("loo_swapped"), "text", widths[4]),
        ]
        rows = [
            [
                book.name(e.get("dropped")),
                book.name(e.get("winner")),
                bool(e.get("winner_changed")),
                " > ".join(book.name(b) for b in e.get("order", [])),
                "; ".join(" / ".join(book.name(b) for b in pair) for pair in e["swapped"])
                if e.get("swapped")
                else book.t("none"),
            ]
            for e in loo
        ]
        _, row = book.table(ws, row, columns, rows, widths=False)
        row += 1

    split = data.get("split")
    if split:
        row = book.section(ws, row, "split_title")
        parameter = split.get("parameter", "")
        kind = "fraction" if parameter == "quality_share" else "number"
        columns = [
            Col(book.t("parameter"), "text", widths[0]),
            Col(book.t("published"), kind, widths[1]),
            Col(book.t("flips_at"), kind, widths[2]),
            Col(book.t("shift"), kind, widths[3]),
            Col(book.t("new_winner"), "text", widths[4]),
        ]
        rows = [
            [
                book.label("parameter", parameter),
                split.get("published"),
                split.get("flips_at"),
                split.get("shift"),
                _new_winner(book, split),
            ]
        ]
        _, row = book.table(ws, row, columns, rows, widths=False)
        row += 1

    criteria = data.get("criteria")
    if criteria:
        row = book.section(ws, row, "criteria_title")
        columns = [
            Col(book.t("criterion"), "text", widths[0]),
            Col(book.t("criterion_title"), "text", widths[1]),
            Col(book.t("published_share"), "fraction", widths[2]),
            Col(book.t("flips_at"), "fraction", widths[3]),
            Col(book.t("shift"), "fraction", widths[4]),
            Col(book.t("new_winner"), "text", widths[5]),
        ]
        rows = [
            [
                cid,
                book.criteria[cid].title if cid in book.criteria else "",
                flip.get("published"),
                flip.get("flips_at"),
                flip.get("shift"),
                _new_winner(book, flip),
            ]
            for cid, flip in criteria.items()
        ]
        _, row = book.table(ws, row, columns, rows, widths=False)
        row += 1

    mc = data.get("monte_carlo")
    if mc:
        row = book.section(ws, row, "mc_title")
        for key in ("samples", "seed", "concentration"):
            if key in mc:
                book.string(ws, row, 0, book.t(f"mc_{key}"), book.fmt["label"])
                book.put(ws, row, 1, mc[key], "int" if key != "concentration" else "number")
                row += 1
        shares = mc.get("win_share") or {}
        order = [b.id for b in book.bids if b.id in shares]
        order += [b for b in shares if b not in order]
        columns = [
            Col(book.t("bid_id"), "text", widths[0]),
            Col(book.t("bidder"), "text", widths[1]),
            Col(book.t("win_share"), "fraction", widths[2]),
        ]
        rows = [[b, book.name(b), shares[b]] for b in order]
        first, end = book.table(ws, row + 1, columns, rows, widths=False)
        if rows:
            chart = book.wb.add_chart({"type": "bar"})
            name = ws.get_name()
            chart.add_series(
                {
                    "name": book.t("win_share"),
                    "categories": [name, first, 1, end - 1, 1],
                    "values": [name, first, 2, end - 1, 2],
                    "fill": {"color": "#70AD47"},
                    "data_labels": {"value": True, "num_format": "0.0%"},
                }
            )
            chart.set_title({"name": book.t("chart_win_share")})
            chart.set_legend({"none": True})
            chart.set_x_axis({"num_format": "0%", "min": 0, "max": 1})
            chart.set_y_axis({"reverse": True})
            ws.insert_chart(row + 1, 3, chart, {"x_scale": 1.1, "y_scale": 1.0})


def _new_winner(book: Sheets, flip: dict[str, Any]) -> str:
    if flip.get("flips_at") is None:
        return book.t("no_flip")
    return book.name(flip.get("new_winner"))
