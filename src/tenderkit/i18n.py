"""Texts for people, in Dutch (default) or English, and numbers, money and dates through babel.

Every sentence tenderkit writes for a buyer or bidder comes from a catalogue in `texts/*.yaml`
(`key: {nl: ..., en: ...}` with `{placeholders}`), so a message is defined once, in both languages.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from tenderkit.formats.yamlio import parse_yaml

LANGUAGES = ("nl", "en")
LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def locale(language: str) -> str:
    if language not in LOCALES:
        raise ValueError(f"language '{language}' is not one of {', '.join(LANGUAGES)}")
    return LOCALES[language]


@cache
def catalogue(name: str) -> dict[str, dict[str, str]]:
    """A text catalogue `texts/<name>.yaml`: key -> {nl, en}. Checked complete when loaded."""
    source = resources.files("tenderkit") / "texts" / f"{name}.yaml"
    data = parse_yaml(source.read_text("utf-8"))
    for key, texts in data.items():
        missing = [lang for lang in LANGUAGES if not isinstance(texts, dict) or lang not in texts]
        if missing:
            raise ValueError(f"texts/{name}.yaml: {key}: missing {', '.join(missing)}")
    return data


def text(name: str, key: str, language: str, /, **values: Any) -> str:
    """The text `key` of catalogue `name` in `language`, with placeholders filled in."""
    template = catalogue(name)[key][language if language in LANGUAGES else "nl"]
    return template.format(**values)


def label(group: str, code: str, language: str, /) -> str:
    """The words for a code of `group` (`verdict`, `flag`, `formula`, ...) from texts/codes.yaml:
    `label("verdict", "limited", "nl")` is "beperkt". One definition per code, for every document;
    an unknown code raises KeyError, so a code never reaches a reader as a label."""
    return text("codes", f"{group}.{code}", language)


def term(concept: str, language: str, regime: str | None = None, /) -> str:
    """The glossary's word for a concept (texts/glossary.yaml): `term("buyer", "nl", "public")`
    is "aanbestedende dienst", with "private" "opdrachtgever"; a concept the same in both
    regimes is asked without one (`term("panel", "nl")`)."""
    entries = catalogue("glossary")
    key = f"{concept}_{regime}" if regime and f"{concept}_{regime}" in entries else concept
    return text("glossary", key, language)


def in_regime(template: str, language: str, regime: str, /) -> str:
    """A catalogue text written for a public tender, in the words of `regime`: for a private
    request for proposals the glossary's `bid_private` ("offerte", "proposal") replaces
    `bid_public` ("inschrijving", "bid"), singular and plural, outside {placeholders}."""
    if regime != "private":
        return template
    entries = catalogue("glossary")
    public, private = entries["bid_public"], entries["bid_private"]
    pairs = [
        (public["plural"][language], private["plural"][language]),
        (public[language], private[language]),
    ]

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        for old, new in pairs:
            if word.lower() == old:
                return new[:1].upper() + new[1:] if word[:1].isupper() else new
        return word

    words = "|".join(re.escape(old) for old, _ in pairs)
    pattern = re.compile(rf"\{{[^}}]*\}}|(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)
    return pattern.sub(lambda m: m.group(0) if m.group(0).startswith("{") else swap(m), template)


def has_label(group: str, code: str) -> bool:
    return f"{group}.{code}" in catalogue("codes")


def count_text(name: str, key: str, count: int, language: str, /, **values: Any) -> str:
    """A text that agrees with a number: `<key>_one` for 1, `<key>_other` otherwise
    ("1 maatregel", "3 maatregelen"); `count` is passed on as a placeholder."""
    form = "one" if count == 1 else "other"
    return text(name, f"{key}_{form}", language, count=count, **values)


def joined(items: Iterable[str], language: str, /) -> str:
    """Names as a sentence lists them: "A", "A en B", "A, B en C" (the word from texts/letters)."""
    names = list(items)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {text('letters', 'and', language)} {names[-1]}"


def page_numbers(pages: Iterable[int]) -> str:
    """Pages as a reader cites them: `8`, `8-9`, `8, 10-12` (sorted, each page once)."""
    runs: list[list[int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def page_citation(name: str, key: str, pages: Iterable[int], language: str, /) -> str:
    """ "rapport p. 8" / "report pp. 8-9" from catalogue `name`'s `<key>_page` or `<key>_pages`
    text (placeholder `pages`); "" when no page is known, so nothing is ever cited that the
    source does not say."""
    unique = sorted(set(pages))
    if not unique:
        return ""
    suffix = "_page" if len(unique) == 1 else "_pages"
    return text(name, key + suffix, language, pages=page_numbers(unique))


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
    return format_decimal(value, format=pattern, locale=locale(language))


@_half_up
def fixed(value: float, language: str, digits: int = 2) -> str:
    """A number with exactly `digits` decimals, e.g. points: `49,20`."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale(language))


@_half_up
def money(value: float, language: str, currency: str = "EUR") -> str:
    """`€ 1.234.567,00` in Dutch, `€1,234,567.00` in English."""
    return format_currency(value, currency, locale=locale(language))


@_half_up
def percent(fraction: float, language: str, digits: int = 1) -> str:
    """A fraction as a percentage: 0.825 -> `82,5%`."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
    return format_percent(fraction, format=pattern, locale=locale(language))


def date(value: dt.date, language: str) -> str:
    """`15 oktober 2026` in Dutch, `15 October 2026` in English."""
    return format_date(value, format="d MMMM y", locale=locale(language))
