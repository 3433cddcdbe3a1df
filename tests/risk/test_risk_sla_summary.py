"""The SLA comparison per bid (tenderkit.risk.sla_summary), worked figures from DOMAIN.md."""

from __future__ import annotations

import pytest
from risk_helpers import SETS, load_set, make_bid

from tenderkit.result import SlaLine
from tenderkit.risk import sla_summary


@pytest.fixture(params=sorted(SETS))
def requirement_set(request):
    return load_set(request.param)


def _lines(bid, rs, language="en"):
    return {line["topic"]: line for line in sla_summary(bid, rs, language)}


def test_yearly_availability_figure_in_words():
    rs = load_set("gemeente")
    bid = make_bid(rs, availability_percent=99.9, availability_window="year")
    line = _lines(bid, rs)["availability"]
    # 99.9% over 365 days allows 8 h 45 min 36 s
    assert "8 h 45 min 36 s" in line["text"]
    assert "99.9% per year" in line["offered"]
    # a yearly window may hide a bad month: 8 h 45 min 36 s in 30 days is 98.78%
    assert "98.78%" in line["text"]
    # the requirement set asks for a monthly or quarterly window (SLA-02, a knockout)
    assert line["verdict"] == "short"
    assert "SLA-02" in line["required"]


def test_monthly_availability_normalised_per_year():
    rs = load_set("gemeente")
    bid = make_bid(rs, availability_percent=99.9, availability_window="month")
    line = _lines(bid, rs)["availability"]
    assert "43 min 12 s" in line["text"]  # per 30-day month
    assert "8 h 45 min 36 s" in line["text"]  # the same rate over a year
    assert line["verdict"] == "ok"
    dutch = _lines(bid, rs, "nl")["availability"]
    assert "99,9% per maand = 43 min 12 s" in dutch["text"]
    assert "8 u 45 min 36 s" in dutch["text"]


def test_availability_verdicts():
    rs = load_set("gemeente")  # knockout >= 99.5, wish >= 99.8
    verdict = lambda **facts: _lines(make_bid(rs, **facts), rs)["availability"][  # noqa: E731
        "verdict"
    ]
    assert verdict(availability_percent=99.4) == "short"
    assert verdict(availability_percent=99.6) == "tight"  # knockout met, wish not
    assert verdict(availability_percent=99.95) == "ok"
    assert verdict(availability_percent=99.95, maintenance_counts_as_downtime=False) == "tight"
    assert verdict(availability_percent=None) == "missing"
    assert verdict(availability_window=None) == "missing"


def test_breach_notification_against_requirement_and_72_hours():
    rs = load_set("gemeente")  # knockout: at most 24 h
    line = lambda hours: _lines(make_bid(rs, breach_notification_hours=hours), rs)[  # noqa: E731
        "breach_notification"
    ]
    assert line(12)["verdict"] == "ok"
    assert line(24)["verdict"] == "ok"
    assert line(36)["verdict"] == "short"
    assert line(72)["verdict"] == "short"
    assert "72 h" in line(12)["required"]
    assert "PRV-03" in line(12)["required"]
    assert line(None)["verdict"] == "missing"
    retail = load_set("retail")  # knockout: at most 36 h
    assert (
        _lines(make_bid(retail, breach_notification_hours=36), retail)["breach_notification"][
            "verdict"
        ]
        == "ok"
    )


def test_recovery_and_support_terms():
    rs = load_set("gemeente")  # RPO <= 24 (knockout), RTO <= 8 (wish), 24x7 (wish)
    lines = _lines(make_bid(rs, rpo_hours=24, rto_hours=12, support_hours="business"), rs)
    assert lines["rpo"]["verdict"] == "tight"  # the whole maximum used
    assert lines["rto"]["verdict"] == "short"  # only a wish exists, and it is not met
    assert lines["support_hours"]["verdict"] == "short"
    lines = _lines(make_bid(rs), rs)
    assert lines["rpo"]["verdict"] == lines["rto"]["verdict"] == "ok"


def test_incident_times_listed_where_stated():
    rs = load_set("gemeente")
    bid = make_bid(
        rs,
        incident_response_hours={"P1": 0.5, "P2": 2},
        incident_resolution_hours={"P1": 4},
    )
    lines = sla_summary(bid, rs, "en")
    topics = [line["topic"] for line in lines]
    assert topics[-3:] == ["incident_response_P1", "incident_response_P2", "incident_resolution_P1"]
    assert lines[-3]["offered"] == "0.5 h" and lines[-3]["required"] is None
    assert not any(t.startswith("incident") for t in _lines(make_bid(rs), rs))


def test_lines_are_valid_sla_lines(requirement_set):
    for line in sla_summary(make_bid(requirement_set), requirement_set, "nl"):
        assert SlaLine.model_validate(line).text
