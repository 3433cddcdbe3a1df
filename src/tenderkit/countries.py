"""Countries: the ISO 3166-1 alpha-2 codes and the member states of the European Economic Area.

Why one module: a data location is checked in the bid format (is it a country at all), in the
requirement sets (is it in the EEA) and in the risk register (does a transfer leave the EEA); each
must use the same list, or one of them would let through what another refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import pycountry

__all__ = ["EEA", "GROUPS", "country_codes", "expand_groups", "in_eea"]


@cache
def country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of countries, from pycountry (the ISO list itself).

    Not babel's territories: CLDR also holds groupings and placeholders such as EU, EZ, UN, QO
    and ZZ, which are no country and no place data can be stored in.
    """
    return frozenset(country.alpha_2 for country in pycountry.countries)


EEA: frozenset[str] = frozenset(
    {
        # the 27 EU member states
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        # and the three EFTA states of the EEA agreement
        "IS", "LI", "NO",
    }
)  # fmt: skip
"""The 30 states of the European Economic Area (GDPR chapter V: a transfer is data leaving them)."""


GROUPS: dict[str, frozenset[str]] = {"EEA": EEA}
"""Names a requirement's check may use for a list of countries: `value: [EEA]` is the EEA."""


def in_eea(code: str) -> bool:
    """Is this country code (any case) an EEA state?"""
    return code.strip().upper() in EEA


def expand_groups(values: Iterable[Any]) -> list[Any]:
    """A check's list of allowed values with each group name (`EEA`) replaced by its countries."""
    out: list[Any] = []
    for value in values:
        group = GROUPS.get(str(value).strip().upper()) if isinstance(value, str) else None
        out.extend(sorted(group) if group is not None else [value])
    return out
