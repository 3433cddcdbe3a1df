"""The residual-risk register of one bid and the buyer's action list that follows from it.

Why in one place: the award report, the CISO's register and the workshop all need the same
answer to "what is left over with this bidder, and what must we do about it". The register
takes the assurance review as given (coverage levels and report duties) and never changes a
score: risk informs the decision next to the ranking, it does not enter the award formula.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tenderkit import catalogues
from tenderkit.catalogues.models import Measure, Risk
from tenderkit.checks import check_key, evaluate_check, outcomes_of
from tenderkit.formats.bid import Bid
from tenderkit.formats.requirement_set import Check, Classification, RequirementSet
from tenderkit.formatting import number
from tenderkit.i18n import text
from tenderkit.memo import IdentityMemo, KeyedMemo
from tenderkit.result import Action, RiskLevel, RiskResult, constructed
from tenderkit.risk.inherent import (
    coverage_level,
    evidence_grade,
    impact_of,
    level,
    likelihood_of_counts,
    linked_risks,
)
from tenderkit.risk.measures import (
    Choice,
    addresses_cause,
    candidate_measures,
    choose_measures,
    fit_of,
)
from tenderkit.risk.model import RiskModel, risk_model
from tenderkit.risk.situations import situations_of

__all__ = ["BidRisk", "action_list", "assess_bid", "assess_risks", "available_measures"]


def available_measures(extra: Iterable[Measure] = ()) -> dict[str, Measure]:
    """tenderkit's measure catalogue plus a tender's own measures (`Tender.measures`).

    The loader already refuses an extra measure whose id clashes with a bundled one.
    """
    found = catalogues.measures()
    for measure in extra:
        found.setdefault(measure.id, measure)
    return found


class _Catalogue(list[tuple[Risk, list]]):
    """A requirement set's risk catalogue: a list the memos keyed by it can hold weakly
    (memo.py), so it and what they derive from it go when its requirement set goes."""


_CATALOGUE: IdentityMemo[list[tuple[Risk, list]]] = IdentityMemo(size=64)


def _risk_catalogue(requirement_set: RequirementSet) -> list[tuple[Risk, list]]:
    """The catalogue risks the set links to, each with its requirements: once per (frozen)
    requirement set, not once per bid."""

    def build(rs: object) -> list[tuple[Risk, list]]:
        linked = linked_risks(rs)  # type: ignore[arg-type]
        return _Catalogue(
            (risk, linked[rid]) for rid, risk in catalogues.risks().items() if rid in linked
        )

    return _CATALOGUE.get(requirement_set, build)


def assess_risks(
    bid: Bid,
    requirement_set: RequirementSet,
    coverage: Mapping[str, Any] | None = None,
    measures: Mapping[str, Measure] | Iterable[Measure] | None = None,
    language: str = "nl",
    model: RiskModel | None = None,
    situations: Collection[str] | None = None,
) -> list[RiskResult]:
    """The register: one RiskResult per catalogue risk the requirement set links to.

    Catalogue order. `coverage` maps requirement id to the assurance review's coverage (object
    with `.level` or a level string); a missing entry counts as no independent cover.
    `measures` defaults to the bundled catalogue. `situations` (`risk.situations.situations_of`)
    decide which situation-bound measures fit; None: none of them does.
    """
    model = model or risk_model()
    coverage = coverage or {}
    if measures is None:
        pool = list(available_measures().values())
    else:
        pool = list(measures.values() if isinstance(measures, Mapping) else measures)
    appetite = requirement_set.risk_appetite
    register = []
    fitting = _Fitting(pool, bid.facts, situations)
    catalogue = _risk_catalogue(requirement_set)
    # each requirement once, whatever it mitigates
    grades = _graded(bid, requirement_set, catalogue, coverage)
    known = _inherent_memo(catalogue, model, requirement_set.classification)
    columns = _columns(catalogue)
    for (risk, _), (ids, kinds), levels in zip(catalogue, columns, known, strict=True):
        values = tuple(map(grades.__getitem__, ids))
        inherent = levels.get(values)
        if inherent is None:
            inherent = _inherent(risk, kinds, values, requirement_set.classification, model)
            if len(levels) >= _INHERENT_KEPT:
                levels.clear()
            levels[values] = inherent
        choice, rationale = _decision(
            risk.id, inherent, appetite, pool, bid, situations, language, model, fitting
        )
        # every field is built here from validated values of the right types (strings, the
        # RiskLevels above, bools), in field order, so the register is assembled without
        # validating each one again: a large set links hundreds of requirements per bid into
        # `evidence`
        register.append(
            {
                "id": risk.id,
                "inherent": inherent,
                "measures": [m.id for m in choice.measures],
                "residual": choice.residual,
                "within_appetite": bool(choice.within_appetite),
                "escalate": bool(choice.escalate),
                "title": risk.title.get(language),
                "evidence": dict(zip(ids, values, strict=True)),
                "rationale": list(rationale),
            }
        )
    return constructed(RiskResult, register, _RISK_FIELDS)


_RISK_FIELDS = set(RiskResult.model_fields)
"""One fields-set shared by every RiskResult built here: each names every field."""


def _inherent(
    risk: Risk,
    kinds: Sequence[str],
    grades: Sequence[str],
    classification: Classification,
    model: RiskModel,
) -> RiskLevel:
    """The inherent level of one risk from the kinds and evidence grades of its requirements
    (in the same order): the plain rule, `inherent.likelihood_of_counts` and `impact_of`."""
    counts = Counter(zip(kinds, grades, strict=True))
    return level(likelihood_of_counts(risk, counts, model), impact_of(risk, classification, model))


_INHERENT: KeyedMemo[list[dict[tuple[str, ...], RiskLevel]]] = KeyedMemo(size=64)
_INHERENT_KEPT = 4096


def _inherent_memo(
    catalogue: list[tuple[Risk, list]], model: RiskModel, classification: Classification
) -> list[dict[tuple[str, ...], RiskLevel]]:
    """Per risk of the catalogue, its inherent level by the grades of its requirements (in
    `_columns` order): the level depends on the bid only through those grades, and bids alike
    in them (most, for most risks) share one (frozen) RiskLevel instead of counting, summing
    fractions and validating a level per risk and bid. Kept per catalogue, model and
    classification (by identity); each risk's table forgets itself beyond `_INHERENT_KEPT`."""
    return _INHERENT.get(
        (id(catalogue), id(model), id(classification)),
        (catalogue, model, classification),
        lambda: [{} for _ in catalogue],
    )


