"""Texts for people, in Dutch (default) or English.

Every sentence tenderkit writes for a buyer or bidder comes from a catalogue in `texts/*.yaml`
(`key: {nl: ..., en: ...}` with `{placeholders}`), so a message is defined once, in both languages.
How a figure in such a sentence is shown (numbers, money, dates) is `tenderkit.formatting`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from tenderkit.formats.yamlio import parse_yaml
from tenderkit.formatting import LOCALES

LANGUAGES = tuple(LOCALES)


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


def text(name: str, key: str, language: str, regime: str | None = None, /, **values: Any) -> str:
    """The text `key` of catalogue `name` in `language`, with placeholders filled in; with a
    `regime` in that regime's words (`in_regime`: "offerte" for a private request)."""
    template = catalogue_template(name, key, language)
    if regime is not None:
        template = in_regime(template, language, regime)
    return template.format(**values)


def catalogue_template(name: str, key: str, language: str, /) -> str:
    """The text `key` of catalogue `name` in `language` with its {placeholders} unfilled: for a
    caller that fills one text thousands of times (the panel's disagreement notices)."""
    return catalogue(name)[key][language if language in LANGUAGES else "nl"]


def label(group: str, code: str, language: str, regime: str | None = None, /) -> str:
    """The words for a code of `group` (`verdict`, `flag`, `formula`, ...) from texts/codes.yaml:
    `label("verdict", "limited", "nl")` is "beperkt". One definition per code, for every document;
    an unknown code raises KeyError, so a code never reaches a reader as a label."""
    return text("codes", f"{group}.{code}", language, regime)


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


def count_text(
    name: str, key: str, count: int, language: str, regime: str | None = None, /, **values: Any
) -> str:
    """A text that agrees with a number: `<key>_one` for 1, `<key>_other` otherwise
    ("1 maatregel", "3 maatregelen"); `count` is passed on as a placeholder. With a `regime`
    in its words, as `text`."""
    form = "one" if count == 1 else "other"
    return text(name, f"{key}_{form}", language, regime, count=count, **values)


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
