"""The standstill period is a fact of the Result: evaluate works it out, the letters name it."""

from __future__ import annotations

import datetime as dt

from tenderkit.api import load_tender
from tenderkit.evaluation import evaluate
from tenderkit.render.letters import letters


def test_the_result_carries_the_award_date_and_the_end_of_the_standstill_period():
    result = evaluate(load_tender("gemeente-zaaksysteem"), sensitivity=False)
    # sent Monday 2 November 2026; day 20 is Sunday 22 November, so the period ends on Monday
    assert result.award_date == dt.date(2026, 11, 2)
    assert (result.standstill_days, result.standstill_end) == (20, dt.date(2026, 11, 23))
    data = result.to_data()
    assert (data["award_date"], data["standstill_end"]) == ("2026-11-02", "2026-11-23")


def test_a_private_request_without_a_waiting_period_has_no_end_date():
    result = evaluate(load_tender("retail-privcomp-cloud"), sensitivity=False)
    assert result.award_date == dt.date(2026, 7, 6)
    assert result.standstill_days is None and result.standstill_end is None


def test_the_letters_name_the_results_end_date_and_compute_none_themselves():
    tender = load_tender("gemeente-zaaksysteem")
    result = evaluate(tender, sensitivity=False)
    moved = result.model_copy(update={"standstill_end": dt.date(2026, 12, 1)})
    for letter in letters(moved, tender).values():
        assert letter.facts["standstill_end"] in (None, "2026-12-01")
    assert any(
        letter.facts["standstill_end"] == "2026-12-01" for letter in letters(moved, tender).values()
    )


def test_the_report_and_the_open_items_take_the_award_date_from_the_result():
    from tenderkit.render.readiness import open_items
    from tenderkit.reporting.view import AwardReport

    tender = load_tender("gemeente-zaaksysteem")
    result = evaluate(tender, sensitivity=False)
    moved = result.model_copy(update={"award_date": dt.date(2026, 11, 9)})
    title = str(AwardReport(tender, moved).title())
    assert "9 november 2026" in title and "2 november 2026" not in title
    undated = result.model_copy(update={"award_date": None})
    assert tender.config.dates.award is not None  # the tender has one; the Result does not
    assert "no_award_date" in [item.code for item in open_items(undated, tender)]
    assert "no_award_date" not in [item.code for item in open_items(result, tender)]
