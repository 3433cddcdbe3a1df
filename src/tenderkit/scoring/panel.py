"""Panel scores: individual scores combined into one per bid and target.

Each evaluator scores alone; the panel then agrees a consensus score with a rationale. A recorded
consensus wins; otherwise the scoring model's `consensus` (median or mean) combines the individual
scores. A spread above the model's `disagreement` threshold (as a fraction of the scale) is flagged
for the consensus meeting, also when a consensus was recorded, because the record should show it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import repeat
from operator import itemgetter

import numpy as np

from tenderkit.formats.panel_columns import PanelColumns
from tenderkit.result import PanelLine, PanelRecord
from tenderkit.tender import Tender


class PanelOutcome:
    """The panel's outcome: its lines (`record`, a PanelRecord; `lines`, the same by key).

    Made by combine_panel from its columns, or from lines made elsewhere (a test's reference
    panel: `PanelOutcome({(bidder, target): line})`). Scoring reads the columns (`fraction`,
    `fractions`), so no PanelLine is made for it."""

    __slots__ = ("__weakref__", "lines", "record")  # memos hold it weakly (memo.py)

    def __init__(self, lines: Mapping[tuple[str, str], PanelLine] | PanelRecord) -> None:
        if isinstance(lines, PanelRecord):
            self.record = lines
        else:
            self.record = PanelRecord.of_lines(list(lines.values()), list(lines))
        self.lines: Mapping[tuple[str, str], PanelLine] = _ByKey(self.record)

    def fraction(self, bidder: str, target: str) -> float | None:
        place = self.record.place.get((bidder, target))
        return None if place is None else self.record.fraction[place]

    def fractions(
        self, bidder: str, targets: Sequence[str]
    ) -> tuple[list[float | None], list[str | None]]:
        """The fraction and method of `bidder`'s line on each of `targets` (None: no line)."""
        record = self.record
        places = list(map(record.place.get, zip(repeat(bidder), targets)))
        fraction, method = record.fraction, record.method
        return (
            [None if p is None else fraction[p] for p in places],
            [None if p is None else method[p] for p in places],
        )


class _ByKey(Mapping[tuple[str, str], PanelLine]):
    """A PanelRecord's lines by (bidder, target), each made when read."""

    __slots__ = ("_record",)

    def __init__(self, record: PanelRecord) -> None:
        self._record = record

    def __getitem__(self, key: tuple[str, str]) -> PanelLine:
        return self._record[self._record.place[key]]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._record.place)

    def __len__(self) -> int:
        return len(self._record.place)


