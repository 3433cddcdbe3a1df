"""Panel scores: individual scores combined into one per bid and target.

Each evaluator scores alone; the panel then agrees a consensus score with a rationale. A recorded
consensus wins; otherwise the scoring model's `consensus` (median or mean) combines the individual
scores. A spread above the model's `disagreement` threshold (as a fraction of the scale) is flagged
for the consensus meeting, also when a consensus was recorded, because the record should show it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from tenderkit.formats.loader import Tender
from tenderkit.result import PanelLine


@dataclass(frozen=True)
class PanelOutcome:
    lines: dict[tuple[str, str], PanelLine]

    def fraction(self, bidder: str, target: str) -> float | None:
        line = self.lines.get((bidder, target))
        return None if line is None else line.fraction


def combine_panel(tender: Tender) -> PanelOutcome:
    """Every (bidder, target) the panel scored, with the fraction that counts and how."""
    scoring = tender.scoring
    scale = scoring.scale
    individual: dict[tuple[str, str], dict[str, tuple[str, float, str]]] = defaultdict(dict)
    for score in tender.panel:
        label = scale.label(score.score) or score.score
        individual[(score.bidder, score.target)][score.evaluator] = (
            label,
            scale.fraction(score.score) or 0.0,
            score.rationale,
        )
    agreed = {(c.bidder, c.target): c for c in tender.consensus}
    span = scale.span or 1.0
    lines: dict[tuple[str, str], PanelLine] = {}
    for key in sorted(set(individual) | set(agreed)):
        scores = individual.get(key, {})
        fractions = np.array([f for _, f, _ in scores.values()], dtype=float)
        spread = float((fractions.max() - fractions.min()) / span) if len(fractions) > 1 else 0.0
        consensus = agreed.get(key)
        if consensus is not None:
            fraction = scale.fraction(consensus.score) or 0.0
            method = "consensus"
        elif scoring.consensus == "mean":
            fraction, method = float(fractions.mean()), "mean"
        else:
            fraction, method = float(np.median(fractions)), "median"
        lines[key] = PanelLine.model_construct(
            bidder=key[0],
            target=key[1],
            scores={name: label for name, (label, _, _) in sorted(scores.items())},
            rationales={name: why for name, (_, _, why) in sorted(scores.items()) if why},
            fraction=fraction,
            method=method,
            spread=spread,
            disagreement=spread > scoring.disagreement + 1e-12,
            consensus_score=None if consensus is None else scale.label(consensus.score),
            consensus_rationale=None if consensus is None else consensus.rationale,
            consensus_evaluators=[] if consensus is None else list(consensus.evaluators),
        )
    return PanelOutcome(lines)
