"""Requirement sets: the knockouts (eisen) and scored requirements (wensen) of a tender."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from tenderkit.errors import Invalid
from tenderkit.formats.types import ControlId, Id, Name, Number, Strict, Text, Whole, check_numbers

Level = Annotated[Whole, Field(ge=1, le=3)]
CheckOp = Literal[">=", "<=", "==", "in", "subset", "true"]
AssuranceNeed = Literal["required", "preferred", "none"]
Nature = Literal["control", "contract", "fact"]
"""What kind of thing a requirement asks (tenderkit extension, docs/formats.md): the operation of
a security `control` (an assurance report can attest it), a `contract` term or an offered `fact`
(no report attests those; the answer, the contract and the machine check do)."""
FRAMEWORKS = ("iso27001", "soc2", "bio", "gdpr", "ccm")


class Classification(Strict):
    """How much the data at stake needs confidentiality, integrity and availability (BIV), 1..3."""

    confidentiality: Level
    integrity: Level
    availability: Level


class Criterion(Strict):
    """An award criterion (gunningscriterium); weights are relative to each other."""

    id: Id
    title: Name
    weight: Annotated[Number, Field(gt=0)]
    description: Text = ""


class Controls(Strict):
    """Framework references that evidence a requirement."""

    iso27001: list[ControlId] = Field(default_factory=list)
    soc2: list[ControlId] = Field(default_factory=list)
    bio: list[ControlId] = Field(default_factory=list)
    gdpr: list[ControlId] = Field(default_factory=list)
    ccm: list[ControlId] = Field(default_factory=list)

    def ids(self, framework: str) -> list[str]:
        return list(getattr(self, framework))


class Check(Strict):
    """A machine check of a bid fact: `{fact, op, value}`."""

    fact: Id
    op: CheckOp
    value: Any = None

    @model_validator(mode="after")
    def _value_fits_op(self) -> Check:
        check_numbers(self.value, "value")
        if self.op == "true":
            if self.value is not None:
                raise Invalid("op_true_value")
        elif self.op in (">=", "<="):
            if isinstance(self.value, bool) or not isinstance(self.value, int | float):
                raise Invalid("op_needs_number", op=self.op)
        elif self.op in ("in", "subset"):
            if not isinstance(self.value, list) or not self.value:
                raise Invalid("op_needs_list", op=self.op)
        elif self.value is None:
            raise Invalid("op_needs_value")
        return self


class Requirement(Strict):
    """One requirement: a knockout (eis) or a scored one (wens)."""

    id: Id
    title: Name
    text: Text
    theme: Id = "general"
    kind: Literal["knockout", "scored"]
    criterion: Id | None = None
    weight: Annotated[Number, Field(gt=0)] = 1.0
    controls: Controls = Field(default_factory=Controls)
    assurance: AssuranceNeed = "preferred"
    risks: list[Id] = Field(default_factory=list)
    check: Check | None = None
    nature: Nature | None = None
    """None: the assurance review derives it from the theme (docs/assurance.md)."""

    @model_validator(mode="after")
    def _criterion_fits_kind(self) -> Requirement:
        if self.kind == "scored" and self.criterion is None:
            raise Invalid("scored_needs_criterion")
        if self.kind == "knockout" and self.criterion is not None:
            raise Invalid("knockout_no_criterion")
        return self


class RequirementSet(Strict):
    """The contents of a requirement set file."""

    tenderkit: Literal[1]
    id: Id
    title: Name
    language: Literal["nl", "en"] = "nl"
    description: Text = ""
    classification: Classification
    risk_appetite: Annotated[Whole, Field(ge=1, le=25)]
    criteria: list[Criterion] = Field(min_length=1)
    requirements: list[Requirement] = Field(min_length=1)

    def requirement(self, requirement_id: str) -> Requirement:
        return self._by_id()[requirement_id]

    def _by_id(self) -> dict[str, Requirement]:
        return {r.id: r for r in self.requirements}

    @property
    def requirement_ids(self) -> list[str]:
        return [r.id for r in self.requirements]

    @property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]