def _plain_decision(
    risk_id: str,
    inherent: RiskLevel,
    appetite: int,
    pool: Sequence[Measure],
    bid: Bid,
    situations: Collection[str] | None,
    language: str,
    model: RiskModel,
) -> tuple[Choice, list[str]]:
    """The measures chosen for one risk of one bid, and the register's sentences on them."""
    candidates = candidate_measures(risk_id, bid.facts, pool, situations)
    choice = choose_measures(risk_id, inherent, appetite, candidates, model)
    rationale = (
        explain_choice(risk_id, choice, pool, bid, situations, language)
        if choice.measures or not choice.within_appetite
        else []
    )
    return choice, rationale


class _Fitting:
    """The pool's measures per risk they reduce, by id, and each one's `fit_of` for one bid,
    each worked out once per bid instead of once per risk (a measure reduces several)."""

    def __init__(
        self, pool: Sequence[Measure], facts: Any, situations: Collection[str] | None
    ) -> None:
        self.reducing: dict[str, list[Measure]] = {}
        for measure in sorted(pool, key=lambda m: m.id):
            for step in measure.reduces:
                self.reducing.setdefault(step.risk, []).append(measure)
        self.facts = facts
        self.situations = situations
        self.fits: dict[int, str] = {}

    def signature(self, risk_id: str) -> tuple:
        """(measure identity, fit) of every pool measure that reduces the risk, by id."""
        out = []
        for measure in self.reducing.get(risk_id, ()):
            fit = self.fits.get(id(measure))
            if fit is None:
                fit = self.fits[id(measure)] = fit_of(measure, self.facts, self.situations)
            out.append((id(measure), fit))
        return tuple(out)


