"""What the assurance review returns: plain, frozen values that render straight into result.json.

Why frozen dataclasses: a review is a fact about a bid at a closing date. The scoring, the risk
register and the renderers read it; none of them may change it, and two runs on the same input
must give equal values (so tests and the batch runner can compare them with `==`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Literal, TypeVar

from tenderkit.assurance.rules import FlagCode, Severity, Verdict

__all__ = [
    "BASE_LEVEL",
    "COVERAGE_LEVELS",
    "INDEPENDENT_LEVELS",
    "BidAssurance",
    "Coverage",
    "CoverageLevel",
    "CoverageMap",
    "Flag",
    "Obligation",
    "ReportReview",
]

CoverageLevel = Literal[
    "assured",
    "assured_with_exceptions",
    "certified",
    "certified_with_limits",
    "design_only",
    "committed",
    "declared",
    "none",
]
COVERAGE_LEVELS: tuple[CoverageLevel, ...] = (
    "none",
    "declared",
    "committed",
    "design_only",
    "certified_with_limits",
    "certified",
    "assured_with_exceptions",
    "assured",
)
"""The coverage levels from weakest to strongest; `COVERAGE_LEVELS.index(level)` ranks them.

FORMATS.md names `assured`, `assured_with_exceptions`, `declared` and `none`; the others are
tenderkit extensions (docs/formats.md) that say which kind of evidence stands behind a cell:
`certified` (an ISO 27001 certificate), `certified_with_limits` (a certificate the review
limits), `design_only` (a Type I report) and `committed` (a contract term or offered fact, which
no report can attest: met by the answer, the contract and the machine check)."""

BASE_LEVEL: dict[str, str] = {
    "assured": "assured",
    "assured_with_exceptions": "assured_with_exceptions",
    "certified": "assured_with_exceptions",
    "certified_with_limits": "assured_with_exceptions",
    "design_only": "declared",
    "committed": "assured",
    "declared": "declared",
    "none": "none",
}
"""Each level as one of FORMATS.md's four, for tables that know only those (a scoring model's
`assurance_weighting`): a certificate is independent but untested cover, a Type I report the
bidder's design, a committed contract term as good as a contract term gets."""

INDEPENDENT_LEVELS = frozenset(
    {"assured", "assured_with_exceptions", "certified", "certified_with_limits"}
)
"""Levels at which an accepted or limited independent report covers the requirement's controls
in operation: what a knockout with `assurance: required` needs."""


@dataclass(frozen=True)
class Flag:
    """One thing a reviewer would point out in a report.

    `control` names the control concerned (exceptions, category_missing, control_excluded) or is
    None; `message` is in the tender's language; `severity` (from rules.yaml) is what the flag
    does to the verdict or to coverage. `pages` are the pages of the report's PDF the finding
    rests on, as the entry's `source.pages` gives them (empty when the source does not say).
    """

    code: FlagCode
    control: str | None
    message: str
    severity: Severity
    pages: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """`{"code", "control", "message"}` as in FORMATS.md's result.json, and `pages`
        (an extension, docs/formats.md)."""
        return {
            "code": self.code,
            "control": self.control,
            "message": self.message,
            "pages": list(self.pages),
        }


@dataclass(frozen=True)
class ReportReview:
    """The review of one assurance report against the tender's closing date.

    `operating_effectiveness` is True for reports that show controls working over time (type 2
    reports, and ISO 27001 certificates, whose audits sample the ISMS in operation) and False for
    Type I and SOC 3, which can never make a requirement assured.
    """

    report: str
    kind: str
    verdict: Verdict
    flags: tuple[Flag, ...]
    operating_effectiveness: bool

    @property
    def codes(self) -> tuple[str, ...]:
        """The flag codes, in order (a code may repeat: one `exception` per exception)."""
        return tuple(f.code for f in self.flags)

    def to_json(self) -> dict[str, Any]:
        """`{"report", "verdict", "flags": [...]}` exactly as FORMATS.md's result.json shows."""
        return {
            "report": self.report,
            "verdict": self.verdict,
            "flags": [f.to_json() for f in self.flags],
        }


@dataclass(frozen=True)
class Coverage:
    """How well one requirement of one bid is evidenced.

    `reports` are the reports that give `level` (empty for `declared` and `none`); `controls` the
    controls in those reports through which they cover the requirement (directly or through the
    crosswalk); `exceptions` the controls the requirement relies on that have an exception in
    those reports.
    """

    requirement: str
    level: CoverageLevel
    reports: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    uncovered: tuple[str, ...] = ()
    """Controls the requirement relies on that an offered report leaves out (excluded in its
    SoA, carved out, outside its categories), when no report covers them all."""
    gaps: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """`uncovered` by cause: (`excluded` | `carved_out` | `category` | `not_covered`, ids)."""
    reason: str = ""
    """Why the level is what it is when no report gives it: `check_failed`, `no_answer`,
    `fails`, `contract`, `fact`, `check_missing`, `no_report`, `partly_covered`."""

    @property
    def independent(self) -> bool:
        """Is the requirement covered by an accepted or limited independent report?"""
        return self.level in INDEPENDENT_LEVELS

    def to_json(self) -> str:
        """The level, as result.json's `coverage` map holds it."""
        return self.level

    def detail(self) -> dict[str, Any]:
        """Everything but the level, as result.json's `coverage_detail` holds it."""
        return {
            "reports": list(self.reports),
            "controls": list(self.controls),
            "exceptions": list(self.exceptions),
            "uncovered": list(self.uncovered),
            "gaps": {gap: list(ids) for gap, ids in self.gaps},
            "reason": self.reason,
        }


