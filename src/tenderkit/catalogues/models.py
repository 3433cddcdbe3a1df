"""The shape of the risk catalogue and the compensating-measure catalogue.

A risk is something a buyer runs when its data or service goes to a provider; a requirement names
the risks it mitigates, and a gap in a bid leaves them open. A compensating measure is what the
buyer can do about an open risk when the bid falls short: a contract clause, a measure of its own,
or an extra effort it asks of the supplier. Each measure says by how many steps it lowers the
likelihood and the impact of the risks it addresses (on the 1..5 scales of the risk engine), and
under which facts of a bid it adds nothing because the bid already provides it.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from tenderkit.formats.requirement_set import Check
from tenderkit.formats.types import Id, Localized, Strict

Aspect = Literal["confidentiality", "integrity", "availability"]
Situation = Literal[
    "tested_report_bridgeable",
    "tested_report_weak",
    "no_tested_report",
    "carve_out_unreported",
    "data_outside_eea",
]
"""What a measure can answer besides an open risk (computed by `tenderkit.risk.situations`):
- tested_report_bridgeable: a Type II report's period ended before closing, at most the review's
  bridge limit (three months) before it, and no bridge letter reaches the closing date;
- tested_report_weak: a Type II report the review limits (stale, short, qualified, gap), or
  whose period ended longer before closing than a bridge letter may bridge;
- no_tested_report: no Type II report counts (an ISO certificate, a Type I, or nothing);
- carve_out_unreported: a report carves out a subservice organisation without its own report;
- data_outside_eea: a data location or a sub-processor outside the EEA."""
Owner = Literal["buyer", "supplier", "contract"]
Step = Annotated[int, Field(ge=-2, le=0)]

RiskId = Annotated[Id, StringConstraints(pattern=r"^R-[A-Z0-9]+(-[A-Z0-9]+)*$")]
MeasureId = Annotated[Id, StringConstraints(pattern=r"^M-[A-Z0-9]+(-[A-Z0-9]+)*$")]


class Risk(Strict):
    """A risk from the catalogue; its impact follows from the tender's classification (BIV)."""

    id: RiskId
    title: Localized
    description: Localized
    threatens: list[Aspect] = Field(min_length=1)
    base_likelihood: Annotated[int, Field(ge=1, le=5)]

    @field_validator("threatens")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("name each aspect (confidentiality, integrity, availability) once")
        return value


class Reduction(Strict):
    """How much a measure lowers one risk: steps off likelihood and impact (0, -1 or -2)."""

    risk: RiskId
    likelihood: Step = 0
    impact: Step = 0
    cause: bool = False
    """Does the measure remove or control the source of this risk (rather than soften its
    consequence)? The register prefers such a measure (docs/risk.md)."""

    @model_validator(mode="after")
    def _does_something(self) -> Reduction:
        if self.likelihood == 0 and self.impact == 0:
            raise ValueError(
                f"a measure that lowers neither likelihood nor impact of {self.risk} "
                "should not list it"
            )
        return self


class Measure(Strict):
    """A compensating measure the buyer can take (or have taken) for an open risk."""

    id: MeasureId
    title: Localized
    description: Localized
    owner: Owner
    reduces: list[Reduction] = Field(min_length=1)
    effort_days: Annotated[float, Field(ge=0)] = Field(
        description="indicative person-days of work for the buyer"
    )
    unnecessary_when: list[Check] = Field(
        default_factory=list,
        description="fact checks under which the bid itself already provides what this adds",
    )
    applies_when: list[Situation] = Field(
        default_factory=list,
        description=(
            "situations of the bid the measure answers, any of them; empty: it answers the "
            "open risk itself (a gap in the requirements that mitigate it)"
        ),
    )

    @field_validator("reduces")
    @classmethod
    def _risk_once(cls, value: list[Reduction]) -> list[Reduction]:
        risks = [r.risk for r in value]
        doubles = sorted({r for r in risks if risks.count(r) > 1})
        if doubles:
            raise ValueError(f"names risk(s) more than once: {', '.join(doubles)}")
        return value

    def reduction(self, risk_id: str) -> Reduction | None:
        return self._reductions.get(risk_id)

    @cached_property
    def _reductions(self) -> dict[str, Reduction]:
        """Risk id -> its step (a risk is named once): asked for every risk of every bid."""
        return {r.risk: r for r in self.reduces}


class RiskCatalogue(Strict):
    """The contents of a risk catalogue file."""

    tenderkit: Literal[1]
    risks: list[Risk] = Field(min_length=1)


class MeasureCatalogue(Strict):
    """The contents of a measure catalogue file (the bundled one or a tender's own extras)."""

    tenderkit: Literal[1]
    measures: list[Measure] = Field(min_length=1)
