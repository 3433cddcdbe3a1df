"""The tender and scoring model the engine tests share (their requirement sets differ).

Kept here rather than imported from tests/conftest.py: these are English-language variants, and
each engine test file builds its own requirement set and bids around them.
"""

from __future__ import annotations

from typing import Any

TENDER: dict[str, Any] = {
    "tenderkit": 1,
    "id": "mini-tender",
    "title": "Mini tender",
    "language": "en",
    "buyer": {"name": "Gemeente Test", "kind": "gemeente"},
    "requirement_set": "requirements.yaml",
    "scoring": "scoring.yaml",
    "dates": {"published": "2026-09-01", "closing": "2026-10-15", "award": "2026-11-02"},
    "contract_months": 48,
}

SCORING: dict[str, Any] = {
    "tenderkit": 1,
    "id": "bpkv",
    "title": "BPKV 60/40",
    "quality_weight": 60,
    "price_weight": 40,
    "scale": [0, 2, 4, 6, 8, 10],
    "price": {"formula": "lowest_relative"},
}
"""60/40, lowest relative price, scale 0-2-4-6-8-10."""

SCORING_0_TO_10: dict[str, Any] = {**SCORING, "scale": list(range(11))}
"""The same model on a 0..10 scale in steps of one."""
