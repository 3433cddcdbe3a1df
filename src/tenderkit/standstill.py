"""The standstill period after an award decision: how long it lasts and the day it ends.

A fact of the award record, computed once in `evaluate` and carried by the Result
(`award_date`, `standstill_days`, `standstill_end`), so the letters, the report and the record
name the same legal deadline and no renderer works it out itself.
"""

from __future__ import annotations

import datetime as dt

from tenderkit.deadlines import roll_to_working_day
from tenderkit.tender import Tender

STANDSTILL_DAYS = 20
"""Aw 2012 art. 2.127: the standstill period lasts at least 20 calendar days."""


def standstill_end(award_date: dt.date, days: int = STANDSTILL_DAYS) -> dt.date:
    """The last day of the standstill period (Alcatel-termijn) after an award decision.

    Definition used throughout tenderkit: the award decision is sent on the award date
    (`dates.award` in tender.yaml). The period runs `days` (20) full calendar days after that day:
    day 1 is the day after sending, so the period ends at the end of `award + 20 days`, the date
    returned. The contract may be signed from the day after that, `award + 21 days`, provided no
    summary proceedings were started within the period.

    When that day is a Saturday, Sunday or public holiday, the period runs on to the next working
    day (Algemene termijnenwet, see `tenderkit.deadlines`): ending a standstill period too early
    puts the contract at risk, waiting a day longer never does.

    Example: decision sent on Monday 2 November 2026 -> day 20 is Sunday 22 November 2026 -> the
    period ends on Monday 23 November 2026 -> the contract may be signed from 24 November 2026.
    """
    return roll_to_working_day(award_date + dt.timedelta(days=days))


def award_date(tender: Tender) -> dt.date | None:
    """The day the award decision is sent: `dates.award` of tender.yaml, or None.

    There is deliberately no fallback (such as the closing date): the standstill end date in the
    letters is a legal deadline, and a date guessed too early would shorten the statutory period.
    Without an award date the letters are CONCEPT and state the period as a number of days after
    the day of sending, without a date.
    """
    return tender.config.dates.award


def waiting_days(tender: Tender) -> int | None:
    """The standstill (public) or waiting period (private) in calendar days, None for none.

    Public: `standstill_days` when set (at least 20, checked on loading), else 20 (art. 2.127).
    Private: only what the buyer set itself.
    """
    config = tender.config
    if config.regime == "public":
        return config.standstill_days or STANDSTILL_DAYS
    return config.standstill_days


def period_end(tender: Tender, winner: str | None) -> dt.date | None:
    """The day the standstill (or waiting) period ends: only with a winner, an award date and a
    period; None otherwise (the letters then state the period in days, without a date)."""
    sent, days = award_date(tender), waiting_days(tender)
    if winner is None or sent is None or not days:
        return None
    return standstill_end(sent, days)
