"""Field types shared by every format: ids kept as written, country codes, the strict base model.

FORMATS.md: "Ids and codes are text, whatever they look like." The YAML reader keeps the source
text of numbers (`YamlFloat.source`), so `Id` turns `8.10` back into the text "8.10" instead of
the number 8.1; a number that reaches an id field by another route (JSON, Excel) is refused when
its text would be ambiguous.
"""

from __future__ import annotations

import datetime as dt
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
from tenderkit.formats.yamlio import YamlFloat, YamlInt


class Strict(BaseModel):
    """Base of every file model: an unknown key is an error, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _as_text(value: Any) -> Any:
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


Id = Annotated[
    str,
    BeforeValidator(_as_text),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
]
"""An identifier or code: text, whatever it looks like (control, bidder, requirement ids)."""

Text = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True)]
"""Free text written by a person; numbers written without quotes are kept as written."""


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
