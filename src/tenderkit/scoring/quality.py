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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import mul
from typing import Any

import numpy as np

from tenderkit.assurance.results import BASE_LEVEL
from tenderkit.checks import evaluate_check
from tenderkit.i18n import count_text, label, text
from tenderkit.memo import IdentityMemo, ItemsMemo
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
    distinct = _Scores()
    rows: list[list[float]] = []
    criterion_ids = tuple(c.id for c in criteria)
    settings = (repr(status_value), repr(weighting), language, criterion_ids)
    for bid_id in bids:
        bid = tender.bids[bid_id]
        levels = (coverage or {}).get(bid_id, {})
        memo = _ROWS.get(bid, lambda _: {})
        # the coverage levels count only through an assurance weighting (and a large tender's
        # levels are thousands of pairs per bid to copy and hash)
        counted = tuple(levels.items()) if weighting is not None else ()
        key = (bid_id, id(rs.requirements), id(panel), counted, settings)
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


class _Scores(dict[tuple[float, str, str | None, float], RequirementScore]):
    """(fraction, source, status, weight_factor) -> its RequirementScore, each made once:
    RequirementScore is frozen and most cells share a few values (a large tender has tens of
    thousands of cells and a handful of distinct scores)."""

    def __missing__(self, key: tuple[float, str, str | None, float]) -> RequirementScore:
        fraction, source, status, factor = key
        score = self[key] = RequirementScore(
            fraction=fraction,
            source=source,  # type: ignore[arg-type]
            status=status,
            weight_factor=factor,
        )
        return score


@dataclass(frozen=True)
class _ScoredTable:
    """The scored requirements of a list as columns, worked out once per list: their ids, each
    one's criterion and check, read per bid without an attribute read per cell; and their ids
    in sorted order with, per requirement, its place in that order (`sorted_place`). It holds
    no requirement: the memo holds them weakly (memo.py), and a table that held them would keep
    them, and itself, alive after their tender is gone; the caller has them, in this order."""

    ids: tuple[str, ...]
    criteria: tuple[str, ...]
    checks: tuple[Any, ...]
    sorted_ids: tuple[str, ...]
    sorted_place: tuple[int, ...]


def _scored_table(scored: Sequence[Any]) -> _ScoredTable:
    ids = tuple(r.id for r in scored)
    order = sorted(range(len(ids)), key=ids.__getitem__)
    place = [0] * len(ids)
    for rank, position in enumerate(order):
        place[position] = rank
    return _ScoredTable(
        ids=ids,
        criteria=tuple(r.criterion for r in scored),
        checks=tuple(r.check for r in scored),
        sorted_ids=tuple(map(ids.__getitem__, order)),
        sorted_place=tuple(place),
    )


_TABLES: ItemsMemo[_ScoredTable] = ItemsMemo(size=64)
_LINE_SOURCE: dict[str | None, str | None] = {"consensus": "consensus", None: None}
"""A cell's source by its panel line's method (any other method: `panel`); None: no line."""


