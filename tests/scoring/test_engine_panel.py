"""Panel scores through `evaluate`: consensus methods, precedence, scales and disagreement.

The tender: criteria K1 (weight 60) and K2 (weight 40); scored requirements Q1 (K1, weight 1),
Q2 (K1, weight 3) and Q3 (K2); one knockout. Unless a test says otherwise the bids answer Q2
`meets` (1.0) and Q3 `partial` (0.5), so a panel score on Q1 of fraction f gives
K1 = (f * 1 + 1.0 * 3) / 4 and quality = 0.6 * K1 + 0.4 * 0.5.
"""

from __future__ import annotations

from typing import Any

import pytest
from engine_fixtures import SCORING, TENDER

from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender
from tenderkit.result import PanelLine

RWS_SCALE = {"3": 1.0, "2": 0.6, "1": 0.25, "0": 0.0, "NR": -0.5}
ZERO_TO_TEN = list(range(11))

PANEL_SET: dict[str, Any] = {
    "tenderkit": 1,
    "id": "panel",
    "title": "Panel",
    "language": "en",
    "classification": {"confidentiality": 2, "integrity": 2, "availability": 2},
    "risk_appetite": 8,
    "criteria": [
        {"id": "K1", "title": "Security", "weight": 60},
        {"id": "K2", "title": "Service", "weight": 40},
    ],
    "requirements": [
        {"id": "KO-01", "title": "KO", "text": "Must.", "kind": "knockout", "assurance": "none"},
        {"id": "Q1", "title": "Q1", "text": "Nice.", "kind": "scored", "criterion": "K1"},
        {
            "id": "Q2",
            "title": "Q2",
            "text": "Nicer.",
            "kind": "scored",
            "criterion": "K1",
            "weight": 3,
        },
        {"id": "Q3", "title": "Q3", "text": "Service.", "kind": "scored", "criterion": "K2"},
    ],
}


def offer(name: str, price: float, **answers: str) -> dict[str, Any]:
    statuses = {"KO-01": "meets", "Q1": "meets", "Q2": "meets", "Q3": "partial", **answers}
    return {
        "tenderkit": 1,
        "bidder": name,
        "price": price,
        "answers": {rid: {"status": s} for rid, s in statuses.items() if s != "none"},
    }


BIDS = {"alpha": offer("Alpha BV", 100_000), "beta": offer("Beta NV", 100_000)}


def csv(*rows: str) -> str:
    return "bidder,target,score,rationale\n" + "".join(row + "\n" for row in rows)


def consensus_csv(*rows: str) -> str:
    return "bidder,target,score,rationale,evaluators\n" + "".join(row + "\n" for row in rows)


def run(make_tender, panel: dict[str, str], bids=None, requirement_set=None, **scoring: Any):
    folder = make_tender(
        tender={**TENDER, "language": "en"},
        requirement_set=requirement_set or PANEL_SET,
        scoring={**SCORING, "scale": ZERO_TO_TEN, **scoring},
        bids=bids or BIDS,
        panel=panel,
    )
    return evaluate(load_tender(folder), sensitivity=False)


def line(result, bidder: str, target: str):
    return next(p for p in result.panel if p.bidder == bidder and p.target == target)


def codes(result) -> list[str]:
    return [w.code for w in result.warnings]


THREE_ON_Q1 = {
    "anna": csv("alpha,Q1,4,weak logging"),
    "bram": csv("alpha,Q1,6,fair"),
    "carla": csv("alpha,Q1,10,excellent"),
}


def test_median_of_individual_scores(make_tender):
    result = run(make_tender, THREE_ON_Q1)
    q1 = line(result, "alpha", "Q1")
    # median of 0.4, 0.6, 1.0 is 0.6
    assert q1.method == "median"
    assert q1.fraction == pytest.approx(0.6)
    assert q1.scores == {"anna": "4", "bram": "6", "carla": "10"}
    assert q1.rationales["anna"] == "weak logging"
    alpha = result.bid("alpha").quality
    assert alpha.requirements["Q1"].source == "panel"
    assert alpha.requirements["Q1"].fraction == pytest.approx(0.6)
    # K1 = (0.6 * 1 + 1.0 * 3) / 4 = 0.9; quality = 0.6 * 0.9 + 0.4 * 0.5 = 0.74
    assert alpha.criteria["K1"] == pytest.approx(0.9)
    assert alpha.fraction == pytest.approx(0.74)
    assert alpha.points == pytest.approx(60 * 0.74)


