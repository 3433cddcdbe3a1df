"""`tender.yaml`: what is bought, by whom, under which requirement set and scoring model."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from tenderkit.formats.types import Id, Name, Strict, Text, UniqueIds, Whole

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
            raise ValueError(
                f"closing date {self.closing} lies before the publication date {self.published}"
            )
        if self.award is not None and self.award < self.closing:
            raise ValueError(f"award date {self.award} lies before the closing date {self.closing}")
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
    evaluators: UniqueIds = Field(
        default_factory=list,
        description="optional: the panel's members; when given, panel files must match (extension)",
    )
