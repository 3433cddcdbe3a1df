"""The residual-risk register: inherent risk, measures, escalation, actions (tenderkit.risk)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from risk_helpers import GOOD_FACTS, SETS, coverage, load_set, make_bid

from tenderkit import catalogues
from tenderkit.assurance import COVERAGE_LEVELS, Coverage
from tenderkit.bundled import example
from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender
from tenderkit.risk import (
    assess_bid,
    assess_risks,
    available_measures,
    candidate_measures,
    choose_measures,
    grade_requirement,
    impact_of,
    is_unnecessary,
    likelihood_of,
)
from tenderkit.risk import register as register_module
from tenderkit.risk.inherent import RequirementEvidence, level
from tenderkit.risk.model import load_risk_model, risk_model


@pytest.fixture(params=sorted(SETS))
def requirement_set(request):
    return load_set(request.param)


def _by_id(register):
    return {r.id: r for r in register}


# --- evidence ----------------------------------------------------------------------------------


def test_assured_bid_has_lower_residual_scores_than_a_declaring_one(requirement_set):
    bid = make_bid(requirement_set)
    assured = _by_id(assess_risks(bid, requirement_set, coverage(requirement_set, "assured")))
    declared = _by_id(assess_risks(bid, requirement_set, coverage(requirement_set, "declared")))
    assert assured.keys() == declared.keys()
    for rid in assured:
        assert assured[rid].inherent.score <= declared[rid].inherent.score, rid
        assert assured[rid].residual.score <= declared[rid].residual.score, rid
    assert sum(r.residual.score for r in assured.values()) < sum(
        r.residual.score for r in declared.values()
    )
    assert sum(r.inherent.score for r in assured.values()) < sum(
        r.inherent.score for r in declared.values()
    )
    # and the declaring bid needs more compensating work
    effort = {
        name: assess_bid(bid, requirement_set, coverage(requirement_set, name))
        for name in ("assured", "declared")
    }
    assert effort["assured"].effort_days_total < effort["declared"].effort_days_total


def test_data_outside_the_eea_without_transfer_mechanism_is_above_appetite(
    requirement_set,
):
    bid = make_bid(requirement_set, data_locations=["NL", "US"], transfer_mechanism="none")
    register = _by_id(assess_risks(bid, requirement_set, coverage(requirement_set, "assured")))
    location = register["R-LOCATION"]
    assert location.inherent.score > requirement_set.risk_appetite
    assert "check_failed" in location.evidence.values()
    # the same bid inside the EEA stays within appetite without any measure
    inside = make_bid(requirement_set)
    register = _by_id(assess_risks(inside, requirement_set, coverage(requirement_set, "assured")))
    assert register["R-LOCATION"].inherent.score <= requirement_set.risk_appetite
    assert register["R-LOCATION"].measures == []


def test_grades_follow_the_documented_precedence():
    rs = load_set("gemeente")
    breach = rs.requirement("PRV-03")  # knockout, check breach_notification_hours <= 24
    grade = lambda bid, cov=None: grade_requirement(breach, bid, cov).grade  # noqa: E731
    assert grade(make_bid(rs, breach_notification_hours=72)) == "check_failed"
    assert grade(make_bid(rs, answers={"PRV-03": "none"})) == "no_answer"
    assert grade(make_bid(rs, answers={"PRV-03": "fails"})) == "fails"
    assert grade(make_bid(rs, breach_notification_hours=None)) == "check_missing"
    assert grade(make_bid(rs, answers={"PRV-03": "partial"})) == "partial"
    assert grade(make_bid(rs), "assured") == "assured"
    assert grade(make_bid(rs), "assured_with_exceptions") == "assured_with_exceptions"
    assert grade(make_bid(rs), "declared") == "declared"
    assert grade(make_bid(rs), None) == "declared"
    # a contract term (assurance: none) answered `meets` is committed, whatever the coverage
    assert grade_requirement(rs.requirement("LEG-01"), make_bid(rs)).grade == "committed"
    # coverage objects of the assurance review work as well as level strings
    assert grade(make_bid(rs), SimpleNamespace(level="assured")) == "assured"


LOADED_SETS = {name: load_set(name) for name in sorted(SETS)}

# facts that fail or leave out some checks of the bundled sets, beside GOOD_FACTS
OTHER_FACTS = {
    "availability_percent": [99.0, None],
    "breach_notification_hours": [72, None],
    "rpo_hours": [48, None],
    "data_locations": [["US"], None],
    "transfer_mechanism": ["none", None],
    "mfa": [False, None],
}


@st.composite
def graded_cases(draw):
    """A bundled set (each requirement's `assurance` redrawn, a copy of some under new ids),
    a bid answering at random with facts that pass, fail or leave out checks, and coverage as
    level strings, objects with `.level`, None, or missing entries."""
    rs = LOADED_SETS[draw(st.sampled_from(sorted(LOADED_SETS)))]
    requirements = [
        r.model_copy(update={"assurance": draw(st.sampled_from(["required", "preferred", "none"]))})
        for r in rs.requirements
    ]
    requirements += [
        r.model_copy(update={"id": f"{r.id}-copy"}) for r in requirements if draw(st.booleans())
    ]
    rs = rs.model_copy(update={"requirements": requirements})
    statuses = st.sampled_from(["meets", "partial", "fails", "none"])
    answers = {r.id: draw(statuses) for r in requirements}
    facts = {
        name: draw(st.sampled_from([GOOD_FACTS.get(name), *values]))
        for name, values in OTHER_FACTS.items()
    }
    bid = make_bid(rs, answers=answers, **facts)
    levels = st.sampled_from(COVERAGE_LEVELS)
    cells = st.one_of(
        levels,
        levels.map(lambda lv: Coverage("X", lv)),
        levels.map(lambda lv: SimpleNamespace(level=lv)),
        st.none(),
        st.just("missing"),
    )
    drawn = {r.id: draw(cells) for r in requirements}
    return rs, bid, {rid: cell for rid, cell in drawn.items() if cell != "missing"}


@settings(max_examples=60, deadline=None)
@given(graded_cases())
def test_the_register_grades_by_columns_as_grade_requirement_does(case):
    """`_graded` (columns, a table of grades, outcomes once per distinct check) equals
    `grade_requirement` requirement by requirement, for every requirement a risk links to."""
    rs, bid, cells = case
    catalogue = register_module._risk_catalogue(rs)
    plain = {
        r.id: grade_requirement(r, bid, cells.get(r.id)).grade
        for _, requirements in catalogue
        for r in requirements
    }
    assert register_module._graded(bid, rs, catalogue, cells) == plain


def test_likelihood_weighted_mean_rounded_half_up():
    risk = catalogues.risks()["R-BREACH-LATE"]  # base 3
    ev = lambda grade, kind: RequirementEvidence("X", kind, grade, "meets", "none", None)  # noqa: E731
    # (2 x 2 + 1 x -2) / 3 = 2/3 -> 3.67 -> 4 (the worked example of docs/risk.md)
    assert likelihood_of(risk, [ev("check_failed", "knockout"), ev("assured", "scored")]) == 4
    # exactly half a step: 3 + (0.5 + 0.5) / 2 = 3.5 -> 4, not 4 by banker's rounding luck
    assert likelihood_of(risk, [ev("partial", "scored")]) == 4  # 3.5 -> 4
    assert likelihood_of(risk, [ev("declared", "scored"), ev("partial", "scored")]) == 3  # 2.75
    assert likelihood_of(risk, [ev("assured", "knockout")]) == 1
    assert likelihood_of(risk, [ev("check_failed", "knockout")]) == 5
    assert likelihood_of(risk, []) == 3  # nothing offered: the base likelihood


def test_impact_from_classification():
    cls = load_set("gemeente").classification  # C3 I3 A2
    risks = catalogues.risks()
    assert impact_of(risks["R-AVAIL"], cls) == 3  # availability 2
    assert impact_of(risks["R-LOCATION"], cls) == 4  # confidentiality 3
    assert impact_of(risks["R-BREACH-LATE"], cls) == 5  # C3 and I3: breadth bonus
    assert impact_of(risks["R-HACK"], cls) == 5


# --- measures ----------------------------------------------------------------------------------


def test_worked_example_of_the_docs():
    result = evaluate(load_tender(example()), sensitivity=False)
    risk = _by_id(result.bid("dossierlijn").risks)["R-BREACH-LATE"]
    assert risk.evidence == {"PRV-03": "check_failed", "PRV-09": "assured"}
    assert (risk.inherent.likelihood, risk.inherent.impact, risk.inherent.score) == (4, 5, 20)
    assert risk.measures == ["M-BREACH-TERMS", "M-SERVICE-CREDITS"]
    assert (risk.residual.likelihood, risk.residual.impact, risk.residual.score) == (1, 5, 5)
    assert risk.within_appetite and not risk.escalate


def test_cheapest_set_wins_and_ties_break_by_id():
    measures = catalogues.measures()
    inherent = level(4, 5)
    pool = [measures["M-BREACH-TERMS"], measures["M-SERVICE-CREDITS"]]
    choice = choose_measures("R-BREACH-LATE", inherent, 8, pool)
    assert [m.id for m in choice.measures] == ["M-BREACH-TERMS", "M-SERVICE-CREDITS"]
    assert choice.residual.score == 5 and choice.within_appetite
    assert choice.effort_days == 3
    # within appetite from the start: nothing proposed
    assert choose_measures("R-BREACH-LATE", level(1, 5), 8, pool).measures == ()


def test_a_risk_no_measure_can_fix_is_escalated():
    rs = load_set("gemeente")
    # data in the US; customer-managed keys make the only foreign-law measure superfluous
    bid = make_bid(rs, data_locations=["NL", "US"], transfer_mechanism="none")
    register = _by_id(assess_risks(bid, rs, coverage(rs, "assured")))
    foreign = register["R-FOREIGN-LAW"]
    assert foreign.inherent.score > rs.risk_appetite
    assert foreign.escalate is True
    assert foreign.within_appetite is False
    assert foreign.measures == []
    assert foreign.residual == foreign.inherent
    # without such keys the measure is proposed, but it is not enough: still escalated
    bid = make_bid(
        rs, data_locations=["NL", "US"], transfer_mechanism="none", customer_managed_keys=False
    )
    foreign = _by_id(assess_risks(bid, rs, coverage(rs, "assured")))["R-FOREIGN-LAW"]
    assert foreign.measures == ["M-OWN-ENCRYPT"]
    assert foreign.residual.score < foreign.inherent.score
    assert foreign.escalate is True


def test_no_candidates_at_all_escalates():
    choice = choose_measures("R-FOREIGN-LAW", level(4, 4), 8, [])
    assert choice.escalate and choice.measures == () and choice.residual.score == 16


def test_unnecessary_when_suppresses_a_measure():
    rs = load_set("gemeente")
    terms = catalogues.measures()["M-BREACH-TERMS"]  # unnecessary when notification <= 24 h
    quick = make_bid(rs, breach_notification_hours=24)
    slow = make_bid(rs, breach_notification_hours=30)
    assert is_unnecessary(terms, quick.facts)
    assert not is_unnecessary(terms, slow.facts)
    pool = catalogues.measures().values()
    assert terms not in candidate_measures("R-BREACH-LATE", quick.facts, pool)
    assert terms in candidate_measures("R-BREACH-LATE", slow.facts, pool)
    # in the register: both bids answer the breach requirements only partly, so the risk is
    # above appetite for both; only the slow one gets the measure
    partly = {"PRV-03": "partial", "PRV-09": "partial"}
    cov = coverage(rs, "declared")
    slow = make_bid(rs, answers=partly, breach_notification_hours=24.5)
    quick = make_bid(rs, answers=partly, breach_notification_hours=24)
    slow_risk = _by_id(assess_risks(slow, rs, cov))["R-BREACH-LATE"]
    quick_risk = _by_id(assess_risks(quick, rs, cov))["R-BREACH-LATE"]
    assert slow_risk.inherent.score > rs.risk_appetite
    assert quick_risk.inherent.score > rs.risk_appetite
    assert "M-BREACH-TERMS" in slow_risk.measures
    assert "M-BREACH-TERMS" not in quick_risk.measures
    for risk in assess_risks(quick, rs, cov):
        assert "M-BREACH-TERMS" not in risk.measures
    # a fact the bid does not state never makes a measure unnecessary
    silent = make_bid(rs, breach_notification_hours=None)
    assert not is_unnecessary(terms, silent.facts)


def test_greedy_fallback_reaches_appetite_when_exhaustive_does():
    data = risk_model().model_dump()
    data["search"]["exhaustive_max"] = 0
    greedy_model = load_risk_model(__import__("json").dumps(data))
    pool = candidate_measures("R-NO-PROOF", _facts(), catalogues.measures().values())
    for inherent in (level(5, 5), level(4, 5), level(3, 4)):
        for appetite in (4, 5, 8, 10):
            exact = choose_measures("R-NO-PROOF", inherent, appetite, pool)
            greedy = choose_measures("R-NO-PROOF", inherent, appetite, pool, greedy_model)
            assert exact.within_appetite == greedy.within_appetite
            assert greedy.effort_days >= exact.effort_days
            if not exact.within_appetite:
                assert greedy.residual.score == exact.residual.score


def _facts():
    from tenderkit.formats.bid import Facts

    return Facts()


# --- actions -----------------------------------------------------------------------------------


def test_action_list_counts_each_measure_once_and_keeps_report_duties():
    rs = load_set("gemeente")
    bid = make_bid(rs, status="partial")
    duties = [
        SimpleNamespace(kind="cuec", text="De gemeente beheert haar eigen accounts.", report="r1"),
        SimpleNamespace(kind="carve_out", text="Vraag het rapport van Host BV op.", report="r1"),
        SimpleNamespace(kind="cuec", text="De gemeente beheert haar eigen accounts.", report="r2"),
    ]
    result = assess_bid(bid, rs, coverage(rs, "declared"), duties, language="nl")
    proposed = {m for r in result.risks for m in r.measures}
    measures = [a for a in result.actions if a.kind == "measure"]
    assert sorted(a.id for a in measures) == sorted(proposed)
    catalogue = catalogues.measures()
    assert result.effort_days_total == sum(catalogue[m].effort_days for m in proposed)
    for action in measures:
        assert action.owner == catalogue[action.id].owner
        assert action.risks == [r.id for r in result.risks if action.id in r.measures]
        assert action.text.startswith(catalogue[action.id].title.nl)
    kinds = [a.kind for a in result.actions if a.kind != "measure"]
    assert kinds == ["cuec", "carve_out", "cuec"]
    cuec = next(a for a in result.actions if a.kind == "cuec")
    assert cuec.owner == "buyer" and cuec.effort_days is None and cuec.risks == ["R-ROLES"]
    # buyer_obligations: the actions' texts, each once
    assert len(result.buyer_obligations) == len(set(result.buyer_obligations))
    assert result.buyer_obligations.count("De gemeente beheert haar eigen accounts.") == 1
    assert len(result.buyer_obligations) == len(result.actions) - 1


def test_a_tenders_own_measure_is_used():
    from tenderkit.catalogues.models import Measure

    rs = load_set("gemeente")
    own = Measure.model_validate(
        {
            "id": "M-LOCAL-KEYS",
            "title": {"nl": "Sleutels in eigen HSM", "en": "Keys in our own HSM"},
            "description": {"nl": "Eigen HSM.", "en": "Own HSM."},
            "owner": "buyer",
            "reduces": [{"risk": "R-FOREIGN-LAW", "likelihood": -2, "impact": -1}],
            "effort_days": 0.5,
        }
    )
    assert "M-LOCAL-KEYS" in available_measures([own])
    bid = make_bid(rs, data_locations=["NL", "US"])
    result = assess_bid(bid, rs, coverage(rs, "assured"), extra_measures=[own])
    foreign = _by_id(result.risks)["R-FOREIGN-LAW"]
    assert foreign.measures == ["M-LOCAL-KEYS"]
    assert not foreign.escalate


def test_english_titles_and_texts():
    rs = load_set("retail")
    bid = make_bid(rs, status="partial")
    result = assess_bid(bid, rs, coverage(rs, "declared"), language="en")
    titles = catalogues.risks()
    for risk in result.risks:
        assert risk.title == titles[risk.id].title.en
    for action in result.actions:
        measure = catalogues.measures()[action.id]
        assert action.text.startswith(measure.title.en)


@pytest.mark.parametrize("name", ["gemeente-zaaksysteem", "retail-privcomp-cloud"])
def test_evaluate_fills_the_register_for_every_bid(name):
    tender = load_tender(example(name))
    result = evaluate(tender, sensitivity=False)
    linked = {rid for r in tender.requirement_set.requirements for rid in r.risks}
    for bid in result.bids:
        assert {r.id for r in bid.risks} == linked
        for risk in bid.risks:
            assert risk.within_appetite == (
                risk.residual.score <= tender.requirement_set.risk_appetite
            )
            assert risk.escalate == (not risk.within_appetite)
            assert risk.residual.score <= risk.inherent.score
        assert bid.buyer_obligations == list(dict.fromkeys(a.text for a in bid.actions))
        assert bid.effort_days_total == sum(a.effort_days or 0 for a in bid.actions)
        assert bid.sla
    again = evaluate(tender, sensitivity=False)
    assert again.to_json() == result.to_json()
