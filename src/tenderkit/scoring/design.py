"""Warnings about the design of a tender's scoring: the pitfalls that lose court cases.

Before opening: relative price formulas (rank reversal), a price weight so low that price hardly
matters, an "equal within x%" tie rule. After opening: a rank reversal that actually happens,
an invalid bid whose presence changes the winner under the other invalidated-bid rule, price
that cannot change the outcome, price and quality points spread on very different lengths, and
formula outcomes that make no sense (a comparison price at or below zero, negative price points).
"""

from __future__ import annotations

import re

import numpy as np

from tenderkit.formats.scoring_model import ScoringModel
from tenderkit.formatting import fixed, percent
from tenderkit.i18n import label, text
from tenderkit.result import Notice
from tenderkit.scoring.price import FORMULA_PROPERTIES

LOW_PRICE_SHARE = 0.2
SPREAD_RATIO_LIMIT = 3.0
_WITHIN_PERCENT = re.compile(r"(binnen|within)\s+\d+([.,]\d+)?\s*(%|procent|percent)", re.I)


def published_warnings(scoring: ScoringModel, language: str) -> list[Notice]:
    warnings = []
    formula = scoring.price.formula
    if FORMULA_PROPERTIES[formula].relative:
        warnings.append(
            Notice(
                code="relative_price_formula",
                message=text(
                    "scoring",
                    "relative_price_formula",
                    language,
                    formula=label("formula", formula, language),
                ),
            )
        )
    total = scoring.quality_weight + scoring.price_weight
    if formula != "fictitious_discount" and 0 < scoring.price_weight / total < LOW_PRICE_SHARE:
        warnings.append(
            Notice(
                code="price_weight_low",
                message=text(
                    "scoring",
                    "price_weight_low",
                    language,
                    share=percent(scoring.price_weight / total, language),
                ),
            )
        )
    if _WITHIN_PERCENT.search(f"{scoring.title} {scoring.description}"):
        warnings.append(
            Notice(
                code="tie_rule_within_percent",
                message=text("scoring", "tie_rule_within_percent", language),
            )
        )
    return warnings


def outcome_warnings(
    scoring: ScoringModel,
    language: str,
    ids: list[str],
    names: dict[str, str],
    valid: np.ndarray,
    quality_points: np.ndarray,
    price_points: np.ndarray,
    comparison: np.ndarray | None,
    winner: str | None,
) -> list[Notice]:
    warnings = []
    formula = scoring.price.formula
    additive = FORMULA_PROPERTIES[formula].additive
    if additive and valid.sum() >= 2:
        q_spread = float(np.ptp(quality_points[valid]))
        p_spread = float(np.ptp(price_points[valid]))
        if winner is not None and scoring.price_weight > 0:
            # with full price points for every other bid, does the winner still win on quality?
            w = ids.index(winner)
            best_other = max(
                quality_points[i] + scoring.price_weight
                for i in range(len(ids))
                if valid[i] and i != w
            )
            if quality_points[w] + float(np.min(price_points[valid])) > best_other:
                warnings.append(
                    Notice(
                        code="price_not_decisive",
                        message=text(
                            "scoring", "price_not_decisive", language, winner=names[winner]
                        ),
                    )
                )
        nominal = scoring.quality_weight / scoring.price_weight if scoring.price_weight else None
        if nominal and q_spread > 0 and p_spread > 0:
            effective = q_spread / p_spread
            if effective / nominal > SPREAD_RATIO_LIMIT or nominal / effective > SPREAD_RATIO_LIMIT:
                warnings.append(
                    Notice(
                        code="scale_length_mismatch",
                        message=text(
                            "scoring",
                            "scale_length_mismatch",
                            language,
                            price_spread=fixed(p_spread, language),
                            quality_spread=fixed(q_spread, language),
                            weights=f"{fixed(scoring.quality_weight, language, 0)}/"
                            f"{fixed(scoring.price_weight, language, 0)}",
                        ),
                    )
                )
    if formula == "log" and not scoring.price.floor_at_zero:
        for i, bid in enumerate(ids):
            if price_points[i] < 0:
                warnings.append(
                    Notice(
                        code="negative_price_points",
                        bidder=bid,
                        message=text(
                            "scoring", "negative_price_points", language, bidder=names[bid]
                        ),
                    )
                )
    if formula == "fictitious_discount" and comparison is not None:
        for i, bid in enumerate(ids):
            if comparison[i] <= 0:
                warnings.append(
                    Notice(
                        code="nonpositive_comparison",
                        bidder=bid,
                        message=text(
                            "scoring",
                            "nonpositive_comparison",
                            language,
                            bidder=names[bid],
                            value=fixed(comparison[i], language),
                        ),
                    )
                )
    return warnings
