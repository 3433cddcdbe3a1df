"""Assurance: the verdict on every report, its flags, and the coverage per requirement."""

from __future__ import annotations

from tenderkit.render.workbook.base import MAX_PRINT_WIDTH, Col, Sheets


def assurance(book: Sheets) -> None:
    ws = book.sheet("sheet_assurance")
    ws.repeat_columns(0, 1)
    columns = [
        Col(book.t("bid_id"), "text", 12),
        Col(book.t("bidder"), "wrap", 18),
        Col(book.t("report"), "wrap", 16),
        Col(book.t("verdict"), "text", 12),
        Col(book.t("flag_code"), "wrap", 20),
        Col(book.t("control"), "text", 15),
        Col(book.t("message"), "wrap", 41),
    ]
    rows = []
    for b in book.bids:
        for report in b.assurance:
            verdict = book.label("verdict", report.verdict)
            if not report.flags:
                rows.append([b.id, b.name, report.report, verdict, None, None, None])
            for flag in report.flags:
                rows.append(
                    [
                        b.id,
                        b.name,
                        report.report,
                        verdict,
                        book.label("flag", flag.code),
                        flag.control,
                        flag.message,
                    ]
                )
    _, row = book.table(ws, 0, columns, rows, autofilter=True, freeze=True)
    if not rows:
        book.note(ws, row, "no_assurance")


def coverage(book: Sheets) -> None:
    """Dekking / Coverage: one row per requirement, one column per bid, so the table prints
    in one width however many requirements the set has."""
    ws = book.sheet("sheet_coverage")
    requirement_ids = list(book.requirements)
    for b in book.bids:
        requirement_ids += [rid for rid in b.coverage if rid not in requirement_ids]
    row = book.section(ws, 0, "coverage_title")
    if not any(b.coverage for b in book.bids):
        book.note(ws, row, "no_coverage")
        return
    lead = [
        Col(book.t("requirement"), "text", 11),
        Col(book.t("requirement_title"), "wrap", 30),
        Col(book.t("requirement_kind"), "text", 9),
    ]
    room = MAX_PRINT_WIDTH - 10 - sum(c.width for c in lead)  # a bid column each in the rest
    width = max(11.0, min(18.0, room / max(len(book.bids), 1)))
    columns = [*lead, *(Col(b.name, "wrap", width) for b in book.bids)]
    for col, column in enumerate(columns):
        book.set_width(ws, col, col, column.width)
        book.string(ws, row, col, column.header, book.fmt["header"])
    header = row
    for rid in requirement_ids:
        row += 1
        requirement = book.requirements.get(rid)
        book.string(ws, row, 0, rid)
        book.string(ws, row, 1, book.target_title(rid), book.fmt["wrap"])
        kind = book.label("risk:kind", requirement.kind) if requirement else ""
        book.string(ws, row, 2, kind)
        for col, b in enumerate(book.bids, start=3):
            level = b.coverage.get(rid)
            if isinstance(level, dict):  # tolerate a richer coverage entry
                level = level.get("level")
            if level is None:
                ws.write_blank(row, col, None)
                continue
            fmt = book.fmt.get(f"coverage_{level}", book.fmt["wrap"])
            book.string(ws, row, col, book.label("coverage", str(level)), fmt)
    ws.freeze_panes(header + 1, 2)
    ws.repeat_rows(0, header)
    ws.autofilter(header, 0, row, len(columns) - 1)
