"""Quality: requirement fractions -> criterion fractions -> quality fraction, as arrays.

The requirement fractions of all bids form one matrix (bids x scored requirements); criterion
fractions are its weighted means per criterion, and the quality fraction the weighted mean of
those. Keeping the criterion fractions as a matrix lets sensitivity analysis re-weight criteria for
thousands of samples with one matrix product instead of re-scoring.

Where a fraction comes from, in order of precedence:
1. a panel score on the criterion itself stands for the whole criterion (its requirements show
   that fraction, with source `criterion`);
2. a panel score on the requirement (recorded consensus, else the model's median or mean);
3. the bid's own answer, through `status_scores` (no answer counts as `fails`; a failed machine
   check also counts as `fails`, whatever the bid declared).
An `assurance_weighting` multiplies requirement fractions by the strength of their evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from tenderkit.assurance.results import BASE_LEVEL
from tenderkit.checks import evaluate_check
from tenderkit.i18n import count_text, label, text
from tenderkit.memo import IdentityMemo
from tenderkit.result import Notice, RequirementScore
from tenderkit.scoring.knockouts import check_message
from tenderkit.scoring.panel import PanelOutcome
from tenderkit.tender import Tender


@dataclass(frozen=True)
class QualityMatrix:
    bids: list[str]
    requirements: list[str]  # scored requirement ids, in set order
    criteria: list[str]
    requirement_fraction: np.ndarray  # (n, m)
    criterion_fraction: np.ndarray  # (n, k)
    criterion_weights: np.ndarray  # (k,) as published, relative
    sources: dict[str, dict[str, RequirementScore]]
    criterion_sources: dict[str, dict[str, str]]
    warnings: list[Notice]

    @property
    def criterion_shares(self) -> np.ndarray:
        return self.criterion_weights / self.criterion_weights.sum()

    def quality(self, shares: np.ndarray | None = None) -> np.ndarray:
        """Quality fraction per bid; `shares` (..., k) re-weights the criteria (sensitivity)."""
        shares = self.criterion_shares if shares is None else shares
        return shares @ self.criterion_fraction.T


def quality_matrix(
    tender: Tender,
    panel: PanelOutcome,
    coverage: Mapping[str, Mapping[str, str]] | None = None,
) -> QualityMatrix:
    rs, scoring, language = tender.requirement_set, tender.scoring, tender.language
    scored = [r for r in rs.requirements if r.kind == "scored"]
    criteria = rs.criteria
    bids = sorted(tender.bids)  # the same order as score_tender
    n, m, k = len(bids), len(scored), len(criteria)
    status_value = scoring.status_scores.model_dump()
    weighting = scoring.assurance_weighting.model_dump() if scoring.assurance_weighting else None
    sources: dict[str, dict[str, RequirementScore]] = {b: {} for b in bids}
    warnings: list[Notice] = []
    # RequirementScore is frozen and most cells share a few values: build each distinct one once
    # (a large tender has tens of thousands of cells and a handful of distinct scores).
    distinct: dict[tuple[float, str, str | None, float], RequirementScore] = {}
    rows: list[list[float]] = []
    criterion_ids = tuple(c.id for c in criteria)
    settings = (repr(status_value), repr(weighting), language, criterion_ids)
    for bid_id in bids:
        bid = tender.bids[bid_id]
        levels = (coverage or {}).get(bid_id, {})
        memo = _ROWS.get(bid, lambda _: {})
        key = (bid_id, id(rs.requirements), id(panel), tuple(levels.items()), settings)
        hit = memo.get(key)
        if hit is None or hit[0] is not rs.requirements or hit[1] is not panel:
            if len(memo) >= 8:
                memo.clear()
            row, record, found = _bid_row(
                bid_id,
                bid,
                scored,
                criteria,
                panel,
                levels,
                status_value,
                weighting,
                language,
                distinct,
            )
            hit = memo[key] = (rs.requirements, panel, row, record, found)
        rows.append(hit[2])
        sources[bid_id] = dict(hit[3])
        warnings += hit[4]
    fractions = np.array(rows, dtype=float).reshape(n, m)

    membership = np.zeros((m, k))
    index = {c.id: c_i for c_i, c in enumerate(criteria)}
    for j, requirement in enumerate(scored):
        membership[j, index[requirement.criterion]] = requirement.weight
    totals = membership.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        criterion_fraction = np.where(totals > 0, (fractions @ membership) / totals, 0.0)
    criterion_sources: dict[str, dict[str, str]] = {b: {} for b in bids}
    for i, bid_id in enumerate(bids):
        for c_i, criterion in enumerate(criteria):
            override = panel.fraction(bid_id, criterion.id)
            if override is not None:
                criterion_fraction[i, c_i] = override
                line = panel.lines[(bid_id, criterion.id)]
                criterion_sources[bid_id][criterion.id] = line.method
            elif totals[c_i] > 0:
                criterion_sources[bid_id][criterion.id] = "requirements"
            else:
                criterion_sources[bid_id][criterion.id] = "none"
                warnings.append(
                    Notice(
                        code="no_score",
                        bidder=bid_id,
                        message=text(
                            "scoring",
                            "no_score",
                            language,
                            bidder=tender.bids[bid_id].bidder,
                            criterion=criterion.id,
                        ),
                    )
                )
    return QualityMatrix(
        bids=bids,
        requirements=[r.id for r in scored],
        criteria=[c.id for c in criteria],
        requirement_fraction=fractions,
        criterion_fraction=criterion_fraction,
        criterion_weights=np.array([c.weight for c in criteria], dtype=float),
        sources=sources,
        criterion_sources=criterion_sources,
        warnings=warnings,
    )


_ROWS: IdentityMemo[dict[tuple, tuple]] = IdentityMemo(size=1024)
"""Per bid (frozen): its row of requirement fractions, their sources and its warnings, by what
they depend on. Criterion weights are not among them, so the workshop's weight, split, formula
and exclusion changes reuse every row."""


def _bid_row(
    bid_id: str,
    bid: Any,
    scored: list[Any],
    criteria: list[Any],
    panel: PanelOutcome,
    levels: Mapping[str, str],
    status_value: dict[str, float],
    weighting: dict[str, float] | None,
    language: str,
    distinct: dict[tuple[float, str, str | None, float], RequirementScore],
) -> tuple[list[float], dict[str, RequirementScore], list[Notice]]:
    """One bid's requirement fractions, where each comes from, and the warnings on the way."""
    answers = bid.answers
    lines = panel.lines
    record: dict[str, RequirementScore] = {}
    row: list[float] = []
    warnings: list[Notice] = []
    unanswered = []
    by_criterion = {c.id: panel.fraction(bid_id, c.id) for c in criteria}
    for requirement in scored:
        rid = requirement.id
        answer = answers.get(rid)
        status = answer.status if answer is not None else None
        if answer is None:
            unanswered.append(rid)
        line = lines.get((bid_id, rid))
        if by_criterion[requirement.criterion] is not None:
            # a criterion-level score stands for the whole criterion, each requirement too
            value = by_criterion[requirement.criterion]
            source = "criterion"
        elif line is not None:
            value = line.fraction
            source = "consensus" if line.method == "consensus" else "panel"
        else:
            effective = status or "fails"
            if requirement.check is not None and effective != "fails":
                outcome = evaluate_check(requirement.check, bid.facts)
                if not outcome.passed:
                    warnings.append(
                        Notice(
                            code="scored_check_failed",
                            bidder=bid_id,
                            message=text(
                                "scoring",
                                "scored_check_failed",
                                language,
                                bidder=bid.bidder,
                                status=label("status", effective, language),
                                requirement=rid,
                                detail=check_message(requirement, outcome, language),
                            ),
                        )
                    )
                    effective = "fails"
            value = status_value[effective]
            source = "answer"
        factor = 1.0
        if weighting is not None and source != "criterion":
            level = levels.get(rid, "declared")
            factor = weighting.get(level, weighting[BASE_LEVEL.get(level, "declared")])
        key = (value * factor, source, status, factor)
        score = distinct.get(key)
        if score is None:
            score = distinct[key] = RequirementScore(
                fraction=value * factor, source=source, status=status, weight_factor=factor
            )
        record[rid] = score
        row.append(value * factor)
    if unanswered:
        warnings.append(
            Notice(
                code="unanswered",
                bidder=bid_id,
                message=count_text(
                    "scoring",
                    "unanswered",
                    len(unanswered),
                    language,
                    bidder=bid.bidder,
                    requirements=", ".join(unanswered),
                ),
            )
        )
    return row, record, warnings
