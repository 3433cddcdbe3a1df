"""The one way tenderkit puts text into HTML: markupsafe, with escaping as the default.

Supplier text (bidder names, notes, rationales, report texts, subprocessors) and buyer text
(titles, criteria) must never become live HTML or Markdown in a report, a letter, a notebook or
the workshop. Rather than remembering to call an escape function at every place, our own markup
is written as a template and every value placed in it is escaped unless it is already `Markup`
(markup we built ourselves):

    html("<p><b>{name}</b>: {note}</p>", name=bid.name, note=answer.note)

`Markup` and `escape` are markupsafe's (the library Jinja2's autoescape uses). Catalogue texts
(`texts/*.yaml`) are ours and may hold markup such as `<b>`; `catalogue_html` fills their
placeholders the same way. Notebooks display `Html`, never Markdown built from strings: a
Markdown renderer passes raw HTML through and turns `[x](javascript:...)` into a live link.

`esc` gives a plain escaped `str` for code that still assembles HTML with f-strings; prefer
`html`, whose output cannot forget a value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from tenderkit.i18n import LANGUAGES, catalogue, in_regime

__all__ = [
    "CODE_CLASS",
    "Html",
    "Markup",
    "catalogue_html",
    "code_first",
    "coded",
    "esc",
    "escape",
    "html",
    "join",
]

CODE_CLASS = "code"
"""The class of a code shown small beside its label, for the expert (`status_partial`)."""


class Html(Markup):
    """An HTML fragment that a notebook displays as HTML (text/html)."""

    def _repr_html_(self) -> str:
        return str(self)


def html(template: str, /, *args: Any, **values: Any) -> Html:
    """Our own markup `template` (str.format syntax) with every value escaped, unless Markup."""
    return Html(template).format(*args, **values)


def join(parts: Iterable[Any], separator: str = "") -> Html:
    """Parts joined; each part escaped unless it is Markup (the separator is ours)."""
    return Html(separator).join(escape("" if p is None else p) for p in parts)


def coded(label: Any, code: Any) -> Html:
    """A label with its code beside it, small and unbroken: the reader reads the label, an expert
    who checks the data finds the code (`voldoet gedeeltelijk <small>status_partial</small>`)."""
    if not code:
        return html("{}", label)
    return html('{} <small class="{}">{}</small>', label, CODE_CLASS, code)


def code_first(code: Any, label: Any) -> Html:
    """An identifier and its name, the identifier small in front (`R-AVAIL Dienst onbereikbaar`)."""
    if not label:
        return html('<small class="{}">{}</small>', CODE_CLASS, code)
    return html('<small class="{}">{}</small> {}', CODE_CLASS, code, label)


def esc(value: Any) -> str:
    """`value` escaped for HTML text or a quoted attribute, as a plain str (None: empty)."""
    return str(escape("" if value is None else value))


def catalogue_html(
    name: str, key: str, language: str, regime: str | None = None, /, **values: Any
) -> Html:
    """A text of catalogue `texts/<name>.yaml` as markup: its own tags kept, values escaped;
    with a `regime` in that regime's words (`i18n.in_regime`)."""
    language = language if language in LANGUAGES else "nl"
    template = catalogue(name)[key][language]
    if regime is not None:
        template = in_regime(template, language, regime)
    return html(template, **values)
