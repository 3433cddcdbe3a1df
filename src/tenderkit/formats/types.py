"""Field types shared by every format: ids, names, texts, numbers, the strict base model.

FORMATS.md: "Ids and codes are text, whatever they look like." The YAML reader keeps the source
text of numbers (`YamlFloat.source`), so `Id` turns `8.10` back into the text "8.10" instead of
the number 8.1; a number that reaches an id field by another route (JSON, Excel) is refused when
its text would be ambiguous.

Each kind of value has one type here and is checked once, wherever it appears: `Id` (characters,
length, Windows device names), `Name` and `Text` (lengths), `Number`, `Whole` and `Money` (a
number written as one, finite; money never with three decimals). The limits themselves live in
`tenderkit.formats.limits`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from tenderkit.countries import country_codes
from tenderkit.errors import Both, Invalid
from tenderkit.formats import limits
from tenderkit.formats.messages import did_you_mean, shown
from tenderkit.formats.yamlio import YamlFloat, YamlInt


class Strict(BaseModel):
    """Base of every file model: an unknown key is an error, so a typo never passes silently.

    No float field takes infinity or not-a-number, also where a field is a plain `float`.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


def _as_text(value: Any) -> Any:
    if type(value) is str:  # the common case first: this runs for every id and text of a tender
        return value
    if isinstance(value, YamlInt | YamlFloat):
        return value.source
    if isinstance(value, bool):
        raise Invalid("text_not_bool", value=str(value).lower())
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise Invalid("number_not_id", value=repr(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# `Id` and `ControlId` name their trim before `_as_text`, so pydantic puts it into its core
# string check instead of wrapping it in a Python function, which ran for every id of a tender
# (230,000 calls at 50 bids x 2000 requirements). The order of the checks is unchanged: a
# before-validator runs before the schema it wraps, so `_as_text` still runs first, then the
# trimmed string check, then the id rule. `Name` and `Text` keep their order as it is: there
# pydantic measures the length before the trim, and a move would change which texts pass.

# --- identifiers ----------------------------------------------------------------------------------


def id_problem(text: str, pattern: re.Pattern[str] = limits.ID_PATTERN) -> Invalid | None:
    """What is wrong with an id (see `_id_problem`), as a fresh `Invalid` to raise; None when
    it is fine. Fresh, so no cached exception keeps the traceback (and the data) of a raise."""
    found = _id_problem(text, pattern)
    return None if found is None else Invalid(found[0], **dict(found[1]))


@lru_cache(maxsize=65_536)
def _id_problem(
    text: str, pattern: re.Pattern[str] = limits.ID_PATTERN
) -> tuple[str, tuple[tuple[str, Any], ...]] | None:
    """What is wrong with an id, in words for the person who wrote it; None when it is fine.

    One rule for every id, also for the ones taken from file names (bid and evaluator ids):
    ASCII only, so a Cyrillic `а` cannot pass for a Latin `a`; a length that fits any disk; no
    name that Windows reserves for a device.

    Cached: a tender of 50 bids x 2000 requirements x 7 evaluators checks the same few thousand
    ids over a million times (every answer and every panel line names them).
    """
    if not text:
        return ("empty", ())
    if len(text) > limits.MAX_ID_LENGTH:
        return ("id_too_long", (("length", len(text)), ("limit", limits.MAX_ID_LENGTH)))
    odd = None if text.isascii() else next(c for c in text if not c.isascii())
    if odd is not None:
        name = unicodedata.name(odd, f"U+{ord(odd):04X}").lower()
        return ("id_not_ascii", (("id", text), ("character", odd), ("name", name)))
    if not pattern.fullmatch(text):
        brackets = "(" in pattern.pattern
        return ("id_form_brackets" if brackets else "id_form", (("id", text),))
    if pattern is limits.ID_PATTERN and text.split(".")[0].upper() in limits.WINDOWS_RESERVED:
        return ("id_windows", (("id", text), ("device", text.split(".")[0].upper())))
    return None


def _check_id(value: str) -> str:
    if _id_problem(value) is not None:  # the cached check first: this runs for every id
        raise id_problem(value)  # type: ignore[misc]
    return value


def _check_control_id(value: str) -> str:
    if _id_problem(value, limits.CONTROL_ID_PATTERN) is not None:
        raise id_problem(value, limits.CONTROL_ID_PATTERN)  # type: ignore[misc]
    return value


def same_apart_from_case(ids: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs (first, later) of ids equal apart from case: `Acme` and `acme` are one file on
    Windows and macOS, and one name to a reader."""
    first: dict[str, str] = {}
    pairs = []
    for item in ids:
        key = item.casefold()
        if key in first and first[key] != item:
            pairs.append((first[key], item))
        first.setdefault(key, item)
    return pairs


def unique_ids(values: list[str]) -> list[str]:
    """`values` when no two are equal, also apart from case; else ValueError saying which."""
    doubles = sorted({v for v in values if values.count(v) > 1})
    if doubles:
        raise Invalid("ids_twice", ids=doubles)
    pairs = same_apart_from_case(values)
    if pairs:
        shown_pairs = [Both.of("word_pair", first=a, second=b) for a, b in pairs]
        raise Invalid("ids_case", pairs=shown_pairs)
    return values


Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    BeforeValidator(_as_text),
    AfterValidator(_check_id),
]
"""An identifier (bid, requirement, criterion, evaluator, report, risk, fact id): text whatever
it looks like, of the characters and length in `limits`."""

ControlId = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    BeforeValidator(_as_text),
    AfterValidator(_check_control_id),
]
"""A framework reference (`8.24`, `CC6.7`, `28(3)(c)`): an id that may hold brackets."""

UniqueIds = Annotated[list[Id], AfterValidator(unique_ids)]
"""A list of ids that must differ, also apart from case (e.g. the tender's evaluators)."""

# --- texts ----------------------------------------------------------------------------------------


def _one_line(value: str) -> str:
    odd = next((c for c in value if unicodedata.category(c) == "Cc"), None)
    if odd is not None:
        raise Invalid("name_control_character", code=f"U+{ord(odd):04X}")
    return value


Name = Annotated[
    str,
    BeforeValidator(_as_text),
    StringConstraints(strip_whitespace=True, max_length=limits.MAX_NAME_LENGTH),
    AfterValidator(_one_line),
]
"""A name or title (bidder, buyer, criterion, issuer): one line of at most MAX_NAME_LENGTH."""

Text = Annotated[
    str,
    BeforeValidator(_as_text),
    StringConstraints(strip_whitespace=True, max_length=limits.MAX_TEXT_LENGTH),
]
"""Free text written by a person; numbers written without quotes are kept as written."""

# --- numbers --------------------------------------------------------------------------------------


def finite_problem(value: Any) -> Invalid | None:
    """What keeps a value from being a usable number; None when it is one.

    A boolean is not a number (`price: true` would count as 1), nor is text (`"1e3"`, `"438,60"`:
    what was meant is a guess); `.inf`, `.nan` and `1e400` (infinite once read) break every sum.
    """
    if isinstance(value, bool):
        return Invalid("number_expected", value=str(value).lower())
    if isinstance(value, str):
        try:
            float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            return Invalid("number_expected", value=shown(value))
        return Invalid("number_quoted", value=shown(value))
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            return Invalid("number_unusable", value=shown(value))
    return None


def _number(value: Any) -> Any:
    problem = finite_problem(value)
    if problem:
        raise problem
    return value


def _money(value: Any) -> Any:
    _number(value)
    source = str(getattr(value, "source", "")).strip().lstrip("+-")
    whole, dot, fraction = source.partition(".")
    if dot and len(fraction) == 3 and whole.isdigit() and whole != "0" and fraction.isdigit():
        raise Invalid(
            "money_ambiguous",
            value=source,
            whole=f"{whole}{fraction}",
            decimal=f"{whole}.{fraction[:2]}",
        )
    return value


def check_numbers(value: Any, where: str) -> None:
    """Refuse a non-finite number anywhere in a free value (a fact, a check's value)."""
    if isinstance(value, list):
        for item in value:
            check_numbers(item, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_numbers(item, f"{where}.{key}")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        problem = finite_problem(value)
        if problem:
            raise Invalid("at_place", where=where, problem=problem)
    elif isinstance(value, str) and len(value) > limits.MAX_TEXT_LENGTH:
        raise Invalid(
            "at_place", where=where, problem=Invalid("too_long_text", limit=limits.MAX_TEXT_LENGTH)
        )


Number = Annotated[float, BeforeValidator(_number)]
"""A number written as a number: not a boolean, not text, finite."""

Whole = Annotated[int, BeforeValidator(_number)]
"""A whole number written as a number: not a boolean, not text."""

Money = Annotated[float, BeforeValidator(_money)]
"""An amount of money: a `Number`, and never with exactly three decimals (`438.600`), which in a
Dutch hand is a thousands separator; the Excel reader refuses the same."""


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in country_codes():
        raise Invalid(
            "country", value=value, **({"suggestion": s} if (s := _close_country(code)) else {})
        )
    return code


def _close_country(code: str) -> str:
    """The code of a country written by its name (`Nederland`, `Germany`), in Dutch or English
    (babel's country names), or of a close misspelling of one; "" when none is close."""
    if len(code) <= 2:
        return ""
    names = _country_names()
    found = did_you_mean(code, names, cutoff=0.8)  # a wrong country would mislead: close only
    return names[found] if found else ""


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from tenderkit.formatting import country_names

    codes = country_codes()
    return {
        name: territory
        for language in ("nl", "en")
        for territory, name in country_names(language).items()
        if territory in codes
    }


CountryCode = Annotated[str, BeforeValidator(_as_text), AfterValidator(_country)]


class Localized(Strict):
    """A text for people in both languages tenderkit writes (Dutch by default, or English)."""

    nl: Text = Field(min_length=1)
    en: Text = Field(min_length=1)

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.nl
