"""Ranking valid bids, with ties settled by the published rules and never by chance.

Ties are compared with a small tolerance (floating-point noise must not decide an award). The
scoring model's `tie_break` is applied in order: `quality` (higher quality fraction wins), `price`
(lower price wins), `lot` (the tie stays unresolved: tenderkit reports it and picks no winner; a
draw by lot is a human act that must be recorded outside the tool).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOLERANCE = 1e-9


@dataclass(frozen=True)
class Ranking:
    ranks: dict[str, int]  # valid bids only; tied-unresolved bids share a rank
    order: list[str]  # valid bids, best first
    winner: str | None
    ties: list[tuple[list[str], str | None, list[list[str]]]]
    """(tied bids, the rule that split them or None, groups still tied after every rule)"""


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def rank_bids(
    ids: list[str],
    score: np.ndarray,
    quality: np.ndarray,
    prices: np.ndarray,
    valid: np.ndarray,
    tie_break: list[str],
) -> Ranking:
    """Competition ranking (1, 2, 2, 4) of valid bids by score, higher is better."""
    candidates = [i for i in range(len(ids)) if valid[i]]
    candidates.sort(key=lambda i: (-score[i], ids[i]))
    groups: list[list[int]] = []
    for i in candidates:
        if groups and _close(score[groups[-1][0]], score[i]):
            groups[-1].append(i)
        else:
            groups.append([i])
    keys = {"quality": lambda i: -quality[i], "price": lambda i: prices[i]}
    ranks: dict[str, int] = {}
    order: list[str] = []
    ties: list[tuple[list[str], str | None, list[list[str]]]] = []
    position = 1
    for group in groups:
        if len(group) == 1:
            ranks[ids[group[0]]] = position
            order.append(ids[group[0]])
            position += 1
            continue
        settled, rule_used = _settle(group, tie_break, keys)
        unresolved = [[ids[i] for i in sub] for sub in settled if len(sub) > 1]
        ties.append(([ids[i] for i in group], rule_used, unresolved))
        for subgroup in settled:
            for i in subgroup:
                ranks[ids[i]] = position
                order.append(ids[i])
            position += len(subgroup)
    winner = None
    if order and sum(1 for r in ranks.values() if r == 1) == 1:
        winner = order[0]
    return Ranking(ranks=ranks, order=order, winner=winner, ties=ties)


def _settle(group: list[int], rules: list[str], keys) -> tuple[list[list[int]], str | None]:
    """Split a tied group by the rules in order; returns subgroups (still tied ones together)."""
    groups = [sorted(group)]
    used = None
    for rule in rules:
        if rule == "lot" or all(len(g) == 1 for g in groups):
            break
        key = keys[rule]
        refined: list[list[int]] = []
        for g in groups:
            g = sorted(g, key=key)
            sub: list[list[int]] = []
            for i in g:
                if sub and _close(key(sub[-1][0]), key(i)):
                    sub[-1].append(i)
                else:
                    sub.append([i])
            if len(sub) > 1:
                used = used or rule
            refined.extend(sub)
        groups = refined
    return groups, used


def winners(score: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Index of the best valid bid per sample (..., n) -> (...); -1 where no bid is valid."""
    masked = np.where(valid, score, -np.inf)
    best = np.argmax(masked, axis=-1)
    none = ~np.any(valid, axis=-1)
    return np.where(none, -1, best)