def combine_panel(tender: Tender) -> PanelOutcome:
    """Every (bidder, target) the panel scored, with the fraction that counts and how.

    A panel of 50 bids x 2000 requirements x 7 evaluators holds 700,000 scores. The loader keeps
    them as columns (formats/panel_columns.py), so this is a group-by over those columns: each
    distinct score is read once, every score gets the number of its (bidder, target) key, the
    scores are ordered by key in one numpy sort and combined per panel size in one numpy call
    (`_combine`); the outcome stays in columns (result.PanelRecord), each PanelLine made only
    when something reads it, no Python loop per line but for the recorded consensus lines. A
    tender built in code with
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
    size_of_targets = max(len(targets), 1)
    key_bidders = list(map(bidders.__getitem__, (numbers // size_of_targets).tolist()))
    key_targets = list(map(targets.__getitem__, (numbers % size_of_targets).tolist()))
    keys = list(zip(key_bidders, key_targets, strict=True))
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
    # Per key, its evaluators by name, the scores as shown and the rationales, key after key,
    # flat: line i's from starts[i] to starts[i + 1] (the PanelRecord makes its dicts when read).
    names: Sequence[str]
    shown: Sequence[str]
    why: Sequence[str]
    if groups is None:  # the common case: every (key, evaluator) once
        in_order = np.argsort(code, kind="stable")  # by key, each key's scores as given
        centre, spread = _combine(sizes, fractions[in_order], scoring.consensus)
        by_name = np.lexsort((by_evaluator, code)).tolist()  # by key, then evaluator's name
        names = _picked(columns.evaluator, by_name)
        shown = list(map(label.__getitem__, _picked(columns.score, by_name)))
        why = _picked(columns.rationale, by_name)
        starts = [0, *np.cumsum(sizes, dtype=np.int64).tolist()]
    else:
        centre, spread = _combine_groups(groups, fraction_of, scoring.consensus)
        ordered = [sorted(group.items()) for group in groups]
        names = [name for pairs in ordered for name, _ in pairs]
        shown = [label[score] for pairs in ordered for _, (score, _) in pairs]
        why = [reason for pairs in ordered for _, (_, reason) in pairs]
        starts = [0, *np.cumsum([len(p) for p in ordered], dtype=np.int64).tolist()]
    spread /= span  # elementwise, the same IEEE division as one float at a time
    count = len(keys)
    fraction = centre.tolist()
    method = [scoring.consensus] * count
    # A recorded consensus decides the fraction of its line, each distinct agreed score read once.
    agreed_label: dict[str, str | None] = {}
    agreed_fraction: dict[str, float] = {}
    decided: dict[int, tuple[str | None, str | None, list[str]]] = {}
    for consensus, place in zip(
        agreed.values(), np.searchsorted(numbers, recorded).tolist(), strict=True
    ):
        if consensus.score not in agreed_label:
            agreed_label[consensus.score] = scale.label(consensus.score)
            agreed_fraction[consensus.score] = scale.fraction(consensus.score) or 0.0
        fraction[place] = agreed_fraction[consensus.score]
        method[place] = "consensus"
        decided[place] = (
            agreed_label[consensus.score],
            consensus.rationale,
            list(consensus.evaluators),
        )
    record = PanelRecord(
        key_bidders,
        key_targets,
        fraction,
        method,
        spread.tolist(),
        (spread > threshold).tolist(),
        starts,
        names,
        shown,
        why,
        decided,
        dict(zip(keys, range(count), strict=True)),
    )
    return PanelOutcome(record)


def _distinct(numbers: np.ndarray, below: int) -> np.ndarray:
    """The distinct numbers of `numbers` (each in 0 .. below-1), sorted: counted in one bincount
    when that range is small next to the count (a tender's keys are), else sorted and each kept
    where it differs from the one before: np.unique's values, without np.unique, whose first
    call imports numpy.ma (some 10 ms of a cold evaluate)."""
    if below <= 8 * len(numbers) + 1024:
        return np.flatnonzero(np.bincount(numbers, minlength=below)).astype(np.int64)
    ordered = np.sort(numbers)
    return (
        ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if ordered.size else ordered
    )


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


def _combine(sizes: list[int], ordered: np.ndarray, how: str) -> tuple[np.ndarray, np.ndarray]:
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
    for size in sorted(set(sizes)):  # not np.unique: its first call imports numpy.ma
        if size == 0:  # a recorded consensus without individual scores: (0.0, 0.0)
            continue
        group = np.flatnonzero(count == size)
        scores = ordered[start[group][:, None] + np.arange(size)]
        centre[group] = _centre(scores, how)
        if size > 1:
            spread[group] = scores.max(axis=1) - scores.min(axis=1)
    return centre, spread


def _combine_groups(
    groups: list[dict[str, tuple[str, str]]], fraction_of: dict[str, float], how: str
) -> tuple[np.ndarray, np.ndarray]:
    """`_combine` of per-key groups (the line-by-line case), each key's scores as they came."""
    sizes = [len(group) for group in groups]
    ordered = [fraction_of[score] for group in groups for score, _ in group.values()]
    return _combine(sizes, np.array(ordered, dtype=float), how)


def _centre(scores: np.ndarray, how: str) -> np.ndarray:
    if how == "mean" and scores.shape[1] >= 8:
        return np.array([row.mean() for row in scores])
    if how == "mean":
        return scores.mean(axis=1)
    # np.median's values (the middle score, or the two middle ones added and halved, as its
    # mean of them does), without np.median, whose first call imports numpy.ma
    ordered = np.sort(scores, axis=1)
    half = scores.shape[1] // 2
    if scores.shape[1] % 2:
        return ordered[:, half]
    return (ordered[:, half - 1] + ordered[:, half]) / 2
