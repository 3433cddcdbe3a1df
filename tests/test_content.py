"""The bundled content: requirement sets, scoring models and example tenders.

They are data, read by the same models as user input; these tests keep them valid, consistent
with the risk catalogue, and doing what each example bid is there to show (a knockout failure, a
Type I report, a carve-out, foreign-law exposure).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from statistics import median

import pytest

from tenderkit import catalogues
from tenderkit.checks import evaluate_check
from tenderkit.countries import expand_groups
from tenderkit.formats.bid import Bid
from tenderkit.formats.messages import validate
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.formats.scoring_model import ScoringModel
from tenderkit.formats.tender_file import TenderFile
from tenderkit.formats.yamlio import read_yaml
from tenderkit.loader import check_requirement_set, load_tender

ROOT = Path(__file__).resolve().parents[1]
SETS = sorted((ROOT / "requirement_sets").glob("*.yaml"))
MODELS = sorted((ROOT / "scoring").glob("*.yaml"))
EXAMPLES = sorted(p.parent for p in (ROOT / "examples").glob("*/tender.yaml"))

EU27 = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
EEA = set(EU27.split()) | {"IS", "LI", "NO"}
BIO_ALLOWED = {
    # The BIO2 supplier measures a requirement to the supplier can rest on; 5.21.05 (the buyer's
    # own risk analysis) and 5.22.02 (its supplier register) are the buyer's internal duties.
    "5.19.01",
    "5.20.01",
    "5.20.02",
    "5.20.03",
    "5.20.04",
    "5.20.05",
    "5.20.06",
    "5.21.02",
    "5.21.03",
    "5.21.04",
    "5.22.01",
    "5.23.01",
}


def _read(path: Path, model: type):
    data, problems = read_yaml(path, path.name)
    assert problems == [], problems
    obj, problems = validate(model, data, path.name)
    assert problems == [], [str(p) for p in problems]
    return obj


def _set(name: str) -> RequirementSet:
    return _read(ROOT / "requirement_sets" / f"{name}.yaml", RequirementSet)


# --- requirement sets ---------------------------------------------------------------------------


def test_the_expected_content_is_there() -> None:
    assert {p.stem for p in SETS} >= {"gemeente-bio-gibit", "retail-avg-privcomp"}
    assert {p.stem for p in MODELS} >= {
        "bpkv-60-40-relatief",
        "fictieve-korting-rws",
        "lineair-vast",
    }
    assert {p.name for p in EXAMPLES} >= {"gemeente-zaaksysteem", "retail-privcomp-cloud"}


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_requirement_set_is_valid(path: Path) -> None:
    assert path.read_text("utf-8").startswith("tenderkit: 1\n")
    rs = _read(path, RequirementSet)
    assert rs.id == path.stem
    assert rs.language == "nl"
    assert check_requirement_set(rs, path.name) == []
    assert 30 <= len(rs.requirements) <= 50
    kinds = {r.kind for r in rs.requirements}
    assert kinds == {"knockout", "scored"}
    assert len(set(rs.requirement_ids)) == len(rs.requirements)


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_requirements_are_complete(path: Path) -> None:
    rs = _read(path, RequirementSet)
    criteria = set(rs.criterion_ids)
    assert 3 <= len(criteria) <= 4
    used = {r.criterion for r in rs.requirements if r.kind == "scored"}
    assert used == criteria, "every award criterion needs scored requirements"
    for r in rs.requirements:
        assert r.title and r.text and r.theme != "general", r.id
        assert r.risks, f"{r.id} names no risk"
        sentences = re.findall(r"[.!?](?:\s|$)", r.text)
        assert 1 <= len(sentences) <= 3, f"{r.id}: keep the text to one or two clear sentences"
        if r.assurance == "required":
            assert r.kind == "knockout", r.id
            assert r.controls.iso27001 or r.controls.soc2, r.id
    required = [r for r in rs.requirements if r.assurance == "required"]
    assert 3 <= len(required) <= 8
    assert any(r.controls.gdpr for r in rs.requirements)


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_machine_checks(path: Path) -> None:
    rs = _read(path, RequirementSet)
    checks = {(r.check.fact, r.check.op): r.check.value for r in rs.requirements if r.check}
    # the EEA is named, not listed: one list (tenderkit.countries.EEA) for every check
    assert checks[("data_locations", "subset")] == ["EEA"]
    assert set(expand_groups(["EEA"])) == EEA
    assert len(expand_groups(checks[("data_locations", "subset")])) == 30
    assert checks[("availability_percent", ">=")] in (99.5, 99.8)
    assert set(checks[("availability_window", "in")]) == {"month", "quarter"}
    assert checks[("breach_notification_hours", "<=")] in (24, 36)
    assert checks[("rpo_hours", "<=")] == 24
    assert checks[("rto_hours", "<=")] == 8
    assert checks[("support_hours", "==")] == "24x7"
    for fact in ("encryption_at_rest", "mfa", "exit_support"):
        assert (fact, "true") in checks
    # the minimal availability is a knockout, a higher one is scored
    availability = [
        r for r in rs.requirements if r.check and r.check.fact == "availability_percent"
    ]
    assert {r.kind for r in availability} == {"knockout", "scored"}


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_risks_exist_and_are_mitigated(path: Path) -> None:
    rs = _read(path, RequirementSet)
    known = catalogues.risks()
    named = {risk for r in rs.requirements for risk in r.risks}
    assert named <= set(known), named - set(known)
    # every catalogue risk the set names is mitigated by one of its requirements (by
    # construction), and the set speaks to most of the catalogue
    for risk in named:
        assert any(risk in r.risks for r in rs.requirements)
    assert len(named) >= 0.75 * len(known)
    # each named risk can be compensated when a bid falls short
    reduced = {red.risk for m in catalogues.measures().values() for red in m.reduces}
    assert named <= reduced


def test_gemeente_set_uses_bio_and_gibit() -> None:
    rs = _set("gemeente-bio-gibit")
    bio = {cid for r in rs.requirements for cid in r.controls.bio}
    assert bio <= BIO_ALLOWED
    assert bio == BIO_ALLOWED, f"not referenced: {sorted(BIO_ALLOWED - bio)}"
    texts = " ".join(r.text for r in rs.requirements)
    assert "GIBIT" in texts
    assert rs.classification.confidentiality == 3
    # the control ids stay as written: 8.10 is not 8.1, 8.20 not 8.2
    iso = {cid for r in rs.requirements for cid in r.controls.iso27001}
    assert {"8.10", "8.20"} <= iso
    assert rs.requirement("PRV-03").check.value == 24


def test_retail_set_follows_article_28() -> None:
    rs = _set("retail-avg-privcomp")
    gdpr = {cid for r in rs.requirements for cid in r.controls.gdpr}
    article_28_3 = {f"28(3)({letter})" for letter in "abcdefgh"}
    assert article_28_3 | {"28(1)", "32", "33(2)", "44"} <= gdpr
    assert rs.requirement("AVG-06").check.value == 36
    ids = set(rs.requirement_ids)
    assert {"SEC-03", "CNT-05", "CNT-07", "CNT-10", "SEC-08", "AVG-05"} <= ids


# --- scoring models -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_scoring_model_is_valid(path: Path) -> None:
    model = _read(path, ScoringModel)
    assert model.id == path.stem
    assert model.title and model.description
    # no "equal within x%" tie rules: unlawful in Dutch case law
    assert not re.search(r"binnen\s+\d+\s*%", model.description)


def test_scoring_model_parameters() -> None:
    bpkv = _read(ROOT / "scoring/bpkv-60-40-relatief.yaml", ScoringModel)
    assert (bpkv.quality_weight, bpkv.price_weight) == (60, 40)
    assert bpkv.price.formula == "lowest_relative"
    assert bpkv.scale.labels == ["0", "2", "4", "6", "8", "10"]
    assert bpkv.consensus == "median" and bpkv.invalidated_bid_rule == "recalculate"

    rws = _read(ROOT / "scoring/fictieve-korting-rws.yaml", ScoringModel)
    assert rws.price.formula == "fictitious_discount"
    assert dict(rws.scale.steps) == {"3": 1.0, "2": 0.6, "1": 0.25, "0": 0.0, "NR": -0.5}

    linear = _read(ROOT / "scoring/lineair-vast.yaml", ScoringModel)
    assert (linear.quality_weight, linear.price_weight) == (70, 30)
    assert linear.price.formula == "linear_fixed"
    assert linear.price.min_price < linear.price.max_price


# --- example tenders ----------------------------------------------------------------------------


def _bids(example: Path) -> dict[str, Bid]:
    return {p.stem: _read(p, Bid) for p in sorted((example / "bids").glob("*.yaml"))}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_loads(example: Path) -> None:
    tender = load_tender(example)
    assert tender.config.id == example.name
    assert tender.config.language == "nl"
    assert len(tender.bids) >= 3


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_bids_are_complete_and_consistent(example: Path) -> None:
    config = _read(example / "tender.yaml", TenderFile)
    rs = _read((example / config.requirement_set).resolve(), RequirementSet)
    closing = config.dates.closing
    check_facts = {r.check.fact for r in rs.requirements if r.check}
    bids = _bids(example)
    prices = [b.price for b in bids.values()]
    assert max(prices) / min(prices) < 1.5, "prices should be in one realistic range"
    for name, bid in bids.items():
        assert set(bid.answers) == set(rs.requirement_ids), f"{name} must answer everything"
        statuses = {a.status for a in bid.answers.values()}
        assert "meets" in statuses
        missing = [f for f in check_facts if bid.facts.get(f) is None]
        assert missing == [], f"{name} leaves facts unstated: {missing}"
        assert bid.subprocessors, name
        assert all(a.note for a in bid.answers.values()), name
        assert bid.assurance, name
        for report in bid.assurance:
            assert report.issued <= closing, (name, report.id)
            if report.period is not None:
                assert report.period.months >= 6
                assert closing - report.period.end <= dt.timedelta(days=366), (name, report.id)
            if report.as_of is not None:
                assert closing - report.as_of <= dt.timedelta(days=366)
            if report.kind == "iso27001":
                assert report.valid_until > closing and report.standard_version == "2022"
                assert report.last_audit is not None
                assert dt.timedelta(0) <= closing - report.last_audit <= dt.timedelta(days=366)
        # each evidence id names a report of this bid
        ids = {r.id for r in bid.assurance}
        for answer in bid.answers.values():
            assert set(answer.evidence) <= ids


def _fails_check(bid: Bid, rs: RequirementSet) -> set[str]:
    """The knockouts whose machine check the bid's facts do not pass."""
    return {
        r.id
        for r in rs.requirements
        if r.kind == "knockout" and r.check and not evaluate_check(r.check, bid.facts).passed
    }


