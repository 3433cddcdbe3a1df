"""Small HTML building blocks that escape every value they are given.

Supplier text (bidder names, notes, rationale) must never become live HTML in a report. Every
table cell and paragraph goes through `html.escape` here; only our own markup is trusted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any


class Markup(str):
    """HTML we wrote ourselves: passed through unescaped."""


def esc(value: Any) -> str:
    if isinstance(value, Markup):
        return str(value)
    return escape("" if value is None else str(value))


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    row_classes: Iterable[str] | None = None,
) -> Markup:
    """An HTML table; every cell escaped unless it is Markup."""
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    classes = list(row_classes) if row_classes is not None else None
    body = []
    for index, row in enumerate(rows):
        css = f' class="{esc(classes[index])}"' if classes and classes[index] else ""
        body.append(f"<tr{css}>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>")
    return Markup(
        f'<table class="tk-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
        "</table>"
    )


def para(text: Any, css: str = "") -> Markup:
    klass = f' class="{css}"' if css else ""
    return Markup(f"<p{klass}>{esc(text)}</p>")


def heading(level: int, text: Any) -> Markup:
    return Markup(f"<h{level}>{esc(text)}</h{level}>")


def block(*parts: Any) -> Markup:
    """A report section: parts joined inside a `tk` div (our own markup, parts escaped)."""
    return Markup('<div class="tk">' + "".join(esc(p) for p in parts) + "</div>")