_DECISIONS: KeyedMemo[tuple[Choice, list[str]]] = KeyedMemo(size=4096)


def _decision(
    risk_id: str,
    inherent: RiskLevel,
    appetite: int,
    pool: Sequence[Measure],
    bid: Bid,
    situations: Collection[str] | None,
    language: str,
    model: RiskModel,
    fitting: _Fitting,
) -> tuple[Choice, list[str]]:
    """`_plain_decision`, once per distinct case: the choice and its sentences depend on the
    bid only through the fit of each measure that reduces the risk and the situations that
    hold, so bids alike in those (and in the inherent level) share them. The entry keeps the
    measures and the model it names by identity, so those ids cannot be reused while it lives."""
    key = (
        risk_id,
        inherent.likelihood,
        inherent.impact,
        appetite,
        language,
        id(model),
        None if situations is None else frozenset(situations),
        fitting.signature(risk_id),
    )
    return _DECISIONS.get(
        key,
        (model, *fitting.reducing.get(risk_id, ())),
        lambda: _plain_decision(
            risk_id, inherent, appetite, pool, bid, situations, language, model
        ),
    )


class _Linked(NamedTuple):
    """The requirements the catalogue's risks link to, each once, in requirement-set order, as
    columns: their ids, their `assurance`, and per requirement the number of its check among
    the distinct checks (`checks`, by `check_key`), 0 for none (check n is `checks[n - 1]`).

    Set order, not first-linked order: bid files list their answers in it, so a loaded bid's
    answers lie in memory in it, and reading the statuses of 50 bids x 2,000 answers took
    0.014 s in set order against 0.040 s in the catalogue's order."""

    ids: tuple[str, ...]
    assurance: tuple[str, ...]
    check_of: tuple[int, ...]
    checks: tuple[tuple[tuple, Check], ...]


_LINKED: IdentityMemo[_Linked] = IdentityMemo(size=64)


def _linked_columns(requirement_set: RequirementSet, catalogue: list[tuple[Risk, list]]) -> _Linked:
    """`_Linked` of a requirement set and its catalogue (`_risk_catalogue`, the set's own, so
    the catalogue's identity stands for both): worked out once per catalogue, not per bid."""

    def build(found: object) -> _Linked:
        named = {r.id for _, requirements in found for r in requirements}  # type: ignore[attr-defined]
        linked = {r.id: r for r in requirement_set.requirements if r.id in named}
        numbers: dict[tuple, int] = {}
        checks: list[tuple[tuple, Check]] = []
        check_of = []
        for requirement in linked.values():
            if requirement.check is None:
                check_of.append(0)
                continue
            key = check_key(requirement.check)
            if key not in numbers:
                checks.append((key, requirement.check))
                numbers[key] = len(checks)
            check_of.append(numbers[key])
        return _Linked(
            ids=tuple(linked),
            assurance=tuple(r.assurance for r in linked.values()),
            check_of=tuple(check_of),
            checks=tuple(checks),
        )

    return _LINKED.get(catalogue, build)


_COLUMNS: IdentityMemo[list[tuple[tuple[str, ...], tuple[str, ...]]]] = IdentityMemo(size=64)


