"""How robust is the ranking? Leave-one-out, weight flips and Monte Carlo over the weights.

A court or a losing bidder asks: would the outcome change if one bid had not been there (rank
reversal under relative price formulas), if the quality/price split or a criterion weight had been
a little different, or under any plausible weighting? Every question is answered by scoring many
variants at once: the price formulas broadcast over a leading samples axis, and quality under other
criterion weights is one matrix product with the fixed criterion fractions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from tenderkit.formats.scoring_model import PriceSpec
from tenderkit.scoring.price import score_prices
from tenderkit.scoring.quality import QualityMatrix
from tenderkit.scoring.ranking import winners

SPLIT_STEPS = 1001
CRITERION_STEPS = 501
DISCOUNT_FACTORS = np.linspace(0.0, 4.0, 801)
MONTE_CARLO_SAMPLES = 10_000
CONCENTRATION = 50.0


@dataclass(frozen=True)
class Scenario:
    """Everything needed to score a variant: the fixed parts of a tender's scoring."""

    ids: list[str]
    spec: PriceSpec
    prices: np.ndarray
    valid: np.ndarray
    reference: np.ndarray
    quality_weight: float
    price_weight: float
    matrix: QualityMatrix

    def scores(self, quality: np.ndarray, qw: Any = None, pw: Any = None, reference=None):
        qw = self.quality_weight if qw is None else qw
        pw = self.price_weight if pw is None else pw
        ref = self.reference if reference is None else reference
        return score_prices(self.spec, self.prices, quality, ref, qw, pw).score


def seed_for(tender_id: str) -> int:
    """A seed derived from the tender id: the same tender always draws the same samples."""
    return int(hashlib.sha256(tender_id.encode()).hexdigest()[:8], 16)


def leave_one_out(sc: Scenario, baseline_order: list[str]) -> list[dict[str, Any]]:
    """For each valid bid: who wins without it, and does the order of the others change?"""
    out = []
    quality = sc.matrix.quality()
    for j, dropped in enumerate(sc.ids):
        if not sc.valid[j]:
            continue
        valid = sc.valid.copy()
        valid[j] = False
        reference = sc.reference.copy()
        reference[j] = False
        if not valid.any():
            continue
        score = sc.scores(quality, reference=reference)
        order = sorted(
            (i for i in range(len(sc.ids)) if valid[i]), key=lambda i: (-score[i], sc.ids[i])
        )
        new_order = [sc.ids[i] for i in order]
        old_order = [b for b in baseline_order if b != dropped]
        swapped = _swapped_pairs(old_order, new_order)
        out.append(
            {
                "dropped": dropped,
                "winner": new_order[0],
                "winner_changed": bool(
                    baseline_order and new_order[0] != _next_winner(baseline_order, dropped)
                ),
                "order": new_order,
                "swapped": swapped,
            }
        )
    return out


def _next_winner(order: list[str], dropped: str) -> str:
    rest = [b for b in order if b != dropped]
    return rest[0] if rest else ""


def _swapped_pairs(old: list[str], new: list[str]) -> list[list[str]]:
    """Every pair [a, b] that `old` has in this order and `new` the other way round, in the
    order of `_plain_swapped_pairs` (a by its place in `old`, then b). Leave-one-out asks this
    once per valid bid, so the plain double loop is cubic in the bids (200 bids: a million
    comparisons); here an unchanged order returns at once and any other compares every pair in
    one numpy call, whose row-major nonzero keeps the plain order."""
    if old == new or len(old) < 2:  # no pair, or none swapped
        return []
    position = {b: i for i, b in enumerate(new)}
    places = np.fromiter(map(position.__getitem__, old), dtype=np.int64, count=len(old))
    later = np.triu(places[:, None] > places[None, :], k=1)  # a before b in old, after in new
    firsts, seconds = np.nonzero(later)
    return [[old[a], old[b]] for a, b in zip(firsts.tolist(), seconds.tolist(), strict=True)]


def _plain_swapped_pairs(old: list[str], new: list[str]) -> list[list[str]]:
    """`_swapped_pairs` by a double loop over `old`: the reference the tests compare against."""
    position = {b: i for i, b in enumerate(new)}
    pairs = []
    for a_i, a in enumerate(old):
        for b in old[a_i + 1 :]:
            if position[a] > position[b]:
                pairs.append([a, b])
    return pairs


