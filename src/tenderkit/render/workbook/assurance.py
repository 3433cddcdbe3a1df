"""Assurance: the verdict on every report, its flags, and the coverage per requirement."""

from __future__ import annotations

from tenderkit.render.workbook.base import Col, Sheets


def assurance(book: Sheets) -> None:
    ws = book.sheet("sheet_assurance")
    ws.repeat_columns(0, 1)
    columns = [
        Col(book.t("bid_id"), "text", 14),
        Col(book.t("bidder"), "wrap", 22),
        Col(book.t("report"), "text", 18),
        Col(book.t("verdict"), "text", 16),
        Col(book.t("flag_code"), "wrap", 24),
        Col(book.t("control"), "text", 12),
        Col(book.t("message"), "wrap", 80),
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
        row = book.note(ws, row, "no_assurance")

    row = book.section(ws, row + 1, "coverage_title")
    requirement_ids = list(book.requirements)
    for b in book.bids:
        requirement_ids += [rid for rid in b.coverage if rid not in requirement_ids]
    if not any(b.coverage for b in book.bids):
        book.note(ws, row, "no_coverage")
        return
    header = [book.t("bid_id"), book.t("bidder"), *requirement_ids]
    for col, label in enumerate(header):
        book.string(ws, row, col, label, book.fmt["header"])
    if len(header) > 7:
        book.set_width(ws, 7, len(header) - 1, 14)
    for b in book.bids:
        row += 1
        book.string(ws, row, 0, b.id)
        book.string(ws, row, 1, b.name)
        for col, rid in enumerate(requirement_ids, start=2):
            level = b.coverage.get(rid)
            if isinstance(level, dict):  # tolerate a richer coverage entry
                level = level.get("level")
            if level is None:
                ws.write_blank(row, col, None)
                continue
            fmt = book.fmt.get(f"coverage_{level}", book.fmt["text"])
            book.string(ws, row, col, book.label("coverage", str(level)), fmt)