def test_median_of_an_even_panel_is_the_mean_of_the_middle_two(make_tender):
    panel = {"anna": csv("alpha,Q1,4,"), "bram": csv("alpha,Q1,8,")}
    assert line(run(make_tender, panel), "alpha", "Q1").fraction == pytest.approx(0.6)


def test_mean_of_individual_scores(make_tender):
    result = run(make_tender, THREE_ON_Q1, consensus="mean")
    q1 = line(result, "alpha", "Q1")
    # mean of 0.4, 0.6, 1.0 = 2.0 / 3
    assert q1.method == "mean"
    assert q1.fraction == pytest.approx(2 / 3)
    # K1 = (2/3 + 3) / 4 = 11/12; quality = 0.6 * 11/12 + 0.2 = 0.75
    assert result.bid("alpha").quality.criteria["K1"] == pytest.approx(11 / 12)
    assert result.bid("alpha").quality.fraction == pytest.approx(0.75)


def test_a_recorded_consensus_wins_over_individual_scores(make_tender):
    panel = {
        **THREE_ON_Q1,
        "consensus": consensus_csv("alpha,Q1,8,agreed after discussion,anna;bram;carla"),
    }
    for method in ("median", "mean"):
        result = run(make_tender, panel, consensus=method)
        q1 = line(result, "alpha", "Q1")
        assert q1.method == "consensus"
        assert q1.fraction == pytest.approx(0.8)
        assert q1.consensus_score == "8"
        assert q1.consensus_rationale == "agreed after discussion"
        assert q1.consensus_evaluators == ["anna", "bram", "carla"]
        # the individual scores stay on the record
        assert q1.scores == {"anna": "4", "bram": "6", "carla": "10"}
        alpha = result.bid("alpha").quality
        assert alpha.requirements["Q1"].source == "consensus"
        # K1 = (0.8 + 3) / 4 = 0.95
        assert alpha.criteria["K1"] == pytest.approx(0.95)


def test_a_consensus_alone_needs_no_individual_scores(make_tender):
    result = run(make_tender, {"consensus": consensus_csv("beta,Q3,3,thin,anna")})
    q3 = line(result, "beta", "Q3")
    assert (q3.method, q3.fraction, q3.scores, q3.spread) == ("consensus", 0.3, {}, 0.0)
    assert result.bid("beta").quality.criteria["K2"] == pytest.approx(0.3)


def test_a_criterion_level_score_stands_for_the_whole_criterion(make_tender):
    """alpha answers Q1 and Q2 `meets` (K1 would be 1.0), but the panel gave K1 a 2 (0.2)."""
    panel = {
        "anna": csv("alpha,Q1,10,", "beta,K1,4,"),
        "bram": csv("beta,K1,6,"),
        "consensus": consensus_csv("alpha,K1,2,weak plan,anna;bram"),
    }
    result = run(make_tender, panel)
    alpha, beta = result.bid("alpha").quality, result.bid("beta").quality
    assert alpha.criteria["K1"] == pytest.approx(0.2)
    assert alpha.criterion_sources == {"K1": "consensus", "K2": "requirements"}
    # quality = 0.6 * 0.2 + 0.4 * 0.5 = 0.32
    assert alpha.fraction == pytest.approx(0.32)
    # the requirements under K1 show what counted for them: the criterion's score, not anna's 10
    # on Q1 nor the bid's own `meets` on Q2; Q3 (under K2) still counts from the answer
    assert {r: (s.fraction, s.source) for r, s in alpha.requirements.items()} == {
        "Q1": (0.2, "criterion"),
        "Q2": (0.2, "criterion"),
        "Q3": (0.5, "answer"),
    }
    # individual criterion scores without a consensus: median of 0.4 and 0.6
    assert beta.criteria["K1"] == pytest.approx(0.5)
    assert beta.criterion_sources["K1"] == "median"
    assert beta.fraction == pytest.approx(0.6 * 0.5 + 0.4 * 0.5)


