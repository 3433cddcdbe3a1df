"""Risico's / Risks: the residual-risk register, the buyer's obligations and actions."""

from __future__ import annotations

from typing import Any

from tenderkit.render.workbook.base import Col, Sheets, plain


def risks(book: Sheets) -> None:
    ws = book.sheet("sheet_risks")
    titles = _risk_titles(book.language)
    columns = [
        Col(book.t("bid_id"), "text", 12),
        Col(book.t("bidder"), "wrap", 18),
        Col(book.t("risk"), "wrap", 13),
        Col(book.t("risk_title"), "wrap", 26),
        Col(book.t("inherent_likelihood"), "int", 9),
        Col(book.t("inherent_impact"), "int", 9),
        Col(book.t("inherent_score"), "int", 9),
        Col(book.t("measures"), "wrap", 22),
        Col(book.t("residual_likelihood"), "int", 9),
        Col(book.t("residual_impact"), "int", 9),
        Col(book.t("residual_score"), "int", 9),
        Col(book.t("within_appetite"), "bool", 12),
        Col(book.t("escalate"), "bool", 10),
        Col(book.t("risk_evidence"), "wrap", 34),
        Col(book.t("risk_rationale"), "wrap", 54),
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
            "; ".join(f"{k}: {book.grade(v)}" for k, v in _evidence(risk).items()) or None,
            " ".join(getattr(risk, "rationale", None) or []) or None,
        ]
        for b in book.bids
        for risk in b.risks
    ]
    row = book.section(ws, 0, "risk_register")
    first, row = book.table(ws, row, columns, rows, autofilter=True, freeze=True)
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
        row = book.note(ws, row, "no_risks")

    row = book.section(ws, row + 1, "obligations_title")
    columns = [
        Col(book.t("bid_id")),
        Col(book.t("bidder")),
        Col(book.t("obligation")),
    ]
    obligation_rows = [[b.id, b.name, text_] for b in book.bids for text_ in b.buyer_obligations]
    if obligation_rows:
        _, row = book.table(ws, row, columns, obligation_rows, widths=False)
    else:
        row = book.note(ws, row, "no_obligations")

    actions = [(b, plain(a)) for b in book.bids for a in getattr(b, "actions", None) or []]
    if actions:
        row = book.section(ws, row + 1, "actions_title")
        row = book.records(
            ws,
            row,
            actions,
            translate={"kind": "risk:action", "owner": "risk:owner", "acts": "risk:acts"},
            wrap={"text"},
        )
        for b in book.bids:
            effort = getattr(b, "effort_days_total", None)
            if effort is not None:
                book.string(ws, row, 0, b.id, book.fmt["label"])
                book.string(ws, row, 1, book.t("effort_days_total_of", bidder=b.name))
                book.put(ws, row, 2, effort, "number")
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