def test_gemeente_example_bids_exercise_the_engine() -> None:
    example = ROOT / "examples/gemeente-zaaksysteem"
    config = _read(example / "tender.yaml", TenderFile)
    assert config.buyer.kind == "gemeente"
    assert config.dates.published == dt.date(2026, 9, 1)
    assert config.dates.closing == dt.date(2026, 10, 15)
    assert config.dates.award == dt.date(2026, 11, 2)
    assert config.contract_months == 48
    assert config.scoring.endswith("bpkv-60-40-relatief.yaml")
    rs = _set("gemeente-bio-gibit")
    bids = _bids(example)
    assert len(bids) >= 4
    assert all(380_000 <= b.price <= 520_000 for b in bids.values())

    strong = bids["zaakwerk"]
    soc2 = next(r for r in strong.assurance if r.kind == "soc2_type2")
    assert soc2.opinion == "unqualified" and soc2.period.months >= 11.9
    assert {"security", "availability", "confidentiality"} <= set(soc2.categories)
    assert all(s.method == "inclusive" for s in soc2.subservice)
    iso = next(r for r in strong.assurance if r.kind == "iso27001")
    assert iso.accreditation == "RvA"
    assert _fails_check(strong, rs) == set()

    assert _fails_check(bids["dossierlijn"], rs) == {"PRV-03"}

    type1 = bids["stadskern"]
    assert {r.kind for r in type1.assurance} == {"soc2_type1"}
    required = [r.id for r in rs.requirements if r.assurance == "required"]
    assert all(type1.answers[rid].status == "meets" for rid in required)
    assert _fails_check(type1, rs) == set()

    carve = next(r for r in bids["civora"].assurance if r.kind == "soc2_type2")
    assert [s.method for s in carve.subservice] == ["carve_out"]
    assert all(s.report is None for s in carve.subservice)
    assert 1 <= len(carve.exceptions) <= 2 and carve.cuecs
    assert _fails_check(bids["civora"], rs) == set()

    iso_only = bids["polderdata"]
    assert [r.kind for r in iso_only.assurance] == ["iso27001"]
    assert iso_only.assurance[0].excluded_controls