def _columns(catalogue: list[tuple[Risk, list]]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Per risk of the catalogue, the ids and kinds of its requirements, in order: once per
    requirement set's catalogue, not once per bid."""
    return _COLUMNS.get(
        catalogue,
        lambda found: [
            (tuple(r.id for r in requirements), tuple(r.kind for r in requirements))
            for _, requirements in found  # type: ignore[attr-defined]
        ],
    )


class _Flags(NamedTuple):
    """A check's outcome as far as a grade reads it (`inherent.Checked`)."""

    passed: bool
    missing: bool


class _GradeTable(dict[tuple, str]):
    """(status, level, (passed, missing) or None, assurance) -> `evidence_grade` of them.

    A grade depends on nothing else, and a bid's linked requirements (2,000 in a large set)
    have a handful of such keys: looked up by `map` over the columns, computed on a miss
    (`__missing__`). Forgets itself beyond `KEPT` keys (a caller may pass any level strings)."""

    KEPT = 4096

    def __missing__(self, key: tuple) -> str:
        status, level_, flags, assurance = key
        grade = evidence_grade(status, level_, None if flags is None else _Flags(*flags), assurance)
        if len(self) >= self.KEPT:
            self.clear()
        self[key] = grade
        return grade


_GRADES = _GradeTable()


def _graded(
    bid: Bid,
    requirement_set: RequirementSet,
    catalogue: list[tuple[Risk, list]],
    coverage: Mapping[str, Any],
) -> dict[str, str]:
    """Requirement id -> `grade_requirement(requirement, bid, coverage.get(id)).grade`, for each
    requirement the catalogue's risks link to: the grade from what decides it
    (`evidence_grade`), by columns (`_linked_columns`): each distinct check's outcome once per
    bid (from the bid's memo by its key), each cell's (status, level, outcome, assurance)
    looked up in `_GRADES`; no `RequirementEvidence`, no Python call per cell."""
    linked = _linked_columns(requirement_set, catalogue)
    answers, facts = bid.answers, bid.facts
    outcomes = outcomes_of(facts)
    flags: list[tuple[bool, bool] | None] = [None]
    for key, check in linked.checks:
        outcome = None if outcomes is None else outcomes.get(key)
        if outcome is None:
            outcome = evaluate_check(check, facts)
        flags.append((outcome.passed, outcome.missing))
    ids = linked.ids
    statuses = [None if a is None else a.status for a in map(answers.get, ids)]
    levels = [v if v.__class__ is str else coverage_level(v) for v in map(coverage.get, ids)]
    checked = map(flags.__getitem__, linked.check_of)
    keys = zip(statuses, levels, checked, linked.assurance, strict=True)
    return dict(zip(ids, map(_GRADES.__getitem__, keys), strict=True))


ACTS = {"buyer": "buyer", "contract": "supplier_agreement", "supplier": "supplier_agreement"}
"""Who acts on a measure, by its catalogue owner: the buyer alone, or only with the supplier."""


def _t(key: str, language: str, **values: Any) -> str:
    return text("risk", key, language, **values)


def explain_choice(
    risk_id: str,
    choice: Choice,
    pool: Iterable[Measure],
    bid: Bid,
    situations: Collection[str] | None,
    language: str = "nl",
) -> list[str]:
    """Sentences for the register: why each chosen measure, why not each cheaper one.

    A chosen measure: what it answers (its situations, or the open risk), whether it acts on the
    cause, who acts. Each measure for this risk that costs less than the chosen set and was not
    chosen: the bid already provides it, it does not fit (its situations do not hold), it only
    softens the consequence while the chosen set acts on the cause, or it does not reach the
    appetite on its own.
    """
    chosen_ids = {m.id for m in choice.measures}
    total = choice.effort_days
    chosen_cause = any(addresses_cause(m, risk_id) for m in choice.measures)
    lines = []
    for measure in choice.measures:
        holding = [s for s in measure.applies_when if s in (situations or ())]
        answers = (
            ", ".join(_t(f"situation_{s}", language) for s in holding)
            if holding
            else _t("situation_open_risk", language)
        )
        lines.append(
            _t(
                "why_chosen",
                language,
                measure=measure.title.get(language),
                answers=answers,
                effect=_t(
                    "effect_cause" if addresses_cause(measure, risk_id) else "effect_softens",
                    language,
                ),
                acts=_t(f"acts_{ACTS.get(measure.owner, 'buyer')}", language),
            )
        )
    others = sorted(
        (
            m
            for m in pool
            if m.reduction(risk_id) is not None
            and m.id not in chosen_ids
            and (m.effort_days < total or not choice.measures)
        ),
        key=lambda m: (m.effort_days, m.id),
    )
    for measure in others:
        fit = fit_of(measure, bid.facts, situations)
        if fit == "unnecessary":
            reason = _t("why_not_unnecessary", language)
        elif fit == "not_applicable":
            reason = _t(
                "why_not_applicable",
                language,
                answers=", ".join(_t(f"situation_{s}", language) for s in measure.applies_when),
            )
        elif chosen_cause and not addresses_cause(measure, risk_id):
            reason = _t("why_not_consequence", language)
        else:
            reason = _t("why_not_short", language)
        lines.append(
            _t(
                "why_not",
                language,
                measure=measure.title.get(language),
                days=number(measure.effort_days, language),
                reason=reason,
            )
        )
    if not choice.within_appetite:
        lines.append(_t("why_escalate", language))
    return lines


def action_list(
    register: Sequence[RiskResult],
    measures: Mapping[str, Measure],
    obligations: Iterable[Any] = (),
    language: str = "nl",
    model: RiskModel | None = None,
) -> list[Action]:
    """The buyer's to-do list: proposed measures (each once, by id), then the report duties.

    A measure proposed for several risks appears once, listing them all, and its effort counts
    once. Report duties (CUECs and carved-out parties, from the assurance review) keep their
    order and are linked to the register's risks named under `obligations` in model.yaml.
    """
    model = model or risk_model()
    serves: dict[str, list[str]] = {}
    for risk in register:
        for measure_id in risk.measures:
            serves.setdefault(measure_id, []).append(risk.id)
    actions = []
    for measure_id in sorted(serves):
        measure = measures[measure_id]
        actions.append(
            Action(
                kind="measure",
                id=measure.id,
                text=f"{measure.title.get(language)}: {measure.description.get(language)}",
                owner=measure.owner,
                effort_days=measure.effort_days,
                risks=serves[measure_id],
                acts=ACTS.get(measure.owner, "buyer"),
            )
        )
    in_register = [r.id for r in register]
    for duty in obligations:
        related = getattr(model.obligations, duty.kind)
        actions.append(
            Action(
                kind=duty.kind,
                id=getattr(duty, "report", None),
                text=duty.text,
                owner=getattr(duty, "owner", "buyer"),
                effort_days=None,
                risks=[r for r in in_register if r in related],
                acts="obligation",
            )
        )
    return actions


@dataclass(frozen=True)
class BidRisk:
    """The register, the action list and the total indicative effort of one bid."""

    risks: tuple[RiskResult, ...]
    actions: tuple[Action, ...]
    effort_days_total: float
    buyer_obligations: tuple[str, ...] = field(default=())


def assess_bid(
    bid: Bid,
    requirement_set: RequirementSet,
    coverage: Mapping[str, Any] | None = None,
    obligations: Iterable[Any] = (),
    extra_measures: Iterable[Measure] = (),
    language: str = "nl",
    model: RiskModel | None = None,
    reviews: Iterable[Any] = (),
    closing: dt.date | None = None,
) -> BidRisk:
    """Register, actions and effort for one bid; what `evaluate()` puts into its BidResult.

    `obligations` are the assurance review's structured duties (kind `cuec` / `carve_out`,
    `text`, `report`, `owner`); `extra_measures` a tender's own measures file; `reviews` the
    review's report reviews and `closing` the tender's closing date, from which the situations
    that decide which measures fit are computed (`risk.situations`).
    `buyer_obligations` are the actions' texts, de-duplicated, in the tender's language.
    """
    model = model or risk_model()
    pool = available_measures(extra_measures)
    situations = situations_of(bid, reviews, closing)
    register = assess_risks(bid, requirement_set, coverage, pool, language, model, situations)
    actions = action_list(register, pool, obligations, language, model)
    effort = sum(a.effort_days or 0.0 for a in actions)
    texts = tuple(dict.fromkeys(a.text for a in actions))
    return BidRisk(tuple(register), tuple(actions), float(effort), texts)