def test_a_scored_requirement_without_panel_score_takes_status_scores(make_tender):
    bids = {
        "alpha": offer("Alpha BV", 100_000, Q1="partial", Q2="fails", Q3="none"),
        "beta": offer("Beta NV", 100_000),
    }
    status_scores = {"meets": 0.9, "partial": 0.3, "fails": 0.1}
    result = run(make_tender, {}, bids=bids, status_scores=status_scores)
    alpha = result.bid("alpha").quality
    assert {r: (s.fraction, s.source, s.status) for r, s in alpha.requirements.items()} == {
        "Q1": (0.3, "answer", "partial"),
        "Q2": (0.1, "answer", "fails"),
        "Q3": (0.1, "answer", None),  # no answer counts as fails
    }
    # K1 = (0.3 * 1 + 0.1 * 3) / 4 = 0.15; K2 = 0.1; quality = 0.6 * 0.15 + 0.4 * 0.1 = 0.13
    assert alpha.criteria == pytest.approx({"K1": 0.15, "K2": 0.1})
    assert alpha.fraction == pytest.approx(0.13)
    assert result.bid("alpha").unanswered == ["Q3"]
    unanswered = [w for w in result.warnings if w.code == "unanswered"]
    assert [w.bidder for w in unanswered] == ["alpha"]
    assert "Q3" in unanswered[0].message


def test_a_failed_check_on_a_scored_requirement_counts_as_fails(make_tender):
    rs = {**PANEL_SET, "requirements": [dict(r) for r in PANEL_SET["requirements"]]}
    rs["requirements"][3]["check"] = {"fact": "availability_percent", "op": ">=", "value": 99.9}
    bids = {
        "alpha": {**offer("Alpha BV", 100_000, Q3="meets"), "facts": {"availability_percent": 99}},
        "beta": {**offer("Beta NV", 100_000, Q3="meets"), "facts": {"availability_percent": 100}},
    }
    result = run(make_tender, {}, bids=bids, requirement_set=rs)
    assert result.bid("alpha").quality.criteria["K2"] == 0.0
    assert result.bid("beta").quality.criteria["K2"] == 1.0
    warning = next(w for w in result.warnings if w.code == "scored_check_failed")
    assert warning.bidder == "alpha"
    assert "Q3" in warning.message and "availability (%) is 99" in warning.message


def test_a_map_scale_with_a_negative_step(make_tender):
    """Rijkswaterstaat's scale: 3 = 100%, 2 = 60%, 1 = 25%, 0 = 0%, NR = -50% (a surcharge)."""
    panel = {
        "consensus": consensus_csv(
            "alpha,K1,NR,harmful offer,anna",
            "alpha,K2,2,,anna",
            "beta,K1,nr,also harmful,anna",  # labels match regardless of case
            "beta,K2,3,,anna",
        )
    }
    result = run(make_tender, panel, scale=RWS_SCALE)
    alpha, beta = result.bid("alpha").quality, result.bid("beta").quality
    assert line(result, "alpha", "K1").fraction == -0.5
    assert line(result, "beta", "K1").consensus_score == "NR"
    # alpha: 0.6 * -0.5 + 0.4 * 0.6 = -0.06; beta: 0.6 * -0.5 + 0.4 * 1.0 = 0.1
    assert alpha.fraction == pytest.approx(-0.06)
    assert alpha.points == pytest.approx(-3.6)  # negative quality points: a surcharge
    assert beta.fraction == pytest.approx(0.1)
    assert result.winner == "beta"


def test_a_map_scale_at_requirement_level(make_tender):
    panel = {"anna": csv("alpha,Q1,1,"), "bram": csv("alpha,Q1,NR,")}
    result = run(make_tender, panel, scale=RWS_SCALE)
    # median of 0.25 and -0.5 = -0.125; K1 = (-0.125 + 3) / 4 = 0.71875
    assert line(result, "alpha", "Q1").fraction == pytest.approx(-0.125)
    assert result.bid("alpha").quality.criteria["K1"] == pytest.approx(0.71875)