def test_gemeente_panel() -> None:
    tender = load_tender(ROOT / "examples/gemeente-zaaksysteem")
    evaluators = {s.evaluator for s in tender.panel}
    assert len(evaluators) == 3 == len(tender.config.evaluators)
    scores: dict[tuple[str, str], list[float]] = {}
    for s in tender.panel:
        assert s.target in tender.requirement_set.criterion_ids
        assert s.rationale
        scores.setdefault((s.bidder, s.target), []).append(float(s.score))
    assert all(len(v) == 3 for v in scores.values())
    spreads = {k: (max(v) - min(v)) / 10 for k, v in scores.items()}
    assert max(spreads.values()) > 0.4, "one case of strong disagreement"
    agreed = {(c.bidder, c.target) for c in tender.consensus}
    without = set(scores) - agreed
    assert len(without) >= 1, "leave one pair to the median"
    assert len(agreed) >= 0.8 * len(scores)
    for bidder, target in without:
        assert median(scores[(bidder, target)]) in (0, 2, 4, 6, 8, 10)
    assert all(set(c.evaluators) == evaluators for c in tender.consensus)


def test_retail_example_bids() -> None:
    example = ROOT / "examples/retail-privcomp-cloud"
    config = _read(example / "tender.yaml", TenderFile)
    assert config.buyer.kind == "retail" and config.buyer.name == "PrivComp"
    assert config.scoring.endswith("fictieve-korting-rws.yaml")
    rs = _set("retail-avg-privcomp")
    bids = _bids(example)
    assert len(bids) >= 3

    eu = bids["eurostack"]
    soc2 = next(r for r in eu.assurance if r.kind == "soc2_type2")
    assert "privacy" in soc2.categories
    assert set(eu.facts.data_locations) <= EEA

    us = bids["skyline"]
    assert "US" in us.facts.data_locations and us.facts.transfer_mechanism in ("scc", "none")
    assert us.answers["AVG-11"].status == "fails"

    small = bids["betuwehost"]
    assert [(r.kind, r.accreditation) for r in small.assurance] == [("iso27001", "RvA")]
    assert set(small.facts.data_locations) == {"NL"}

    # storage in the EEA is a wish here, so the US provider stays in the running
    assert all(_fails_check(b, rs) == set() for b in bids.values())
    scoring = _read(ROOT / "scoring/fictieve-korting-rws.yaml", ScoringModel)
    prices = sorted(b.price for b in bids.values())
    assert 0.1 * prices[0] <= scoring.price.quality_value <= 0.5 * prices[0]


