"""Dates and periods as audit reports and certificates write them, in English and Dutch.

A date is only accepted when it is unambiguous: "1 April 2025", "April 1, 2025", "1 april 2025",
"2025-04-01" and day-first "01-04-2025" / "01.04.2025". A slashed "01/04/2025" in an English
report may be month-first (US) or day-first; it is accepted only when one part exceeds 12, so
intake never turns 4 January into 1 April.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # Dutch
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "juni": 6, "juli": 7, "augustus": 8,
    "oktober": 10, "okt": 10, "mrt": 3,
}  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|e)?(?!\d)"
DATE_BODY = (
    rf"(?P<dmy>(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>(?:19|20)\d\d))"
    rf"|(?P<mdy>(?P<m2>{_MONTH})\.?\s+(?P<d2>{_DAY}),?\s+(?P<y2>(?:19|20)\d\d))"
    r"|(?P<iso>(?P<y3>(?:19|20)\d\d)-(?P<m3>1[0-2]|0?[1-9])-(?P<d3>3[01]|[12]\d|0?[1-9])(?!\d))"
    r"|(?P<num>(?P<a>\d{1,2})(?P<sep>[-./])(?P<b>\d{1,2})(?P=sep)(?P<y4>(?:19|20)\d\d))"
)
DATE_PATTERN = re.compile(rf"(?<![\w-])(?:{DATE_BODY})(?![\w-])", re.IGNORECASE)
"""Any date form intake reads; match groups tell which form it was."""


@dataclass(frozen=True)
class FoundDate:
    value: dt.date | None  # None: a date was written but cannot be read without guessing
    start: int
    end: int
    text: str


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_date(match: re.Match[str]) -> dt.date | None:
    """The date a DATE_PATTERN match stands for, or None when it cannot be read for sure."""
    if match["dmy"]:
        return _make(int(match["y1"]), MONTHS[match["m1"].lower()], _day(match["d1"]))
    if match["mdy"]:
        return _make(int(match["y2"]), MONTHS[match["m2"].lower()], _day(match["d2"]))
    if match["iso"]:
        return _make(int(match["y3"]), int(match["m3"]), int(match["d3"]))
    first, second, year = int(match["a"]), int(match["b"]), int(match["y4"])
    if match["sep"] in "-.":
        return _make(year, second, first)  # day-first, as written in the Netherlands and EU
    if first > 12 >= second:
        return _make(year, second, first)
    if second > 12 >= first:
        return _make(year, first, second)
    if first == second:
        return _make(year, first, first)
    return None  # 01/04/2025: April 1 or January 4; left for the reviewer


def find_dates(text: str) -> Iterator[FoundDate]:
    """Every date written in `text`, in order."""
    for match in DATE_PATTERN.finditer(text):
        yield FoundDate(read_date(match), match.start(), match.end(), match.group())


def parse_date(text: str) -> dt.date | None:
    """The single date `text` consists of (surrounding words allowed), or None."""
    dates = list(find_dates(text))
    if len(dates) != 1:
        return None
    return dates[0].value


_CONNECTOR = re.compile(
    r"(?ix)^\s*,?\s*(?:to|through|thru|until|till|up\s+to\s+and\s+including|and|tot\s+en\s+met"
    r"|t/m|t\.m\.|tot|en|-|–|—)\s*$"
)


@dataclass(frozen=True)
class FoundPeriod:
    start: dt.date
    end: dt.date
    span: tuple[int, int]


def find_periods(text: str) -> Iterator[FoundPeriod]:
    """Every "period from DATE to DATE" (and Dutch "periode van DATE tot en met DATE") in text.

    Two dates count as a period when only a connector ("to", "through", "tot en met", a dash)
    stands between them and the end lies after the start; a bare "DATE through DATE" counts too,
    since it names a span in every report we read.
    """
    dates = list(find_dates(text))
    for first, second in itertools.pairwise(dates):
        between = text[first.end : second.start]
        if len(between) > 40 or not _CONNECTOR.match(between):
            continue
        if re.match(r"(?i)^\s*,?\s*(and|en)\s*$", between):
            lead = text[max(0, first.start - 40) : first.start]
            if not re.search(r"(?i)(between|tussen)\W*$", lead):
                continue
        if first.value is None or second.value is None or second.value <= first.value:
            continue
        yield FoundPeriod(first.value, second.value, (first.start, second.end))
