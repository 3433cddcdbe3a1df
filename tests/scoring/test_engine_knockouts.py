"""Knockouts through `evaluate`: every reason code, every check op, and what an invalid bid gets.

Each test writes a small tender folder (conftest's `make_tender`), loads it as a user would and
evaluates it; the assertions read the Result only.
"""

from __future__ import annotations

from typing import Any

import pytest
from engine_fixtures import SCORING, TENDER

from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender


def requirement(rid: str, kind: str = "knockout", **more: Any) -> dict[str, Any]:
    data = {"id": rid, "title": rid, "text": f"Requirement {rid}.", "kind": kind}
    data.setdefault("assurance", "none")
    data.update(more)
    return data


KNOCKOUT_SET: dict[str, Any] = {
    "tenderkit": 1,
    "id": "knockouts",
    "title": "Knockouts",
    "language": "en",
    "classification": {"confidentiality": 2, "integrity": 2, "availability": 2},
    "risk_appetite": 8,
    "criteria": [{"id": "K1", "title": "Quality", "weight": 1}],
    "requirements": [
        requirement("KO-PLAIN"),
        requirement("CHK-GE", check={"fact": "availability_percent", "op": ">=", "value": 99.9}),
        requirement("CHK-LE", check={"fact": "rpo_hours", "op": "<=", "value": 4}),
        requirement("CHK-EQ", check={"fact": "support_hours", "op": "==", "value": "24x7"}),
        requirement(
            "CHK-IN", check={"fact": "transfer_mechanism", "op": "in", "value": ["adequacy", "scc"]}
        ),
        requirement(
            "CHK-SUB", check={"fact": "data_locations", "op": "subset", "value": ["NL", "DE"]}
        ),
        requirement("CHK-TRUE", check={"fact": "mfa", "op": "true"}),
        requirement("Q1", kind="scored", criterion="K1"),
    ],
}
KNOCKOUT_IDS = [r["id"] for r in KNOCKOUT_SET["requirements"] if r["kind"] == "knockout"]

GOOD_FACTS: dict[str, Any] = {
    "availability_percent": 99.9,  # exactly the bound: >= passes
    "rpo_hours": 4,  # exactly the bound: <= passes
    "support_hours": "24x7",
    "transfer_mechanism": "scc",
    "data_locations": ["NL", "DE"],  # equal to the allowed set: a subset
    "mfa": True,
}


def offer(name: str, price: float, answers=None, facts=None, **changes: Any) -> dict[str, Any]:
    """A bid that meets every requirement of KNOCKOUT_SET unless told otherwise."""
    data = {
        "tenderkit": 1,
        "bidder": name,
        "price": price,
        "answers": {rid: {"status": "meets"} for rid in [*KNOCKOUT_IDS, "Q1"]},
        "facts": dict(GOOD_FACTS),
    }
    if answers is not None:
        data["answers"] = answers
    if facts is not None:
        data["facts"] = facts
    data.update(changes)
    return data


def run(make_tender, bids: dict[str, dict], requirement_set=None, scoring=None, **kw):
    folder = make_tender(
        tender=TENDER,
        requirement_set=requirement_set or KNOCKOUT_SET,
        scoring=scoring or SCORING,
        bids=bids,
        panel={},
    )
    return evaluate(load_tender(folder), **{"sensitivity": False, **kw})


def reasons(result, bid_id: str) -> list[tuple[str, str]]:
    return [(k.requirement, k.reason) for k in result.bid(bid_id).knockouts]


def test_a_bid_meeting_every_knockout_is_valid(make_tender):
    result = run(make_tender, {"good": offer("Good Ltd", 100_000)})
    good = result.bid("good")
    assert good.valid is True
    assert good.knockouts == []
    assert good.rank == 1
    assert result.winner == "good"


def test_no_answer_status_fails_and_status_partial(make_tender):
    answers = {rid: {"status": "meets"} for rid in KNOCKOUT_IDS}
    del answers["KO-PLAIN"]
    answers["CHK-GE"] = {"status": "fails"}
    answers["CHK-LE"] = {"status": "partial"}
    result = run(make_tender, {"weak": offer("Weak Ltd", 100_000, answers=answers)})
    assert reasons(result, "weak") == [
        ("KO-PLAIN", "no_answer"),
        ("CHK-GE", "status_fails"),
        ("CHK-LE", "status_partial"),
    ]
    messages = {k.requirement: k.message for k in result.bid("weak").knockouts}
    assert "No answer to mandatory requirement KO-PLAIN" in messages["KO-PLAIN"]
    assert "does not meet mandatory requirement CHK-GE" in messages["CHK-GE"]
    assert "only partly meets mandatory requirement CHK-LE" in messages["CHK-LE"]
    assert result.bid("weak").valid is False


@pytest.mark.parametrize(
    ("requirement_id", "fact", "value", "shown"),
    [
        (
            "CHK-GE",
            "availability_percent",
            99.5,
            "availability (%) is 99.5, required is at least 99.9",
        ),
        ("CHK-LE", "rpo_hours", 24, "(RPO, hours) is 24, required is at most 4"),
        (
            "CHK-EQ",
            "support_hours",
            "business",
            "support hours is business hours, required is 24x7",
        ),
        (
            "CHK-IN",
            "transfer_mechanism",
            "none",
            "transfers outside the EEA is none, required is one of: adequacy decision, standard",
        ),
        (
            "CHK-SUB",
            "data_locations",
            ["NL", "US"],
            "the countries where data is stored include US, outside what is allowed",
        ),
        (
            "CHK-TRUE",
            "mfa",
            False,
            "multi-factor authentication is required; the bid does not offer it",
        ),
    ],
)
def test_check_failed_for_every_op(make_tender, requirement_id, fact, value, shown):
    facts = {**GOOD_FACTS, fact: value}
    result = run(make_tender, {"acme": offer("Acme", 100_000, facts=facts)})
    assert reasons(result, "acme") == [(requirement_id, "check_failed")]
    message = result.bid("acme").knockouts[0].message
    assert message.startswith(f"Requirement {requirement_id}: ")
    assert shown in message
    assert result.bid("acme").rank is None


