"""Knock-outs and the score matrix: why a bid fell out, and what each bid scored, at the level
it was scored (the price sheet is in `price`)."""

from __future__ import annotations

from dataclasses import dataclass

from tenderkit.render.workbook.base import Col, Sheets, short


def knockouts(book: Sheets) -> None:
    ws = book.sheet("sheet_knockouts")
    columns = [
        Col(book.t("bid_id"), "text", 12),
        Col(book.t("bidder"), "wrap", 18),
        Col(book.t("requirement"), "text", 10),
        Col(book.t("requirement_title"), "wrap", 26),
        Col(book.t("reason"), "wrap", 22),
        Col(book.t("message"), "wrap", 50),
    ]
    rows = [
        [
            b.id,
            b.name,
            k.requirement,
            book.target_title(k.requirement),
            book.label("reason", k.reason),
            k.message,
        ]
        for b in book.bids
        for k in b.knockouts
    ]
    _, row = book.table(ws, 0, columns, rows, autofilter=True, freeze=True)
    if not rows:
        book.merged(ws, row + 1, 0, len(columns) - 1, book.t("no_knockouts"), book.fmt["subheader"])


# --- Scorematrix / Score matrix ---------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """A column of the matrix: a scored requirement (`criterion` it counts under) or a criterion."""

    id: str
    title: str
    criterion: str | None
    weight: float | None
    is_criterion: bool = False


def score_matrix(book: Sheets) -> None:
    """One row per bid; a column per criterion and, before it, a column for each scored
    requirement under it that has a score of its own. When the panel scored a criterion as a
    whole, its requirements get no column: the matrix shows what was scored, where it was scored,
    and never copies a criterion's score into every requirement beneath it."""
    ws = book.sheet("sheet_matrix")
    ws.repeat_rows(0, 2)
    ws.repeat_columns(0, 1)
    columns = _matrix_columns(book)
    lead = [
        Col(book.t("bid_id"), "text", 12),
        Col(book.t("bidder"), "wrap", 18),
        Col(book.t("valid"), "bool", 12),
    ]
    cells = [Col(c.id, "fraction", 19 if c.is_criterion else 11) for c in columns]
    points = book.result.method.weights_apply  # quality points play no part without weights
    tail = [
        Col(book.t("quality_fraction"), "fraction", 12),
        *([Col(book.t("quality_points"), "points", 16)] if points else []),
    ]
    table = lead + cells + tail
    for col, column in enumerate(table):
        book.set_width(ws, col, col, column.width)

    # two rows above the header: the title, and what was scored there and how
    book.string(ws, 0, 0, book.t("matrix_title_row"), book.fmt["subheader"])
    book.string(ws, 1, 0, book.t("matrix_scored_by"), book.fmt["subheader"])
    for col, column in enumerate(columns, start=len(lead)):
        book.string(ws, 0, col, column.title, book.fmt["subheader"])
        book.string(ws, 1, col, _scored_how(book, column), book.fmt["note_wrap"])

    rows = []
    for b in book.bids:
        line: list = [b.id, b.name, book.validity(b)]
        for column in columns:
            if column.is_criterion:
                line.append(b.quality.criteria.get(column.id))
            else:
                score = b.quality.requirements.get(column.id)
                own = score is not None and score.source != "criterion"
                line.append(score.fraction if own else None)
        rows.append([*line, b.quality.fraction, *([b.quality.points] if points else [])])
    first, end = book.table(ws, 2, table, rows, widths=False)
    ws.freeze_panes(3, 2)
    ws.autofilter(2, 0, max(end - 1, 2), len(table) - 1)
    if not rows:
        book.note(ws, end + 1, "no_bids")
        return
    scale = {
        "type": "3_color_scale",
        "min_type": "num",
        "min_value": 0,
        "mid_type": "num",
        "mid_value": 0.5,
        "max_type": "num",
        "max_value": 1,
    }
    ws.conditional_format(first, len(lead), end - 1, len(lead) + len(cells), scale)
    if any(_panel_scored(book, c.id) for c in columns if c.is_criterion):
        book.merged(ws, end + 1, 0, len(table) - 1, book.t("matrix_note"), book.fmt["subheader"])


def _matrix_columns(book: Sheets) -> list[_Column]:
    """Criteria in the method's order, each after the requirements under it scored on their own;
    requirements the Result scores that the set does not list come last."""
    criteria = list(book.result.method.criteria or book.criteria)
    for b in book.bids:
        criteria += [c for c in b.quality.criteria if c not in criteria]
    own = {
        rid
        for b in book.bids
        for rid, score in b.quality.requirements.items()
        if score.source != "criterion"
    }
    scored = [r for r in book.tender.requirement_set.requirements if r.kind == "scored"]
    columns: list[_Column] = []
    for cid in criteria:
        for r in scored:
            if r.criterion == cid and r.id in own:
                columns.append(_Column(r.id, r.title, cid, r.weight))
        title = book.criteria[cid].title if cid in book.criteria else ""
        weight = book.result.method.criteria.get(cid)
        columns.append(_Column(cid, title, None, weight, is_criterion=True))
    listed = {r.id for r in scored}
    for rid in sorted(own - listed):
        columns.append(_Column(rid, book.target_title(rid), None, None))
    return columns


def _sources(book: Sheets, criterion: str) -> list[str]:
    return [
        b.quality.criterion_sources[criterion]
        for b in book.bids
        if criterion in b.quality.criterion_sources
    ]


def _panel_scored(book: Sheets, criterion: str) -> bool:
    return any(s not in ("requirements", "none") for s in _sources(book, criterion))


def _scored_how(book: Sheets, column: _Column) -> str:
    """Row 2 of the matrix: where a requirement counts, or how a criterion was scored."""
    if not column.is_criterion:
        if column.criterion is None:
            return ""
        return book.t("counts_under", criterion=column.criterion, weight=short(column.weight))
    weight = short(column.weight)
    sources = _sources(book, column.id)
    methods = [s for s in sources if s not in ("requirements", "none")]
    if methods:
        under = [
            r.id
            for r in book.tender.requirement_set.requirements
            if r.kind == "scored" and r.criterion == column.id
        ]
        method = ", ".join(dict.fromkeys(book.label("method", m) for m in methods))
        return book.t(
            "scored_by_panel", weight=weight, method=method, requirements=", ".join(under) or "-"
        )
    if "requirements" in sources:
        return book.t("scored_by_requirements", weight=weight)
    return book.t("scored_none", weight=weight)


__all__ = ["knockouts", "score_matrix"]
