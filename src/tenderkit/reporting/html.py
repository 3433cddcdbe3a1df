"""Small HTML building blocks of the award report, on `tenderkit.markup` (markupsafe).

Supplier text (bidder names, notes, rationale) must never become live HTML in a report. Every
table cell, paragraph and heading is escaped unless it is Markup we built ourselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tenderkit.markup import Markup, esc, html, join

__all__ = ["Markup", "block", "esc", "heading", "html", "join", "para", "table"]


def table(
    columns: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    row_classes: Iterable[str] | None = None,
) -> Markup:
    """An HTML table; every cell escaped unless it is Markup."""
    head = join(html("<th>{}</th>", c) for c in columns)
    classes = list(row_classes) if row_classes is not None else None
    body = []
    for index, row in enumerate(rows):
        cells = join(html("<td>{}</td>", "" if v is None else v) for v in row)
        if classes and classes[index]:
            body.append(html('<tr class="{}">{}</tr>', classes[index], cells))
        else:
            body.append(html("<tr>{}</tr>", cells))
    return html(
        '<table class="tk-table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        head,
        join(body),
    )


def para(text: Any, css: str = "") -> Markup:
    if css:
        return html('<p class="{}">{}</p>', css, text)
    return html("<p>{}</p>", text)


def heading(level: int, text: Any) -> Markup:
    return html("<h{level}>{text}</h{level}>", level=int(level), text=text)


def block(*parts: Any) -> Markup:
    """A report section: parts joined inside a `tk` div (our own markup, parts escaped)."""
    return html('<div class="tk">{}</div>', join(parts))