def test_retail_consensus_uses_the_rws_scale() -> None:
    tender = load_tender(ROOT / "examples/retail-privcomp-cloud")
    labels = {c.score for c in tender.consensus}
    assert labels <= {"0", "1", "2", "3", "NR"} and "NR" in labels
    pairs = {(c.bidder, c.target) for c in tender.consensus}
    assert len(pairs) == len(tender.bids) * len(tender.requirement_set.criteria)


# --- what the engine makes of the examples ------------------------------------------------------


def _evaluated(example: str):
    assurance = pytest.importorskip("tenderkit.assurance")
    engine = pytest.importorskip("tenderkit.scoring.engine")
    tender = load_tender(ROOT / "examples" / example)
    closing = tender.config.dates.closing
    coverage = {
        bid_id: {
            rid: c.level
            for rid, c in assurance.review_bid(
                bid, tender.requirement_set, closing, "nl"
            ).coverage.items()
        }
        for bid_id, bid in tender.bids.items()
    }
    return tender, engine.score_tender(tender, coverage, sensitivity=False)


def test_gemeente_example_outcome() -> None:
    _, sheet = _evaluated("gemeente-zaaksysteem")
    reasons = {b: {(k.requirement, k.reason) for k in ks} for b, ks in sheet.knockouts.items()}
    assert ("PRV-03", "check_failed") in reasons["dossierlijn"]
    assert {r for r, why in reasons["stadskern"] if why == "no_assurance"} == {
        "ENC-01",
        "ENC-02",
        "ACC-01",
        "ACC-02",
        "LOG-01",
    }
    assert reasons["zaakwerk"] == reasons["civora"] == reasons["polderdata"] == set()
    assert sheet.ranking.winner == "zaakwerk"


def test_retail_example_outcome() -> None:
    _, sheet = _evaluated("retail-privcomp-cloud")
    assert all(sheet.valid.values())
    assert sheet.ranking.winner == "eurostack"
