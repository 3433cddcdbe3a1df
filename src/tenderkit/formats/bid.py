"""Bids: a supplier's answers, measurable offer (facts) and assurance reports.

A bid is untrusted input: every text a supplier writes is kept as text and escaped wherever it is
shown; nothing here interprets it.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from tenderkit.errors import Both, Invalid
from tenderkit.formats.compact import compact
from tenderkit.formats.types import (
    ControlId,
    CountryCode,
    Id,
    Money,
    Name,
    Number,
    Strict,
    Text,
    check_numbers,
    id_problem,
    same_apart_from_case,
)

Status = Literal["meets", "partial", "fails"]
Priority = Literal["P1", "P2", "P3", "P4"]
Hours = Annotated[Number, Field(ge=0)]
ReportKind = Literal[
    "soc2_type1",
    "soc2_type2",
    "soc3",
    "isae3402_type1",
    "isae3402_type2",
    "isae3000_type1",
    "isae3000_type2",
    "iso27001",
]
TYPE1_KINDS = frozenset({"soc2_type1", "isae3402_type1", "isae3000_type1"})
TYPE2_KINDS = frozenset({"soc2_type2", "isae3402_type2", "isae3000_type2"})
ATTESTATION_KINDS = TYPE1_KINDS | TYPE2_KINDS | {"soc3"}
Category = Literal["security", "availability", "processing_integrity", "confidentiality", "privacy"]


class Answer(Strict):
    """The supplier's own answer to one requirement."""

    status: Status
    note: Text = ""
    evidence: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _compact(self) -> Answer:
        # one per requirement per bid (100,000 in a large tender): see formats/compact.py
        return compact(self, ("status",))


class Facts(Strict):
    """The measurable offer, checked by requirement `check`s. Open-ended: other keys are kept."""

    model_config = ConfigDict(extra="allow", frozen=True)

    availability_percent: Annotated[Number, Field(ge=0, le=100)] | None = None
    availability_window: Literal["month", "quarter", "year"] | None = None
    maintenance_counts_as_downtime: bool | None = None
    support_hours: Literal["24x7", "business"] | None = None
    incident_response_hours: dict[Priority, Hours] | None = None
    incident_resolution_hours: dict[Priority, Hours] | None = None
    breach_notification_hours: Hours | None = None
    rpo_hours: Hours | None = None
    rto_hours: Hours | None = None
    data_locations: list[CountryCode] | None = None
    transfer_mechanism: Literal["adequacy", "scc", "bcr", "none"] | None = None
    exit_support: bool | None = None
    escrow: bool | None = None
    encryption_at_rest: bool | None = None
    customer_managed_keys: bool | None = None
    mfa: bool | None = None

    @model_validator(mode="after")
    def _extra_facts(self) -> Facts:
        for name, value in (self.model_extra or {}).items():
            problem = id_problem(str(name))
            if problem:
                raise Invalid("fact_name", problem=problem)
            check_numbers(value, f"fact '{name}'")
        return self

    def get(self, name: str) -> Any:
        """The value of a fact, reserved or not; None when the bid does not state it."""
        if name in type(self).model_fields:
            return getattr(self, name)
        return (self.model_extra or {}).get(name)

    def stated(self) -> dict[str, Any]:
        """Every fact the bid states, reserved and extra, by name."""
        values = {k: v for k, v in self.model_dump(exclude_none=True).items()}
        return dict(sorted(values.items()))


class Subprocessor(Strict):
    name: Name
    country: CountryCode
    service: Name = ""


