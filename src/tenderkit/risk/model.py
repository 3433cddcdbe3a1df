"""The constants of the residual-risk register, as data (`model.yaml`) checked by a model.

Why data: how much an assurance report is worth against a self-declaration, or how heavy a high
classification weighs, are judgements a CISO may want to discuss and tune; they should be read
and changed in one small file, not hunted for in code. The model below refuses a file whose
numbers would make the register contradict itself (stronger evidence raising a likelihood, a
higher classification lowering an impact).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import Field, model_validator

from tenderkit.catalogues.models import RiskId
from tenderkit.formats.types import Strict
from tenderkit.formats.yamlio import parse_yaml

__all__ = [
    "EVIDENCE_GRADES",
    "EvidenceGrade",
    "RiskModel",
    "load_risk_model",
    "risk_model",
]

EvidenceGrade = Literal[
    "assured",
    "assured_with_exceptions",
    "certified",
    "committed",
    "declared",
    "partial",
    "check_missing",
    "fails",
    "no_answer",
    "check_failed",
]
EVIDENCE_GRADES: tuple[EvidenceGrade, ...] = (
    "assured",
    "assured_with_exceptions",
    "certified",
    "committed",
    "declared",
    "partial",
    "check_missing",
    "fails",
    "no_answer",
    "check_failed",
)
"""The evidence grades of one requirement in one bid, strongest evidence first."""

Scale = Annotated[int, Field(ge=1, le=5)]
Effect = Annotated[float, Field(ge=-4, le=4)]

# Pairs (stronger, weaker): the stronger grade may never raise the likelihood more.
_ORDER: tuple[tuple[str, str], ...] = (
    ("assured", "assured_with_exceptions"),
    ("assured_with_exceptions", "certified"),
    ("certified", "declared"),
    ("committed", "declared"),
    ("declared", "partial"),
    ("partial", "check_missing"),
    ("partial", "fails"),
    ("check_missing", "check_failed"),
    ("fails", "check_failed"),
)


class Evidence(Strict):
    """Effect of each evidence grade on the likelihood, in likelihood steps."""

    assured: Effect
    assured_with_exceptions: Effect
    certified: Effect
    committed: Effect
    declared: Effect
    partial: Effect
    check_missing: Effect
    fails: Effect
    no_answer: Effect
    check_failed: Effect

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        for stronger, weaker in _ORDER:
            if getattr(self, stronger) > getattr(self, weaker):
                raise ValueError(
                    f"evidence '{stronger}' may not raise the likelihood more than '{weaker}'"
                )
        return self

    def effect(self, grade: str) -> float:
        return float(getattr(self, grade))


class Likelihood(Strict):
    min: Scale
    max: Scale
    requirement_weight: dict[Literal["knockout", "scored"], Annotated[float, Field(gt=0)]]
    evidence: Evidence

    @model_validator(mode="after")
    def _complete(self) -> Likelihood:
        if self.min > self.max:
            raise ValueError("likelihood min lies above max")
        missing = {"knockout", "scored"} - set(self.requirement_weight)
        if missing:
            raise ValueError(f"requirement_weight lacks {', '.join(sorted(missing))}")
        return self


class Impact(Strict):
    min: Scale
    max: Scale
    by_class: dict[int, Scale]
    breadth_class: Literal[1, 2, 3]
    breadth_aspects: Annotated[int, Field(ge=1, le=3)]
    breadth_bonus: Annotated[int, Field(ge=0, le=4)]

    @model_validator(mode="after")
    def _monotone(self) -> Impact:
        if self.min > self.max:
            raise ValueError("impact min lies above max")
        if set(self.by_class) != {1, 2, 3}:
            raise ValueError("by_class needs an impact for each class 1, 2 and 3")
        values = [self.by_class[c] for c in (1, 2, 3)]
        if values != sorted(values):
            raise ValueError("a higher classification may not give a lower impact")
        return self


class Residual(Strict):
    min_likelihood: Scale
    min_impact: Scale


class Search(Strict):
    exhaustive_max: Annotated[int, Field(ge=0, le=16)]


class Obligations(Strict):
    cuec: list[RiskId] = Field(default_factory=list)
    carve_out: list[RiskId] = Field(default_factory=list)


class SlaModel(Strict):
    tight_fraction: Annotated[float, Field(gt=0, le=1)]


class RiskModel(Strict):
    """The contents of `model.yaml`."""

    tenderkit: Literal[1]
    likelihood: Likelihood
    impact: Impact
    residual: Residual
    search: Search
    obligations: Obligations
    sla: SlaModel


def load_risk_model(text: str) -> RiskModel:
    """Parse and validate a model file's text (raises pydantic's ValidationError)."""
    return RiskModel.model_validate(parse_yaml(text))


@cache
def risk_model() -> RiskModel:
    """The bundled model, read once. A broken bundled model is a bug in tenderkit and raises."""
    text = resources.files(__name__.rpartition(".")[0]).joinpath("model.yaml").read_text("utf-8")
    return load_risk_model(text)
