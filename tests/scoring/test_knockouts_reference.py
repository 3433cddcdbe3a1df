"""`knockouts_of` equals the plain reference on random bids (issue 19).

`knockouts_of` goes through a table worked out once per requirement list: only the positions
that may have a reason reach `_reasons`, each distinct check is asked once per bid, the
findings of a failed check are shown once per outcome and the messages that name only the
requirement are made once per case. The reference runs every knockout requirement through
`_reasons` with every check evaluated afresh, every finding shown afresh and every knockout
made afresh. The bids are the bundled examples' with random answers (missing, `meets`,
`partial`, `fails`), facts dropped, checks replicated over other knockouts, `assurance:
required` set at random and random coverage levels: the cases the picking must not miss.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redrawn_bids import redrawn_bid

from tenderkit import checks
from tenderkit.api import load_tender
from tenderkit.assurance.results import COVERAGE_LEVELS
from tenderkit.loader import Tender
from tenderkit.scoring import knockouts as knockouts_module
from tenderkit.scoring.knockouts import knockouts_of

EXAMPLES = ("gemeente-zaaksysteem", "retail-privcomp-cloud")


@pytest.fixture(scope="module")
def examples() -> dict[str, Tender]:
    return {name: load_tender(name) for name in EXAMPLES}


def reference(bid: Any, requirement_set: Any, language: str, coverage: Any) -> list:
    """Every knockout requirement through `_reasons`, nothing remembered."""
    with ExitStack() as stack:
        for name, plain in (
            ("evaluate_check", checks._evaluate_check),
            ("_stated", knockouts_module._stated.__wrapped__),
            ("_finding", knockouts_module._plain_finding),
        ):
            stack.enter_context(mock.patch.object(knockouts_module, name, plain))
        return knockouts_module._knockouts_of(bid, requirement_set.requirements, language, coverage)


@st.composite
def cases(draw, examples_: dict[str, Tender]) -> tuple[Any, Any, str, Any]:
    tender = examples_[draw(st.sampled_from(EXAMPLES))]
    originals = list(tender.requirement_set.requirements)
    checked = [r.check for r in originals if r.check is not None]
    requirements = list(originals)
    for n in range(draw(st.integers(0, 2))):
        for r in originals:
            update: dict[str, Any] = {"id": f"{r.id}-c{n}"}
            if r.kind == "knockout" and checked and draw(st.integers(0, 2)) == 0:
                update["check"] = draw(st.sampled_from([None, *checked]))
            if r.kind == "knockout" and draw(st.integers(0, 3)) == 0:
                update["assurance"] = draw(st.sampled_from(["required", "preferred", "none"]))
            requirements.append(r.model_copy(update=update))
    requirement_set = tender.requirement_set.model_copy(update={"requirements": requirements})
    ids = [r.id for r in requirements]
    bid = tender.bids[draw(st.sampled_from(sorted(tender.bids)))]
    bid = redrawn_bid(draw, bid, ids, most=40)
    coverage = None
    if draw(st.booleans()):
        # every knockout that requires assurance a level or none, and a few others
        required = [r.id for r in requirements if r.assurance == "required"]
        chosen = required + draw(st.lists(st.sampled_from(ids), max_size=20, unique=True))
        levels = st.sampled_from([None, *COVERAGE_LEVELS])
        coverage = {rid: level for rid in chosen if (level := draw(levels)) is not None}
    return bid, requirement_set, draw(st.sampled_from(["nl", "en"])), coverage


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_knockouts_of_equals_the_plain_reference(examples, data) -> None:
    bid, requirement_set, language, coverage = data.draw(cases(examples))
    expected = reference(bid, requirement_set, language, coverage)
    assert knockouts_of(bid, requirement_set, language, coverage) == expected
    # and again, from the memos the first call filled
    assert knockouts_of(bid, requirement_set, language, coverage) == expected
