"""Statutory deadlines: the Algemene termijnenwet (Atw) moves a period that ends on a weekend or a
public holiday to the next working day.

Atw art. 1 and 3: a period set by law that ends on a Saturday, Sunday or general public holiday
runs on to the next day that is none of these. The holidays are New Year's Day, Easter Monday,
Ascension Day, Whit Monday, Christmas Day and Boxing Day, the King's birthday as celebrated
(27 April, or 26 April when the 27th is a Sunday) and Liberation Day (5 May). Good Friday is not
among them. Waiting longer than a minimum standstill period is always lawful; ending it too early
is not, so tenderkit applies the Atw to the standstill period.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from dateutil.easter import easter


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    """The general public holidays of the Atw in a year."""
    easter_sunday = easter(year)
    kings_day = dt.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = dt.date(year, 4, 26)
    return frozenset(
        {
            dt.date(year, 1, 1),
            easter_sunday + dt.timedelta(days=1),
            easter_sunday + dt.timedelta(days=39),
            easter_sunday + dt.timedelta(days=50),
            kings_day,
            dt.date(year, 5, 5),
            dt.date(year, 12, 25),
            dt.date(year, 12, 26),
        }
    )


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def roll_to_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the next working day (Atw art. 1)."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day
