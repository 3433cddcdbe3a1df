"""Scoring models: how quality and price become points, and how the panel's scores count."""

from __future__ import annotations

import itertools
import math
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from tenderkit.errors import Both, Invalid
from tenderkit.formats import limits
from tenderkit.formats.messages import shown
from tenderkit.formats.types import Id, Money, Name, Number, Strict, Text, _as_text, finite_problem


class LowestRelative(Strict):
    """Price fraction = lowest price / own price (relative: rank reversal possible)."""

    formula: Literal["lowest_relative"]


class LinearFixed(Strict):
    """Linear between a maximum and minimum price fixed before opening (absolute)."""

    formula: Literal["linear_fixed"]
    max_price: Annotated[Money, Field(gt=0)]
    min_price: Annotated[Money, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> LinearFixed:
        if self.max_price <= self.min_price:
            raise Invalid("max_price_low")
        return self


class Log(Strict):
    """Logarithmic: a bid `a` times the lowest price gets zero price points."""

    formula: Literal["log"]
    a: Annotated[Number, Field(gt=1)]
    floor_at_zero: bool = True


class FictitiousDiscount(Strict):
    """Fictieve korting: quality is worth money; lowest comparison price wins."""

    formula: Literal["fictitious_discount"]
    quality_value: Annotated[Money, Field(gt=0)]


class UtilityIndex(Strict):
    """Price-quality ratio; the highest utility index wins."""

    formula: Literal["utility_index"]


PriceSpec = Annotated[
    LowestRelative | LinearFixed | Log | FictitiousDiscount | UtilityIndex,
    Field(discriminator="formula"),
]
PRICE_FORMULAS = ("lowest_relative", "linear_fixed", "log", "fictitious_discount", "utility_index")


class StatusScores(Strict):
    """Fraction of full marks from a bid's own answer when the panel gave no score."""

    meets: Number = 1.0
    partial: Number = 0.5
    fails: Number = 0.0


class AssuranceWeighting(Strict):
    """Multipliers on scored requirements by the strength of their evidence."""

    assured: Annotated[Number, Field(ge=0, le=1)]
    assured_with_exceptions: Annotated[Number, Field(ge=0, le=1)]
    declared: Annotated[Number, Field(ge=0, le=1)]
    none: Annotated[Number, Field(ge=0, le=1)]


class Scale(Strict):
    """The panel's allowed scores, as ordered (label, fraction of full marks) steps.

    A list scale `[0, 2, 4, 6, 8, 10]` counts a score as score/last; a map scale gives each label
    its fraction, which may be negative (a surcharge) as on Rijkswaterstaat's scale.
    """

    steps: tuple[tuple[str, float], ...]
    linear: bool

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.steps]

    @property
    def span(self) -> float:
        """Distance between the lowest and highest fraction: the yardstick for disagreement."""
        fractions = [f for _, f in self.steps]
        return max(fractions) - min(fractions)

    def fraction(self, raw: str) -> float | None:
        """Fraction of full marks for a score as written in a panel file; None if off the scale."""
        text = str(raw).strip()
        for label, fraction in self.steps:
            if label == text or label.upper() == text.upper():
                return fraction
        number = _number(text)
        if number is not None:
            for label, fraction in self.steps:
                if _number(label) == number:
                    return fraction
        return None

    def label(self, raw: str) -> str | None:
        """The canonical label for a score as written (`6.0` -> `6`); None if not on the scale."""
        text = str(raw).strip()
        number = _number(text)
        for label, _ in self.steps:
            if label.upper() == text.upper() or (number is not None and _number(label) == number):
                return label
        return None


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _label(value: Any) -> str:
    text = _as_text(value)
    if isinstance(text, float):
        text = repr(text)
    label = str(text).strip()
    if not label or len(label) > limits.MAX_ID_LENGTH:
        raise Invalid("scale_label", limit=limits.MAX_ID_LENGTH)
    return label


def _finite(value: Any, what: Both) -> None:
    problem = finite_problem(value)
    if problem:
        raise Invalid("at_place", where=what, problem=problem)


