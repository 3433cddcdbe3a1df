"""Properties of `evaluate` that must hold for any bids, checked with hypothesis.

The mini tender (conftest's `mini_tender`) is loaded once per test; each example then builds its
own bids and panel scores in memory with `Tender.replace` and pydantic's `model_copy`, so no
example touches the disk. Every bid is a copy of the mini tender's alpha with another price and
its own consensus scores on the award criteria K1 and K2; some bids are knocked out.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from tenderkit.evaluation import evaluate
from tenderkit.formats.bid import Answer
from tenderkit.formats.panel import ConsensusScore, PanelScore
from tenderkit.formats.scoring_model import PriceSpec
from tenderkit.loader import Tender, load_tender

SCALE = ["0", "2", "4", "6", "8", "10"]
SPECS = [
    {"formula": "lowest_relative"},
    {"formula": "linear_fixed", "max_price": 600_000, "min_price": 100_000},
    {"formula": "log", "a": 2},
    {"formula": "fictitious_discount", "quality_value": 150_000},
    {"formula": "utility_index"},
]
PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# one bid: (price, K1 score, K2 score, valid)
bid_specs = st.tuples(
    st.integers(min_value=10, max_value=60).map(lambda k: k * 10_000),
    st.sampled_from(SCALE),
    st.sampled_from(SCALE),
    st.booleans().map(lambda knocked_out: not knocked_out) | st.just(True),
)
tenders = st.fixed_dictionaries(
    {
        "bids": st.lists(bid_specs, min_size=2, max_size=6),
        "spec": st.sampled_from(SPECS),
        "rule": st.sampled_from(["recalculate", "keep_original"]),
        "individual": st.booleans(),  # scores by two evaluators instead of a consensus
    }
)


@pytest.fixture
def mini(mini_tender) -> Tender:
    return load_tender(mini_tender)


def build(base: Tender, case: dict[str, Any]) -> Tender:
    """The mini tender with the bids, panel scores and price formula of one example."""
    template = base.bids["alpha"]
    bids, panel, consensus = {}, [], []
    for i, (price, k1, k2, valid) in enumerate(case["bids"]):
        bid_id = f"b{i}"
        answers = dict(template.answers)
        if not valid:
            answers["LOC-01"] = Answer(status="fails")
        bids[bid_id] = template.model_copy(
            update={"bidder": f"Bidder {i}", "price": float(price), "answers": answers}
        )
        for target, score in (("K1", k1), ("K2", k2)):
            if case["individual"]:
                # anna gives the score, bram one step lower (or the same at the bottom)
                lower = SCALE[max(SCALE.index(score) - 1, 0)]
                for evaluator, value in (("anna", score), ("bram", lower)):
                    panel.append(
                        PanelScore(
                            evaluator=evaluator, bidder=bid_id, target=target, score=value, row=2
                        )
                    )
            else:
                consensus.append(ConsensusScore(bidder=bid_id, target=target, score=score))
    scoring = base.scoring.model_copy(
        update={
            "price": TypeAdapter(PriceSpec).validate_python(case["spec"]),
            "invalidated_bid_rule": case["rule"],
        }
    )
    return base.replace(bids=bids, panel=tuple(panel), consensus=tuple(consensus), scoring=scoring)


def ranks(result) -> dict[str, int | None]:
    return {b.id: b.rank for b in result.bids}


@PROPERTY
@given(case=tenders, data=st.data())
def test_raising_a_panel_score_never_lowers_the_rank(mini, case, data):
    valid = [i for i, spec in enumerate(case["bids"]) if spec[3]]
    if not valid:
        return
    i = data.draw(st.sampled_from(valid), label="bid")
    criterion = data.draw(st.sampled_from([1, 2]), label="criterion (1 = K1, 2 = K2)")
    current = case["bids"][i][criterion]
    if current == SCALE[-1]:
        return
    higher = data.draw(st.sampled_from(SCALE[SCALE.index(current) + 1 :]), label="raised to")
    raised = [list(spec) for spec in case["bids"]]
    raised[i][criterion] = higher
    before = evaluate(build(mini, case), sensitivity=False)
    after = evaluate(build(mini, {**case, "bids": [tuple(s) for s in raised]}), sensitivity=False)
    bid_id = f"b{i}"
    assert after.bid(bid_id).quality.fraction > before.bid(bid_id).quality.fraction
    # its ranking value cannot fall (under the utility index the best quality always scores a
    # numerator of 1, so raising it further changes nothing for that bid itself)
    assert after.bid(bid_id).score >= before.bid(bid_id).score - 1e-12
    assert after.bid(bid_id).rank <= before.bid(bid_id).rank
    # and nobody who was behind it gets ahead of it
    behind = {b for b, r in ranks(before).items() if r is not None and r > before.bid(bid_id).rank}
    for other in behind:
        assert after.bid(other).rank >= after.bid(bid_id).rank


@PROPERTY
@given(case=tenders, order=st.randoms(use_true_random=False))
def test_the_order_of_the_bids_does_not_matter(mini, case, order):
    tender = build(mini, case)
    ids = list(tender.bids)
    order.shuffle(ids)
    shuffled = tender.replace(bids={b: tender.bids[b] for b in ids})
    assert shuffled == tender  # the same tender: dict equality ignores order
    one = evaluate(tender, samples=200)
    two = evaluate(shuffled, samples=200)
    assert ranks(one) == ranks(two)
    assert one.winner == two.winner
    for bid in one.bids:
        assert two.bid(bid.id).score == pytest.approx(bid.score, rel=1e-12, abs=1e-12)
        assert two.bid(bid.id).quality == bid.quality
    # same tender in, same Result out, byte for byte: sensitivity and warnings included
    assert one.to_json() == two.to_json()


@PROPERTY
@given(case=tenders)
def test_results_are_identical_across_runs(mini, case):
    tender = build(mini, case)
    first = evaluate(tender, samples=300)
    assert evaluate(tender, samples=300).to_json() == first.to_json()
    assert evaluate(build(mini, case), samples=300).to_json() == first.to_json()


@PROPERTY
@given(case=tenders)
def test_ranks_are_a_competition_ranking_of_the_valid_bids(mini, case):
    result = evaluate(build(mini, case), samples=200)
    valid = [b for b in result.bids if b.valid]
    assert all(b.rank is None for b in result.bids if not b.valid)
    if not valid:
        assert result.winner is None
        return
    # 1, 2, 2, 4: each rank is one more than the number of bids with a better score
    for bid in valid:
        better = sum(1 for other in valid if other.rank < bid.rank)
        assert bid.rank == better + 1
        assert all(other.score >= bid.score - 1e-9 for other in valid if other.rank < bid.rank)
    firsts = [b.id for b in valid if b.rank == 1]
    assert result.winner == (firsts[0] if len(firsts) == 1 else None)
    if len(valid) >= 2:
        shares = result.sensitivity["monte_carlo"]["win_share"]
        assert set(shares) == {b.id for b in valid}
        assert sum(shares.values()) == pytest.approx(1.0)
