"""markup.py: our markup kept, every value placed in it escaped, by default."""

from __future__ import annotations

from hostile_tender import TRICKS, live_markup, visible_text
from tenderkit.markup import Html, Markup, catalogue_html, esc, html, join


def test_values_are_escaped_and_our_markup_is_kept():
    out = html("<p><b>{name}</b> {note}</p>", name=TRICKS, note=TRICKS)
    assert isinstance(out, Html) and out._repr_html_() == str(out)
    assert out.startswith("<p><b>") and out.endswith("</p>")
    assert live_markup(out) == []
    assert visible_text(out) == f"{TRICKS} {TRICKS}"


def test_markup_we_built_passes_through_once():
    inner = html("<i>{}</i>", "<x>")
    assert html("<p>{}</p>", inner) == "<p><i>&lt;x&gt;</i></p>"
    assert join([inner, "<y>", None], ", ") == "<i>&lt;x&gt;</i>, &lt;y&gt;, "
    assert isinstance(join([]), Markup)


def test_attributes_are_quoted_safely():
    out = html('<div title="{}">', '" onmouseover="alert(1)')
    assert live_markup(out) == []
    assert esc("'\"<>&") == "&#39;&#34;&lt;&gt;&amp;" and esc(None) == ""


def test_catalogue_texts_keep_their_tags_and_escape_the_values():
    out = catalogue_html("report", "winner_is", "en", name=TRICKS, score="<i>1</i>")
    assert "<b>" in out and live_markup(out) == []
    assert TRICKS in visible_text(out)
