"""Leave-one-out's swapped pairs: the numpy way equals the plain double loop, pair for pair and
in the same order, for any two orders of the same bids."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tenderkit.scoring.sensitivity import _plain_swapped_pairs, _swapped_pairs


@st.composite
def two_orders(draw) -> tuple[list[str], list[str]]:
    """Two orders of the same distinct bid ids: often equal, often a few swaps apart, or any."""
    old = draw(st.lists(st.text("ab0-", min_size=1, max_size=4), unique=True, max_size=25))
    how = draw(st.sampled_from(("same", "swaps", "any")))
    if how == "same":
        return old, list(old)
    if how == "any":
        return old, draw(st.permutations(old))
    new = list(old)
    for _ in range(draw(st.integers(1, 4)) if len(new) > 1 else 0):
        i = draw(st.integers(0, len(new) - 1))
        j = draw(st.integers(0, len(new) - 1))
        new[i], new[j] = new[j], new[i]
    return old, new


@given(two_orders())
def test_swapped_pairs_equal_the_plain_loop(orders: tuple[list[str], list[str]]) -> None:
    old, new = orders
    assert _swapped_pairs(old, new) == _plain_swapped_pairs(old, new)


def test_swapped_pairs_in_the_plain_order() -> None:
    assert _swapped_pairs(["a", "b", "c"], ["c", "b", "a"]) == [
        ["a", "b"],
        ["a", "c"],
        ["b", "c"],
    ]