class Period(Strict):
    """The period a type 2 report tested operating effectiveness over."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end <= self.start:
            raise Invalid("period_backwards", start=self.start, end=self.end)
        return self

    @property
    def months(self) -> float:
        """Length in months of 365.25/12 days, for the six-month minimum."""
        return ((self.end - self.start).days + 1) / (365.25 / 12)


class Scope(Strict):
    services: list[Name] = Field(default_factory=list)
    locations: list[Name] = Field(default_factory=list)


class ReportException(Strict):
    """A deviation the auditor found when testing a control."""

    control: ControlId
    text: Text


class Subservice(Strict):
    """A subservice organisation (e.g. the hosting party) and how the report treats it."""

    name: Name
    method: Literal["carve_out", "inclusive"]
    report: Id | None = None
    service: Name = ""
    controls: dict[Literal["iso27001", "soc2"], list[ControlId]] | None = None
    """The controls this organisation performs (tenderkit extension); when absent, the assurance
    review infers them for a hosting party from `service` (docs/assurance.md)."""


FieldPath = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        max_length=64,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])?(\.[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])?)*$",
    ),
]
"""The name of a field of an assurance entry as intake writes it: `opinion`, `scope.services`,
`exceptions[0]`."""


class Confirmation(Strict):
    """Who confirmed or corrected the fields intake could not establish, and when."""

    by: Text = Field(min_length=1)
    at: dt.datetime
    fields: list[FieldPath] = Field(default_factory=list)


class ReportSource(Strict):
    """The PDF an assurance entry was read from: a path under the tender folder and its hash.

    Written by `tenderkit intake --into`; `validate` checks that the file is there and unchanged,
    and the manifest records it with the other inputs. `pages` (optional) gives, per field or
    exception (`exceptions[0]`, ...), the pages of the PDF it was read from, for citations;
    `confirmed` (optional) who confirmed the fields intake left open, and when (the workshop).
    """

    file: Text = Field(min_length=1)
    sha256: Annotated[
        str, StringConstraints(strip_whitespace=True, pattern=r"^(sha256:)?[0-9a-f]{64}$")
    ]
    pages: dict[FieldPath, list[Annotated[int, Field(ge=1)]]] = Field(default_factory=dict)
    confirmed: Confirmation | None = None

    @property
    def digest(self) -> str:
        return self.sha256.removeprefix("sha256:")


class AssuranceReport(Strict):
    """One assurance report or certificate offered as evidence."""

    id: Id
    kind: ReportKind
    issuer: Name
    issued: dt.date
    period: Period | None = None
    as_of: dt.date | None = None
    opinion: Literal["unqualified", "qualified", "adverse", "disclaimer"] | None = None
    categories: list[Category] = Field(default_factory=list)
    criteria: list[ControlId] = Field(default_factory=list)
    scope: Scope = Field(default_factory=Scope)
    covers_offered_service: bool = True
    controls: dict[Literal["iso27001", "soc2", "bio", "gdpr", "ccm"], list[ControlId]] | None = None
    excluded_controls: list[ControlId] = Field(default_factory=list)
    exceptions: list[ReportException] = Field(default_factory=list)
    subservice: list[Subservice] = Field(default_factory=list)
    cuecs: list[Text] = Field(default_factory=list)
    bridge_letter_until: dt.date | None = None
    standard_version: Literal["2022", "2013"] | None = None
    accreditation: Name | None = None
    valid_until: dt.date | None = None
    last_audit: dt.date | None = None
    management_assertion: bool | None = None
    source: ReportSource | None = None

    @model_validator(mode="before")
    @classmethod
    def _version_as_text(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("standard_version"), int):
            data = {**data, "standard_version": str(data["standard_version"])}
        return data

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> AssuranceReport:
        if self.kind in TYPE2_KINDS and self.period is None:
            raise Invalid("report_needs_period", kind=self.kind)
        if self.kind in TYPE1_KINDS and self.as_of is None:
            raise Invalid("report_needs_as_of", kind=self.kind)
        if self.kind in ATTESTATION_KINDS and self.opinion is None:
            raise Invalid("report_needs_opinion", kind=self.kind)
        if self.kind == "iso27001":
            missing = [k for k in ("standard_version", "valid_until") if getattr(self, k) is None]
            if missing:
                raise Invalid("certificate_needs", keys=missing)
        bridge = self.bridge_letter_until
        if bridge is not None and self.period is not None and bridge <= self.period.end:
            raise Invalid("bridge_letter_early")
        return self

    @property
    def is_type2(self) -> bool:
        return self.kind in TYPE2_KINDS

    @property
    def effective_categories(self) -> list[str]:
        """SOC 2 categories tested; security (the common criteria) is always in scope."""
        if not self.kind.startswith("soc"):
            return list(self.categories)
        return sorted({"security", *self.categories})


class Bid(Strict):
    """The contents of one bid file."""

    tenderkit: Literal[1]
    bidder: Name = Field(min_length=1)
    price: Annotated[Money, Field(gt=0)]
    answers: dict[Id, Answer] = Field(default_factory=dict)
    facts: Facts = Field(default_factory=Facts)
    subprocessors: list[Subprocessor] = Field(default_factory=list)
    assurance: list[AssuranceReport] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> Bid:
        # every bid names every requirement id: hold each id once across the bids
        self.__dict__["answers"] = {sys.intern(k): v for k, v in self.answers.items()}
        ids = [r.id for r in self.assurance]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise Invalid("report_ids_twice", ids=doubles)
        for what, names in (("report_ids_case", ids), ("answers_case", list(self.answers))):
            pairs = same_apart_from_case(names)
            if pairs:
                listed = [Both.of("word_pair", first=a, second=b) for a, b in pairs]
                raise Invalid(what, pairs=listed)
        return self

    def report(self, report_id: str) -> AssuranceReport | None:
        return next((r for r in self.assurance if r.id == report_id), None)
