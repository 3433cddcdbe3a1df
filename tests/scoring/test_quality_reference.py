"""`quality._bid_row` (by columns) equals `_plain_bid_row` (requirement by requirement) (issue 19).

The cases are the bundled examples' bids with random answers (missing, `meets`, `partial`,
`fails`), facts dropped (so machine checks fail), checks moved to other scored requirements,
the examples' panel lines on whole criteria dropped or made consensus, panel lines added on
requirements (consensus, median or mean), random status scores, with or without an assurance
weighting over random coverage levels: every way a cell can get its value, source, status and
weight factor, and every warning on the way.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redrawn_bids import STATUSES, redrawn_bid

from tenderkit.api import load_tender
from tenderkit.assurance.results import COVERAGE_LEVELS
from tenderkit.loader import Tender
from tenderkit.scoring import quality
from tenderkit.scoring.panel import PanelOutcome, combine_panel

EXAMPLES = ("gemeente-zaaksysteem", "retail-privcomp-cloud")
FRACTIONS = st.sampled_from([0.0, 0.25, 0.5, 0.6, 1.0])


class _Examples(dict[str, tuple[Tender, PanelOutcome]]):
    """The loaded examples with their panel outcomes, shown by name only in hypothesis's
    reports (their full repr is megabytes)."""

    def __repr__(self) -> str:
        return f"examples({', '.join(self)})"


@pytest.fixture(scope="module")
def examples() -> _Examples:
    loaded = {name: load_tender(name) for name in EXAMPLES}
    return _Examples({name: (tender, combine_panel(tender)) for name, tender in loaded.items()})


@st.composite
def rows(draw, examples_: dict[str, tuple[Tender, PanelOutcome]]) -> dict[str, Any]:
    tender, panel = examples_[draw(st.sampled_from(EXAMPLES))]
    rs = tender.requirement_set
    checks = [r.check for r in rs.requirements if r.check is not None]
    scored = []
    for n in range(draw(st.integers(1, 3))):
        for r in rs.requirements:
            if r.kind != "scored":
                continue
            update: dict[str, Any] = {"id": r.id if n == 0 else f"{r.id}-c{n}"}
            if checks and draw(st.integers(0, 2)) == 0:
                update["check"] = draw(st.sampled_from([None, *checks]))
            scored.append(r.model_copy(update=update))
    ids = [r.id for r in scored]
    bid_id = draw(st.sampled_from(sorted(tender.bids)))
    bid = tender.bids[bid_id]
    bid = redrawn_bid(draw, bid, ids, most=30)
    lines = dict(panel.lines)
    mine = [key for key in lines if key[0] == bid_id]
    for key in draw(st.lists(st.sampled_from(mine), max_size=20, unique=True)) if mine else []:
        if draw(st.booleans()):
            del lines[key]
        else:
            lines[key] = lines[key].model_copy(
                update={"method": "consensus", "fraction": draw(FRACTIONS)}
            )
    if mine:  # the examples' panels score whole criteria; lines on requirements too
        for rid in draw(st.lists(st.sampled_from(ids), max_size=60, unique=True)):
            lines[(bid_id, rid)] = panel.lines[mine[0]].model_copy(
                update={
                    "target": rid,
                    "fraction": draw(FRACTIONS),
                    "method": draw(st.sampled_from(["consensus", "median", "mean"])),
                }
            )
    weighting = None
    if draw(st.booleans()):
        weighting = {
            level: draw(FRACTIONS)
            for level in ("assured", "assured_with_exceptions", "declared", "none")
        }
    chosen = draw(st.lists(st.sampled_from(ids), max_size=40, unique=True))
    return dict(
        bid_id=bid_id,
        bid=bid,
        scored=scored,
        criteria=rs.criteria,
        panel=PanelOutcome(lines),
        levels={rid: draw(st.sampled_from(COVERAGE_LEVELS)) for rid in chosen},
        status_value={status: draw(FRACTIONS) for status in STATUSES},
        weighting=weighting,
        language=draw(st.sampled_from(["nl", "en"])),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_bid_row_equals_the_plain_reference(examples, data) -> None:
    case = data.draw(rows(examples))
    expected = quality._plain_bid_row(**case, distinct={})
    assert quality._bid_row(**case, distinct=quality._Scores()) == expected
    # and again, with the list's table and the distinct scores of the first call
    distinct = quality._Scores()
    quality._bid_row(**case, distinct=distinct)
    assert quality._bid_row(**case, distinct=distinct) == expected
