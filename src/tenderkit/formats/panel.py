"""Panel scores: each evaluator's own scores, and the consensus the panel agreed."""

from __future__ import annotations

from pydantic import Field, model_validator

from tenderkit.formats.compact import compact
from tenderkit.formats.types import Id, Strict, Text

PANEL_COLUMNS = ("bidder", "target", "score", "rationale")
CONSENSUS_COLUMNS = (*PANEL_COLUMNS, "evaluators")


class PanelScore(Strict):
    """One evaluator's score for one bid on one requirement or award criterion."""

    evaluator: Id
    bidder: Id
    target: Id
    score: Text
    rationale: Text = ""
    row: int = Field(description="the CSV row (1 = header) for messages")

    @model_validator(mode="after")
    def _compact(self) -> PanelScore:
        # hundreds of thousands of these in a large tender: see formats/compact.py
        return compact(self, ("evaluator", "bidder", "target", "score"))


class ConsensusScore(Strict):
    """The score the panel agreed, with the rationale tied to the rubric."""

    bidder: Id
    target: Id
    score: Text
    rationale: Text = ""
    evaluators: list[Id] = Field(default_factory=list)
    row: int = 0
