"""The evaluators' panel scores of a tender kept as columns, readable as a sequence of PanelScore.

Why: a panel of 50 bids x 500 requirements x 7 evaluators holds about 97,000 scores (700,000 at
2000 requirements). Reading them back out of as many pydantic models, attribute by attribute,
took a third of a cold `evaluate`; combining them is a group-by over a few columns. The loader
therefore keeps one tuple per field (the ids interned, as formats/compact.py does for models),
and `scoring.panel.combine_panel` reads the columns. Every other reader (the readiness check,
the workshop's panel store, a notebook) still sees `PanelScore` models: iterating or indexing
builds them once, on first use, with what validation would have given them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from operator import add, itemgetter, mul
from typing import Any, overload

from tenderkit.formats.limits import MAX_TEXT_LENGTH
from tenderkit.formats.panel import PanelScore
from tenderkit.formats.types import _id_problem

__all__ = ["PanelColumns", "plain_columns", "plain_row"]

_set = object.__setattr__
_WITH_RATIONALE = {"evaluator", "bidder", "target", "score", "rationale", "row"}
_WITHOUT_RATIONALE = _WITH_RATIONALE - {"rationale"}


class PanelColumns(Sequence[PanelScore]):
    """Panel scores as columns, in the tender's order (evaluator, bidder, target).

    Row `i` is (`evaluator[i]`, `bidder[i]`, `target[i]`, `score[i]`, `rationale[i]`,
    `row[i]`): the values as validated. Equality is that of the scores' values, row by row.
    """

    __slots__ = ("_models", "bidder", "evaluator", "rationale", "row", "score", "target")

    def __init__(
        self,
        evaluator: Sequence[str] = (),
        bidder: Sequence[str] = (),
        target: Sequence[str] = (),
        score: Sequence[str] = (),
        rationale: Sequence[str] = (),
        row: Sequence[int] = (),
        models: tuple[PanelScore, ...] | None = None,
    ) -> None:
        intern = sys.intern
        self.evaluator: tuple[str, ...] = tuple(map(intern, evaluator))
        self.bidder: tuple[str, ...] = tuple(map(intern, bidder))
        self.target: tuple[str, ...] = tuple(map(intern, target))
        self.score: tuple[str, ...] = tuple(map(intern, score))
        self.rationale: tuple[str, ...] = tuple(rationale)
        self.row: tuple[int, ...] = tuple(row)
        lengths = {len(column) for column in self.columns()}
        if len(lengths) > 1:
            raise ValueError(f"panel columns of different lengths: {sorted(lengths)}")
        self._models = models

    @classmethod
    def of(cls, scores: Iterable[PanelScore]) -> PanelColumns:
        """The columns of scores given as models (a tender built in code); the models are kept,
        so iterating gives back the very same objects."""
        if isinstance(scores, PanelColumns):
            return scores
        models = tuple(scores)
        columns = [[m.__dict__[name] for m in models] for name in _COLUMNS]
        return cls(*columns, models=models)

    def sorted(self) -> PanelColumns:
        """The scores in the tender's order: by evaluator, bidder, target (stable, as `sorted`
        on the models by those three fields).

        Why not `sorted` on (evaluator, bidder, target) tuples: at 400,000 scores a tuple per
        score and comparing them string by string took half a second of loading. Each value's
        place among its column's sorted distinct values orders as the value does, so one int
        per score (evaluator's place, then bidder's, then target's, as digits of one number)
        sorts the same, stably; the columns are then picked in that order in C (itemgetter),
        their values interned already."""
        count = len(self)
        if count < 2:
            return self
        evaluator, _ = _places(self.evaluator)
        bidder, bidders = _places(self.bidder)
        target, targets = _places(self.target)
        within = list(map(add, map(mul, bidder, repeat(targets)), target))
        key = list(map(add, map(mul, evaluator, repeat(bidders * targets)), within))
        order = sorted(range(count), key=key.__getitem__)
        if order == list(range(count)):
            return self
        pick = itemgetter(*order)
        ordered = object.__new__(PanelColumns)
        for name, column in zip(_COLUMNS, self.columns(), strict=True):
            _set(ordered, name, pick(column))
        _set(ordered, "_models", None if self._models is None else pick(self._models))
        return ordered

    def columns(self) -> tuple[tuple[Any, ...], ...]:
        """The six columns, in `_COLUMNS` order."""
        return (self.evaluator, self.bidder, self.target, self.score, self.rationale, self.row)

    @property
    def evaluators(self) -> list[str]:
        """The evaluators who scored, sorted (Tender.evaluators), without building the models."""
        return sorted(set(self.evaluator))

    @property
    def models(self) -> tuple[PanelScore, ...]:
        """Every score as a PanelScore, built on first use and kept."""
        if self._models is None:
            self._models = tuple(map(_model, *self.columns()))
        return self._models

    def __len__(self) -> int:
        return len(self.row)

    @overload
    def __getitem__(self, index: int) -> PanelScore: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[PanelScore, ...]: ...

    def __getitem__(self, index: int | slice) -> PanelScore | tuple[PanelScore, ...]:
        return self.models[index]

    def __iter__(self) -> Iterator[PanelScore]:
        return iter(self.models)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PanelColumns):
            return self.columns() == other.columns()
        if isinstance(other, tuple | list):
            return self.models == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.columns())

    def __reduce__(self) -> tuple[Any, ...]:
        return (PanelColumns, self.columns())  # pickled (batch workers) without the models

    def __repr__(self) -> str:
        return f"<PanelColumns: {len(self)} scores by {len(self.evaluators)} evaluators>"


_COLUMNS = ("evaluator", "bidder", "target", "score", "rationale", "row")


def _places(column: Sequence[str]) -> tuple[list[int], int]:
    """Each value's place among the column's sorted distinct values, and how many there are."""
    distinct = sorted(set(column))
    place = {value: i for i, value in enumerate(distinct)}
    return list(map(place.__getitem__, column)), len(distinct)


def plain_row(evaluator: str, record: dict[str, str]) -> tuple[str, str, str, str, str, int] | None:
    """The values validating `PanelScore` on a panel CSV's row would keep, when it would pass
    plainly; None when it might not, so the caller validates the model and words the problems.

    Building 700,000 models only to read their fields again cost more than the rest of loading
    a large panel. The checks are those of the model's types (formats/types.py): ids trimmed,
    each a valid id; texts trimmed and within the length limit. The CSV reader has trimmed every
    cell already; a value that is not is left to the model, as is any other field.
    """
    if len(record) != 4 + ("rationale" in record):
        return None
    bidder, target = record.get("bidder"), record.get("target")
    score, rationale = record.get("score"), record.get("rationale", "")
    row = record.get("row")
    if (
        type(bidder) is str
        and type(target) is str
        and type(score) is str
        and type(rationale) is str
        and type(row) is str
        and row.isdigit()
        and len(score) <= MAX_TEXT_LENGTH
        and len(rationale) <= MAX_TEXT_LENGTH
        and bidder.strip() == bidder
        and target.strip() == target
        and score.strip() == score
        and rationale.strip() == rationale
        and _id_problem(bidder) is None
        and _id_problem(target) is None
        and plain_id(evaluator)
    ):
        return (evaluator, bidder, target, score, rationale, int(row))
    return None


def plain_columns(
    evaluator: str, rows: list[list[str]], header: list[str], keep: list[int]
) -> tuple[list[Any], ...] | None:
    """The columns (evaluator, bidder, target, score, rationale, row) the loader would keep of a
    whole panel CSV, every row plain (see `plain_row`); None when any row might not be, so the
    caller reads the file row by row and words each problem.

    Why: at 400,000 scores, a dict per row and `plain_row` on it were half of reading the panel.
    Here each column is trimmed in one C-level `map`, each distinct id checked once and the texts'
    lengths by one `max`. Equivalent to the row path: `rows[1:]` all of the header's width (so no
    row is blank, short or too long), cells trimmed as the CSV reader trims them, the same
    checks on the same values, rows numbered from 2 as in the file.
    """
    body = rows[1:]
    width = len(rows[0])
    # every row of the header's width, asked in C (a generator costs a Python step per row)
    if not body or any(map(width.__ne__, map(len, body))) or not plain_id(evaluator):
        return None
    named = dict(zip(header, keep, strict=True))
    cells = list(zip(*body, strict=True))
    bidder = list(map(str.strip, cells[named["bidder"]]))
    target = list(map(str.strip, cells[named["target"]]))
    score = list(map(str.strip, cells[named["score"]]))
    count = len(body)
    rationale = (
        list(map(str.strip, cells[named["rationale"]])) if "rationale" in named else [""] * count
    )
    if max(map(len, score)) > MAX_TEXT_LENGTH or max(map(len, rationale)) > MAX_TEXT_LENGTH:
        return None
    if any(_id_problem(value) is not None for value in {*bidder, *target}):
        return None
    return ([evaluator] * count, bidder, target, score, rationale, list(range(2, count + 2)))


def plain_id(value: str) -> bool:
    """An id the `Id` type keeps as it is: trimmed already, and valid (the check is cached)."""
    return value.strip() == value and _id_problem(value) is None


def _model(
    evaluator: str, bidder: str, target: str, score: str, rationale: str, row: int
) -> PanelScore:
    """The PanelScore validation gives these values: the loader leaves an empty rationale out
    (so it is not among the fields set), and compact() shares the fields-set."""
    model = PanelScore.__new__(PanelScore)
    _set(
        model,
        "__dict__",
        {
            "evaluator": evaluator,
            "bidder": bidder,
            "target": target,
            "score": score,
            "rationale": rationale,
            "row": row,
        },
    )
    _set(model, "__pydantic_fields_set__", _WITH_RATIONALE if rationale else _WITHOUT_RATIONALE)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model
