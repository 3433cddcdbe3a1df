"""Panel scores: individual scores combined into one per bid and target.

Each evaluator scores alone; the panel then agrees a consensus score with a rationale. A recorded
consensus wins; otherwise the scoring model's `consensus` (median or mean) combines the individual
scores. A spread above the model's `disagreement` threshold (as a fraction of the scale) is flagged
for the consensus meeting, also when a consensus was recorded, because the record should show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from typing import Any

import numpy as np

from tenderkit.formats.panel_columns import PanelColumns
from tenderkit.result import PanelLine
from tenderkit.tender import Tender

_set = object.__setattr__


@dataclass(frozen=True)
class PanelOutcome:
    lines: dict[tuple[str, str], PanelLine]

    def fraction(self, bidder: str, target: str) -> float | None:
        line = self.lines.get((bidder, target))
        return None if line is None else line.fraction


def combine_panel(tender: Tender) -> PanelOutcome:
    """Every (bidder, target) the panel scored, with the fraction that counts and how.

    A panel of 50 bids x 2000 requirements x 7 evaluators holds 700,000 scores. The loader keeps
    them as columns (formats/panel_columns.py), so this is a group-by over those columns: each
    distinct score is read once, every score gets the number of its (bidder, target) key, the
    scores are ordered by key in one numpy sort and combined per panel size in one numpy call
    (`_combine`); only the lines themselves are built one by one. A tender built in code with
    an evaluator scoring the same item twice (the loader refuses that) keeps the rule that the
    later score counts, line by line (`_individual`).
    """
    scoring = tender.scoring
    scale = scoring.scale
    columns = PanelColumns.of(tender.panel)
    # A panel holds few distinct scores as written ("6", "6.0", "NR"); read each one once.
    label: dict[str, str] = {}
    fraction_of: dict[str, float] = {}
    for score in set(columns.score):
        label[score] = scale.label(score) or score
        fraction_of[score] = scale.fraction(score) or 0.0
    agreed = {(c.bidder, c.target): c for c in tender.consensus}
    # Keys numbered in their sorted order: a key's number from its bidder's and its target's
    # places among the sorted distinct bidders and targets, so no tuple is hashed per score.
    bidders = sorted(set(columns.bidder) | {bidder for bidder, _ in agreed})
    targets = sorted(set(columns.target) | {target for _, target in agreed})
    bidder_place = {bidder: i for i, bidder in enumerate(bidders)}
    target_place = {target: i for i, target in enumerate(targets)}
    individual = _ranks(columns.bidder, bidder_place) * len(targets)
    individual += _ranks(columns.target, target_place)
    recorded = np.array(
        [bidder_place[b] * len(targets) + target_place[t] for b, t in agreed], dtype=np.int64
    )
    numbers = _distinct(np.concatenate((individual, recorded)), len(bidders) * len(targets))
    keys = list(
        zip(
            map(bidders.__getitem__, (numbers // max(len(targets), 1)).tolist()),
            map(targets.__getitem__, (numbers % max(len(targets), 1)).tolist()),
            strict=True,
        )
    )
    code = np.searchsorted(numbers, individual)
    evaluators = {name: i for i, name in enumerate(sorted(set(columns.evaluator)))}
    by_evaluator = _ranks(columns.evaluator, evaluators)
    pair = code * len(evaluators) + by_evaluator
    once = _distinct(pair, len(keys) * len(evaluators)).size == len(code)
    groups = None if once else _individual(columns, code.tolist(), len(keys))
    sizes = np.bincount(code, minlength=len(keys)).tolist() if groups is None else None
    span = scale.span or 1.0
    threshold = scoring.disagreement + 1e-12
    fractions = np.fromiter(map(fraction_of.__getitem__, columns.score), float, len(columns))
    if groups is None:  # the common case: every (key, evaluator) once
        in_order = np.argsort(code, kind="stable")  # by key, each key's scores as given
        combined = _combine(sizes, fractions[in_order], scoring.consensus)
        by_name = np.lexsort((by_evaluator, code)).tolist()  # by key, then evaluator's name
        names = _picked(columns.evaluator, by_name)
        shown = list(map(label.__getitem__, _picked(columns.score, by_name)))
        why = _picked(columns.rationale, by_name)
        if len(set(sizes)) == 1 and sizes[0]:  # a full panel: every key scored by all
            size = sizes[0]
            rows = zip(
                zip(*[iter(names)] * size, strict=True),
                zip(*[iter(shown)] * size, strict=True),
                zip(*[iter(why)] * size, strict=True),
                strict=True,
            )
        else:
            bounds = np.concatenate(([0], np.cumsum(sizes))).tolist()
            rows = (
                (names[start:end], shown[start:end], why[start:end])
                for start, end in pairwise(bounds)
            )
    else:
        combined = _combine_groups(groups, fraction_of, scoring.consensus)
        rows = (
            (
                [name for name, _ in ordered],
                [label[score] for _, (score, _) in ordered],
                [reason for _, (_, reason) in ordered],
            )
            for ordered in (sorted(groups[i].items()) for i in range(len(keys)))
        )
    lines: dict[tuple[str, str], PanelLine] = {}
    agreed_label: dict[str, str | None] = {}  # each distinct agreed score read once
    agreed_fraction: dict[str, float] = {}
    get_agreed = agreed.get
    for key, (who, scores, reasons), (combined_fraction, spread) in zip(
        keys, rows, combined, strict=True
    ):
        spread = spread / span
        consensus = get_agreed(key)
        if consensus is None:  # the panel's own median or mean decides
            fraction, method = combined_fraction, scoring.consensus
            agreed_score, agreed_rationale, agreed_by = None, None, []
        else:  # the score the panel agreed decides
            if consensus.score not in agreed_label:
                agreed_label[consensus.score] = scale.label(consensus.score)
                agreed_fraction[consensus.score] = scale.fraction(consensus.score) or 0.0
            fraction, method = agreed_fraction[consensus.score], "consensus"
            agreed_score = agreed_label[consensus.score]
            agreed_rationale, agreed_by = consensus.rationale, list(consensus.evaluators)
        lines[key] = _line(
            {
                "bidder": key[0],
                "target": key[1],
                "scores": dict(zip(who, scores, strict=True)),
                "rationales": {name: r for name, r in zip(who, reasons, strict=True) if r}
                if any(reasons)
                else {},
                "fraction": fraction,
                "method": method,
                "spread": spread,
                "disagreement": spread > threshold,
                "consensus_score": agreed_score,
                "consensus_rationale": agreed_rationale,
                "consensus_evaluators": agreed_by,
            }
        )
    return PanelOutcome(lines)


def _distinct(numbers: np.ndarray, below: int) -> np.ndarray:
    """The distinct numbers of `numbers` (each in 0 .. below-1), sorted: counted in one bincount
    when that range is small next to the count (a tender's keys are), else np.unique."""
    if below <= 8 * len(numbers) + 1024:
        return np.flatnonzero(np.bincount(numbers, minlength=below)).astype(np.int64)
    return np.unique(numbers)


def _ranks(values: Sequence[str], place: dict[str, int]) -> np.ndarray:
    """Each value's place among the sorted distinct values (Python's string order), as numbers
    numpy can sort and group by."""
    return np.fromiter(map(place.__getitem__, values), dtype=np.int64, count=len(values))


def _individual(
    columns: PanelColumns, code: list[int], keys: int
) -> list[dict[str, tuple[str, str]]]:
    """Per key, evaluator -> (score, rationale), the later score of an evaluator counting (at
    the place of the first), as the panel was combined line by line before."""
    groups: list[dict[str, tuple[str, str]]] = [{} for _ in range(keys)]
    for number, evaluator, score, rationale in zip(
        code, columns.evaluator, columns.score, columns.rationale, strict=True
    ):
        groups[number][evaluator] = (score, rationale)
    return groups


def _picked(column: Sequence[str], order: list[int]) -> Sequence[str]:
    """`[column[i] for i in order]`, in one C call (itemgetter) for the hundred thousand scores
    of a large panel."""
    if len(order) < 2:
        return [column[i] for i in order]
    return itemgetter(*order)(column)


_FIELDS_SET = set(PanelLine.model_fields)


def _line(values: dict[str, Any]) -> PanelLine:
    """`PanelLine.model_construct(**values)` for values that name every field, in field order.

    model_construct also resolves aliases and fills defaults, field by field; with every field
    given and trusted that is pure overhead, paid once per line of a large panel (tens of
    thousands). This sets the same four slots model_construct sets; the fields-set is one
    shared set, as formats/compact.py shares it for loaded models (a copy copies it).
    """
    line = PanelLine.__new__(PanelLine)
    _set(line, "__dict__", values)
    _set(line, "__pydantic_fields_set__", _FIELDS_SET)
    _set(line, "__pydantic_extra__", None)
    _set(line, "__pydantic_private__", None)
    return line


def _combine(sizes: list[int], ordered: np.ndarray, how: str) -> list[tuple[float, float]]:
    """(median or mean, max - min) of the scores of every key, a panel size at a time.

    `ordered` holds every key's fractions in a row, key after key, `sizes[k]` of them for key k.
    Keys with the same number of scores form one (keys x scores) matrix, reduced along its rows
    in one numpy call instead of one call per key. The values equal those of reducing each key's
    scores on their own: a median picks the same middle values, and a mean over fewer than eight
    scores adds them in order either way (numpy sums eight or more in pairs, so larger panels
    are averaged one key at a time, exactly as before).
    """
    count = np.asarray(sizes, dtype=np.int64)
    start = np.concatenate(([0], np.cumsum(count)[:-1])).astype(np.int64)
    centre = np.zeros(len(sizes))
    spread = np.zeros(len(sizes))
    for size in np.unique(count).tolist():
        if size == 0:  # a recorded consensus without individual scores: (0.0, 0.0)
            continue
        group = np.flatnonzero(count == size)
        scores = ordered[start[group][:, None] + np.arange(size)]
        centre[group] = _centre(scores, how)
        if size > 1:
            spread[group] = scores.max(axis=1) - scores.min(axis=1)
    return list(zip(centre.tolist(), spread.tolist(), strict=True))


def _combine_groups(
    groups: list[dict[str, tuple[str, str]]], fraction_of: dict[str, float], how: str
) -> list[tuple[float, float]]:
    """`_combine` of per-key groups (the line-by-line case), each key's scores as they came."""
    sizes = [len(group) for group in groups]
    ordered = [fraction_of[score] for group in groups for score, _ in group.values()]
    return _combine(sizes, np.array(ordered, dtype=float), how)


def _centre(scores: np.ndarray, how: str) -> np.ndarray:
    if how == "mean" and scores.shape[1] >= 8:
        return np.array([row.mean() for row in scores])
    if how == "mean":
        return scores.mean(axis=1)
    return np.median(scores, axis=1)
