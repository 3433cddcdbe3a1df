"""How figures are shown to people: numbers, money, percentages and dates, through babel.

The one module that formats a figure for a reader, used by the report, the workbook's texts, the
letters, the workshop and the assurance review alike, so the same figure reads the same
everywhere: `49,23` in the report is `49,23` in the letter (halves round up, as Excel shows
them). Dutch is the default; English is written as in the United Kingdom (`5 October 2026`).
`tests/test_formatting.py` checks that no other module imports babel.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections.abc import Callable
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    NumberPattern,
    format_currency,
    format_decimal,
    format_percent,
    parse_pattern,
)

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
"""tenderkit's languages (Dutch first, the default) and the babel locale each is written in."""


def locale(language: str) -> str:
    if language not in LOCALES:
        raise ValueError(f"language '{language}' is not one of {', '.join(LOCALES)}")
    return LOCALES[language]


@functools.cache
def _babel_locale(language: str) -> Locale:
    """The babel `Locale` of a language, parsed once: babel parses a locale name on every call,
    and the review and the service-level lines format hundreds of numbers per tender."""
    return Locale.parse(locale(language))


@functools.cache
def _pattern(pattern: str) -> NumberPattern:
    """A number pattern parsed once; babel takes the parsed pattern as it takes the text."""
    return parse_pattern(pattern)


def _half_up(format_number: Callable[..., str]) -> Callable[..., str]:
    """Round halves up, as Excel shows them: 49.225 is `49,23` in the report, the letters and
    the workbook alike (babel would round it to even, `49,22`, against the cell's display)."""

    @functools.wraps(format_number)
    def formatted(*args: Any, **kwargs: Any) -> str:
        with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
            return format_number(*args, **kwargs)

    return formatted


@_half_up
def number(value: float, language: str, digits: int = 2) -> str:
    """`1.234,5` in Dutch, `1,234.5` in English; at most `digits` decimals."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=_pattern(pattern), locale=_babel_locale(language))


@_half_up
def fixed(value: float, language: str, digits: int = 2) -> str:
    """A number with exactly `digits` decimals, e.g. points: `49,20`."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=_pattern(pattern), locale=_babel_locale(language))


@_half_up
def money(value: float, language: str, currency: str = "EUR") -> str:
    """`€ 1.234.567,00` in Dutch, `€1,234,567.00` in English."""
    return format_currency(value, currency, locale=locale(language))


@_half_up
def whole_money(value: float, language: str, currency: str = "EUR") -> str:
    """An amount without cents, as the workshop's sliders and fields show it: `€ 1.234.567`."""
    pattern = "¤ #,##0" if language == "nl" else "¤#,##0"
    return format_currency(
        value, currency, format=pattern, locale=locale(language), currency_digits=False
    )


@_half_up
def percent(fraction: float, language: str, digits: int = 1) -> str:
    """A fraction as a percentage: 0.825 -> `82,5%`."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
    return format_percent(fraction, format=_pattern(pattern), locale=_babel_locale(language))


def date(value: dt.date, language: str) -> str:
    """`15 oktober 2026` in Dutch, `15 October 2026` in English."""
    return format_date(value, format="d MMMM y", locale=_babel_locale(language))


def country_names(language: str) -> dict[str, str]:
    """ISO 3166-1 code -> the country's name as a reader of `language` writes it (babel's names):
    what a bidder may have written instead of the code (`Nederland`, `Germany`)."""
    from babel import Locale

    return dict(Locale.parse(locale(language)).territories)
