"""Properties of the measure arithmetic that must hold for any catalogue (hypothesis)."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.catalogues.models import Measure
from tenderkit.risk import choose_measures, residual_level
from tenderkit.risk.inherent import level

RISK = "R-TEST"
scale = st.integers(min_value=1, max_value=5)


@st.composite
def measures(draw, index: int = 0) -> Measure:
    likelihood = draw(st.integers(min_value=-2, max_value=0))
    impact = draw(st.integers(min_value=-2, max_value=0))
    if likelihood == 0 and impact == 0:
        impact = -1
    reduces = [{"risk": RISK, "likelihood": likelihood, "impact": impact}]
    if draw(st.booleans()):
        reduces.append({"risk": "R-OTHER", "likelihood": -1})
    return Measure.model_validate(
        {
            "id": f"M-T{index}-{draw(st.integers(min_value=0, max_value=999))}",
            "title": {"nl": "t", "en": "t"},
            "description": {"nl": "d", "en": "d"},
            "owner": draw(st.sampled_from(["buyer", "supplier", "contract"])),
            "reduces": reduces,
            "effort_days": draw(st.sampled_from([0, 0.5, 1, 2, 3, 5, 10])),
        }
    )


pools = st.lists(measures(), max_size=7, unique_by=lambda m: m.id)


@given(scale, scale, pools, measures(index=99))
def test_adding_a_measure_never_raises_the_residual(likelihood, impact, pool, extra):
    inherent = level(likelihood, impact)
    before = residual_level(inherent, RISK, pool)
    after = residual_level(inherent, RISK, [*pool, extra])
    assert after.score <= before.score
    assert after.likelihood <= before.likelihood and after.impact <= before.impact
    assert before.score <= inherent.score
    assert after.likelihood >= 1 and after.impact >= 1


@settings(max_examples=150)
@given(scale, scale, st.integers(min_value=1, max_value=25), pools, st.randoms())
def test_choice_is_the_cheapest_feasible_set_and_independent_of_order(
    likelihood, impact, appetite, pool, rng
):
    inherent = level(likelihood, impact)
    choice = choose_measures(RISK, inherent, appetite, pool)
    subsets = [c for n in range(len(pool) + 1) for c in combinations(pool, n)]
    feasible = [
        sum(m.effort_days for m in s)
        for s in subsets
        if residual_level(inherent, RISK, s).score <= appetite
    ]
    if inherent.score <= appetite:
        assert choice.measures == () and choice.within_appetite
    elif feasible:
        assert choice.within_appetite and not choice.escalate
        assert choice.effort_days == min(feasible)
    else:
        assert choice.escalate
        best = min(residual_level(inherent, RISK, s).score for s in subsets)
        assert choice.residual.score == best
    shuffled = list(pool)
    rng.shuffle(shuffled)
    assert choose_measures(RISK, inherent, appetite, shuffled) == choice