def _bid_row(
    bid_id: str,
    bid: Any,
    scored: Sequence[Any],
    criteria: list[Any],
    panel: PanelOutcome,
    levels: Mapping[str, str],
    status_value: dict[str, float],
    weighting: dict[str, float] | None,
    language: str,
    distinct: _Scores,
) -> tuple[list[float], dict[str, RequirementScore], list[Notice]]:
    """`_plain_bid_row` by columns: the bid's answers and panel lines of the scored
    requirements looked up in C-level maps, each cell's value and source taken from its panel
    line, then a criterion-level score put over its criterion's cells, then the cells without
    either decided by the bid's answer (a Python loop over those only), and the weight
    factors, fractions and RequirementScores made column by column (`_Scores` makes each
    distinct one once). At 50 bids x 1122 scored requirements that is 56,100 cells, nearly all
    with a panel line. The warnings are worded by the helpers `_plain_bid_row` uses, in the
    same order (the failed checks by requirement, then the unanswered)."""
    table = _TABLES.get(scored, _scored_table)
    ids = table.ids
    answers = list(map(bid.answers.get, ids))
    statuses = [None if answer is None else answer.status for answer in answers]
    # The panel's fractions and methods are read in its key order, by sorted target (its
    # columns are in that order: read so, 56,100 lines cost half of reading them in the set's
    # order), then put in the set's order.
    fraction_of, method_of = panel.fractions(bid_id, table.sorted_ids)
    values = list(map(fraction_of.__getitem__, table.sorted_place))
    # a panel line's source by its method (never None); None: no line
    methods = map(method_of.__getitem__, table.sorted_place)
    sources = list(map(_LINE_SOURCE.get, methods, repeat("panel")))
    by_criterion = {c.id: panel.fraction(bid_id, c.id) for c in criteria}
    if any(fraction is not None for fraction in by_criterion.values()):
        # a criterion-level score stands for the whole criterion, each requirement too
        for i, criterion in enumerate(table.criteria):
            if by_criterion[criterion] is not None:
                values[i] = by_criterion[criterion]
                sources[i] = "criterion"
    warnings: list[Notice] = []
    for i in [i for i, source in enumerate(sources) if source is None]:  # the bid's answer
        status = statuses[i]
        effective = status or "fails"
        check = table.checks[i]
        if check is not None and effective != "fails":
            outcome = evaluate_check(check, bid.facts)
            if not outcome.passed:
                requirement = scored[i]
                warnings.append(
                    _check_failed(bid_id, bid, requirement, effective, outcome, language)
                )
                effective = "fails"
        values[i] = status_value[effective]
        sources[i] = "answer"
    factors = [1.0] * len(ids)
    if weighting is not None:
        factors = [
            1.0 if source == "criterion" else _factor(weighting, levels.get(rid, "declared"))
            for rid, source in zip(ids, sources, strict=True)
        ]
    fractions = list(map(mul, values, factors))
    scores = map(distinct.__getitem__, zip(fractions, sources, statuses, factors, strict=True))
    record = dict(zip(ids, scores, strict=True))
    unanswered = [rid for rid, answer in zip(ids, answers, strict=True) if answer is None]
    if unanswered:
        warnings.append(_unanswered(bid_id, bid, unanswered, language))
    return fractions, record, warnings


def _factor(weighting: Mapping[str, float], level: str) -> float:
    """The assurance weighting's multiplier for a coverage level (a level it does not name
    counts as its base level's)."""
    return weighting.get(level, weighting[BASE_LEVEL.get(level, "declared")])


def _check_failed(
    bid_id: str, bid: Any, requirement: Any, status: str, outcome: Any, language: str
) -> Notice:
    """The warning that a scored requirement's machine check failed, so `status` counts as
    `fails`."""
    return Notice(
        code="scored_check_failed",
        bidder=bid_id,
        message=text(
            "scoring",
            "scored_check_failed",
            language,
            bidder=bid.bidder,
            status=label("status", status, language),
            requirement=requirement.id,
            detail=check_message(requirement, outcome, language),
        ),
    )


def _unanswered(bid_id: str, bid: Any, unanswered: list[str], language: str) -> Notice:
    """The warning that a bid left scored requirements unanswered (they count as `fails`)."""
    return Notice(
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


def _plain_bid_row(
    bid_id: str,
    bid: Any,
    scored: Sequence[Any],
    criteria: list[Any],
    panel: PanelOutcome,
    levels: Mapping[str, str],
    status_value: dict[str, float],
    weighting: dict[str, float] | None,
    language: str,
    distinct: dict[tuple[float, str, str | None, float], RequirementScore],
) -> tuple[list[float], dict[str, RequirementScore], list[Notice]]:
    """One bid's requirement fractions, where each comes from, and the warnings on the way,
    requirement by requirement: the reference `_bid_row` is tested against
    (tests/scoring/test_quality_reference.py, tests/test_evaluation_reference.py)."""
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
                        _check_failed(bid_id, bid, requirement, effective, outcome, language)
                    )
                    effective = "fails"
            value = status_value[effective]
            source = "answer"
        factor = 1.0
        if weighting is not None and source != "criterion":
            factor = _factor(weighting, levels.get(rid, "declared"))
        key = (value * factor, source, status, factor)
        score = distinct.get(key)
        if score is None:
            score = distinct[key] = RequirementScore(
                fraction=value * factor,
                source=source,  # type: ignore[arg-type]
                status=status,
                weight_factor=factor,
            )
        record[rid] = score
        row.append(value * factor)
    if unanswered:
        warnings.append(_unanswered(bid_id, bid, unanswered, language))
    return row, record, warnings
