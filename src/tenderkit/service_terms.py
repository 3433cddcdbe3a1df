"""Service-level arithmetic: what an availability percentage, an incident term or a breach
notification term in a bid is actually worth to the buyer.

Bids state availability over different windows ("99.9% per year", "99.5% per month") and differ
on whether planned maintenance counts as downtime. Those statements cannot be compared by their
percentages alone: 99.9% per year allows a single outage of almost nine hours, 99.9% per month
never more than 43 minutes at once. This module turns such statements into durations, normalises
them to one yardstick (downtime per year) and phrases the result in Dutch or English so an
evaluation report can quote it. The words are texts/service_terms.yaml (nl and en), read
through `tenderkit.i18n` like every other text.

Everything here is a pure function of its arguments (no I/O, no clock). Durations are computed
with exact fractions and only rounded to whole microseconds at the end, so the textbook figures
(99.9% per year = 8 h 45 min 36 s) come out exact rather than off by a float ulp.

The names of the bid facts this module reads are the reserved `facts` names of FORMATS.md:
`availability_percent`, `availability_window`, `maintenance_counts_as_downtime`,
`incident_response_hours`, `incident_resolution_hours`, `breach_notification_hours`,
`rpo_hours`, `rto_hours`.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Real
from typing import Any, Literal, TypeGuard

from tenderkit.formatting import number
from tenderkit.i18n import LANGUAGES, text

# --- Windows ---------------------------------------------------------------------------------

SECONDS_PER_DAY = 86_400

MONTH_DAYS = 30
"""A month is 30 days: the convention SLAs and the usual uptime tables use (99.9% = 43 min 12 s).
Calendar months run 28 to 31 days; a fixed length keeps offers comparable."""

QUARTER_DAYS = 91
"""A quarter is 91 days. 365 / 4 = 91.25; we round to whole days because SLA windows are measured
in whole days, and 91 is also the length of the median calendar quarter (90, 91, 92, 92 days).
Consequence: four quarters make 364 days, so normalising a quarterly budget to a year scales by
365 / 91, not by 4. The per-year figures of different windows therefore still agree."""

YEAR_DAYS = 365
"""A year is 365 days (no leap day): 99.9% per year = 8 h 45 min 36 s, the figure bids quote."""

WINDOW_DAYS: dict[str, int] = {"month": MONTH_DAYS, "quarter": QUARTER_DAYS, "year": YEAR_DAYS}
"""The named windows of the `availability_window` fact and their length in days."""

Window = str | int | float
"""A named window (`month`, `quarter`, `year`) or an explicit positive number of days."""

# --- Breach notification ---------------------------------------------------------------------

GDPR_NOTIFICATION_HOURS = 72.0
"""GDPR art. 33(1): the controller notifies the supervisory authority (in the Netherlands the
Autoriteit Persoonsgegevens) within 72 hours of becoming aware of a personal-data breach. Buyers
read the clock conservatively as starting when the processor discovers the breach, so the
processor's notification term eats into the controller's 72 hours."""

BREACH_NOTICE_OK_MAX_HOURS = 48.0
"""A processor term up to 48 h (typical contracts say 24 to 48 h) leaves the controller at least
24 hours to assess the breach, ask follow-up questions and file: verdict `ok`."""

BreachVerdict = Literal["ok", "tight", "too_late"]
"""`ok`: term <= BREACH_NOTICE_OK_MAX_HOURS; `tight`: longer, but still under 72 h; `too_late`:
72 h or more, leaving the controller no time at all."""

# --- Incident priorities ---------------------------------------------------------------------

PRIORITIES: tuple[str, ...] = ("P1", "P2", "P3", "P4")
"""Incident priorities of the `incident_response_hours` / `incident_resolution_hours` maps,
most urgent first."""


# --- Validation helpers ----------------------------------------------------------------------


def _is_number(value: object) -> TypeGuard[Real | Decimal]:
    # bool is an int subclass; True as a percentage is a bug in the caller, not 1%.
    return isinstance(value, Real | Decimal) and not isinstance(value, bool)


def _exact(value: Real | Decimal) -> Fraction:
    """Exact value of a number as the user wrote it: 99.9 means 999/10, not the nearest float.

    `str(float)` is the shortest decimal that round-trips, so this is the decimal the caller
    typed; using it keeps 99.9% per year at exactly 31 536 seconds.
    """
    if isinstance(value, Fraction | int):
        return Fraction(value)
    return Fraction(str(value))


def _check_percent(percent: object) -> Fraction:
    if not _is_number(percent) or not math.isfinite(float(percent)):
        raise ValueError(f"availability percentage must be a finite number, got {percent!r}")
    exact = _exact(percent)
    if not 0 <= exact <= 100:
        raise ValueError(f"availability percentage must be between 0 and 100, got {percent!r}")
    return exact


def _check_hours(name: str, hours: object) -> Fraction:
    if not _is_number(hours) or not math.isfinite(float(hours)):
        raise ValueError(f"{name} must be a finite number of hours, got {hours!r}")
    exact = _exact(hours)
    if exact < 0:
        raise ValueError(f"{name} must not be negative, got {hours!r} hours")
    return exact


def _window_days_exact(window: Window) -> Fraction:
    if isinstance(window, str):
        try:
            return Fraction(WINDOW_DAYS[window])
        except KeyError:
            known = ", ".join(WINDOW_DAYS)
            raise ValueError(
                f"unknown availability window {window!r}; use one of {known} "
                "or a positive number of days"
            ) from None
    if not _is_number(window) or not math.isfinite(float(window)) or _exact(window) <= 0:
        raise ValueError(
            f"availability window must be month, quarter, year or a positive number of days, "
            f"got {window!r}"
        )
    return _exact(window)


def _window_seconds(window: Window) -> Fraction:
    return _window_days_exact(window) * SECONDS_PER_DAY


def _to_timedelta(seconds: Fraction) -> datetime.timedelta:
    # Round once, at the end, to timedelta's resolution (half to even, as round() does).
    return datetime.timedelta(microseconds=round(seconds * 1_000_000))


def _budget_seconds(percent: Fraction, window: Window) -> Fraction:
    return (1 - percent / 100) * _window_seconds(window)


def _maintenance_seconds(hours: Fraction, window: Window) -> Fraction:
    seconds = hours * 3600
    if seconds > _window_seconds(window):
        raise ValueError(
            f"maintenance of {float(hours):g} hours does not fit in a window of "
            f"{float(_window_days_exact(window)):g} days"
        )
    return seconds


def _total_seconds(
    percent: Fraction, window: Window, maintenance_hours: Fraction, counts: bool
) -> Fraction:
    """Time per window the customer may be without service while the SLA is still met."""
    budget = _budget_seconds(percent, window)
    maintenance = _maintenance_seconds(maintenance_hours, window)
    if counts:
        # Maintenance is taken out of the budget; it never adds to it.
        return budget
    # Maintenance comes on top of the budget, but nobody is down longer than the window itself.
    return min(budget + maintenance, _window_seconds(window))


# --- Windows and allowed downtime ------------------------------------------------------------


def window_days(window: Window) -> float:
    """Length of a window in days: named windows per WINDOW_DAYS, or the number given.

    Exposed so callers show the same convention the arithmetic uses (a quarter is 91 days).
    """
    return float(_window_days_exact(window))


def window_length(window: Window) -> datetime.timedelta:
    """Length of a window as a timedelta (a quarter is QUARTER_DAYS, not 91.25 days)."""
    return _to_timedelta(_window_seconds(window))


def allowed_downtime(
    percent: float,
    window: Window,
    maintenance_hours: float = 0.0,
    maintenance_counts_as_downtime: bool = True,
) -> datetime.timedelta:
    """Longest time per window the customer may be without the service while the SLA is met.

    The contractual budget is (1 - percent/100) x window length: 99.9% per year (365 days) is
    8 h 45 min 36 s, per 30-day month 43 min 12 s. That budget is what the buyer has to live
    with, so it is what this returns when planned maintenance counts as downtime (the
    maintenance then uses up part of the budget, see `unplanned_downtime_budget`).

    When planned maintenance does *not* count, the `maintenance_hours` per window are outage the
    customer suffers on top of the budget, so they are added (capped at the window length).

    `window` is `month`, `quarter`, `year` or an explicit positive number of days.
    Raises ValueError on a percentage outside 0..100, an unknown window, negative hours, or
    maintenance longer than the window.
    """
    exact_percent = _check_percent(percent)
    hours = _check_hours("maintenance_hours", maintenance_hours)
    seconds = _total_seconds(exact_percent, window, hours, maintenance_counts_as_downtime)
    return _to_timedelta(seconds)


def unplanned_downtime_budget(
    percent: float,
    window: Window,
    maintenance_hours: float = 0.0,
    maintenance_counts_as_downtime: bool = True,
) -> datetime.timedelta:
    """What is left of the budget for unplanned outages after planned maintenance.

    When maintenance counts as downtime a supplier planning 4 hours a month under a 99.5% month
    SLA (3 h 36 min budget) has nothing left for incidents: a sign the offer does not add up.
    The result is never negative. When maintenance does not count the whole budget is left.
    """
    exact_percent = _check_percent(percent)
    hours = _check_hours("maintenance_hours", maintenance_hours)
    budget = _budget_seconds(exact_percent, window)
    maintenance = _maintenance_seconds(hours, window)
    if not maintenance_counts_as_downtime:
        return _to_timedelta(budget)
    return _to_timedelta(max(budget - maintenance, Fraction(0)))


def effective_availability(
    percent: float,
    window: Window,
    maintenance_hours: float = 0.0,
    maintenance_counts_as_downtime: bool = False,
) -> float:
    """Availability the customer really gets, in percent, when maintenance does not count.

    99.9% per month with 4 hours of planned maintenance per month that does not count as
    downtime leaves the customer without service up to 43 min 12 s + 4 h a month: 99.34%.
    When maintenance does count the stated percentage already includes it and is returned as is.
    Defaults to not counting, because that is the case where the figure differs.
    """
    exact_percent = _check_percent(percent)
    hours = _check_hours("maintenance_hours", maintenance_hours)
    total = _total_seconds(exact_percent, window, hours, maintenance_counts_as_downtime)
    return float(100 * (1 - total / _window_seconds(window)))


# --- Normalisation across windows ------------------------------------------------------------


@dataclass(frozen=True)
class Normalised:
    """One availability statement seen from another window.

    - `downtime_per_window`: the budget of one stated window.
    - `downtime_per_year`: that budget at the same rate over 365 days; for the same percentage
      this is the same whatever the stated window, so it is the fair yardstick for totals.
    - `same_budget_percent`: the availability that the absolute budget of one stated window
      means over `to_window` (8 h 45 min 36 s, the 99.9% year budget, over a 30-day month is
      98.78%).
    - `worst_case_percent`: the lowest availability a single `to_window` period may show while
      the offer is still met. Over a shorter window the whole budget may fall inside it (equal to
      `same_budget_percent`); over a longer one the budget recurs at the same rate (the stated
      percentage). This is where 99.9% per year and 99.9% per month really differ.
    """

    percent: float
    window: Window
    to_window: Window
    downtime_per_window: datetime.timedelta
    downtime_per_year: datetime.timedelta
    same_budget_percent: float
    worst_case_percent: float


def _worst_case(budget: Fraction, window: Window, to_window: Window) -> Fraction:
    window_s, to_s = _window_seconds(window), _window_seconds(to_window)
    if to_s >= window_s:
        return 100 * (1 - budget / window_s)
    return 100 * (1 - min(budget, to_s) / to_s)


def normalise(percent: float, window: Window, to_window: Window) -> Normalised:
    """Express an availability stated over `window` per year and over `to_window`.

    Use this to compare 99.5% per month with 99.9% per year: per year the monthly offer allows
    43 h 48 min against 8 h 45 min 36 s, but in its worst month the yearly offer may drop to
    98.78% while the monthly one never goes below 99.5%. See `Normalised` for the fields.
    """
    exact_percent = _check_percent(percent)
    window_s = _window_seconds(window)
    to_s = _window_seconds(to_window)
    budget = _budget_seconds(exact_percent, window)
    per_year = budget * YEAR_DAYS * SECONDS_PER_DAY / window_s
    return Normalised(
        percent=float(exact_percent),
        window=window,
        to_window=to_window,
        downtime_per_window=_to_timedelta(budget),
        downtime_per_year=_to_timedelta(per_year),
        same_budget_percent=float(100 * (1 - min(budget, to_s) / to_s)),
        worst_case_percent=float(_worst_case(budget, window, to_window)),
    )


@dataclass(frozen=True)
class AvailabilityOffer:
    """An availability statement from a bid: percentage, window and how maintenance is treated.

    `maintenance_hours` is planned maintenance per window. `label` is free text (the bidder) so
    a sorted comparison can still be traced back. Validated on construction.
    """

    percent: float
    window: Window = "month"
    maintenance_counts_as_downtime: bool = True
    maintenance_hours: float = 0.0
    label: str = ""

    def __post_init__(self) -> None:
        _check_percent(self.percent)
        _window_seconds(self.window)
        _maintenance_seconds(_check_hours("maintenance_hours", self.maintenance_hours), self.window)

    @classmethod
    def from_facts(
        cls, facts: Mapping[str, Any], *, maintenance_hours: float = 0.0, label: str = ""
    ) -> AvailabilityOffer:
        """Build from a bid's `facts` (reserved names of FORMATS.md).

        `availability_percent` and `availability_window` are required: without a window a
        percentage means nothing. A missing `maintenance_counts_as_downtime` is read as False,
        the reading least favourable to the buyer, so silence in a bid is never rewarded.
        Maintenance hours are not a reserved fact, hence the keyword.
        """
        for key in ("availability_percent", "availability_window"):
            if key not in facts:
                raise ValueError(f"bid facts lack {key!r}")
        return cls(
            percent=facts["availability_percent"],
            window=facts["availability_window"],
            maintenance_counts_as_downtime=bool(facts.get("maintenance_counts_as_downtime", False)),
            maintenance_hours=maintenance_hours,
            label=label,
        )


OfferLike = AvailabilityOffer | tuple[float, Window, bool, float]
"""An AvailabilityOffer or a tuple (percent, window, maintenance_counts_as_downtime,
maintenance_hours)."""


@dataclass(frozen=True)
class OfferComparison:
    """Effective figures of one offer in `compare_offers`, ranked by downtime per year.

    - `rank`: 1 is the offer allowing the least downtime per year (ties share no rank; input
      order decides).
    - `sla_downtime_per_window`: the contractual budget alone.
    - `downtime_per_window`: what the customer may be without service per window, including
      maintenance that does not count.
    - `downtime_per_year`: the same at the same rate over 365 days (the sort key).
    - `effective_percent`: availability the customer really gets.
    - `worst_month_percent`: the lowest availability a single 30-day month may show.
    - `unplanned_budget_per_window`: budget left for incidents after counted maintenance.
    """

    offer: AvailabilityOffer
    rank: int
    sla_downtime_per_window: datetime.timedelta
    downtime_per_window: datetime.timedelta
    downtime_per_year: datetime.timedelta
    effective_percent: float
    worst_month_percent: float
    unplanned_budget_per_window: datetime.timedelta


def compare_offers(offers: Iterable[OfferLike]) -> list[OfferComparison]:
    """Rank availability offers stated over different windows by effective downtime per year.

    Maintenance that does not count as downtime is added before ranking, because the customer
    is just as much without service then. The sort is stable, so equal offers keep input order.
    """
    rows: list[tuple[Fraction, AvailabilityOffer, Fraction, Fraction, Fraction, Fraction]] = []
    for item in offers:
        offer = item if isinstance(item, AvailabilityOffer) else AvailabilityOffer(*item)
        percent = _check_percent(offer.percent)
        hours = _check_hours("maintenance_hours", offer.maintenance_hours)
        window_s = _window_seconds(offer.window)
        budget = _budget_seconds(percent, offer.window)
        maintenance = _maintenance_seconds(hours, offer.window)
        total = _total_seconds(percent, offer.window, hours, offer.maintenance_counts_as_downtime)
        per_year = total * YEAR_DAYS * SECONDS_PER_DAY / window_s
        unplanned = max(budget - maintenance, Fraction(0))
        if not offer.maintenance_counts_as_downtime:
            unplanned = budget
        rows.append((per_year, offer, budget, total, unplanned, window_s))
    rows.sort(key=lambda row: row[0])
    result = []
    for rank, (per_year, offer, budget, total, unplanned, window_s) in enumerate(rows, start=1):
        effective = 100 * (1 - total / window_s)
        worst_month = _worst_case(total, offer.window, "month")
        result.append(
            OfferComparison(
                offer=offer,
                rank=rank,
                sla_downtime_per_window=_to_timedelta(budget),
                downtime_per_window=_to_timedelta(total),
                downtime_per_year=_to_timedelta(per_year),
                effective_percent=float(effective),
                worst_month_percent=float(worst_month),
                unplanned_budget_per_window=_to_timedelta(unplanned),
            )
        )
    return result


# --- Maximum-hours terms: incidents, RPO, RTO ------------------------------------------------


@dataclass(frozen=True)
class TermCheck:
    """An offered maximum (hours) against the required maximum: lower or equal meets.

    `term` is the priority (`P1`..`P4`) or `rpo` / `rto`; `measure` says which map it came from
    (`response`, `resolution`, `recovery`). `offered_hours` is None when the bid is silent,
    which counts as a shortfall: an unstated term cannot be enforced.
    """

    term: str
    measure: str
    required_hours: float
    offered_hours: float | None

    @property
    def missing(self) -> bool:
        return self.offered_hours is None

    @property
    def meets(self) -> bool:
        return self.offered_hours is not None and self.offered_hours <= self.required_hours

    @property
    def shortfall_hours(self) -> float | None:
        """Hours the offer exceeds the requirement by; 0 when it meets, None when missing."""
        if self.offered_hours is None:
            return None
        return max(self.offered_hours - self.required_hours, 0.0)


def _check_priorities(name: str, times: Mapping[str, float]) -> None:
    for priority, hours in times.items():
        if priority not in PRIORITIES:
            raise ValueError(
                f"{name}: unknown priority {priority!r}; use one of {', '.join(PRIORITIES)}"
            )
        _check_hours(f"{name}[{priority}]", hours)


def compare_incident_times(
    offered: Mapping[str, float], required: Mapping[str, float], measure: str = "response"
) -> list[TermCheck]:
    """Check an incident-time map of a bid against the required maxima, per priority.

    Call it once for `incident_response_hours` (how soon the supplier starts working) and once
    for `incident_resolution_hours` (how soon it is solved): the two are different promises and
    must not be mixed. Only required priorities are checked, in P1..P4 order; a required
    priority the offer leaves out is a shortfall. `measure` only labels the result.
    """
    _check_priorities("offered", offered)
    _check_priorities("required", required)
    return [
        TermCheck(
            term=priority,
            measure=measure,
            required_hours=float(required[priority]),
            offered_hours=None if priority not in offered else float(offered[priority]),
        )
        for priority in PRIORITIES
        if priority in required
    ]


def compare_recovery(
    offered_rpo_hours: float | None,
    offered_rto_hours: float | None,
    max_rpo_hours: float,
    max_rto_hours: float,
) -> list[TermCheck]:
    """Check recovery objectives against required maxima: [RPO check, RTO check].

    RPO (recovery point objective) bounds how much data, in hours of work, may be lost; RTO
    (recovery time objective) how long restoring may take. Both must be at most the requirement;
    None (the bid does not say) is a shortfall.
    """
    checks = []
    for term, offered, required in (
        ("rpo", offered_rpo_hours, max_rpo_hours),
        ("rto", offered_rto_hours, max_rto_hours),
    ):
        required_exact = _check_hours(f"max_{term}_hours", required)
        if offered is not None:
            _check_hours(f"offered_{term}_hours", offered)
        checks.append(
            TermCheck(
                term=term,
                measure="recovery",
                required_hours=float(required_exact),
                offered_hours=None if offered is None else float(offered),
            )
        )
    return checks


# --- Breach notification ---------------------------------------------------------------------


def breach_notification_margin(hours: float) -> float:
    """Hours left for the controller inside the 72 hours of GDPR art. 33 (negative: overdue).

    A processor that notifies within 24 hours leaves 48; one that takes 96 is 24 hours late.
    """
    return GDPR_NOTIFICATION_HOURS - float(_check_hours("breach notification term", hours))


def breach_notification_verdict(hours: float) -> BreachVerdict:
    """Judge a processor's breach-notification term: `ok`, `tight` or `too_late`.

    Thresholds: BREACH_NOTICE_OK_MAX_HOURS (48 h, leaving at least 24 h) and
    GDPR_NOTIFICATION_HOURS (72 h, leaving nothing).
    """
    margin = breach_notification_margin(hours)
    if margin <= 0:
        return "too_late"
    if hours <= BREACH_NOTICE_OK_MAX_HOURS:
        return "ok"
    return "tight"


# --- Human phrasing --------------------------------------------------------------------------


def _phrase(key: str, lang: str, /, **values: Any) -> str:
    """A phrase of texts/service_terms.yaml; an unsupported language is refused (ValueError),
    not silently read in Dutch."""
    _check_language(lang)
    return text("service_terms", key, lang, **values)


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")


def window_name(window: str, lang: str) -> str:
    """A named window (`month`, `quarter`, `year`) in words: "maand"; another name as given."""
    _check_language(lang)
    return _phrase(f"window_{window}", lang) if window in WINDOW_DAYS else window


def term_name(term: str, lang: str, priority: str | None = None) -> str:
    """A service-level term in words: `rpo` -> "RPO (maximaal dataverlies)", `response` with
    priority P1 -> "P1 reactietijd"."""
    return _phrase(f"term_{term}", lang, priority=priority or "")


def _number(value: float | Fraction, lang: str, max_decimals: int = 3) -> str:
    _check_language(lang)  # an unsupported language is refused here, as everywhere in this module
    return number(float(value), lang, max_decimals)


def _plural(key: str, n: int | float | Fraction, shown: str, lang: str) -> str:
    """`<key>_one` for one, `<key>_other` otherwise, with `shown` (the number as written)."""
    return _phrase(f"{key}_{'one' if n == 1 else 'other'}", lang, n=shown)


def format_duration(duration: datetime.timedelta, lang: str = "nl") -> str:
    """A duration as people read it in a report: "8 u 45 min 36 s" / "8 h 45 min 36 s".

    Units run from the largest non-zero one down to the smallest non-zero one, zeros in between
    included ("1 dag 0 u 5 s" would hide nothing). Days appear from 24 hours up. Fractions of
    a second are kept to milliseconds with the language's decimal sign. Negative durations are
    rejected: a budget is never negative.
    """
    _check_language(lang)
    if duration < datetime.timedelta(0):
        raise ValueError(f"duration must not be negative, got {duration}")
    micro = duration // datetime.timedelta(microseconds=1)
    days, rest = divmod(micro, SECONDS_PER_DAY * 1_000_000)
    hours, rest = divmod(rest, 3600 * 1_000_000)
    minutes, rest = divmod(rest, 60 * 1_000_000)
    seconds = Fraction(rest, 1_000_000)
    values = [days, hours, minutes, seconds]
    nonzero = [i for i, v in enumerate(values) if v]
    if not nonzero:
        return _phrase("unit_second", lang, n="0")
    parts = []
    for i in range(nonzero[0], nonzero[-1] + 1):
        if i == 0:
            parts.append(_plural("unit_day", days, _number(days, lang), lang))
        elif i == 1:
            parts.append(_phrase("unit_hour", lang, n=hours))
        elif i == 2:
            parts.append(_phrase("unit_minute", lang, n=minutes))
        else:
            parts.append(_phrase("unit_second", lang, n=_number(seconds, lang)))
    return " ".join(parts)


def _window_name(window: Window, lang: str) -> str:
    _check_language(lang)
    if isinstance(window, str):
        _window_seconds(window)  # validates
        return window_name(window, lang)
    days = _window_days_exact(window)
    return _plural("days_window", days, _number(days, lang), lang)


def describe_availability(
    percent: float,
    window: Window,
    lang: str = "nl",
    maintenance_hours: float = 0.0,
    maintenance_counts_as_downtime: bool = True,
) -> str:
    """One line for a report: "99,9% per maand = 43 min 12 s toegestane uitval".

    With planned maintenance that does not count, the line goes on to say what the customer
    really gets ("+ 4 u gepland onderhoud dat niet als uitval telt = 99,34% effectieve
    beschikbaarheid"), because that is the figure the stated percentage hides.
    `lang` is "nl" or "en"; anything else raises ValueError.
    """
    _check_language(lang)
    exact_percent = _check_percent(percent)
    hours = _check_hours("maintenance_hours", maintenance_hours)
    _maintenance_seconds(hours, window)
    budget = _budget_seconds(exact_percent, window)
    line = _phrase(
        "availability",
        lang,
        percent=_number(exact_percent, lang, max_decimals=8),
        window=_window_name(window, lang),
        duration=format_duration(_to_timedelta(budget), lang),
    )
    if hours:
        maintenance = format_duration(_to_timedelta(hours * 3600), lang)
        if maintenance_counts_as_downtime:
            line += _phrase("maintenance_counted", lang, maintenance=maintenance)
        else:
            effective = effective_availability(percent, window, maintenance_hours, False)
            line += _phrase(
                "maintenance_extra",
                lang,
                maintenance=maintenance,
                effective=_number(effective, lang, max_decimals=2),
            )
    return line


def describe_breach_notification(hours: float, lang: str = "nl") -> str:
    """One line judging a processor's breach-notification term against GDPR art. 33."""
    verdict = breach_notification_verdict(hours)
    return _phrase(
        f"breach_{verdict}",
        lang,
        hours=_number(hours, lang, max_decimals=2),
        margin=_number(breach_notification_margin(hours), lang, max_decimals=2),
    )


def describe_term_check(check: TermCheck, lang: str = "nl") -> str:
    """One line for an incident-time or recovery check: meets, too long by how much, or missing."""
    if check.term in ("rpo", "rto"):
        term = term_name(check.term, lang)
    elif check.measure in ("response", "resolution", "rpo", "rto"):
        term = term_name(check.measure, lang, check.term)
    else:
        _check_language(lang)
        term = f"{check.term} {check.measure}"
    required = _number(check.required_hours, lang, max_decimals=2)
    if check.offered_hours is None:
        return _phrase("check_missing", lang, term=term, required=required)
    key = "meets" if check.meets else "shortfall"
    return _phrase(
        f"check_{key}",
        lang,
        term=term,
        offered=_number(check.offered_hours, lang, max_decimals=2),
        required=required,
        shortfall=_number(check.shortfall_hours or 0.0, lang, max_decimals=2),
    )
