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
from tenderkit.formats import limits
from tenderkit.formats.messages import shown
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
        raise ValueError(f"expected text, got {str(value).lower()}; put it in quotes")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(
            f"{value!r} is a number, not an id; write it in quotes so it is read as written"
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- identifiers ----------------------------------------------------------------------------------


@lru_cache(maxsize=65_536)
def id_problem(text: str, pattern: re.Pattern[str] = limits.ID_PATTERN) -> str | None:
    """What is wrong with an id, in words for the person who wrote it; None when it is fine.

    One rule for every id, also for the ones taken from file names (bid and evaluator ids):
    ASCII only, so a Cyrillic `а` cannot pass for a Latin `a`; a length that fits any disk; no
    name that Windows reserves for a device.

    Cached: a tender of 50 bids x 2000 requirements x 7 evaluators checks the same few thousand
    ids over a million times (every answer and every panel line names them).
    """
    if not text:
        return "must not be empty"
    if len(text) > limits.MAX_ID_LENGTH:
        return f"is {len(text)} characters long; an id has at most {limits.MAX_ID_LENGTH}"
    odd = None if text.isascii() else next(c for c in text if not c.isascii())
    if odd is not None:
        name = unicodedata.name(odd, f"U+{ord(odd):04X}").lower()
        return (
            f"'{text}' contains '{odd}' ({name}), which is not a plain ASCII character; ids use "
            "A-Z, a-z, 0-9, '-', '_' and '.' only, so no look-alike letter can pass for another"
        )
    if not pattern.fullmatch(text):
        extra = ", '(' and ')'" if "(" in pattern.pattern else ""
        return (
            f"'{text}' is not a valid id: it starts with a letter or digit, uses only "
            f"letters, digits, '-', '_' and '.'{extra}, and does not end with '.'"
        )
    if pattern is limits.ID_PATTERN and text.split(".")[0].upper() in limits.WINDOWS_RESERVED:
        return (
            f"'{text}' is a name Windows reserves for a device ({text.split('.')[0].upper()}), "
            "so no file can carry it; choose another id"
        )
    return None


def _check_id(value: str) -> str:
    problem = id_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _check_control_id(value: str) -> str:
    problem = id_problem(value, limits.CONTROL_ID_PATTERN)
    if problem:
        raise ValueError(problem)
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
        raise ValueError(f"{', '.join(doubles)} appear(s) more than once")
    pairs = same_apart_from_case(values)
    if pairs:
        shown_pairs = "; ".join(f"'{a}' and '{b}'" for a, b in pairs)
        raise ValueError(f"ids may not differ only in upper and lower case: {shown_pairs}")
    return values


Id = Annotated[
    str,
    BeforeValidator(_as_text),
    StringConstraints(strip_whitespace=True),
    AfterValidator(_check_id),
]
"""An identifier (bid, requirement, criterion, evaluator, report, risk, fact id): text whatever
it looks like, of the characters and length in `limits`."""

ControlId = Annotated[
    str,
    BeforeValidator(_as_text),
    StringConstraints(strip_whitespace=True),
    AfterValidator(_check_control_id),
]
"""A framework reference (`8.24`, `CC6.7`, `28(3)(c)`): an id that may hold brackets."""

UniqueIds = Annotated[list[Id], AfterValidator(unique_ids)]
"""A list of ids that must differ, also apart from case (e.g. the tender's evaluators)."""

# --- texts ----------------------------------------------------------------------------------------


def _one_line(value: str) -> str:
    odd = next((c for c in value if unicodedata.category(c) == "Cc"), None)
    if odd is not None:
        raise ValueError(
            f"contains a control character (U+{ord(odd):04X}, e.g. a line break); "
            "a name is one line of text"
        )
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


def finite_problem(value: Any) -> str | None:
    """What keeps a value from being a usable number; None when it is one.

    A boolean is not a number (`price: true` would count as 1), nor is text (`"1e3"`, `"438,60"`:
    what was meant is a guess); `.inf`, `.nan` and `1e400` (infinite once read) break every sum.
    """
    if isinstance(value, bool):
        return f"expected a number, got {str(value).lower()}"
    if isinstance(value, str):
        try:
            float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            return f"expected a number, got {shown(value)}"
        return f"expected a number, got the text {shown(value)}; write the number without quotes"
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            return (
                f"{shown(value)} is not a usable number (infinite, not a number, or too large); "
                "write a plain number such as 12.5"
            )
    return None


def _number(value: Any) -> Any:
    problem = finite_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _money(value: Any) -> Any:
    _number(value)
    source = str(getattr(value, "source", "")).strip().lstrip("+-")
    whole, dot, fraction = source.partition(".")
    if dot and len(fraction) == 3 and whole.isdigit() and whole != "0" and fraction.isdigit():
        raise ValueError(
            f"{source} is ambiguous (a thousands separator or a decimal?); write the amount "
            f"without thousands separators, e.g. {whole}{fraction} or {whole}.{fraction[:2]}"
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
            raise ValueError(f"{where}: {problem}")
    elif isinstance(value, str) and len(value) > limits.MAX_TEXT_LENGTH:
        raise ValueError(f"{where}: is too long (at most {limits.MAX_TEXT_LENGTH} characters)")


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
        raise ValueError(f"'{value}' is not an ISO 3166-1 country code such as NL, DE or IE")
    return code


CountryCode = Annotated[str, BeforeValidator(_as_text), AfterValidator(_country)]


class Localized(Strict):
    """A text for people in both languages tenderkit writes (Dutch by default, or English)."""

    nl: Text = Field(min_length=1)
    en: Text = Field(min_length=1)

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.nl
