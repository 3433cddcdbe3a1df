"""The optimised evaluate() equals a plain reference on random small tenders (issue 19, point 3).

evaluate() memoises check outcomes per facts, coverage grades per bid by what decides them (what
depends only on the requirements worked out once per list), the linked risks per requirement set,
likelihoods per counted evidence, knockouts, quality rows and disagreement warnings, grades each
linked requirement once per bid for the register (no evidence object per cell), chooses and
explains measures once per distinct case (risk, inherent level, fits, situations), combines the
panel from the loader's columns with numpy group-bys, words only the knockouts that have a reason
(each message naming only the requirement once per case) and scores the quality cells by
columns. The reference below does each of those the plain way (every check evaluated afresh,
every knockout and quality cell one by one, every coverage cell graded by the rules, every risk's
requirements graded again through `grade_requirement`, the likelihood summed in exact fractions,
the panel one line at a time with `statistics`, no memo kept), and the two Results must be equal.
The tenders are the bundled examples with random answers, evidence lists, facts and panel
scores (kept as loaded, or as models with an item scored twice), median or mean: the cases the
memo keys and the panel's group-by must tell apart.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from contextlib import ExitStack
from fractions import Fraction
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenderkit import checks, service_terms
from tenderkit.api import load_tender
from tenderkit.assurance import coverage as coverage_module
from tenderkit.assurance import review as review_module
from tenderkit.evaluation import evaluate
from tenderkit.loader import Tender
from tenderkit.memo import IdentityMemo
from tenderkit.result import PanelLine
from tenderkit.risk import register as register_module
from tenderkit.risk import sla_lines
from tenderkit.risk.inherent import grade_requirement, linked_risks
from tenderkit.risk.model import risk_model
from tenderkit.scoring import engine as engine_module
from tenderkit.scoring import knockouts as knockouts_module
from tenderkit.scoring import quality as quality_module
from tenderkit.scoring.panel import PanelOutcome

EXAMPLES = ("gemeente-zaaksysteem", "retail-privcomp-cloud")
STATUSES = ("meets", "partial", "fails")


@pytest.fixture(scope="module")
def examples() -> dict[str, Tender]:
    return {name: load_tender(name) for name in EXAMPLES}


# --- the plain reference --------------------------------------------------------------------


def reference_likelihood(risk, evidence, model=None) -> int:
    """The likelihood as docs/risk.md defines it, summed requirement by requirement."""
    model = model or risk_model()
    rules = model.likelihood
    value = Fraction(risk.base_likelihood)
    if evidence:
        total = sum(
            Fraction(str(rules.requirement_weight[e.kind]))
            * Fraction(str(rules.evidence.effect(e.grade)))
            for e in evidence
        )
        weights = sum(Fraction(str(rules.requirement_weight[e.kind])) for e in evidence)
        value += total / weights
    return max(rules.min, min(rules.max, math.floor(value + Fraction(1, 2))))


def reference_grades(bid, requirement_set, catalogue, coverage):
    """Every linked requirement graded by `grade_requirement`, once per risk that names it."""
    grades = {}
    for _, requirements in catalogue:
        for requirement in requirements:
            grades[requirement.id] = grade_requirement(
                requirement, bid, coverage.get(requirement.id)
            ).grade
    return grades


def reference_counted(risk, counts, model=None) -> int:
    """`reference_likelihood` of the (kind, grade) pairs the register counted, one by one."""
    evidence = [
        SimpleNamespace(kind=kind, grade=grade)
        for (kind, grade), count in counts.items()
        for _ in range(count)
    ]
    return reference_likelihood(risk, evidence, model)


def reference_catalogue(requirement_set):
    """Every catalogue risk the set links to, with its requirements, computed afresh."""
    from tenderkit import catalogues

    linked = linked_risks(requirement_set)
    return [(risk, linked[rid]) for rid, risk in catalogues.risks().items() if rid in linked]


def reference_panel(tender: Tender) -> PanelOutcome:
    """Each (bidder, target) line on its own: the recorded consensus, else median or mean."""
    scoring = tender.scoring
    scale = scoring.scale
    individual: dict[tuple[str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
    for score in tender.panel:
        individual[(score.bidder, score.target)][score.evaluator] = (score.score, score.rationale)
    agreed = {(c.bidder, c.target): c for c in tender.consensus}
    lines = {}
    for key in sorted(set(individual) | set(agreed)):
        ordered = sorted(individual.get(key, {}).items())
        fractions = [scale.fraction(score) or 0.0 for _, (score, _) in ordered]
        if fractions:
            centre = (
                statistics.median(fractions)
                if scoring.consensus == "median"
                else sum(fractions) / len(fractions)
            )
            spread = (max(fractions) - min(fractions)) / (scale.span or 1.0)
        else:
            centre = spread = 0.0
        consensus = agreed.get(key)
        lines[key] = PanelLine(
            bidder=key[0],
            target=key[1],
            scores={name: scale.label(score) or score for name, (score, _) in ordered},
            rationales={name: why for name, (_, why) in ordered if why},
            fraction=centre if consensus is None else scale.fraction(consensus.score) or 0.0,
            method=scoring.consensus if consensus is None else "consensus",
            spread=spread,
            disagreement=spread > scoring.disagreement + 1e-12,
            consensus_score=None if consensus is None else scale.label(consensus.score),
            consensus_rationale=None if consensus is None else consensus.rationale,
            consensus_evaluators=[] if consensus is None else list(consensus.evaluators),
        )
    return PanelOutcome(lines)


def reference_evaluate(tender: Tender):
    """evaluate() with every memo, index and vectorised step swapped for the plain version."""
    plain_check = checks._evaluate_check
    with ExitStack() as stack:
        for module in (
            "tenderkit.assurance.coverage",
            "tenderkit.risk.inherent",
            "tenderkit.risk.measures",
            "tenderkit.risk.sla_lines",
            "tenderkit.scoring.knockouts",
            "tenderkit.scoring.quality",
        ):
            stack.enter_context(mock.patch(f"{module}.evaluate_check", plain_check))
        stack.enter_context(
            mock.patch.object(
                review_module,
                "coverage_map",
                lambda requirements, bid, evidence: {
                    r.id: coverage_module._coverage_of(r, bid, evidence) for r in requirements
                },
            )
        )
        stack.enter_context(
            mock.patch.object(register_module, "_risk_catalogue", reference_catalogue)
        )
        stack.enter_context(mock.patch.object(register_module, "_graded", reference_grades))
        stack.enter_context(
            mock.patch.object(
                register_module,
                "_decision",
                lambda *args: register_module._plain_decision(*args[:8]),
            )
        )
        stack.enter_context(
            mock.patch.object(register_module, "likelihood_of_counts", reference_counted)
        )
        # no inherent level kept between risks and bids, each register entry validated
        stack.enter_context(
            mock.patch.object(
                register_module,
                "_inherent_memo",
                lambda catalogue, model, classification: [{} for _ in catalogue],
            )
        )
        stack.enter_context(
            mock.patch.object(
                register_module,
                "constructed",
                lambda model, values, fields: [model.model_validate(v) for v in values],
            )
        )
        # every SLA offer and line worded afresh
        for name, plain in (
            ("_availability_offer", sla_lines._plain_availability_offer),
            ("_breach_offer", service_terms.describe_breach_notification),
            ("_remembered_line", sla_lines._plain_line),
        ):
            stack.enter_context(mock.patch.object(sla_lines, name, plain))
        stack.enter_context(mock.patch.object(engine_module, "combine_panel", reference_panel))
        for name, plain in (
            ("_stated", knockouts_module._stated.__wrapped__),
            ("_finding", knockouts_module._plain_finding),
        ):
            stack.enter_context(mock.patch.object(knockouts_module, name, plain))
        stack.enter_context(
            mock.patch.object(
                engine_module,
                "knockouts_of",
                lambda bid, rs, language, coverage=None: knockouts_module._knockouts_of(
                    bid, rs.requirements, language, coverage
                ),
            )
        )
        # a memo that keeps nothing: every row and warning computed afresh, cell by cell
        stack.enter_context(mock.patch.object(quality_module, "_ROWS", IdentityMemo(size=0)))
        stack.enter_context(
            mock.patch.object(quality_module, "_bid_row", quality_module._plain_bid_row)
        )
        stack.enter_context(
            mock.patch.object(
                engine_module,
                "_disagreement_warnings",
                engine_module._plain_disagreement_warnings,
            )
        )
        return evaluate(tender, sensitivity=False)


# --- random small tenders -------------------------------------------------------------------


@st.composite
def mutated(draw, examples_: dict[str, Tender]) -> Tender:
    """A bundled example, its requirements replicated up to twice with new ids (as a large set
    repeats the same controls and checks), with random answers, evidence, facts and panel
    scores."""
    tender = examples_[draw(st.sampled_from(EXAMPLES))]
    copies = draw(st.integers(0, 2))
    originals = tender.requirement_set.requirements
    replicated = list(originals) + [
        r.model_copy(update={"id": f"{r.id}-c{n}"}) for n in range(1, copies + 1) for r in originals
    ]
    requirement_set = tender.requirement_set.model_copy(update={"requirements": replicated})
    requirement_ids = [r.id for r in replicated]
    bids = {}
    for bid_id, bid in tender.bids.items():
        report_ids = [r.id for r in bid.assurance] + ["no-such-report"]
        answers = dict(bid.answers)
        for n in range(1, copies + 1):
            answers.update({f"{rid}-c{n}": a for rid, a in bid.answers.items()})
        for rid in draw(
            st.lists(st.sampled_from(requirement_ids), min_size=20, max_size=60, unique=True)
        ):
            if draw(st.integers(0, 5)) == 0 and rid in answers:
                del answers[rid]
                continue
            base = answers.get(rid) or next(iter(bid.answers.values()))
            evidence = draw(st.lists(st.sampled_from(report_ids), max_size=3))
            answers[rid] = base.model_copy(
                update={"status": draw(st.sampled_from(STATUSES)), "evidence": evidence}
            )
        stated = [name for name in type(bid.facts).model_fields if bid.facts.get(name) is not None]
        dropped = draw(st.lists(st.sampled_from(stated), max_size=3, unique=True)) if stated else []
        facts = bid.facts.model_copy(update=dict.fromkeys(dropped))
        bids[bid_id] = bid.model_copy(update={"answers": answers, "facts": facts})
    labels = list(tender.scoring.scale.labels) or ["0"]
    panel: Any = tender.panel  # as loaded: the columns of formats/panel_columns.py
    if draw(st.integers(0, 3)) > 0:  # else a tuple of models, as a tender built in code has
        panel = tuple(
            score.model_copy(update={"score": draw(st.sampled_from(labels))})
            if draw(st.integers(0, 3)) == 0
            else score
            for score in tender.panel
            if draw(st.integers(0, 9)) > 0
        )
        if panel and draw(st.booleans()):  # an evaluator scoring an item twice: the later counts
            twice = panel[draw(st.integers(0, len(panel) - 1))]
            panel += (twice.model_copy(update={"score": draw(st.sampled_from(labels))}),)
    keep_consensus = draw(st.booleans())
    rule = draw(st.sampled_from(("median", "mean")))
    return tender.replace(
        requirement_set=requirement_set,
        scoring=tender.scoring.model_copy(update={"consensus": rule}),
        bids=bids,
        panel=panel,
        consensus=tender.consensus if keep_consensus else (),
    )


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_evaluate_equals_the_plain_reference(examples, data) -> None:
    tender = data.draw(mutated(examples))
    fast = evaluate(tender, sensitivity=False)
    assert fast.model_dump() == reference_evaluate(tender).model_dump()
    # and again: the memos filled by the first run give the same Result
    assert evaluate(tender, sensitivity=False).model_dump() == fast.model_dump()


def test_the_check_memo_keeps_the_written_value() -> None:
    """Checks equal in value but written differently (99.5 and 99.50) keep their own text."""
    from tenderkit.formats.bid import Facts
    from tenderkit.formats.requirement_set import Check
    from tenderkit.formats.yamlio import parse_yaml

    facts = Facts(availability_percent=99.9)
    one, two = (
        Check.model_validate(parse_yaml(f"{{fact: availability_percent, op: '>=', value: {v}}}"))
        for v in ("99.5", "99.50")
    )
    first, second = checks.evaluate_check(one, facts), checks.evaluate_check(two, facts)
    assert first == checks._evaluate_check(one, facts)
    assert getattr(first.expected, "source", None) != getattr(second.expected, "source", None)
