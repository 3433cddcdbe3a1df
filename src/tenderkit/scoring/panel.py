"""Panel scores: individual scores combined into one per bid and target.

Each evaluator scores alone; the panel then agrees a consensus score with a rationale. A recorded
consensus wins; otherwise the scoring model's `consensus` (median or mean) combines the individual
scores. A spread above the model's `disagreement` threshold (as a fraction of the scale) is flagged
for the consensus meeting, also when a consensus was recorded, because the record should show it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import numpy as np

from tenderkit.result import PanelLine
from tenderkit.tender import Tender

_set = object.__setattr__
_FIELDS = attrgetter("bidder", "target", "evaluator", "score", "rationale")


@dataclass(frozen=True)
class PanelOutcome:
    lines: dict[tuple[str, str], PanelLine]

    def fraction(self, bidder: str, target: str) -> float | None:
        line = self.lines.get((bidder, target))
        return None if line is None else line.fraction


def combine_panel(tender: Tender) -> PanelOutcome:
    """Every (bidder, target) the panel scored, with the fraction that counts and how.

    A panel of 50 bids x 2000 requirements x 7 evaluators holds 700,000 scores, so the scores are
    read once into plain tuples (no model attribute lookups per step), combined per panel size
    in one numpy call (`_combine`), and each line is built from the tuples of its key.
    """
    scoring = tender.scoring
    scale = scoring.scale
    # A panel holds few distinct scores as written ("6", "6.0", "NR"); read each one once.
    label: dict[str, str] = {}
    fraction_of: dict[str, float] = {}
    individual: dict[tuple[str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
    for bidder, target, evaluator, score, rationale in map(_FIELDS, tender.panel):
        if score not in label:
            label[score] = scale.label(score) or score
            fraction_of[score] = scale.fraction(score) or 0.0
        individual[(bidder, target)][evaluator] = (score, rationale)
    agreed = {(c.bidder, c.target): c for c in tender.consensus}
    span = scale.span or 1.0
    keys = sorted(set(individual) | set(agreed))
    combined = _combine(keys, individual, fraction_of, scoring.consensus, span)
    threshold = scoring.disagreement + 1e-12
    lines: dict[tuple[str, str], PanelLine] = {}
    for key in keys:
        ordered = sorted(individual[key].items()) if key in individual else []
        combined_fraction, spread = combined[key]
        consensus = agreed.get(key)
        if consensus is not None:
            fraction = scale.fraction(consensus.score) or 0.0
            method = "consensus"
        else:
            fraction, method = combined_fraction, scoring.consensus
        lines[key] = _line(
            bidder=key[0],
            target=key[1],
            scores={name: label[score] for name, (score, _) in ordered},
            rationales={name: why for name, (_, why) in ordered if why},
            fraction=fraction,
            method=method,
            spread=spread,
            disagreement=spread > threshold,
            consensus_score=None if consensus is None else scale.label(consensus.score),
            consensus_rationale=None if consensus is None else consensus.rationale,
            consensus_evaluators=[] if consensus is None else list(consensus.evaluators),
        )
    return PanelOutcome(lines)


def _line(**values: Any) -> PanelLine:
    """`PanelLine.model_construct(**values)` for values that name every field.

    model_construct also resolves aliases and fills defaults, field by field; with every field
    given and trusted that is pure overhead, paid once per line of a large panel (tens of
    thousands). This sets the same four slots model_construct sets.
    """
    line = PanelLine.__new__(PanelLine)
    _set(line, "__dict__", values)
    _set(line, "__pydantic_fields_set__", set(values))
    _set(line, "__pydantic_extra__", None)
    _set(line, "__pydantic_private__", None)
    return line


def _combine(
    keys: list[tuple[str, str]],
    individual: dict[tuple[str, str], dict[str, tuple[str, str]]],
    fraction_of: dict[str, float],
    how: str,
    span: float,
) -> dict[tuple[str, str], tuple[float, float]]:
    """(median or mean, spread) of the individual scores of every key, a panel size at a time.

    Keys with the same number of scores form one (keys x scores) matrix, reduced along its rows
    in one numpy call instead of one call per key. The values equal those of reducing each key's
    scores on their own: a median picks the same middle values, and a mean over fewer than eight
    scores adds them in order either way (numpy sums eight or more in pairs, so larger panels
    are averaged one key at a time, exactly as before).
    """
    by_size: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for key in keys:
        by_size[len(individual.get(key, ()))].append(key)
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for size, group in by_size.items():
        if size == 0:  # a recorded consensus without individual scores
            out.update((key, (0.0, 0.0)) for key in group)
            continue
        scores = np.array(
            [[fraction_of[score] for score, _ in individual[key].values()] for key in group],
            dtype=float,
        )
        if how == "mean" and size >= 8:
            centre = np.array([row.mean() for row in scores])
        elif how == "mean":
            centre = scores.mean(axis=1)
        else:
            centre = np.median(scores, axis=1)
        if size > 1:
            spread = ((scores.max(axis=1) - scores.min(axis=1)) / span).tolist()
        else:
            spread = [0.0] * len(group)
        out.update(zip(group, zip(centre.tolist(), spread, strict=True), strict=True))
    return out
