"""tenderkit.service_terms: the textbook figures to the second, and properties that must hold."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenderkit import service_terms
from tenderkit.service_terms import (
    AvailabilityOffer,
    allowed_downtime,
    breach_notification_margin,
    breach_notification_verdict,
    compare_incident_times,
    compare_offers,
    compare_recovery,
    describe_availability,
    describe_breach_notification,
    describe_term_check,
    effective_availability,
    format_duration,
    normalise,
    unplanned_downtime_budget,
    window_days,
    window_length,
)


def hms(hours: int = 0, minutes: int = 0, seconds: float = 0) -> dt.timedelta:
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


# --- windows and allowed downtime ------------------------------------------------------------


def test_window_conventions():
    assert service_terms.WINDOW_DAYS == {"month": 30, "quarter": 91, "year": 365}
    assert window_days("quarter") == service_terms.QUARTER_DAYS == 91
    assert window_length("month") == dt.timedelta(days=30)
    assert window_days(7) == 7


def test_99_9_per_year_is_8h45m36s_exactly():
    assert allowed_downtime(99.9, "year") == hms(8, 45, 36)


def test_99_9_per_month_is_43m12s_exactly():
    assert allowed_downtime(99.9, "month") == hms(0, 43, 12)


def test_quarter_uses_91_days():
    # 0.1% of 91 days = 7862.4 s
    assert allowed_downtime(99.9, "quarter") == hms(2, 11, 2.4)
    assert allowed_downtime(99.0, "quarter") == dt.timedelta(days=0.91)


def test_explicit_number_of_days():
    assert allowed_downtime(99.9, 365) == allowed_downtime(99.9, "year")
    assert allowed_downtime(99.0, 7) == dt.timedelta(seconds=6048)


def test_other_textbook_figures():
    assert allowed_downtime(99.5, "month") == hms(3, 36)
    assert allowed_downtime(99.99, "month") == hms(0, 4, 19.2)
    assert allowed_downtime(100, "year") == dt.timedelta(0)
    assert allowed_downtime(0, "month") == dt.timedelta(days=30)


def test_counted_maintenance_does_not_add_downtime():
    assert allowed_downtime(99.5, "month", 2, maintenance_counts_as_downtime=True) == hms(3, 36)
    assert unplanned_downtime_budget(99.5, "month", 2, True) == hms(1, 36)
    # more maintenance than budget: nothing left for incidents, never negative
    assert unplanned_downtime_budget(99.5, "month", 4, True) == dt.timedelta(0)


def test_uncounted_maintenance_is_extra_downtime():
    assert allowed_downtime(99.9, "month", 4, maintenance_counts_as_downtime=False) == hms(
        4, 43, 12
    )
    assert unplanned_downtime_budget(99.9, "month", 4, False) == hms(0, 43, 12)


def test_effective_availability():
    # 43 min 12 s + 4 h = 16 992 s of 2 592 000 s
    assert effective_availability(99.9, "month", 4) == pytest.approx(100 * (1 - 16992 / 2592000))
    assert effective_availability(99.9, "month", 4) == pytest.approx(99.3444, abs=1e-4)
    assert effective_availability(99.9, "month", 4, maintenance_counts_as_downtime=True) == 99.9
    assert effective_availability(99.9, "year") == pytest.approx(99.9)


def test_downtime_is_capped_at_the_window():
    assert allowed_downtime(1, "month", 720, maintenance_counts_as_downtime=False) == dt.timedelta(
        days=30
    )
    assert effective_availability(1, "month", 720) == 0.0


# --- normalisation and comparison ------------------------------------------------------------


def test_normalise_year_to_month():
    n = normalise(99.9, "year", "month")
    assert n.downtime_per_window == hms(8, 45, 36)
    assert n.downtime_per_year == hms(8, 45, 36)
    # the whole yearly budget may fall inside one 30-day month
    assert n.same_budget_percent == pytest.approx(100 * (1 - 31536 / 2592000))
    assert n.worst_case_percent == pytest.approx(98.7833, abs=1e-4)


def test_normalise_month_to_year():
    n = normalise(99.5, "month", "year")
    assert n.downtime_per_window == hms(3, 36)
    assert n.downtime_per_year == hms(43, 48)  # 3 h 36 min x 365 / 30
    assert n.same_budget_percent == pytest.approx(100 * (1 - 12960 / 31536000))
    assert n.worst_case_percent == pytest.approx(99.5)


def test_normalise_quarter_scales_by_365_over_91():
    n = normalise(99.9, "quarter", "year")
    assert n.downtime_per_year == hms(8, 45, 36)


def test_compare_99_5_month_with_99_9_year():
    month = AvailabilityOffer(99.5, "month", label="A")
    year = AvailabilityOffer(99.9, "year", label="B")
    ranked = compare_offers([month, year])
    assert [r.offer.label for r in ranked] == ["B", "A"]
    assert [r.rank for r in ranked] == [1, 2]
    b, a = ranked
    assert b.downtime_per_year == hms(8, 45, 36)
    assert a.downtime_per_year == hms(43, 48)
    # but the yearly offer may take almost 9 hours out of a single month
    assert b.worst_month_percent == pytest.approx(98.7833, abs=1e-4)
    assert a.worst_month_percent == pytest.approx(99.5)


def test_compare_offers_uses_effective_figures_and_accepts_tuples():
    ranked = compare_offers(
        [
            (99.9, "month", False, 4),  # 4 h 43 min 12 s a month really
            (99.5, "month", True, 2),  # 3 h 36 min, maintenance included
        ]
    )
    assert [r.offer.percent for r in ranked] == [99.5, 99.9]
    worse = ranked[1]
    assert worse.sla_downtime_per_window == hms(0, 43, 12)
    assert worse.downtime_per_window == hms(4, 43, 12)
    assert worse.effective_percent == pytest.approx(99.3444, abs=1e-4)
    assert ranked[0].unplanned_budget_per_window == hms(1, 36)


def test_compare_offers_is_stable_for_ties():
    ranked = compare_offers(
        [AvailabilityOffer(99.9, "month", label="x"), AvailabilityOffer(99.9, "year", label="y")]
    )
    assert [r.offer.label for r in ranked] == ["x", "y"]


def test_offer_from_facts():
    facts = {"availability_percent": 99.8, "availability_window": "quarter"}
    offer = AvailabilityOffer.from_facts(facts, maintenance_hours=6, label="Bidder")
    # silence about maintenance is read the way least favourable to the buyer
    assert offer.maintenance_counts_as_downtime is False
    assert offer.window == "quarter"
    with pytest.raises(ValueError, match="availability_window"):
        AvailabilityOffer.from_facts({"availability_percent": 99.8})


# --- incident times and recovery -------------------------------------------------------------


def test_incident_shortfalls():
    offered = {"P1": 2, "P2": 8, "P4": 40}
    required = {"P1": 1, "P2": 8, "P3": 24, "P4": 80}
    checks = compare_incident_times(offered, required, "resolution")
    assert [c.term for c in checks] == ["P1", "P2", "P3", "P4"]
    p1, p2, p3, p4 = checks
    assert not p1.meets and p1.shortfall_hours == 1
    assert p2.meets and p2.shortfall_hours == 0
    assert p3.missing and not p3.meets and p3.shortfall_hours is None
    assert p4.meets
    assert all(c.measure == "resolution" for c in checks)


def test_incident_only_required_priorities_are_checked():
    checks = compare_incident_times({"P1": 0.5, "P2": 4}, {"P1": 1})
    assert [c.term for c in checks] == ["P1"]
    assert checks[0].meets and checks[0].measure == "response"


def test_incident_rejects_unknown_priority_and_negative_hours():
    with pytest.raises(ValueError, match="priority"):
        compare_incident_times({"P5": 1}, {"P1": 1})
    with pytest.raises(ValueError, match="negative"):
        compare_incident_times({"P1": -1}, {"P1": 1})


def test_recovery_objectives():
    rpo, rto = compare_recovery(4, 12, max_rpo_hours=24, max_rto_hours=8)
    assert rpo.term == "rpo" and rpo.meets
    assert rto.term == "rto" and not rto.meets and rto.shortfall_hours == 4
    rpo, rto = compare_recovery(None, 8, 24, 8)
    assert rpo.missing and not rpo.meets
    assert rto.meets
    with pytest.raises(ValueError, match="negative"):
        compare_recovery(1, 1, -1, 8)


# --- breach notification ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "margin", "verdict"),
    [
        (24, 48, "ok"),
        (48, 24, "ok"),
        (60, 12, "tight"),
        (72, 0, "too_late"),
        (96, -24, "too_late"),
    ],
)
def test_breach_notification(hours, margin, verdict):
    assert breach_notification_margin(hours) == margin
    assert breach_notification_verdict(hours) == verdict


def test_breach_notification_rejects_negative():
    with pytest.raises(ValueError, match="negative"):
        breach_notification_margin(-1)


# --- phrasing --------------------------------------------------------------------------------


def test_describe_availability_dutch():
    assert describe_availability(99.9, "month", "nl") == (
        "99,9% per maand = 43 min 12 s toegestane uitval"
    )
    assert describe_availability(99.9, "year", "nl") == (
        "99,9% per jaar = 8 u 45 min 36 s toegestane uitval"
    )


def test_describe_availability_english():
    assert describe_availability(99.9, "month", "en") == (
        "99.9% per month = 43 min 12 s allowed downtime"
    )
    assert describe_availability(99.5, "year", "en") == (
        "99.5% per year = 1 day 19 h 48 min allowed downtime"
    )


def test_describe_availability_with_maintenance():
    nl = describe_availability(99.9, "month", "nl", 4, False)
    assert nl == (
        "99,9% per maand = 43 min 12 s toegestane uitval + 4 u gepland onderhoud dat niet als"
        " uitval telt = 99,34% effectieve beschikbaarheid"
    )
    en = describe_availability(99.9, "month", "en", 4, True)
    assert (
        en == "99.9% per month = 43 min 12 s allowed downtime (including 4 h planned maintenance)"
    )


def test_describe_availability_explicit_days():
    assert (
        describe_availability(99, 7, "nl") == "99% per 7 dagen = 1 u 40 min 48 s toegestane uitval"
    )
    assert describe_availability(99, 1, "en") == "99% per 1 day = 14 min 24 s allowed downtime"


def test_format_duration():
    assert format_duration(hms(8, 45, 36), "nl") == "8 u 45 min 36 s"
    assert format_duration(hms(8, 45, 36), "en") == "8 h 45 min 36 s"
    assert format_duration(dt.timedelta(days=1, seconds=5), "nl") == "1 dag 0 u 0 min 5 s"
    assert format_duration(dt.timedelta(days=2, hours=3), "nl") == "2 dagen 3 u"
    assert format_duration(dt.timedelta(days=2, hours=3), "en") == "2 days 3 h"
    assert format_duration(hms(0, 4, 19.2), "nl") == "4 min 19,2 s"
    assert format_duration(hms(0, 4, 19.2), "en") == "4 min 19.2 s"
    assert format_duration(dt.timedelta(0), "nl") == "0 s"
    assert format_duration(hms(1), "en") == "1 h"


def test_describe_breach_notification():
    assert describe_breach_notification(24, "nl") == (
        "melding binnen 24 u laat 48 u over binnen de 72 u van art. 33 AVG: voldoende ruimte"
    )
    assert describe_breach_notification(96, "en").endswith("too late")
    assert describe_breach_notification(60, "en").endswith("tight")


def test_describe_term_check():
    p1, p3 = compare_incident_times({"P1": 2}, {"P1": 1.5, "P3": 24}, "resolution")
    assert (
        describe_term_check(p1, "nl") == "P1 oplostijd: geboden 2 u, maximaal 1,5 u: 0,5 u te lang"
    )
    assert describe_term_check(p3, "en") == (
        "P3 resolution time: not offered, maximum 24 h required: shortfall"
    )
    rpo, _ = compare_recovery(4, 4, 24, 8)
    assert (
        describe_term_check(rpo, "en")
        == "RPO (maximum data loss): offered 4 h, maximum 24 h: meets"
    )


def test_phrases_are_texts_of_their_own_catalogue_in_every_language():
    from tenderkit.i18n import LANGUAGES, catalogue

    phrases = catalogue("service_terms")  # refuses a key without nl and en when loaded
    assert not hasattr(service_terms, "PHRASES")  # no second copy of the words in Python
    assert {"availability", "breach_tight", "term_rpo", "check_missing"} <= set(phrases)
    for key, texts in phrases.items():
        assert all(texts[language].strip() for language in LANGUAGES), key


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("percent", [-0.1, 100.1, float("nan"), float("inf"), True, "99.9"])
def test_bad_percentage(percent):
    with pytest.raises(ValueError, match="percentage"):
        allowed_downtime(percent, "month")


@pytest.mark.parametrize("window", ["week", "Month", 0, -30, float("nan"), None])
def test_bad_window(window):
    with pytest.raises(ValueError, match="window"):
        allowed_downtime(99.9, window)


def test_bad_target_window():
    with pytest.raises(ValueError, match="window"):
        normalise(99.9, "month", "fortnight")


def test_negative_maintenance_hours():
    with pytest.raises(ValueError, match="negative"):
        allowed_downtime(99.9, "month", -1)
    with pytest.raises(ValueError, match="negative"):
        AvailabilityOffer(99.9, "month", False, -2)


def test_maintenance_longer_than_window():
    with pytest.raises(ValueError, match="does not fit"):
        allowed_downtime(99.9, "month", 721)


def test_unknown_language():
    with pytest.raises(ValueError, match="language"):
        describe_availability(99.9, "month", "de")
    with pytest.raises(ValueError, match="language"):
        format_duration(hms(1), "fr")


# --- properties ------------------------------------------------------------------------------

percents = st.floats(min_value=0, max_value=100, allow_nan=False)
windows = st.one_of(
    st.sampled_from(["month", "quarter", "year"]), st.integers(min_value=1, max_value=3650)
)


@given(a=percents, b=percents, window=windows)
def test_higher_percentage_never_allows_more_downtime(a, b, window):
    low, high = sorted((a, b))
    assert allowed_downtime(high, window) <= allowed_downtime(low, window)


@given(percent=percents, window=windows, other=windows)
def test_downtime_per_year_is_window_independent(percent, window, other):
    assert (
        normalise(percent, window, "month").downtime_per_year
        == normalise(percent, other, "year").downtime_per_year
    )


@given(percent=percents, window=windows, to_window=windows)
def test_worst_case_never_better_than_stated(percent, window, to_window):
    n = normalise(percent, window, to_window)
    assert 0 <= n.worst_case_percent <= n.percent + 1e-9


@given(
    percent=percents,
    window=st.sampled_from(["month", "quarter", "year"]),
    hours=st.floats(min_value=0, max_value=720, allow_nan=False),
)
def test_uncounted_maintenance_never_improves_availability(percent, window, hours):
    counted = allowed_downtime(percent, window, hours, True)
    uncounted = allowed_downtime(percent, window, hours, False)
    assert uncounted >= counted
    assert effective_availability(percent, window, hours) <= percent + 1e-9
