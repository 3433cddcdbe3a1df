"""The `Result` of evaluating a tender: every figure any report shows, as plain data.

Renderers (HTML, Excel, letters, notebooks) read a Result and never recompute a score. `to_json`
writes the `result.json` of FORMATS.md: sorted keys and floats rounded to a fixed number of
decimals, so two runs on the same input give identical bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Sequence
from itertools import repeat
from json.encoder import encode_basestring
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetPydanticSchema,
    model_validator,
)
from pydantic_core import core_schema

from tenderkit.formats.collector import collector_paused
from tenderkit.formats.json_text import json_text, number_text, rounded
from tenderkit.formats.model_text import OWN_FIELD_DUMP, model_pieces
from tenderkit.formats.scoring_model import PriceSpec, TieRule

FLOAT_DIGITS = 6


class Plain(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


P = TypeVar("P", bound=BaseModel)
_set = object.__setattr__


def constructed(model: type[P], values: Sequence[dict[str, Any]], fields: set[str]) -> list[P]:
    """`[model.model_construct(**v) for v in values]` for trusted values that name every field
    in field order: the models of a large tender's scoring (tens of thousands of panel lines and
    notices) built by C-level maps, without a Python call per model.

    model_construct resolves aliases and fills defaults field by field; with every field given
    and made by tenderkit itself that is pure overhead. This sets the same four slots it sets;
    `fields` is one fields-set shared by all (formats/compact.py shares them for loaded models;
    a copy copies it). Each model gets its own `values` dict as its `__dict__`.
    """
    count = len(values)
    made = list(map(model.__new__, repeat(model, count)))
    for slot, column in (
        ("__dict__", values),
        ("__pydantic_fields_set__", repeat(fields, count)),
        ("__pydantic_extra__", repeat(None, count)),
        ("__pydantic_private__", repeat(None, count)),
    ):
        deque(map(_set, made, repeat(slot, count), column), maxlen=0)
    return made


class Notice(Plain):
    """A warning for the buyer, listed under `warnings` in result.json (a tie, a missing score, a
    design flaw of the scoring model). Not a Python warning category: nothing is raised."""

    code: str
    message: str
    bidder: str | None = None


class Knockout(Plain):
    requirement: str
    reason: Literal["no_answer", "status_fails", "status_partial", "check_failed", "no_assurance"]
    message: str


class RequirementScore(Plain):
    """How one scored requirement counted for one bid: its fraction and where it came from."""

    fraction: float
    source: Literal["consensus", "panel", "answer", "criterion"]
    status: str | None = None
    weight_factor: float = 1.0


class Quality(Plain):
    fraction: float
    points: float
    criteria: dict[str, float]
    criterion_points: dict[str, float] = Field(
        default_factory=dict,
        description="criterion id -> the quality points it earns: quality_weight x the "
        "criterion's share of the weights x its fraction; they add up to `points` (extension)",
    )
    criterion_discount: dict[str, float] | None = Field(
        default=None,
        description="fictitious discount only: criterion id -> the discount it earns, "
        "quality_value x share x fraction; they add up to the price's `discount` (extension)",
    )
    criterion_sources: dict[str, str] = Field(default_factory=dict)
    requirements: dict[str, RequirementScore] = Field(default_factory=dict)


class Price(Plain):
    amount: float
    fraction: float | None
    points: float | None
    comparison: float | None
    deficit: float | None = None
    discount: float | None = Field(
        default=None,
        description="fictitious discount only: quality_value x the quality fraction, the amount "
        "struck off the price; comparison = amount - discount (extension)",
    )


class Flag(Plain):
    """One finding of the assurance review on a report. `pages` (an extension) are the pages of
    the report's PDF it rests on, from the entry's `source.pages`; empty when not known."""

    code: str
    control: str | None
    message: str
    pages: list[int] = Field(default_factory=list)


class ReportVerdict(Plain):
    report: str
    verdict: Literal["accepted", "limited", "rejected"]
    flags: list[Flag]


class RiskLevel(Plain):
    likelihood: int
    impact: int
    score: int


class RiskResult(Plain):
    """One risk of the residual-risk register of one bid (see tenderkit.risk, docs/risk.md).

    `within_appetite` judges the residual score; `escalate` is true when no set of measures
    brings it within the appetite. `title` and `evidence` (requirement id -> evidence grade of
    the requirements that mitigate the risk) are extensions.
    """

    id: str
    inherent: RiskLevel
    measures: list[str]
    residual: RiskLevel
    within_appetite: bool
    escalate: bool = False
    title: str = ""
    evidence: dict[str, str] = Field(default_factory=dict)
    rationale: list[str] = Field(default_factory=list)
    """Why each measure was chosen and why a cheaper one was not (extension, docs/formats.md)."""


class Action(Plain):
    """One item of the buyer's action list for a bid (extension).

    `kind` measure: a proposed compensating measure, `id` its measure id; cuec / carve_out: a duty
    from an assurance report, `id` the report it comes from. `effort_days` is indicative and only
    known for measures; `risks` are the register's risks the action serves.
    """

    kind: Literal["measure", "cuec", "carve_out"]
    id: str | None
    text: str
    owner: str
    effort_days: float | None
    risks: list[str] = Field(default_factory=list)
    acts: str = ""
    """Who acts (extension): `buyer` (its own organisational or technical measure),
    `supplier_agreement` (a contract term or an effort of the supplier: needs its agreement, and
    with the winner only within the published draft contract), `obligation` (a duty the buyer
    already carries, such as a CUEC)."""


class CoverageDetail(Plain):
    """Why a requirement has its coverage level (extension, docs/formats.md): the reports that
    give it, the controls through which they cover it, relied-on controls with an exception,
    relied-on controls an offered report leaves out, and the reason when no report gives it."""

    reports: list[str] = Field(default_factory=list)
    controls: list[str] = Field(default_factory=list)
    exceptions: list[str] = Field(default_factory=list)
    uncovered: list[str] = Field(default_factory=list)
    gaps: dict[str, list[str]] = Field(default_factory=dict)
    reason: str = ""


class SlaLine(Plain):
    """One service-level term of a bid against the requirement set, as facts (extension).

    `offered` and `required` are short phrases (None when absent); `verdict`: ok, tight (met with
    little margin), short (not met) or missing (the bid does not state it); `text` one sentence.
    """

    topic: str
    offered: str | None
    required: str | None
    verdict: Literal["ok", "tight", "short", "missing"]
    text: str


class Headline(Plain):
    """A bid's outcome in one line, as facts (extension): the report's summary, the letters and
    the workshop word it from these (texts/*.yaml `headline_<status>`, the figure by the
    method's `unit`), so none of them works the outcome out from the figures itself.

    `status`: `winner`; `ranked` (valid, another bid wins); `pending` (valid, no winner yet: a
    tie left to lot); `invalid` (knocked out). `rank` and `shared` (another valid bid has the
    same rank) for a valid bid; `of` the number of valid bids. `figure` is the bid's ranking
    figure in the method's `unit`: total points, comparison price or utility index. `margin`:
    the winner's lead over the runner-up, or how far a ranked bid is behind the winner, in that
    unit and never negative (None without a winner or a second valid bid). `knockouts`: the
    requirements that made an invalid bid invalid, each once, in order.
    """

    status: Literal["winner", "ranked", "pending", "invalid"]
    rank: int | None = None
    shared: bool = False
    of: int = 0
    figure: float | None = None
    margin: float | None = None
    knockouts: list[str] = Field(default_factory=list)


class BidResult(Plain):
    id: str
    name: str
    valid: bool
    rank: int | None
    knockouts: list[Knockout]
    quality: Quality
    price: Price
    total: float | None
    score: float = Field(description="the ranking value, higher is better (extension)")
    assurance: list[ReportVerdict] = Field(default_factory=list)
    coverage: dict[str, str] = Field(default_factory=dict)
    coverage_detail: dict[str, CoverageDetail] = Field(default_factory=dict)
    risks: list[RiskResult] = Field(default_factory=list)
    buyer_obligations: list[str] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    effort_days_total: float = Field(
        default=0.0, description="indicative buyer effort of the actions; never part of the award"
    )
    sla: list[SlaLine] = Field(default_factory=list)
    unanswered: list[str] = Field(default_factory=list)
    headline: Headline | None = Field(
        default=None, description="the bid's outcome in one line, as facts (extension)"
    )


class PanelLine(Plain):
    """One line of the evaluation record: a bid, a target, every evaluator's score, the outcome."""

    bidder: str
    target: str
    scores: dict[str, str]
    rationales: dict[str, str]
    fraction: float
    method: Literal["consensus", "median", "mean"]
    spread: float
    disagreement: bool
    consensus_score: str | None = None
    consensus_rationale: str | None = None
    consensus_evaluators: list[str] = Field(default_factory=list)


_PANEL_LINE_FIELDS = set(PanelLine.model_fields)
"""One fields-set shared by every PanelLine a PanelRecord makes (`constructed`)."""


class PanelRecord(Sequence[PanelLine]):
    """`Result.panel` of an evaluated tender: the panel lines as columns, each PanelLine made the
    first time it is read.

    Why: 50 bids x 2000 requirements x 7 evaluators give 56,000 lines, each with two dicts by
    evaluator; building them took a third of evaluate, while scoring reads only a line's
    fraction and method, the disagreement warnings its scores as text and result.json its
    values (`panel_pieces` writes them from the columns). The reports that show every line
    (the record, the workbook) make them when they read them, once.

    The columns, one entry per line: `bidder`, `target`, `fraction`, `method`, `spread`,
    `disagreement`; the lines' scores flat, line after line, each line's evaluators by name
    from `starts[i]` to `starts[i + 1]` in `names` (the evaluator), `shown` (the score as
    shown) and `why` (the rationale, "" for none); `agreed[i]`: (score, rationale, evaluators)
    of a recorded consensus. `place` finds a line by its (bidder, target) key.

    `of_lines` wraps lines made elsewhere (a test's reference panel): the columns are read off
    them and those very lines are returned.
    """

    __slots__ = (
        "_given",
        "_made",
        "agreed",
        "bidder",
        "disagreement",
        "fraction",
        "method",
        "names",
        "place",
        "shown",
        "spread",
        "starts",
        "target",
        "why",
    )

    def __init__(
        self,
        bidder: list[str],
        target: list[str],
        fraction: list[float],
        method: list[str],
        spread: list[float],
        disagreement: list[bool],
        starts: list[int],
        names: Sequence[str],
        shown: Sequence[str],
        why: Sequence[str],
        agreed: dict[int, tuple[str | None, str | None, list[str]]],
        place: dict[tuple[str, str], int] | None = None,
        made: list[PanelLine] | None = None,
    ) -> None:
        self.bidder, self.target = bidder, target
        self.fraction, self.method = fraction, method
        self.spread, self.disagreement = spread, disagreement
        self.starts, self.names, self.shown, self.why = starts, names, shown, why
        self.agreed = agreed
        self.place = (
            dict(zip(zip(bidder, target, strict=True), range(len(bidder)), strict=True))
            if place is None
            else place
        )
        self._given = made is not None
        self._made: list[PanelLine | None] = [None] * len(bidder) if made is None else made

    @classmethod
    def of_lines(
        cls, lines: Sequence[PanelLine], keys: Sequence[tuple[str, str]] | None = None
    ) -> PanelRecord:
        """The record of lines made elsewhere, found by `keys` (default: each line's bidder and
        target); reading it gives those lines themselves."""
        lines = list(lines)
        starts, names, shown, why = [0], [], [], []
        agreed: dict[int, tuple[str | None, str | None, list[str]]] = {}
        for i, line in enumerate(lines):
            for name, score in line.scores.items():
                names.append(name)
                shown.append(score)
                why.append(line.rationales.get(name, ""))
            starts.append(len(names))
            if line.consensus_score is not None or line.method == "consensus":
                agreed[i] = (
                    line.consensus_score,
                    line.consensus_rationale,
                    list(line.consensus_evaluators),
                )
        bidder = [line.bidder for line in lines]
        target = [line.target for line in lines]
        place = None if keys is None else dict(zip(keys, range(len(lines)), strict=True))
        return cls(
            bidder,
            target,
            [line.fraction for line in lines],
            [line.method for line in lines],
            [line.spread for line in lines],
            [line.disagreement for line in lines],
            starts,
            names,
            shown,
            why,
            agreed,
            place,
            made=lines,
        )

    @property
    def columnar(self) -> bool:
        """True when the columns are the whole truth (made by combine_panel), False when the
        record wraps lines made elsewhere, which are then what counts."""
        return not self._given

    def values(self, i: int) -> dict[str, Any]:
        """Line `i`'s fields, in field order, as its PanelLine holds them."""
        start, end = self.starts[i], self.starts[i + 1]
        names = self.names[start:end]
        agreed = self.agreed.get(i)
        return {
            "bidder": self.bidder[i],
            "target": self.target[i],
            "scores": dict(zip(names, self.shown[start:end], strict=True)),
            "rationales": {n: w for n, w in zip(names, self.why[start:end], strict=True) if w},
            "fraction": self.fraction[i],
            "method": self.method[i],
            "spread": self.spread[i],
            "disagreement": self.disagreement[i],
            "consensus_score": None if agreed is None else agreed[0],
            "consensus_rationale": None if agreed is None else agreed[1],
            "consensus_evaluators": [] if agreed is None else list(agreed[2]),
        }

    def __len__(self) -> int:
        return len(self.bidder)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        i = range(len(self))[index]  # an int, negative counted from the end; IndexError
        line = self._made[i]
        if line is None:
            line = self._made[i] = constructed(PanelLine, [self.values(i)], _PANEL_LINE_FIELDS)[0]
        return line

    def __iter__(self) -> Any:
        missing = [i for i, line in enumerate(self._made) if line is None]
        if missing:  # made in one go, the C-level way
            made = constructed(PanelLine, list(map(self.values, missing)), _PANEL_LINE_FIELDS)
            for i, line in zip(missing, made, strict=True):
                self._made[i] = line
        return iter(self._made)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PanelRecord({list(self)!r})"

    def __getstate__(self) -> dict[str, Any]:
        """Pickled as its columns (a batch worker sends the Result back): the lines made so far
        are made again where read, unless they are the given lines themselves."""
        state = {name: getattr(self, name) for name in self.__slots__}
        if not self._given:
            state["_made"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        if self._made is None:
            self._made = [None] * len(self.bidder)


def _panel_as_list(value: Any) -> Any:
    """Result.panel as pydantic dumps it: a PanelRecord as the list of its lines; anything else
    (a list; in a Result built without validation, whatever it holds) as a list field's value."""
    return list(value) if isinstance(value, PanelRecord) else value


def _panel_schema(_source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
    """Result.panel: a list of PanelLines as validated data (result.json read back), or a
    PanelRecord as evaluate makes it, kept as it is (validating it would make every line)."""
    as_list = handler.generate_schema(list[PanelLine])
    return core_schema.json_or_python_schema(
        json_schema=as_list,
        python_schema=core_schema.union_schema(
            [core_schema.is_instance_schema(PanelRecord), as_list]
        ),
        serialization=core_schema.plain_serializer_function_ser_schema(
            _panel_as_list, return_schema=as_list
        ),
        metadata={OWN_FIELD_DUMP: True},  # the panel field alone is dumped its own way
    )


PanelLines = Annotated[Sequence[PanelLine], GetPydanticSchema(_panel_schema)]
"""The type of Result.panel (see `_panel_schema`)."""


class BudgetCheck(Plain):
    """The winner's price against the tender's budget (extension): `difference` is price minus
    budget (positive: over budget), `share` its size as a fraction of the budget."""

    amount: float
    price: float
    difference: float
    share: float


class Method(Plain):
    """How the tender scores, as published: the price method with its parameters, the split
    between quality and price, the criterion weights and the rules (result.json's `method`).

    Renderers choose their wording and decimals by `unit`, `decimals` and `weights_apply`
    (texts keyed by the unit), never by comparing the formula's name: a new formula needs no
    renderer changed. Read it by attribute (`result.method.unit`); `model_dump(mode="json")`
    gives it in result.json's shape.
    """

    formula: Literal[
        "lowest_relative", "linear_fixed", "log", "fictitious_discount", "utility_index"
    ]
    price: PriceSpec
    quality_weight: float
    price_weight: float
    consensus: Literal["median", "mean"]
    invalidated_bid_rule: Literal["recalculate", "keep_original"]
    tie_break: list[TieRule]
    criteria: dict[str, float]
    """criterion id -> weight, in the requirement set's order"""
    unit: Literal["points", "money", "index"]
    """what a bid's `score` and the `margin` are counted in (extension)"""
    decimals: int
    """the decimals a report shows a `score` and the `margin` with (extension)"""
    additive: bool = True
    """price earns points that are added to the quality points: a bid has price points and a
    `total` (extension); otherwise its ranking figure is `price.comparison`"""
    weights_apply: bool = True
    """the quality and price weights play a role; under the fictitious discount they do not:
    the quality value does (extension)"""
    relative: bool = True
    """a bid's price figure depends on the other bids' (a lowest price or best ratio as the
    reference), so the rule for invalid bids (`invalidated_bid_rule`) decides something; under
    an absolute formula it has nothing to decide (extension; a result.json without it keeps
    stating the rule, as it did)"""

    @model_validator(mode="before")
    @classmethod
    def _derived(cls, data: Any) -> Any:
        """A result.json written before `additive` and `weights_apply` existed: both follow
        from its `unit` (points are added up; money is the fictitious discount's comparison
        price, where the quality value replaces the weights)."""
        if isinstance(data, dict) and "unit" in data:
            data = {
                "additive": data["unit"] == "points",
                "weights_apply": data["unit"] != "money",
                **data,
            }
        return data


class Result(Plain):
    tenderkit: int = 1
    tool_version: str
    tender: str
    language: str
    inputs: dict[str, str]
    lock: dict[str, Any]
    method: Method
    winner: str | None
    runner_up: str | None = Field(
        default=None, description="the second valid bid in the ranking (extension)"
    )
    margin: float | None = Field(
        default=None,
        description="the winner's score minus the runner-up's, in the method's unit (extension)",
    )
    award_date: dt.date | None = Field(
        default=None, description="the day the award decision is sent (dates.award) (extension)"
    )
    standstill_days: int | None = Field(
        default=None,
        description="the standstill (public) or waiting (private) period in days (extension)",
    )
    standstill_end: dt.date | None = Field(
        default=None,
        description="the day that period ends, with a winner and an award date (extension)",
    )
    bids: list[BidResult]
    panel: PanelLines = Field(default_factory=list)
    sensitivity: dict[str, Any] = Field(default_factory=dict)
    warnings: list[Notice] = Field(default_factory=list)
    budget: BudgetCheck | None = None

    def bid(self, bid_id: str) -> BidResult:
        return next(b for b in self.bids if b.id == bid_id)

    @property
    def ranking(self) -> list[BidResult]:
        """Valid bids by rank, then invalid bids by id."""
        valid = sorted((b for b in self.bids if b.valid), key=lambda b: (b.rank or 0, b.id))
        return valid + [b for b in self.bids if not b.valid]

    def to_data(self) -> dict[str, Any]:
        """The result.json structure, floats rounded for stable bytes."""
        return rounded(self.model_dump(mode="json"), FLOAT_DIGITS)

    def to_json(self) -> str:
        """result.json's text: the bytes of `json.dumps(self.to_data(), sort_keys=True, indent=2,
        ensure_ascii=False)`, written straight from the models' values (formats/model_text.py);
        the panel lines, half of the file in a large tender, by `panel_pieces`."""
        return "".join(self.json_pieces())

    @collector_paused
    def json_pieces(self) -> list[str]:
        """`to_json()` in the pieces it is joined from, for writing to a file a few at a time
        (`fileio.write_atomic` takes them): 139 MB of result.json at 50 bids x 2000
        requirements x 7 evaluators is then never one string and one block of bytes at once."""
        panel = panel_pieces(self.panel, FLOAT_DIGITS)
        return model_pieces(self, FLOAT_DIGITS, written={"panel": panel}, end="\n")

    def to_dataframe(self) -> Any:
        """The ranking as a pandas DataFrame, one row per bid (valid by rank, then invalid), for
        analysts in a notebook. A copy: changing it changes nothing in the Result."""
        import pandas as pd

        rows = [
            {
                "rank": b.rank,
                "id": b.id,
                "name": b.name,
                "valid": b.valid,
                "knockouts": len(b.knockouts),
                "quality_fraction": b.quality.fraction,
                "quality_points": b.quality.points,
                "price": b.price.amount,
                "price_points": b.price.points,
                "total": b.total,
                "score": b.score,
                "winner": b.id == self.winner,
            }
            for b in self.ranking
        ]
        frame = pd.DataFrame(rows).set_index("id")
        frame["rank"] = frame["rank"].astype("Int64")  # invalid bids have no rank: <NA>
        return frame

    def __repr__(self) -> str:
        valid = sum(b.valid for b in self.bids)
        return (
            f"<Result {self.tender!r}: {len(self.bids)} bids ({valid} valid), "
            f"winner {self.winner!r}, {len(self.warnings)} warning(s)>"
        )

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """The notebook's preview, in the Result's language (texts/report.yaml `preview_*`)."""
        from tenderkit.formatting import fixed
        from tenderkit.i18n import text
        from tenderkit.markup import html, join

        def t(key: str, **values: Any) -> str:
            return text("report", key, self.language, **values)

        winner = next((b.name for b in self.bids if b.id == self.winner), None)
        rows = join(
            html(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                b.rank or "—",
                b.name,
                t("valid_yes" if b.valid else "valid_no"),
                fixed(b.score, self.language),
            )
            for b in self.ranking
        )
        return html(
            "<b>{}</b>: {}<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            self.tender,
            t("preview_winner", winner=winner or "—"),
            t("col_rank"),
            t("col_bid"),
            t("col_valid"),
            t("preview_score"),
            rows,
        )


class _Heads(dict[str, str]):
    """`"key": ` as JSON text, per key, written on first use (the few evaluator ids)."""

    def __missing__(self, key: str) -> str:
        head = self[key] = encode_basestring(key) + ": "
        return head


_PANEL_FIELDS = (
    "bidder",
    "consensus_evaluators",
    "consensus_rationale",
    "consensus_score",
    "disagreement",
    "fraction",
    "method",
    "rationales",
    "scores",
    "spread",
    "target",
)


def panel_text(lines: Sequence[PanelLine], digits: int) -> str:
    """result.json's `panel` list as `json_text` writes `model_dump(mode="json")` of it (at its
    place, one level in): `panel_pieces` joined."""
    return "".join(panel_pieces(lines, digits))


def panel_pieces(lines: Sequence[PanelLine], digits: int) -> list[str]:
    """result.json's `panel` list as `json_text` writes `model_dump(mode="json")` of it (at its
    place, one level in), straight from the lines' values, in pieces: the brackets, each line
    and the commas between them (70 MB at 50x2000x7, never joined when result.json is written
    by `Result.json_pieces`).

    Why: 56,000 panel lines at 50 bids x 2000 requirements x 7 evaluators, each with every
    evaluator's score and rationale, are 70 MB of result.json; dumping each line to a dict and
    walking it again took a third of writing the file. A line's fields are fixed and plain
    (text, a float, a flag, text by evaluator), so each line is one template filled with its
    values' JSON text, in the sorted key order json.dumps uses. A value of another type than its
    field's (a model built without validation) is written by `json_text` itself, so the bytes
    are the same either way (tests/test_result_json.py).
    """
    if tuple(sorted(PanelLine.model_fields)) != _PANEL_FIELDS:
        raise RuntimeError("PanelLine's fields changed: panel_pieces writes each one; update it")
    if not lines:
        return ["[]"]
    text = encode_basestring
    deeper = ",\n        "
    heads = _Heads()

    def other(value: Any) -> str:
        return json_text(value, digits).replace("\n", "\n      ")

    def string(value: Any) -> str:
        return text(value) if type(value) is str else other(value)

    def optional(value: Any) -> str:
        return "null" if value is None else string(value)

    def number(value: Any) -> str:
        return number_text(value, digits) if type(value) is float else other(value)

    def flag(value: Any) -> str:
        return "true" if value is True else "false" if value is False else other(value)

    def strings(value: Any) -> str:
        if type(value) is not list or any(type(v) is not str for v in value):
            return other(value)
        return "[\n        " + deeper.join(map(text, value)) + "\n      ]" if value else "[]"

    def by_evaluator(value: Any) -> str:
        if type(value) is not dict:
            return other(value)
        if not value:
            return "{}"
        try:  # keys and values are text (validated); anything else: TypeError, the slow way
            items = [heads[k] + text(v) for k, v in sorted(value.items())]
        except TypeError:
            return other(value)
        return "{\n        " + deeper.join(items) + "\n      }"

    template = "{\n      " + ",\n      ".join(f'"{name}": %s' for name in _PANEL_FIELDS) + "\n    }"
    written = []
    add = written.append
    if isinstance(lines, PanelRecord) and lines.columnar:
        written = _record_texts(lines, template, string, strings, optional, number, flag)
        lines = ()
    for line in lines:
        v = line.__dict__
        add(
            template
            % (
                string(v["bidder"]),
                strings(v["consensus_evaluators"]),
                optional(v["consensus_rationale"]),
                optional(v["consensus_score"]),
                flag(v["disagreement"]),
                number(v["fraction"]),
                string(v["method"]),
                by_evaluator(v["rationales"]),
                by_evaluator(v["scores"]),
                number(v["spread"]),
                string(v["target"]),
            )
        )
    pieces = [",\n    "] * (2 * len(written) + 1)  # the lines at the odd places, commas between
    pieces[0], pieces[-1] = "[\n    ", "\n  ]"
    pieces[1::2] = written
    return pieces


def _record_texts(
    record: PanelRecord,
    template: str,
    string: Callable[[Any], str],
    strings: Callable[[Any], str],
    optional: Callable[[Any], str],
    number: Callable[[Any], str],
    flag: Callable[[Any], str],
) -> list[str]:
    """`panel_pieces`' text of each line of a PanelRecord that combine_panel made, from its
    columns, without making the lines: its evaluators are in name order (the order json.dumps
    sorts them in), and each (evaluator, score) pair's text is made once (a panel has few)."""
    text = encode_basestring
    deeper = ",\n        "
    heads = _Heads()
    pair_texts: dict[tuple[str, str], str] = {}

    def pair(key: tuple[str, str]) -> str:
        found = pair_texts.get(key)
        if found is None:
            found = pair_texts[key] = heads[key[0]] + text(key[1])
        return found

    names, shown, why, starts = record.names, record.shown, record.why, record.starts
    agreed = record.agreed
    no_agreement = (None, None, [])
    written = []
    add = written.append
    for i, (bidder, target, fraction, method, spread, disagreement) in enumerate(
        zip(
            record.bidder,
            record.target,
            record.fraction,
            record.method,
            record.spread,
            record.disagreement,
            strict=True,
        )
    ):
        start, end = starts[i], starts[i + 1]
        who = names[start:end]
        scores = deeper.join(map(pair, zip(who, shown[start:end], strict=True)))
        reasons = deeper.join(
            [
                heads[name] + text(reason)
                for name, reason in zip(who, why[start:end], strict=True)
                if reason
            ]
        )
        score, rationale, evaluators = agreed.get(i, no_agreement)
        add(
            template
            % (
                string(bidder),
                strings(evaluators),
                optional(rationale),
                optional(score),
                flag(disagreement),
                number(fraction),
                string(method),
                "{\n        " + reasons + "\n      }" if reasons else "{}",
                "{\n        " + scores + "\n      }" if scores else "{}",
                number(spread),
                string(target),
            )
        )
    return written


def result_from_json(text: str) -> Result:
    """Read a result.json back (for reports and batch summaries)."""
    return Result.model_validate_json(text)
