"""A bundled example's bid with some answers redrawn and some facts dropped, for the hypothesis
tests that hold a fast scoring path to its plain reference (knockouts, quality rows)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

STATUSES = ("meets", "partial", "fails")


def redrawn_bid(draw: Callable[[Any], Any], bid: Any, ids: Sequence[str], most: int) -> Any:
    """`bid` with up to `most` of the requirements `ids` unanswered (one in four) or answered with
    a random status, and up to four of its stated facts dropped (so machine checks fail or
    miss their fact)."""
    answers = dict(bid.answers)
    template = next(iter(bid.answers.values()))
    for rid in draw(st.lists(st.sampled_from(list(ids)), max_size=most, unique=True)):
        if draw(st.integers(0, 3)) == 0:
            answers.pop(rid, None)
        else:
            status = draw(st.sampled_from(STATUSES))
            answers[rid] = (answers.get(rid) or template).model_copy(update={"status": status})
    stated = [name for name in type(bid.facts).model_fields if bid.facts.get(name) is not None]
    dropped = draw(st.lists(st.sampled_from(stated), max_size=4, unique=True)) if stated else []
    facts = bid.facts.model_copy(update=dict.fromkeys(dropped))
    return bid.model_copy(update={"answers": answers, "facts": facts})