def test_disagreement_is_flagged_with_bidder_target_and_scores(make_tender):
    # spread (0.8 - 0.2) / 1.0 = 0.6 of the scale, above the default 0.4
    panel = {"anna": csv("alpha,Q1,2,"), "bram": csv("alpha,Q1,8,"), "carla": csv("alpha,Q1,5,")}
    result = run(make_tender, panel)
    q1 = line(result, "alpha", "Q1")
    assert q1.disagreement is True
    assert q1.spread == pytest.approx(0.6)
    flagged = [w for w in result.warnings if w.code == "panel_disagreement"]
    assert len(flagged) == 1
    assert flagged[0].bidder == "alpha"
    message = flagged[0].message
    assert "Alpha BV" in message and "Q1" in message
    assert "anna 2, bram 8, carla 5" in message


def test_disagreement_is_flagged_even_when_a_consensus_was_recorded(make_tender):
    panel = {
        "anna": csv("beta,K2,1,"),
        "bram": csv("beta,K2,9,"),
        "consensus": consensus_csv("beta,K2,6,compromise,anna;bram"),
    }
    result = run(make_tender, panel)
    assert line(result, "beta", "K2").disagreement is True
    assert result.bid("beta").quality.criteria["K2"] == pytest.approx(0.6)
    assert codes(result).count("panel_disagreement") == 1


@pytest.mark.parametrize(
    ("scale", "low", "high", "threshold"),
    [
        (ZERO_TO_TEN, "2", "6", 0.4),  # 0.6 - 0.2 = 0.4 of the scale
        (ZERO_TO_TEN, "1", "5", 0.4),
        (ZERO_TO_TEN, "1", "4", 0.3),  # 0.4 - 0.1 is 0.30000000000000004 in floating point
        ([0, 2, 4, 6, 8, 10], "2", "6", 0.4),
        ([1, 2, 3, 4, 5], "2", "4", 0.5),  # (0.8 - 0.4) / 0.8 = 0.5: the scale spans 0.2..1.0
        (RWS_SCALE, "0", "2", 0.4),  # 0.6 / 1.5 (NR..3 spans 1.5)
    ],
)
def test_no_disagreement_at_exactly_the_threshold(make_tender, scale, low, high, threshold):
    panel = {"anna": csv(f"alpha,Q1,{low},"), "bram": csv(f"alpha,Q1,{high},")}
    result = run(make_tender, panel, scale=scale, disagreement=threshold)
    q1 = line(result, "alpha", "Q1")
    assert q1.spread == pytest.approx(threshold)
    assert q1.disagreement is False
    assert "panel_disagreement" not in codes(result)


@pytest.mark.parametrize(
    ("scale", "low", "high", "spread"),
    [
        (ZERO_TO_TEN, "2", "7", 0.5),
        ([1, 2, 3, 4, 5], "1", "3", 0.5),  # (0.6 - 0.2) / 0.8
        (RWS_SCALE, "1", "3", 0.5),  # (1.0 - 0.25) / 1.5
        (RWS_SCALE, "NR", "1", 0.5),  # (0.25 + 0.5) / 1.5
    ],
)
def test_disagreement_just_above_the_threshold(make_tender, scale, low, high, spread):
    panel = {"anna": csv(f"alpha,Q1,{low},"), "bram": csv(f"alpha,Q1,{high},")}
    result = run(make_tender, panel, scale=scale)
    q1 = line(result, "alpha", "Q1")
    assert q1.spread == pytest.approx(spread)
    assert q1.disagreement is True
    assert codes(result).count("panel_disagreement") == 1


def test_panel_lines_are_complete_valid_records(make_tender):
    """The engine builds panel lines without validation (a large panel has tens of thousands):
    each must still be exactly what validating its own data gives."""
    panel = {
        **THREE_ON_Q1,
        "anna": csv("alpha,Q1,4,weak logging", "beta,K2,3,"),
        "consensus": consensus_csv("alpha,Q1,8,agreed,anna;bram", "beta,K1,5,,anna"),
    }
    result = run(make_tender, panel)
    assert len(result.panel) == 3
    for line in result.panel:
        assert PanelLine.model_validate(line.model_dump()) == line
        assert line.model_fields_set == set(PanelLine.model_fields)
