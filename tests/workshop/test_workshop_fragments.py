"""fragments: the worked formula examples and the amount fields, from a Result."""

from __future__ import annotations

import pytest
from workshop_builders import GEMEENTE, loaded

from tenderkit.formatting import fixed
from tenderkit.workshop import fragments
from tenderkit.workshop.live import LiveEvaluator
from tenderkit.workshop.scenario import PRICE_FORMULAS, Scenario


@pytest.fixture(scope="module")
def live():
    return LiveEvaluator(loaded(GEMEENTE))


@pytest.mark.parametrize("formula", PRICE_FORMULAS)
def test_every_formula_has_a_worked_example_with_the_results_figure(live, formula):
    result = live.evaluate(Scenario(formula=None if formula == "lowest_relative" else formula))
    html = fragments.formula_example_html(result, "nl")
    assert html.startswith('<div class="tk-example">Voorbeeld: ')
    bid = next(b for b in result.ranking if b.valid and b.name in html)
    if formula in ("fictitious_discount",):
        assert fragments.euros(bid.price.comparison, "nl") in html
    elif formula == "utility_index":
        assert fixed(bid.price.comparison, "nl", 3) in html
    else:
        assert f"= {fixed(bid.price.points, 'nl', 1)} prijspunten" in html
    assert fragments.euros(bid.price.amount, "nl") in html
    assert fragments.formula_example_html(result, "en").startswith(
        '<div class="tk-example">Example: '
    )


def test_amounts_are_read_as_typed():
    assert fragments.parse_amount("€ 548.000") == 548_000
    assert fragments.parse_amount("548000") == 548_000
    assert fragments.parse_amount("548,000") == 548_000
    assert fragments.parse_amount("zeven ton") is None
    assert fragments.parse_amount(12.5) == 12.5


def test_escape_gives_plain_text_that_later_markup_does_not_escape_again():
    cell = fragments.escape("<b>Zaakwerk & Co</b>") + '<br><span class="tk-delta">+1</span>'
    assert cell == '&lt;b&gt;Zaakwerk &amp; Co&lt;/b&gt;<br><span class="tk-delta">+1</span>'
