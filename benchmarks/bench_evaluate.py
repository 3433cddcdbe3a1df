"""Time `evaluate` on a large synthetic tender next to a plain per-cell Python loop.

The tender is built in memory (no disk): 50 bids x 500 requirements (100 knockouts, 400 scored
under 5 criteria) x 7 evaluators scoring at requirement level (the panel leaves every tenth scored
requirement to the bids' answers), lowest_relative 60/40, median consensus, two bids knocked out.
`evaluate` runs with the full sensitivity analysis (10,000 Monte Carlo samples), assurance review
and residual risk; the loop computes only requirement -> criterion -> quality -> price -> total,
cell by cell, without numpy. The two must agree to 1e-9.

Run: `.venv/bin/python benchmarks/bench_evaluate.py`. The target is evaluate under 0.5 s.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import statistics
import sys
import time
import tracemalloc
from typing import Any

from tenderkit.evaluate import evaluate
from tenderkit.formats.bid import Bid
from tenderkit.formats.loader import Tender
from tenderkit.formats.panel import PanelScore
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.formats.scoring_model import ScoringModel
from tenderkit.formats.tender_file import TenderFile
from tenderkit.scoring.engine import score_tender

BIDS = 50
REQUIREMENTS = 500
KNOCKOUT_EVERY = 5  # every fifth requirement is a knockout: 100 knockouts, 400 scored
CRITERIA = 5
EVALUATORS = 7
SAMPLES = 10_000
TARGET_SECONDS = 0.5
TOLERANCE = 1e-9
SCALE = ["0", "2", "4", "6", "8", "10"]
CONTROLS = [
    {"soc2": ["CC6.1"], "iso27001": ["8.24"]},
    {"soc2": ["CC7.2"], "iso27001": ["8.15"]},
    {"soc2": ["CC8.1"], "iso27001": ["8.32"]},
    {"soc2": ["A1.2"], "iso27001": ["8.13"]},
    {"soc2": ["CC6.7"]},
    {},
]


def synthetic_tender(seed: int = 2026) -> Tender:
    rng = random.Random(seed)
    criteria = [
        {"id": f"K{c + 1}", "title": f"Criterion {c + 1}", "weight": w}
        for c, w in enumerate([30, 25, 20, 15, 10][:CRITERIA])
    ]
    requirements: list[dict[str, Any]] = []
    for j in range(REQUIREMENTS):
        rid = f"R-{j:03d}"
        base = {
            "id": rid,
            "title": f"Requirement {j}",
            "text": f"Requirement {j}.",
            "controls": CONTROLS[j % len(CONTROLS)],
        }
        if j % KNOCKOUT_EVERY == 0:
            base["kind"] = "knockout"
            if j % 50 == 0:
                base["check"] = {"fact": "availability_percent", "op": ">=", "value": 99.5}
        else:
            base.update(
                kind="scored", criterion=criteria[j % CRITERIA]["id"], weight=rng.choice([1, 2, 3])
            )
        requirements.append(base)
    requirement_set = RequirementSet.model_validate(
        {
            "tenderkit": 1,
            "id": "bench",
            "title": "Benchmark set",
            "language": "en",
            "classification": {"confidentiality": 3, "integrity": 2, "availability": 2},
            "risk_appetite": 8,
            "criteria": criteria,
            "requirements": requirements,
        }
    )
    scoring = ScoringModel.model_validate(
        {
            "tenderkit": 1,
            "id": "bench",
            "title": "BPKV 60/40",
            "quality_weight": 60,
            "price_weight": 40,
            "scale": [int(s) for s in SCALE],
            "price": {"formula": "lowest_relative"},
        }
    )
    config = TenderFile.model_validate(
        {
            "tenderkit": 1,
            "id": "bench-tender",
            "title": "Benchmark tender",
            "language": "en",
            "buyer": {"name": "Gemeente Bench", "kind": "gemeente"},
            "requirement_set": "requirements.yaml",
            "scoring": "scoring.yaml",
            "dates": {"published": "2026-09-01", "closing": "2026-10-15"},
        }
    )
    scored = [r for r in requirement_set.requirements if r.kind == "scored"]
    bids: dict[str, Bid] = {}
    panel: list[PanelScore] = []
    for i in range(BIDS):
        bid_id = f"bid-{i:02d}"
        level = rng.uniform(0.3, 0.9)  # how good this bidder is, on average
        answers = {}
        for r in requirement_set.requirements:
            if r.kind == "knockout":
                answers[r.id] = {"status": "meets", "evidence": ["soc2"]}
            else:
                draw = rng.random()
                status = "meets" if draw < level else "partial" if draw < level + 0.2 else "fails"
                answers[r.id] = {"status": status}
        if i in (3, 17):  # two invalid bids, one of them the cheapest
            answers["R-005"] = {"status": "fails"}
        del answers[scored[i % len(scored)].id]  # one unanswered scored requirement per bid
        bids[bid_id] = Bid.model_validate(
            {
                "tenderkit": 1,
                "bidder": f"Bidder {i:02d}",
                "price": 250_000 if i == 3 else rng.randrange(400_000, 900_000, 1000),
                "answers": answers,
                "facts": {
                    "availability_percent": 99.9,
                    "encryption_at_rest": True,
                    "data_locations": ["NL"],
                },
                "assurance": [
                    {
                        "id": "soc2",
                        "kind": "soc2_type2",
                        "issuer": "Audit BV",
                        "issued": dt.date(2026, 3, 1),
                        "period": {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)},
                        "opinion": "unqualified",
                        "categories": ["security", "availability"],
                        "management_assertion": True,
                    }
                ],
            }
        )
        for j, r in enumerate(scored):
            if j % 10 == 3:
                continue  # left to the bid's answer (status_scores)
            centre = level * (len(SCALE) - 1)
            for e in range(EVALUATORS):  # evaluators mostly within a step of each other
                step = min(max(round(rng.gauss(centre, 0.6)), 0), len(SCALE) - 1)
                panel.append(
                    PanelScore.model_construct(
                        evaluator=f"e{e + 1}",
                        bidder=bid_id,
                        target=r.id,
                        score=SCALE[step],
                        rationale="",
                        row=j + 2,
                    )
                )
    return Tender(
        config=config,
        requirement_set=requirement_set,
        scoring=scoring,
        bids=bids,
        panel=tuple(sorted(panel, key=lambda s: (s.evaluator, s.bidder, s.target))),
    )


def loop_scores(tender: Tender) -> dict[str, tuple[bool, float, float]]:
    """bid -> (valid, quality fraction, total), one cell at a time, as a spreadsheet would."""
    scoring, rs = tender.scoring, tender.requirement_set
    fraction_of = dict(scoring.scale.steps)
    status_value = {
        "meets": scoring.status_scores.meets,
        "partial": scoring.status_scores.partial,
        "fails": scoring.status_scores.fails,
    }
    scores: dict[tuple[str, str], list[float]] = {}
    for s in tender.panel:
        scores.setdefault((s.bidder, s.target), []).append(fraction_of[s.score])
    criterion_weight = {c.id: c.weight for c in rs.criteria}
    quality: dict[str, float] = {}
    valid: dict[str, bool] = {}
    for bid_id, bid in tender.bids.items():
        ok = True
        sums = {c: 0.0 for c in criterion_weight}
        weights = {c: 0.0 for c in criterion_weight}
        for r in rs.requirements:
            answer = bid.answers.get(r.id)
            status = answer.status if answer is not None else "fails"
            passes = True
            if r.check is not None:
                actual = bid.facts.get(r.check.fact)
                passes = actual is not None and actual >= r.check.value  # only >= in this set
            if r.kind == "knockout":
                ok = ok and status == "meets" and passes
                continue
            cell = scores.get((bid_id, r.id))
            if cell:
                fraction = statistics.median(cell)
            else:
                fraction = status_value[status if passes else "fails"]
            sums[r.criterion] += fraction * r.weight
            weights[r.criterion] += r.weight
        total_weight = sum(criterion_weight.values())
        q = 0.0
        for c, w in criterion_weight.items():
            q += (sums[c] / weights[c] if weights[c] else 0.0) * w / total_weight
        quality[bid_id] = q
        valid[bid_id] = ok
    pbest = min(b.price for b_id, b in tender.bids.items() if valid[b_id])
    out = {}
    for bid_id, bid in tender.bids.items():
        total = scoring.quality_weight * quality[bid_id] + scoring.price_weight * pbest / bid.price
        out[bid_id] = (valid[bid_id], quality[bid_id], total)
    return out


def best_of(runs: int, function, *args, **kwargs):
    best, value = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        value = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> int:
    build_start = time.perf_counter()
    tender = synthetic_tender()
    built = time.perf_counter() - build_start
    cells = len(tender.bids) * len(tender.requirement_set.requirements)
    print(
        f"tender: {len(tender.bids)} bids x {len(tender.requirement_set.requirements)} "
        f"requirements ({cells:,} cells), {len(tender.panel):,} panel scores by "
        f"{len(tender.evaluators)} evaluators; built in memory in {built:.2f} s"
    )

    evaluate(tender, samples=SAMPLES)  # warm-up: imports, cached reference data
    vectorised, result = best_of(3, evaluate, tender, samples=SAMPLES)
    looped, expected = best_of(3, loop_scores, tender)
    # the scoring engine alone (no assurance review, no risk register): where evaluate's time goes
    engine, _ = best_of(3, score_tender, tender, None, samples=SAMPLES)

    worst_quality = worst_total = 0.0
    for bid_id, (valid, quality, total) in expected.items():
        bid = result.bid(bid_id)
        assert bid.valid is valid, (bid_id, bid.valid, valid)
        worst_quality = max(worst_quality, abs(bid.quality.fraction - quality))
        worst_total = max(worst_total, abs(bid.total - total))
    assert worst_quality <= TOLERANCE, f"quality fractions differ by {worst_quality:g}"
    assert worst_total <= TOLERANCE, f"totals differ by {worst_total:g}"
    mc = result.sensitivity["monte_carlo"]
    assert mc["samples"] == SAMPLES
    assert abs(sum(mc["win_share"].values()) - 1.0) < 1e-9

    tracemalloc.start()
    evaluate(tender, samples=SAMPLES)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    print(
        f"evaluate (vectorised, {SAMPLES:,} Monte Carlo samples, best of 3): "
        f"{vectorised * 1000:8.1f} ms"
    )
    print(
        f"  of which the scoring engine (score_tender, with sensitivity):  {engine * 1000:8.1f} ms"
    )
    print(
        f"plain Python loop (scores only, no sensitivity, best of 3):      {looped * 1000:8.1f} ms"
    )
    print(
        f"ratio evaluate / loop: {vectorised / looped:.2f}x; agreement: quality within "
        f"{worst_quality:.1e}, totals within {worst_total:.1e}; winner {result.winner}"
    )
    flagged = sum(1 for w in result.warnings if w.code == "panel_disagreement")
    print(f"panel lines: {len(result.panel):,}, of which {flagged:,} flagged for disagreement")
    print(
        f"peak memory: tracemalloc {peak / 2**20:.1f} MiB during evaluate; "
        f"process max RSS {maxrss:.0f} MiB"
    )
    verdict = "OK" if vectorised < TARGET_SECONDS else "SLOW"
    print(
        f"SUMMARY {verdict}: evaluate {vectorised:.3f} s (target < {TARGET_SECONDS} s; "
        f"scoring engine {engine:.3f} s), loop {looped:.3f} s, ratio {vectorised / looped:.2f}x, "
        f"peak {peak / 2**20:.1f} MiB traced / {maxrss:.0f} MiB RSS"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
