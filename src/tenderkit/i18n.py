"""Texts for people, in Dutch (default) or English.

Every sentence tenderkit writes for a buyer or bidder comes from a catalogue in `texts/*.yaml`
(`key: {nl: ..., en: ...}` with `{placeholders}`), so a message is defined once, in both languages.
How a figure in such a sentence is shown (numbers, money, dates) is `tenderkit.formatting`.
"""

from __future__ import annotations

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


def text(name: str, key: str, language: str, /, **values: Any) -> str:
    """The text `key` of catalogue `name` in `language`, with placeholders filled in."""
    template = catalogue(name)[key][language if language in LANGUAGES else "nl"]
    return template.format(**values)


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
