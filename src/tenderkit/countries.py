"""Countries: the ISO 3166-1 alpha-2 codes and the member states of the European Economic Area.

Why one module: a data location is checked in the bid format (is it a country at all), in the
requirement sets (is it in the EEA) and in the risk register (does a transfer leave the EEA); each
must use the same list, or one of them would let through what another refuses.
"""

from __future__ import annotations

__all__ = ["EEA", "in_eea"]

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


def in_eea(code: str) -> bool:
    """Is this country code (any case) an EEA state?"""
    return code.strip().upper() in EEA
