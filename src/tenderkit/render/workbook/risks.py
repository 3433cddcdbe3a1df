"""Risico's / Risks: the residual-risk register, why each risk is what it is, and the buyer's
obligations and actions, on three sheets that each print one A4 landscape page wide."""

from __future__ import annotations

from typing import Any

from tenderkit.render.workbook.base import Col, Sheets, plain

LEVEL_WIDTH = 7  # a likelihood, impact or score column under its group header


def risks(book: Sheets) -> None:
    """The register: a row per risk of a bid, the inherent and residual levels under a header
    of their own each (so the columns stay narrow and their headers whole)."""
    ws = book.sheet("sheet_risks")
    titles = _risk_titles(book.language)
    level = [
        Col(book.t("likelihood"), "int", LEVEL_WIDTH),
        Col(book.t("impact"), "int", LEVEL_WIDTH),
        Col(book.t("score"), "int", LEVEL_WIDTH),
    ]
    columns = [
        Col(book.t("bid_id"), "text", 11),
        Col(book.t("bidder"), "wrap", 14),
        Col(book.t("risk"), "wrap", 14),
        Col(book.t("risk_title"), "wrap", 20),
        *level,
        Col(book.t("measures"), "wrap", 18),
        *level,
        Col(book.t("within_appetite"), "bool", 14),
        Col(book.t("escalate"), "bool", 11),
    ]
    rows = [
        [
            b.id,
            b.name,
            risk.id,
            getattr(risk, "title", "") or titles.get(risk.id, ""),
            risk.inherent.likelihood,
            risk.inherent.impact,
            risk.inherent.score,
            ", ".join(risk.measures) or None,
            risk.residual.likelihood,
            risk.residual.impact,
            risk.residual.score,
            risk.within_appetite,
            risk.escalate,
        ]
        for b in book.bids
        for risk in b.risks
    ]
    row = book.section(ws, 0, "risk_register")
    for col in range(len(columns)):  # the group header row: inherent over 4-6, residual 8-10
        ws.write_blank(row, col, None, book.fmt["header"])
    book.merged(ws, row, 4, 6, book.t("risk_inherent"), book.fmt["header"])
    book.merged(ws, row, 8, 10, book.t("risk_residual"), book.fmt["header"])
    first, row = book.table(ws, row + 1, columns, rows, autofilter=True, freeze=True)
    if rows:
        outside = book.t("no")
        ws.conditional_format(
            first,
            11,
            row - 1,
            11,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{outside}"',
                "format": book.fmt["bad"],
            },
        )
    else:
        book.note(ws, row, "no_risks")
    reasons(book, titles)
    actions(book)


def reasons(book: Sheets, titles: dict[str, str]) -> None:
    """Risico-onderbouwing / Risk reasoning: per risk the evidence grade of each requirement that
    mitigates it and why its measures were chosen: the long texts of the register, wrapped."""
    ws = book.sheet("sheet_risk_reasons")
    columns = [
        Col(book.t("bid_id"), "text", 11),
        Col(book.t("bidder"), "wrap", 14),
        Col(book.t("risk"), "wrap", 14),
        Col(book.t("risk_title"), "wrap", 22),
        Col(book.t("risk_evidence"), "wrap", 34),
        Col(book.t("risk_rationale"), "wrap", 48),
    ]
    rows = [
        [
            b.id,
            b.name,
            risk.id,
            getattr(risk, "title", "") or titles.get(risk.id, ""),
            "\n".join(f"{k}: {book.grade(v)}" for k, v in _evidence(risk).items()) or None,
            " ".join(getattr(risk, "rationale", None) or []) or None,
        ]
        for b in book.bids
        for risk in b.risks
    ]
    row = book.section(ws, 0, "risk_reasons_title")
    _, row = book.table(ws, row, columns, rows, autofilter=True, freeze=True)
    if not rows:
        book.note(ws, row, "no_risks")


ACTION_WIDTHS = {"kind": 14, "id": 14, "owner": 14, "effort_days": 10, "risks": 16, "acts": 18}
"""Widths of the action list's columns after the bid and bidder; the action's text (last) gets
what is left of a readable A4 width."""


def actions(book: Sheets) -> None:
    """Acties / Actions: the buyer's obligations from the assurance reports, then its action
    list with the indicative effort per bid."""
    ws = book.sheet("sheet_actions")
    book.set_width(ws, 0, 0, 11)
    book.set_width(ws, 1, 1, 14)
    for col, width in enumerate([*ACTION_WIDTHS.values(), 34], start=2):
        book.set_width(ws, col, col, width)
    last = len(ACTION_WIDTHS) + 2
    row = book.section(ws, 0, "obligations_title")
    obligations = [(b, text_) for b in book.bids for text_ in b.buyer_obligations]
    if obligations:
        header = row
        book.string(ws, row, 0, book.t("bid_id"), book.fmt["header"])
        book.string(ws, row, 1, book.t("bidder"), book.fmt["header"])
        book.merged(ws, row, 2, last, book.t("obligation"), book.fmt["header"])
        for b, text_ in obligations:
            row += 1
            book.string(ws, row, 0, b.id)
            book.string(ws, row, 1, b.name, book.fmt["wrap"])
            book.merged(ws, row, 2, last, text_, book.fmt["wrap"])
        ws.repeat_rows(0, header)
        row += 1
    else:
        row = book.note(ws, row, "no_obligations")

    entries = [(b, plain(a)) for b in book.bids for a in getattr(b, "actions", None) or []]
    if not entries:
        return
    row = book.section(ws, row + 1, "actions_title")
    row = book.records(
        ws,
        row,
        entries,
        translate={"kind": "risk:action", "owner": "risk:owner", "acts": "risk:acts"},
        wrap={"text"},
    )
    keys = [k for k in entries[0][1] if k != "text"]
    effort_col = 2 + keys.index("effort_days") if "effort_days" in keys else last
    for b in book.bids:
        effort = getattr(b, "effort_days_total", None)
        if effort is not None:
            book.string(ws, row, 0, b.id, book.fmt["label"])
            text_ = book.t("effort_days_total_of", bidder=b.name)
            book.merged(ws, row, 1, effort_col - 1, text_, book.fmt["wrap"])
            book.put(ws, row, effort_col, effort, "number")
            row += 1


def _evidence(risk: Any) -> dict[str, str]:
    evidence = getattr(risk, "evidence", None) or {}
    return {str(k): str(v) for k, v in evidence.items()}


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