def renamed(cell: Coverage, requirement_id: str) -> Coverage:
    """`cell` for another requirement: equal to `Coverage(requirement_id, cell.level, ...)`.

    Filled through the instance dict, as the frozen dataclass's own `__init__` does through
    `object.__setattr__`, at a fraction of its cost."""
    copy = object.__new__(Coverage)
    fields = cell.__dict__.copy()
    fields["requirement"] = requirement_id
    _set(copy, "__dict__", fields)
    return copy


_set = object.__setattr__

T = TypeVar("T")


class CoverageMap(Mapping[str, Coverage]):
    """Requirement id -> `Coverage`, in requirement order, holding each distinct grade once.

    Why not a dict: most requirements of a bid share one of a few grades, and a dict needs a
    `Coverage` per cell only to carry each cell's requirement id (a large tender has 100,000
    cells and a few dozen grades per bid). The map keeps, per cell, the number of its grade,
    and per grade one `Coverage` of the first requirement that has it; `map[id]` is that grade
    for `id` (`Coverage.requirement == id`, always), made when asked. It is a read-only
    `Mapping` and equals a dict of the same cells. `per_grade` reads a property of the grades
    once per grade instead of once per cell: what `BidAssurance.levels` and the Result's
    coverage details need.

    `ids` are the requirement ids in order, `position` each id's index in `ids` (ids and
    position are shared by the bids of one requirement list), `slots` each cell's grade number
    and `grades` the grades by number.
    """

    __slots__ = ("_grades", "_ids", "_position", "_slots")

    def __init__(
        self,
        ids: Sequence[str],
        position: Mapping[str, int],
        slots: Sequence[int],
        grades: Sequence[Coverage],
    ) -> None:
        self._ids = ids
        self._position = position
        self._slots = slots
        self._grades = grades

    def __getitem__(self, requirement_id: str) -> Coverage:
        cell = self._grades[self._slots[self._position[requirement_id]]]
        return cell if cell.requirement == requirement_id else renamed(cell, requirement_id)

    def __contains__(self, requirement_id: object) -> bool:
        return requirement_id in self._position

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (and copied) by its parts, under every protocol (slots alone are not)."""
        return type(self), (self._ids, self._position, self._slots, self._grades)

    def per_grade(self, read: Callable[[Coverage], T]) -> dict[str, T]:
        """Requirement id -> `read(self[id])`, in order, with `read` called once per grade.

        `read` must depend on the grade only, not on `Coverage.requirement` (it is given the
        grade of the first requirement that has it): the level, the detail."""
        values = [read(grade) for grade in self._grades]
        return dict(zip(self._ids, map(values.__getitem__, self._slots), strict=True))


_level = attrgetter("level")


@dataclass(frozen=True)
class Obligation:
    """Something the buyer must do because of a report: a CUEC, or a carved-out party to check.

    `owner` is "buyer" (the residual-risk register assigns the person later); `report` is the id
    of the report the obligation comes from.
    """

    kind: Literal["cuec", "carve_out"]
    text: str
    report: str
    owner: Literal["buyer"] = "buyer"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "report": self.report, "owner": self.owner}


@dataclass(frozen=True)
class BidAssurance:
    """The assurance review of one bid: every report, every requirement, every buyer duty.

    `coverage` maps requirement id to `Coverage`: a `CoverageMap` from `review_bid` (read-only,
    each distinct grade held once), any mapping when built by hand."""

    reports: tuple[ReportReview, ...]
    coverage: Mapping[str, Coverage] = field(default_factory=dict)
    obligations: tuple[Obligation, ...] = ()
    buyer_obligations: tuple[str, ...] = ()

    def report(self, report_id: str) -> ReportReview:
        """The review of one report, by its id."""
        for review in self.reports:
            if review.report == report_id:
                return review
        raise KeyError(report_id)

    @property
    def levels(self) -> dict[str, CoverageLevel]:
        """Requirement id -> coverage level, in requirement-set order."""
        if isinstance(self.coverage, CoverageMap):
            return self.coverage.per_grade(_level)
        return {rid: c.level for rid, c in self.coverage.items()}

    def to_json(self) -> dict[str, Any]:
        """The `assurance`, `coverage` and `buyer_obligations` parts of a bid in result.json."""
        return {
            "assurance": [r.to_json() for r in self.reports],
            "coverage": self.levels,
            "buyer_obligations": list(self.buyer_obligations),
        }