def test_ops_compare_as_documented_at_their_bounds(make_tender):
    """>= and <= include the bound; subset accepts the whole allowed set; `in` one member."""
    facts = {**GOOD_FACTS, "data_locations": ["DE"], "transfer_mechanism": "adequacy"}
    result = run(make_tender, {"edge": offer("Edge", 100_000, facts=facts)})
    assert result.bid("edge").knockouts == []


@pytest.mark.parametrize("requirement_id", ["CHK-GE", "CHK-LE", "CHK-EQ", "CHK-IN", "CHK-SUB"])
def test_a_missing_fact_fails_and_says_so(make_tender, requirement_id):
    fact = next(
        r["check"]["fact"] for r in KNOCKOUT_SET["requirements"] if r["id"] == requirement_id
    )
    facts = {k: v for k, v in GOOD_FACTS.items() if k != fact}
    result = run(make_tender, {"quiet": offer("Quiet", 100_000, facts=facts)})
    assert reasons(result, "quiet") == [(requirement_id, "check_failed")]
    message = result.bid("quiet").knockouts[0].message
    assert "the bid does not state" in message and "counts as not met" in message


def test_a_missing_true_fact_fails_too(make_tender):
    """Silence is not compliance: no `mfa` fact at all is not `mfa: true`."""
    facts = {k: v for k, v in GOOD_FACTS.items() if k != "mfa"}
    result = run(make_tender, {"quiet": offer("Quiet", 100_000, facts=facts)})
    assert reasons(result, "quiet") == [("CHK-TRUE", "check_failed")]
    message = result.bid("quiet").knockouts[0].message
    assert "the bid does not state multi-factor authentication" in message


def test_a_declared_meets_does_not_save_a_failed_check_and_both_reasons_are_listed(make_tender):
    answers = {rid: {"status": "meets"} for rid in KNOCKOUT_IDS}
    answers["CHK-GE"] = {"status": "fails"}
    facts = {**GOOD_FACTS, "availability_percent": 99.0}
    result = run(make_tender, {"acme": offer("Acme", 100_000, answers=answers, facts=facts)})
    assert reasons(result, "acme") == [("CHK-GE", "status_fails"), ("CHK-GE", "check_failed")]


def test_check_messages_in_dutch_use_a_decimal_comma(make_tender):
    facts = {**GOOD_FACTS, "availability_percent": 99.5}
    folder = make_tender(
        tender={**TENDER, "language": "nl"},
        requirement_set=KNOCKOUT_SET,
        scoring=SCORING,
        bids={"acme": offer("Acme", 100_000, facts=facts)},
        panel={},
    )
    result = evaluate(load_tender(folder), sensitivity=False)
    message = result.bid("acme").knockouts[0].message
    assert message == "Eis CHK-GE: de beschikbaarheid (%) is 99,5, vereist is minstens 99,9."


def test_an_invalid_bid_gets_no_rank_and_never_wins(make_tender):
    """The invalid bid is the cheapest and has the best quality, yet it is not ranked."""
    bad_facts = {**GOOD_FACTS, "mfa": False}
    best_answers = {rid: {"status": "meets"} for rid in [*KNOCKOUT_IDS, "Q1"]}
    bids = {
        "cheap": offer("Cheap BV", 50_000, answers=best_answers, facts=bad_facts),
        "mid": offer("Mid BV", 90_000, answers={**best_answers, "Q1": {"status": "partial"}}),
        "dear": offer("Dear BV", 120_000, answers={**best_answers, "Q1": {"status": "fails"}}),
    }
    result = run(make_tender, bids)
    assert result.bid("cheap").valid is False
    assert result.bid("cheap").rank is None
    assert result.winner == "mid"
    assert {b.id: b.rank for b in result.bids} == {"cheap": None, "mid": 1, "dear": 2}
    # it is still scored, so a report can show what it would have scored
    assert result.bid("cheap").quality.fraction == pytest.approx(1.0)
    assert [b.id for b in result.ranking] == ["mid", "dear", "cheap"]


def test_when_every_bid_is_invalid_there_is_no_winner(make_tender):
    facts = {**GOOD_FACTS, "mfa": False}
    bids = {
        "a": offer("A", 100_000, facts=facts),
        "b": offer("B", 110_000, facts=facts),
    }
    result = run(make_tender, bids)
    assert result.winner is None
    assert all(b.rank is None for b in result.bids)
    assert "no_valid_bids" in {w.code for w in result.warnings}


def test_required_assurance_without_a_report_knocks_out(make_tender):
    """A `required` knockout needs cover by an accepted independent report; a bare claim fails."""
    rs = {
        **KNOCKOUT_SET,
        "requirements": [
            requirement("ENC-01", assurance="required", controls={"soc2": ["CC6.1"]}),
            requirement("Q1", kind="scored", criterion="K1"),
        ],
    }
    answers = {"ENC-01": {"status": "meets"}, "Q1": {"status": "meets"}}
    result = run(make_tender, {"bare": offer("Bare", 100_000, answers=answers)}, requirement_set=rs)
    assert reasons(result, "bare") == [("ENC-01", "no_assurance")]
    assert result.bid("bare").coverage["ENC-01"] in ("declared", "none")
