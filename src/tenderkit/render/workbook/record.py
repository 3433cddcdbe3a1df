"""The record of the evaluation: the panel's scores, each bid's answers, the SLA lines."""

from __future__ import annotations

from typing import Any

from tenderkit.render.workbook.base import Col, Sheets, plain


def panel(book: Sheets) -> None:
    """The evaluation record, a row per evaluator's score and one for the outcome of each bid
    and target: as long as the panel is large, but as wide as one A4 page however many
    evaluators there are (a column pair per evaluator printed at 40 % with seven)."""
    ws = book.sheet("sheet_panel")
    lines = book.result.panel
    columns = [
        Col(book.t("bid_id"), "text", 10),
        Col(book.t("bidder"), "wrap", 13),
        Col(book.t("target"), "text", 9),
        Col(book.t("target_title"), "wrap", 19),
        Col(book.t("panel_evaluator"), "wrap", 13),
        Col(book.t("score"), "text", 7),
        Col(book.t("panel_rationale"), "wrap", 34),
        Col(book.t("consensus_method"), "wrap", 11),
        Col(book.t("fraction"), "fraction", 8),
        Col(book.t("spread"), "fraction", 10),
        Col(book.t("disagreement"), "bool", 13),
    ]
    rows: list[list[Any]] = []
    outcomes: list[int] = []
    for line in lines:
        lead = [line.bidder, book.name(line.bidder), line.target, book.target_title(line.target)]
        evaluators = sorted({*line.scores, *line.rationales})
        for e in evaluators:
            rows.append([*lead, e, line.scores.get(e), line.rationales.get(e)])
        agreed = ", ".join(line.consensus_evaluators)
        outcome = book.t("panel_outcome_by", evaluators=agreed) if agreed else None
        outcome = outcome or book.t("panel_outcome")
        outcomes.append(len(rows))
        rows.append(
            [
                *lead,
                outcome,
                line.consensus_score,
                line.consensus_rationale,
                book.label("method", line.method),
                line.fraction,
                line.spread,
                line.disagreement,
            ]
        )
    first, row = book.table(ws, 0, columns, rows, autofilter=True, freeze=True)
    if rows:
        for index in outcomes:  # the outcome's words in bold, so a block ends visibly
            ws.set_row(first + index, None, book.fmt["wrap_label"])
            book.string(ws, first + index, 4, rows[index][4], book.fmt["wrap_label"])
        col = len(columns) - 1
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
        Col(book.t("bid_id"), "text", 11),
        Col(book.t("bidder"), "wrap", 16),
        Col(book.t("requirement"), "text", 10),
        Col(book.t("requirement_title"), "wrap", 24),
        Col(book.t("requirement_kind"), "text", 9),
        Col(book.t("status"), "wrap", 14),
        Col(book.t("note"), "wrap", 44),
        Col(book.t("evidence"), "wrap", 16),
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
    for col, width in enumerate((11, 14, 20, 14, 22, 22, 38)):  # topic, verdict, the texts
        book.set_width(ws, col, col, width)
    end = book.records(
        ws,
        0,
        entries,
        translate={"verdict": "risk:verdict", "topic": _topic},
        highlight={"verdict": {"short", "missing"}},
        wrap={"offered", "required", "text"},
    )
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)
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
