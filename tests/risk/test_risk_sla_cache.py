"""The SLA lines' remembered wording (sla_lines._line, _availability_offer, _breach_offer) gives
exactly the lines of the plain functions it remembers, whatever order bids come in."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from risk_helpers import load_set, make_bid

from tenderkit import service_terms
from tenderkit.risk import sla_lines, sla_summary

percents = st.one_of(
    st.integers(min_value=90, max_value=100),
    st.floats(min_value=90, max_value=100, allow_nan=False).map(lambda p: round(p, 3)),
    st.sampled_from([99, 99.0, 100, 100.0, 99.5, 99.95]),
)
facts = st.fixed_dictionaries(
    {
        "availability_percent": st.one_of(st.none(), percents),
        "availability_window": st.sampled_from([None, "month", "quarter", "year"]),
        "maintenance_counts_as_downtime": st.sampled_from([None, True, False]),
        "breach_notification_hours": st.one_of(
            st.none(), st.integers(0, 100), st.sampled_from([24, 24.0, 36.5, 72, 72.0])
        ),
        "rpo_hours": st.one_of(st.none(), st.sampled_from([1, 1.0, 4, 12.5, 48])),
        "rto_hours": st.one_of(st.none(), st.sampled_from([4, 4.0, 8, 24, 36.25])),
    }
)


def _plain_summary(monkeypatch, bid, rs, language):
    """`sla_summary` with every remembered wording replaced by the plain function."""
    with monkeypatch.context() as patched:
        patched.setattr(sla_lines, "_availability_offer", sla_lines._plain_availability_offer)
        patched.setattr(sla_lines, "_breach_offer", service_terms.describe_breach_notification)
        patched.setattr(sla_lines, "_remembered_line", sla_lines._plain_line)
        return sla_summary(bid, rs, language)


@pytest.fixture(scope="module")
def requirement_sets():
    return {name: load_set(name) for name in ("gemeente", "retail")}


@settings(max_examples=60, deadline=None)
@given(st.lists(facts, min_size=1, max_size=4), st.sampled_from(["nl", "en"]), st.booleans())
def test_remembered_lines_equal_the_plain_ones(requirement_sets, bids, language, retail):
    rs = requirement_sets["retail" if retail else "gemeente"]
    monkeypatch = pytest.MonkeyPatch()
    for values in bids:
        bid = make_bid(rs, **values)
        assert sla_summary(bid, rs, language) == _plain_summary(monkeypatch, bid, rs, language)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(percents, min_size=2, max_size=6),
    st.sampled_from(["month", "quarter", "year"]),
    st.sampled_from([None, True, False]),
    st.sampled_from(["nl", "en"]),
)
def test_offer_of_equal_numbers_of_other_types(percent_list, window, counts, language):
    """100 and 100.0 (one dict key) each read as the plain function words them, in any order."""
    for percent in percent_list + [float(p) for p in percent_list]:
        plain = sla_lines._plain_availability_offer(percent, window, counts, language)
        assert sla_lines._availability_offer(percent, window, counts, language) == plain


def test_each_caller_gets_its_own_line():
    first = sla_lines._line("support_hours", "24/7", None, "ok", "en")
    first["verdict"] = "short"
    assert sla_lines._line("support_hours", "24/7", None, "ok", "en")["verdict"] == "ok"
