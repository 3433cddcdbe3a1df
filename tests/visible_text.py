"""What a reader of tenderkit's HTML sees, and the checks that no machinery shows through.

Shared by the tests of the award report, letters and risk pages (tests/reporting) and of the
workbook: a document for a Dutch board shows no code (`status_partial`, `BREACH-LATE`) and no
English word, and an English one no Dutch word. A code an expert needs may stand beside its label
in an element of class `code` (`<small class="code">`): that element is not visible text here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from bs4 import BeautifulSoup, Comment

from tenderkit.i18n import catalogue

CODE_CLASS = "code"
"""The class of an element that holds a code for an expert, beside its label."""

ENGLISH_WORDS = frozenset(
    (
        "accepted",
        "limited",
        "rejected",
        "invalid",
        "valid",
        "risks",
        "risk",
        "appetite",
        "above",
        "below",
        "measures",
        "measure",
        "escalate",
        "quality",
        "price",
        "lot",
        "bid",
        "bids",
        "bidder",
        "winner",
        "award",
        "requirement",
        "requirements",
        "total",
        "points",
        "weight",
        "yes",
        "none",
        "missing",
        "found",
        "report",
        "reports",
        "certificate",
        "true",
        "false",
        "null",
        "wish",
        "shift",
    )
)
"""English words that never belong in Dutch text (a Dutch word that happens to be spelt alike,
such as "score" or "rapport", is not in this list)."""

DUTCH_WORDS = frozenset(
    (
        "ongeldig",
        "ongeldige",
        "geldig",
        "maatregel",
        "maatregelen",
        "kwaliteit",
        "prijs",
        "inschrijving",
        "inschrijvingen",
        "inschrijver",
        "eis",
        "eisen",
        "wens",
        "wensen",
        "risico",
        "risico's",
        "gunning",
        "winnaar",
        "aanvaard",
        "beperkt",
        "verworpen",
        "opdrachtgever",
        "afnemer",
        "beoordeling",
        "criterium",
        "punten",
        "ja",
        "nee",
        "geen",
        "toelichting",
    )
)
"""Dutch words that never belong in English text."""

_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", re.IGNORECASE)
_SHOUTED_CODE = re.compile(r"\b[A-Z]+(?:-[A-Z]+)+\b")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def visible_text(html: str) -> str:
    """The text a reader sees: no comments, styles, scripts or expert codes; whitespace folded."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["style", "script", "head", "template"]):
        hidden.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for code in soup.find_all(class_=CODE_CLASS):
        code.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()


@cache
def known_codes() -> frozenset[str]:
    """Every code texts/codes.yaml gives a label (`<group>.<code>` keys): `lowest_relative`,
    `rpo`; a code the catalogue knows must never stand as a word of the visible text."""
    return frozenset(key.partition(".")[2] for key in catalogue("codes"))


def code_tokens(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The codes in `text`: snake_case (`status_partial`, `incident_response_P1`), ids of
    upper-case words (`R-AVAIL`, `BREACH-LATE`, `M-EXTRA-REPORT`) and any code of the label
    catalogue that is not also a plain word (`rpo`); `allowed` words are not codes."""
    plain = set(allowed)
    found = [m.group(0) for m in _SNAKE.finditer(text)]
    found += [m.group(0) for m in _SHOUTED_CODE.finditer(text)]
    found += [w for w in re.findall(r"[\w-]+", text) if w in known_codes() and "_" in w]
    return [token for token in found if token not in plain]


def data_texts(values: Any) -> list[str]:
    """Every text of a tender's own data (titles, names, answers, rationales, notes), longest
    first: that is the buyer's and the bidders' wording, in their language, not tenderkit's, so
    the language checks leave it out."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if hasattr(value, "model_dump"):
            walk(value.model_dump(mode="json"))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, str) and len(value) >= 3:
            found.add(re.sub(r"\s+", " ", value).strip())

    walk(values)
    return sorted(found, key=len, reverse=True)


PANDAS_CUT = 46
"""pandas shows at most 50 characters of a cell: 46 and "..." (the risk pages' tables today)."""


def without(text: str, strings: Iterable[str]) -> str:
    """`text` with every occurrence of `strings` cut out (a data text, quoted in ours), also
    where a table shows only its beginning and "..."."""
    for string in strings:
        text = text.replace(string, " ")
        if len(string) > PANDAS_CUT:
            text = text.replace(string[:PANDAS_CUT] + "...", " ")
    return text


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def foreign_words(text: str, language: str, allowed: Iterable[str] = ()) -> list[str]:
    """Words of the other language in `text`, written in `language` (nl or en)."""
    forbidden = (ENGLISH_WORDS if language == "nl" else DUTCH_WORDS) - set(allowed)
    return sorted(words(text) & forbidden)


def context(text: str, token: str, width: int = 60) -> str:
    """Where `token` stands in `text`, for a failure message a person can act on."""
    index = text.lower().find(token.lower())
    return text[max(0, index - width) : index + len(token) + width] if index >= 0 else token
