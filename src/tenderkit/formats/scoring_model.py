"""Scoring models: how quality and price become points, and how the panel's scores count."""

from __future__ import annotations

import itertools
import math
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from tenderkit.formats import limits
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
            raise ValueError("max_price must be greater than min_price")
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
        raise ValueError(
            f"a score of the scale is a short label (1 to {limits.MAX_ID_LENGTH} characters)"
        )
    return label


def _finite(value: Any, what: str) -> None:
    problem = finite_problem(value)
    if problem:
        raise ValueError(f"{what}: {problem}")


def parse_scale(value: Any) -> Scale:
    """Turn the `scale` key (a list or a map) into a `Scale`; ValueError says what is wrong."""
    if isinstance(value, Scale):
        return value
    if isinstance(value, dict) and set(value) == {"steps", "linear"}:
        return Scale(steps=tuple(tuple(s) for s in value["steps"]), linear=value["linear"])
    if isinstance(value, list | dict) and len(value) > limits.MAX_SCALE_STEPS:
        raise ValueError(f"a scale has at most {limits.MAX_SCALE_STEPS} scores")
    if isinstance(value, list):
        if len(value) < 2:
            raise ValueError("a scale needs at least two scores, e.g. [0, 2, 4, 6, 8, 10]")
        numbers = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int | float):
                raise ValueError(f"a list scale holds numbers only; '{item}' is not a number")
            _finite(item, "the scale")
            numbers.append(float(item))
        if any(b <= a for a, b in itertools.pairwise(numbers)):
            raise ValueError("the scores of a list scale must go up, each higher than the last")
        if numbers[-1] <= 0:
            raise ValueError("the last (highest) score of a list scale must be above 0")
        steps = tuple(
            (_label(item), n / numbers[-1]) for item, n in zip(value, numbers, strict=True)
        )
        return Scale(steps=steps, linear=True)
    if isinstance(value, dict):
        if len(value) < 2:
            raise ValueError("a scale needs at least two scores")
        steps = []
        for key, fraction in value.items():
            if isinstance(fraction, bool) or not isinstance(fraction, int | float):
                raise ValueError(f"score '{key}' needs a number as its fraction, got '{fraction}'")
            _finite(fraction, f"score '{key}'")
            if fraction > 1:
                raise ValueError(f"score '{key}' is worth {fraction}; full marks are 1.0")
            steps.append((_label(key), float(fraction)))
        if max(f for _, f in steps) <= 0:
            raise ValueError("at least one score of the scale must be worth more than 0")
        if len({label.upper() for label, _ in steps}) != len(steps):
            raise ValueError("the scale names the same score twice")
        return Scale(steps=tuple(sorted(steps, key=lambda s: s[1])), linear=False)
    raise ValueError(
        "a scale is a list such as [0, 2, 4, 6, 8, 10] or a map such as {3: 1.0, 2: 0.6, 0: 0}"
    )


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
            raise ValueError(
                f"{'; '.join(outside)} lies outside the scale, which runs from {low:g} to "
                f"{high:g} of full marks; a status score is a fraction of full marks"
            )
        return value

    @field_validator("tie_break")
    @classmethod
    def _tie_break(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each tie-break rule may appear once")
        if "lot" in value and value[-1] != "lot":
            raise ValueError("'lot' can only be the last resort, at the end of the list")
        return value

    @model_validator(mode="after")
    def _weights(self) -> ScoringModel:
        if self.quality_weight == 0 and self.price_weight == 0:
            raise ValueError("quality_weight and price_weight cannot both be 0")
        if self.price.formula == "utility_index" and self.price_weight == 0:
            raise ValueError("the utility index divides by price_weight, which cannot be 0")
        return self
