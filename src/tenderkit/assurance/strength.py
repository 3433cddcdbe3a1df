"""The strength model: what a report kind can attest, and what a requirement asks.

Why a model of its own: a certificate, a Type II report and a Type I report do not say the same
thing about a control, and no report says anything about a contract term. Grading coverage
without saying which kind of evidence stands behind it let an ISO certificate "assure" a
processing agreement. The data lives in strength.yaml, one definition per fact; this module only
reads it (see docs/assurance.md, "Evidence strength").
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

from pydantic import Field

from tenderkit.formats.bid import AssuranceReport, ReportKind, Subservice
from tenderkit.formats.messages import validate
from tenderkit.formats.requirement_set import Nature, Requirement
from tenderkit.formats.types import Id, Strict, Text
from tenderkit.formats.yamlio import read_yaml

__all__ = [
    "Strength",
    "StrengthModel",
    "nature_of",
    "strength_model",
    "strength_of",
    "subservice_controls",
]

Strength = Literal["tested", "certified", "design", "none"]
"""How strongly a report kind evidences a control it covers (strength.yaml explains each)."""


class Natures(Strict):
    default: Nature = "control"
    by_theme: dict[Id, Nature] = Field(default_factory=dict)


class Hosting(Strict):
    keywords: list[Text] = Field(min_length=1)
    controls: dict[Literal["iso27001", "soc2"], list[Id]]


class StrengthModel(Strict):
    """strength.yaml"""

    tenderkit: Literal[1]
    kinds: dict[ReportKind, Strength]
    natures: Natures
    hosting: Hosting


@cache
def strength_model() -> StrengthModel:
    """strength.yaml, validated once; a broken file is our bug and fails loudly."""
    display = "tenderkit/assurance/strength.yaml"
    with resources.as_file(resources.files(__package__).joinpath("strength.yaml")) as path:
        data, problems = read_yaml(path, display)
        loaded, more = (None, []) if problems else validate(StrengthModel, data, display)
    problems = [*problems, *more]
    if loaded is None or problems:
        raise RuntimeError("\n".join(str(p) for p in problems) or f"{display} is empty")
    missing = set(ReportKind.__args__) - set(loaded.kinds)  # type: ignore[attr-defined]
    if missing:
        raise RuntimeError(f"{display}: no strength for report kind(s) {sorted(missing)}")
    return loaded


def strength_of(report: AssuranceReport) -> Strength:
    """The strength of the evidence this report gives on every control it covers."""
    return strength_model().kinds[report.kind]


def nature_of(requirement: Requirement) -> Nature:
    """`control`, `contract` or `fact`: the requirement's own `nature`, else by its theme."""
    if requirement.nature is not None:
        return requirement.nature
    natures = strength_model().natures
    return natures.by_theme.get(requirement.theme, natures.default)


def subservice_controls(sub: Subservice) -> dict[str, frozenset[str]]:
    """The controls a subservice organisation performs: as the bid names them, or, for a party
    whose service is hosting (strength.yaml's keywords), the physical and environmental ones."""
    if sub.controls is not None:
        return {fw: frozenset(ids) for fw, ids in sub.controls.items()}
    hosting = strength_model().hosting
    words = f"{sub.service} {sub.name}".lower()
    if any(word.lower() in words for word in hosting.keywords):
        return {fw: frozenset(ids) for fw, ids in hosting.controls.items()}
    return {}