def split_flip(sc: Scenario, winner_index: int) -> dict[str, Any]:
    """The smallest change of the quality share (or quality value) that changes the winner."""
    quality = sc.matrix.quality()
    if sc.spec.formula == "fictitious_discount":
        factors = DISCOUNT_FACTORS
        score = sc.scores(quality[None, :] * factors[:, None])
        best = winners(score, sc.valid)
        flip = _nearest_flip(factors, best, winner_index, 1.0)
        return {"parameter": "quality_value_factor", "published": 1.0, **_describe(flip, sc.ids)}
    total = sc.quality_weight + sc.price_weight
    shares = np.linspace(0.0, 1.0, SPLIT_STEPS)
    if sc.spec.formula == "utility_index":
        shares = shares[:-1]  # N = WQ / WP: the utility index needs some price weight
    score = sc.scores(quality, qw=(total * shares)[:, None], pw=(total * (1 - shares))[:, None])
    best = winners(score, sc.valid)
    published = sc.quality_weight / total
    flip = _nearest_flip(shares, best, winner_index, published)
    return {"parameter": "quality_share", "published": published, **_describe(flip, sc.ids)}


def criterion_flips(sc: Scenario, winner_index: int) -> dict[str, dict[str, Any]]:
    """Per criterion: the smallest change of its share of quality that changes the winner."""
    shares0 = sc.matrix.criterion_shares
    k = len(shares0)
    out: dict[str, dict[str, Any]] = {}
    if k < 2:
        return out
    grid = np.linspace(0.0, 1.0, CRITERION_STEPS)
    for c, criterion in enumerate(sc.matrix.criteria):
        rest = np.delete(shares0, c)
        rest = rest / rest.sum() if rest.sum() > 0 else np.full(k - 1, 1 / (k - 1))
        shares = np.empty((len(grid), k))
        shares[:, c] = grid
        shares[:, np.arange(k) != c] = (1 - grid)[:, None] * rest[None, :]
        score = sc.scores(sc.matrix.quality(shares))
        best = winners(score, sc.valid)
        flip = _nearest_flip(grid, best, winner_index, float(shares0[c]))
        out[criterion] = {"published": float(shares0[c]), **_describe(flip, sc.ids)}
    return out


def monte_carlo(sc: Scenario, seed: int, samples: int = MONTE_CARLO_SAMPLES) -> dict[str, Any]:
    """Win share of each bid under weights drawn from a Dirichlet around the published ones."""
    rng = np.random.default_rng(seed)
    shares0 = sc.matrix.criterion_shares
    total = sc.quality_weight + sc.price_weight
    with_price = sc.spec.formula != "fictitious_discount" and sc.price_weight > 0
    quality_share = sc.quality_weight / total if with_price else 1.0
    parts = np.append(shares0 * quality_share, 1 - quality_share) if with_price else shares0
    positive = parts > 0
    draws = np.zeros((samples, len(parts)))
    draws[:, positive] = rng.dirichlet(CONCENTRATION * parts[positive], size=samples)
    if with_price:
        q_share = draws[:, :-1].sum(axis=1)
        crit = np.divide(
            draws[:, :-1],
            q_share[:, None],
            out=np.tile(shares0, (samples, 1)),
            where=q_share[:, None] > 0,
        )
        score = sc.scores(
            sc.matrix.quality(crit),
            qw=(total * q_share)[:, None],
            pw=(total * (1 - q_share))[:, None],
        )
    else:
        score = sc.scores(sc.matrix.quality(draws))
    best = winners(score, sc.valid)
    counts = np.bincount(best[best >= 0], minlength=len(sc.ids))
    return {
        "samples": samples,
        "seed": seed,
        "concentration": CONCENTRATION,
        "win_share": {
            sc.ids[i]: float(counts[i] / samples) for i in range(len(sc.ids)) if sc.valid[i]
        },
    }


def _nearest_flip(grid: np.ndarray, best: np.ndarray, winner: int, published: float):
    changed = np.nonzero(best != winner)[0]
    if len(changed) == 0:
        return None
    nearest = changed[np.argmin(np.abs(grid[changed] - published))]
    return float(grid[nearest]), float(grid[nearest] - published), int(best[nearest])


def _describe(flip, ids: list[str]) -> dict[str, Any]:
    if flip is None:
        return {"flips_at": None, "shift": None, "new_winner": None}
    at, shift, index = flip
    return {"flips_at": at, "shift": shift, "new_winner": ids[index] if index >= 0 else None}