def parse_scale(value: Any) -> Scale:
    """Turn the `scale` key (a list or a map) into a `Scale`; ValueError says what is wrong."""
    if isinstance(value, Scale):
        return value
    if isinstance(value, dict) and set(value) == {"steps", "linear"}:
        return Scale(steps=tuple(tuple(s) for s in value["steps"]), linear=value["linear"])
    if isinstance(value, list | dict) and len(value) > limits.MAX_SCALE_STEPS:
        raise Invalid("scale_too_many", limit=limits.MAX_SCALE_STEPS)
    if isinstance(value, list):
        if len(value) < 2:
            raise Invalid("scale_two_scores_list")
        numbers = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int | float):
                raise Invalid("scale_list_numbers", item=item)
            _finite(item, Both.of("word_the_scale"))
            numbers.append(float(item))
        if any(b <= a for a, b in itertools.pairwise(numbers)):
            raise Invalid("scale_list_up")
        if numbers[-1] <= 0:
            raise Invalid("scale_list_positive")
        steps = tuple(
            (_label(item), n / numbers[-1]) for item, n in zip(value, numbers, strict=True)
        )
        return Scale(steps=steps, linear=True)
    if isinstance(value, dict):
        if len(value) < 2:
            raise Invalid("scale_two_scores")
        steps = []
        for key, fraction in value.items():
            if isinstance(fraction, bool) or not isinstance(fraction, int | float):
                raise Invalid("scale_fraction_number", score=key, value=shown(fraction))
            _finite(fraction, Both.of("word_score", score=key))
            if fraction > 1:
                raise Invalid("scale_fraction_high", score=key, fraction=fraction)
            steps.append((_label(key), float(fraction)))
        if max(f for _, f in steps) <= 0:
            raise Invalid("scale_all_zero")
        if len({label.upper() for label, _ in steps}) != len(steps):
            raise Invalid("scale_twice")
        return Scale(steps=tuple(sorted(steps, key=lambda s: s[1])), linear=False)
    raise Invalid("scale_form")


TieRule = Literal["quality", "price", "lot"]


class ScoringModel(Strict):
    """The contents of a scoring model file."""

    tenderkit: Literal[1]
    id: Id
    title: Name
    description: Text = ""
    quality_weight: Annotated[Number, Field(ge=0)]
    price_weight: Annotated[Number, Field(ge=0)]
    scale: Scale
    status_scores: StatusScores = Field(default_factory=StatusScores)
    price: PriceSpec
    consensus: Literal["median", "mean"] = "median"
    disagreement: Annotated[Number, Field(gt=0, le=1)] = 0.4
    assurance_weighting: AssuranceWeighting | None = None
    invalidated_bid_rule: Literal["recalculate", "keep_original"] = "recalculate"
    tie_break: list[TieRule] = Field(default_factory=lambda: ["quality", "price", "lot"])

    @field_validator("scale", mode="before")
    @classmethod
    def _scale(cls, value: Any) -> Scale:
        return parse_scale(value)

    @field_validator("status_scores")
    @classmethod
    def _status_scores_on_scale(cls, value: StatusScores, info: ValidationInfo) -> StatusScores:
        scale = info.data.get("scale")
        if not isinstance(scale, Scale):
            return value  # the scale itself is wrong: reported on its own
        low, high = min(f for _, f in scale.steps), max(f for _, f in scale.steps)
        outside = [
            f"{status}: {fraction:g} ({fraction:.0%})"
            for status, fraction in (
                ("meets", value.meets),
                ("partial", value.partial),
                ("fails", value.fails),
            )
            if not low <= fraction <= high
        ]
        if outside:
            raise Invalid(
                "status_off_scale", scores="; ".join(outside), low=f"{low:g}", high=f"{high:g}"
            )
        return value

    @field_validator("tie_break")
    @classmethod
    def _tie_break(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise Invalid("tie_break_twice")
        if "lot" in value and value[-1] != "lot":
            raise Invalid("tie_break_lot")
        return value

    @model_validator(mode="after")
    def _weights(self) -> ScoringModel:
        if self.quality_weight == 0 and self.price_weight == 0:
            raise Invalid("weights_zero")
        if self.price.formula == "utility_index" and self.price_weight == 0:
            raise Invalid("utility_price_weight")
        return self
