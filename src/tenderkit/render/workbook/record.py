"""The record of the evaluation: the panel's scores, each bid's answers, the SLA lines."""

from __future__ import annotations

from typing import Any

from tenderkit.render.workbook.base import Col, Sheets, plain


def panel(book: Sheets) -> None:
    ws = book.sheet("sheet_panel")
    lines = book.result.panel
    evaluators: list[str] = []
    for line in lines:
        evaluators += [e for e in line.scores if e not in evaluators]
        evaluators += [e for e in line.rationales if e not in evaluators]
    evaluators.sort()
    columns = [
        Col(book.t("bid_id"), "text", 12),
        Col(book.t("bidder"), "wrap", 16),
        Col(book.t("target"), "text", 9),
        Col(book.t("target_title"), "wrap", 18),
    ]
    for e in evaluators:
        columns.append(Col(book.t("evaluator_score", evaluator=e), "text", 8))
        columns.append(Col(book.t("evaluator_rationale", evaluator=e), "wrap", 28))
    columns += [
        Col(book.t("consensus_method"), "text", 11),
        Col(book.t("fraction"), "fraction", 8),
        Col(book.t("spread"), "fraction", 9),
        Col(book.t("disagreement"), "bool", 9),
        Col(book.t("consensus_score"), "text", 11),
        Col(book.t("consensus_rationale"), "wrap", 30),
        Col(book.t("consensus_evaluators"), "wrap", 16),
    ]
    rows = []
    for line in lines:
        cells: list[Any] = [
            line.bidder,
            book.name(line.bidder),
            line.target,
            book.target_title(line.target),
        ]
        for e in evaluators:
            cells += [line.scores.get(e), line.rationales.get(e)]
        cells += [
            book.label("method", line.method),
            line.fraction,
            line.spread,
            line.disagreement,
            line.consensus_score,
            line.consensus_rationale,
            ", ".join(line.consensus_evaluators) or None,
        ]
        rows.append(cells)
    first, row = book.table(ws, 0, columns, rows, autofilter=True, freeze=True)
    if rows:
        col = len(columns) - 4
        yes = book.t("yes")
        ws.conditional_format(
            first,
            col,
            row - 1,
            col,
            {"type": "cell", "criteria": "==", "value": f'"{yes}"', "format": book.fmt["bad"]},
        )
    else:
        book.note(ws, row + 1, "no_panel")


# --- Antwoorden / Answers ---------------------------------------------------------------------


def answers(book: Sheets) -> None:
    ws = book.sheet("sheet_answers")
    columns = [
        Col(book.t("bid_id"), "text", 14),
        Col(book.t("bidder"), "text", 24),
        Col(book.t("requirement"), "text", 12),
        Col(book.t("requirement_title"), "text", 30),
        Col(book.t("requirement_kind"), "text", 10),
        Col(book.t("status"), "text", 18),
        Col(book.t("note"), "wrap", 60),
        Col(book.t("evidence"), "text", 20),
    ]
    rows = []
    for b in book.bids:
        bid = book.tender.bids.get(b.id)
        if bid is None:
            continue
        for requirement in book.tender.requirement_set.requirements:
            answer = bid.answers.get(requirement.id)
            rows.append(
                [
                    b.id,
                    b.name,
                    requirement.id,
                    requirement.title,
                    book.label("risk:kind", requirement.kind),
                    book.label("status", answer.status) if answer else book.t("no_answer"),
                    answer.note if answer and answer.note else None,
                    ", ".join(answer.evidence) if answer and answer.evidence else None,
                ]
            )
    book.table(ws, 0, columns, rows, autofilter=True, freeze=True)


# --- SLA (when the Result carries it) ---------------------------------------------------------


def sla(book: Sheets) -> None:
    entries = [(b, plain(s)) for b in book.bids for s in _items(getattr(b, "sla", None))]
    if not entries:
        return
    ws = book.sheet("sheet_sla")
    book.set_width(ws, 0, 0, 12)
    book.set_width(ws, 1, 1, 18)
    book.set_width(ws, 2, 3, 18)
    book.set_width(ws, 4, 5, 32)
    book.set_width(ws, 6, 6, 50)
    end = book.records(
        ws,
        0,
        entries,
        translate={"verdict": "risk:verdict", "topic": _topic},
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


def _topic(book: Sheets, topic: str) -> str:
    """An SLA line's topic in words, as the SLA comparison names it (`rpo` -> "RPO ...")."""
    from tenderkit.risk.sla_lines import topic_label

    try:
        return topic_label(topic, book.language)
    except KeyError:
        return topic
