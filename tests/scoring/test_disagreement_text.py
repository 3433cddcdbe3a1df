"""The disagreement warnings' fast fill (a template per bidder, the target and scores put in
by position) gives the text `str.format_map` gives, for any template the catalogue could hold
and any bidder names, target ids and scores texts."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from tenderkit.scoring.engine import _BidderTemplates, _printf

LITERAL = st.text(st.sampled_from("ab %()s{}\0:"), max_size=6).map(
    lambda s: s.replace("{", "{{").replace("}", "}}")
)
FIELD = st.sampled_from(("{bidder}", "{target}", "{scores}", "{other}"))
TEMPLATE = st.lists(st.one_of(LITERAL, FIELD), max_size=8).map("".join)
WORD = st.text(st.sampled_from("ab %(){}\0s"), max_size=5)


@given(
    template=TEMPLATE,
    names=st.dictionaries(WORD, WORD, max_size=3),
    bidder=WORD,
    target=WORD,
    scores=WORD,
)
@example(template="100%(target)s {scores}", names={}, bidder="B", target="T", scores="S")
def test_the_fast_fill_equals_format_map(
    template: str, names: dict[str, str], bidder: str, target: str, scores: str
) -> None:
    printf = _printf(template)
    assert printf is not None
    templates = _BidderTemplates(printf, names)
    values = {"bidder": names.get(bidder, bidder), "target": target, "scores": scores}
    if templates.plain is None:  # not one target then one scores field: the dict way
        return
    assert templates[bidder] % (target, scores) == template.format_map(values)


def test_the_catalogue_template_takes_the_fast_fill() -> None:
    template = "Spread for {bidder} on {target}: {scores}. Discuss {bidder}."
    templates = _BidderTemplates(_printf(template) or "", {"B1": "50% Ltd"})
    assert templates.plain is not None
    assert templates["B1"] % ("R1", "a 5, b 9") == (
        "Spread for 50% Ltd on R1: a 5, b 9. Discuss 50% Ltd."
    )
