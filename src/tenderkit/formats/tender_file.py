"""`tender.yaml`: what is bought, by whom, under which requirement set and scoring model."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from tenderkit.errors import Invalid
from tenderkit.formats.messages import did_you_mean
from tenderkit.formats.types import Id, Money, Name, Strict, Text, Whole, unique_ids

Language = Literal["nl", "en"]


class Buyer(Strict):
    name: Name
    kind: Literal["gemeente", "retail", "other"] = "other"


class TenderDates(Strict):
    """Dates of the procedure; `closing` is the reference date for every recency check."""

    published: dt.date
    closing: dt.date
    award: dt.date | None = None

    @model_validator(mode="after")
    def _in_order(self) -> TenderDates:
        if self.closing < self.published:
            raise Invalid(
                "closing_before_published", closing=self.closing, published=self.published
            )
        if self.award is not None and self.award < self.closing:
            raise Invalid("award_before_closing", award=self.award, closing=self.closing)
        return self


LockHash = Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")]


class LockRecord(Strict):
    """An earlier lock, kept in `lock_history` when `tenderkit lock --force` replaced it.

    Changing published criteria is sometimes lawful (a nota van inlichtingen before closing), but
    never without a trace: the report shows every earlier hash with its dates and reason.
    """

    lock: LockHash
    locked: dt.datetime | dt.date | None = Field(
        default=None, description="when the earlier lock was written (unknown for old files)"
    )
    replaced: dt.datetime | dt.date = Field(description="when the new lock replaced it")
    reason: Text = ""


STANDSTILL_MIN_DAYS = 20
"""Aw 2012 art. 2.127: a public procedure's standstill period lasts at least 20 calendar days."""


class Evaluator(Strict):
    """A member of the evaluation panel. Written as a plain id, or as `{id, name, role}`."""

    id: Id
    name: Name = ""
    role: Name = ""


def _evaluator(value: Any) -> Any:
    """A plain id (the older form) is an evaluator without name and role."""
    return value if isinstance(value, dict) else {"id": value}


class Declaration(Strict):
    """One evaluator's declaration on conflicts of interest, signed before scoring.

    `conflict: false` declares there is none; `conflict: true` reports one, and `note` says what
    it is and how it was handled (for instance: did not score that bid). `bidders` names the bids
    the conflict concerns, so tenderkit can check the evaluator did not score them.
    """

    evaluator: Id
    date: dt.date
    conflict: bool = False
    bidders: list[Id] = Field(default_factory=list)
    note: Text = ""

    @model_validator(mode="after")
    def _note_for_conflict(self) -> Declaration:
        if self.conflict and not self.note:
            raise Invalid("conflict_needs_note", evaluator=self.evaluator)
        return self


def _moment(value: Any) -> Any:
    """`2026-10-28` stays a date (no invented midnight); `2026-10-28T16:00` is a moment."""
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


Moment = Annotated[dt.datetime | dt.date, BeforeValidator(_moment)]


class EvaluationRecord(Strict):
    """When the panel worked: the facts the proces-verbaal may state about the evaluation.

    A moment is a date or a date and time (`2026-10-28T16:00`). The record states that quality
    was scored without knowledge of the prices only when `quality_frozen` provably lies before
    `price_opening`.
    """

    consensus_meetings: list[dt.date] = Field(default_factory=list)
    quality_frozen: Moment | None = None
    price_opening: Moment | None = None


class TenderFile(Strict):
    """The contents of tender.yaml."""

    tenderkit: Literal[1]
    id: Id
    title: Name
    buyer: Buyer
    language: Language = "nl"
    requirement_set: Text = Field(
        description="path to the requirement set, relative to tender.yaml"
    )
    scoring: Text = Field(description="path to the scoring model, relative to tender.yaml")
    measures: Text | None = Field(
        default=None,
        description="optional path to extra compensating measures of this tender (extension)",
    )
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "EUR"
    dates: TenderDates
    contract_months: Annotated[Whole, Field(gt=0, le=600)] | None = None
    lock: LockHash | None = None
    locked: dt.datetime | dt.date | None = Field(
        default=None, description="when `tenderkit lock` wrote the lock (extension)"
    )
    lock_history: list[LockRecord] = Field(
        default_factory=list,
        description="earlier locks replaced by `tenderkit lock --force`, oldest first (extension)",
    )
    description: Text = ""
    evaluators: list[Annotated[Evaluator, BeforeValidator(_evaluator)]] = Field(
        default_factory=list,
        description="optional: the panel's members, as ids or as {id, name, role}; when given, "
        "panel files must match (extension)",
    )

    # --- the evaluation record and the decision (extensions, issue 16; all optional) ---------
    procedure: Literal["public", "private"] | None = Field(
        default=None,
        description="public: a contracting authority under the Aanbestedingswet 2012 (statutory "
        "letters and standstill); private: plain business letters. Default: public for a "
        "gemeente, private otherwise",
    )
    standstill_days: Annotated[Whole, Field(gt=0, le=365)] | None = Field(
        default=None,
        description="waiting period before the contract is signed, in calendar days; public: at "
        "least 20 (the default), private: none unless set",
    )
    conflict_of_interest: list[Declaration] = Field(
        default_factory=list,
        description="each evaluator's signed declaration on conflicts of interest (extension)",
    )
    evaluation: EvaluationRecord | None = Field(
        default=None,
        description="when the panel met, froze the quality scores and opened the prices",
    )
    budget: Annotated[Money, Field(gt=0)] | None = Field(
        default=None, description="the budget for the whole contract, excl. VAT (extension)"
    )
    prepared_by: Text | None = Field(
        default=None, description="who prepared the award report: name and role (extension)"
    )

    @property
    def regime(self) -> Literal["public", "private"]:
        """The procedure: as written, else public for a gemeente and private otherwise."""
        if self.procedure is not None:
            return self.procedure
        return "public" if self.buyer.kind == "gemeente" else "private"

    @property
    def evaluator_ids(self) -> list[str]:
        """The panel members' ids, in the order tender.yaml lists them."""
        return [e.id for e in self.evaluators]

    @model_validator(mode="after")
    def _record_consistent(self) -> TenderFile:
        ids = self.evaluator_ids
        try:
            unique_ids(ids)
        except ValueError as exc:
            raise Invalid("at_place", where="evaluators", problem=exc) from None
        days = self.standstill_days
        if self.regime == "public" and days is not None and days < STANDSTILL_MIN_DAYS:
            raise Invalid("standstill_short", days=days, minimum=STANDSTILL_MIN_DAYS)
        for declaration in self.conflict_of_interest:
            if ids and declaration.evaluator not in ids:
                raise Invalid(
                    "conflict_not_evaluator",
                    evaluator=declaration.evaluator,
                    evaluators=ids,
                    suggestion=did_you_mean(declaration.evaluator, ids),
                )
        return self
