from __future__ import annotations

import datetime as dt

import pytest

from tenderkit.intake.dates import find_periods, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("January 1, 2025", D(2025, 1, 1)),
        ("1 januari 2025", D(2025, 1, 1)),
        ("01-01-2025", D(2025, 1, 1)),
        ("2025-01-01", D(2025, 1, 1)),
        ("31 maart 2026", D(2026, 3, 31)),
        ("Sept. 30, 2025", D(2025, 9, 30)),
        ("02-03-2025", D(2025, 3, 2)),  # day first with dashes (NL, EU)
        ("13/04/2025", D(2025, 4, 13)),
        ("04/13/2025", D(2025, 4, 13)),
        ("2026-05-31", D(2026, 5, 31)),
    ],
)
def test_dates(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["03/04/2025", "31 February 2025", "2025", "week 12"])
def test_dates_that_cannot_be_read_without_guessing(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "for the period January 1, 2025 to December 31, 2025",
        "1 January 2025 through 31 December 2025",
        "over de periode 1 januari 2025 tot en met 31 december 2025",
        "gedurende de periode 01-01-2025 t/m 31-12-2025",
        "between 2025-01-01 and 2025-12-31",
    ],
)
def test_periods(text: str) -> None:
    (period,) = find_periods(text)
    assert (period.start, period.end) == (D(2025, 1, 1), D(2025, 12, 31))


def test_two_dates_that_are_no_period() -> None:
    assert list(find_periods("issued on 1 May 2026 and signed on 2 May 2026")) == []
    assert list(find_periods("from 31 December 2025 to 1 January 2025")) == []
