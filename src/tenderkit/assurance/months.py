"""Calendar-month arithmetic for the review's thresholds, defined once and exactly.

Why not days: "six months" written as 182 days, or as months of 30.44 days, makes a period of
1 January to 30 June fail or pass depending on leap years and rounding, and a reviewer reading
the report counts calendar months. So every threshold is counted in calendar months:

- `add_months(day, n)`: the same day of the month n months later (earlier for negative n); when
  that month is shorter, the last day of that month (31 August + 6 = 28 or 29 February).
- A period from `start` to `end` (both days included) lasts at least n months when
  `end >= add_months(start, n) - 1 day`: 1 January to 30 June is exactly six months.
- A date lies more than n months before a reference when `day < add_months(reference, -n)`:
  with closing 15 October 2026, a period ending 15 October 2025 is exactly twelve months old
  (not stale), one ending 14 October 2025 is more than twelve months old.
- A date reaches more than n months past an end when `until > add_months(end, n)`: a bridge
  letter from a period ending 31 December 2025 may run to 31 March 2026, not to 1 April.
"""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["add_months", "lasts_at_least", "more_than_months_after", "more_than_months_before"]

_DAY = dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months, clipped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def lasts_at_least(start: dt.date, end: dt.date, months: int) -> bool:
    """Does the period start..end (both included) last at least `months` calendar months?"""
    return end >= add_months(start, months) - _DAY


def more_than_months_before(day: dt.date, reference: dt.date, months: int) -> bool:
    """Does `day` lie more than `months` calendar months before `reference`?"""
    return day < add_months(reference, -months)


def more_than_months_after(end: dt.date, until: dt.date, months: int) -> bool:
    """Does `until` lie more than `months` calendar months after `end`?"""
    return until > add_months(end, months)
