"""Time `evaluate` on realistic tenders of three sizes, and on the old easy tender as one row.

Realistic rows (benchmarks/realistic.py: requirements replicated from the bundled gemeente set with
risk links, checks and controls; bids with answer notes, assurance and facts; 7 evaluators' CSVs
and a consensus) are written to disk and measured each in a fresh process, so peak memory (max
RSS of loading plus evaluating) belongs to that size alone: 50 bids x 500 requirements, 50 x 2000
and 200 x 500. The easy row is the in-memory tender this benchmark used before (requirements with
no risk links, no notes); it is kept as one row, labelled as such, and its scores are still
checked against a plain per-cell Python loop to 1e-9.

For 50 x 2000 it also sets loading against the bare libyaml parse of the same YAML files
(`yaml.load(..., Loader=yaml.CSafeLoader)` of every .yaml file; the panel CSVs are not YAML, so
they are in the load time but not in the bare parse) and times `tenderkit validate` and
`tenderkit evaluate` on the command line, all three with bench_load's own functions: each in a
fresh process, CPU included. (The bare parse once ran here, after the tender was loaded and
evaluated twice: the collector then walked that large heap on every collection, and the parse
took 4.9 s instead of 2.1 s, which made every ratio to it look twice as good as it is.)

Each size reports two evaluate figures. "cold" is the first evaluation of the freshly loaded
tender in a fresh process: what a user's single `tenderkit evaluate` pays, lazy imports included.
"warm" is the median of `--runs` further runs on the same tender (the big sizes run at most
twice); caches kept across evaluations (tenderkit.memo) make it lower, so it is no figure for the
command line, only for a tender evaluated again and again (the workshop). Every time is given as
wall and CPU seconds: on a machine shared with other work the wall time also counts their turns,
so quote the CPU figures and the ratios, measured side by side in one run (`--baseline`).
Run: `PYTHONPATH=src .venv/bin/python benchmarks/bench_evaluate.py [--runs 3] [--keep DIR]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tenderkit.evaluation import evaluate
from tenderkit.formats.bid import Bid
from tenderkit.formats.panel import PanelScore
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.formats.scoring_model import ScoringModel
from tenderkit.formats.tender_file import TenderFile
from tenderkit.tender import Tender

BIDS = 50
REQUIREMENTS = 500
KNOCKOUT_EVERY = 5  # every fifth requirement is a knockout: 100 knockouts, 400 scored
CRITERIA = 5
EVALUATORS = 7
SAMPLES = 10_000
SIZES = [(50, 500, 7), (50, 2000, 7), (200, 500, 7)]
BIG = 1000  # bids x requirements above this many thousand cells run at most twice
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


def timed(function, *args, **kwargs) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call. On a machine shared with other
    work the wall time counts their turns too; the CPU time counts this process's own work."""
    wall, cpu = time.perf_counter(), time.process_time()
    function(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu


def max_rss_mib() -> float:
    """Peak RSS of this process. Linux keeps `ru_maxrss` across fork and exec, so a measuring
    child started by a parent that held the easy tender reported the parent's peak; the
    kernel's VmHWM belongs to this process's own memory (reset at exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def easy_row(runs: int) -> dict[str, Any]:
    """The old in-memory tender: evaluate timed, and checked against the plain loop.

    Its cold figure is the first evaluation in this process (imports and reference data
    included, as for the realistic rows, which each run in a fresh process)."""
    tender = synthetic_tender()
    cold, cold_cpu = timed(evaluate, tender, samples=SAMPLES)
    warm = [timed(evaluate, tender, samples=SAMPLES) for _ in range(runs)]
    result = evaluate(tender, samples=SAMPLES)
    expected = loop_scores(tender)
    for bid_id, (valid, quality, total) in expected.items():
        bid = result.bid(bid_id)
        assert bid.valid is valid, (bid_id, bid.valid, valid)
        assert abs(bid.quality.fraction - quality) <= TOLERANCE, bid_id
        assert abs(bid.total - total) <= TOLERANCE, bid_id
    return {
        "cold": cold,
        "cold_cpu": cold_cpu,
        "evaluate": statistics.median(wall for wall, _ in warm),
        "warm_cpu": statistics.median(cpu for _, cpu in warm),
        "load": None,
        "rss": max_rss_mib(),
    }


def measure(folder: str, runs: int) -> dict[str, Any]:
    """One size, in this (fresh) process: load, evaluate, peak RSS."""
    from tenderkit.loader import load_tender

    start, start_cpu = time.perf_counter(), time.process_time()
    tender = load_tender(folder)
    loaded, loaded_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    rss_loaded = max_rss_mib()
    # the first evaluation is what one `tenderkit evaluate` pays: no cache warm yet
    cold, cold_cpu = timed(evaluate, tender, samples=SAMPLES)
    warm = [timed(evaluate, tender, samples=SAMPLES) for _ in range(runs)]
    row: dict[str, Any] = {
        "load": loaded,
        "load_cpu": loaded_cpu,
        "cold": cold,
        "cold_cpu": cold_cpu,
        "evaluate": statistics.median(wall for wall, _ in warm),
        "warm_cpu": statistics.median(cpu for _, cpu in warm),
        "rss_loaded": rss_loaded,
        "rss": max_rss_mib(),
        "panel": len(tender.panel),
    }
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (big sizes: <= 2)")
    parser.add_argument("--keep", type=Path, help="write (or reuse) the tenders here")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="the src/ folder of an older tenderkit: its rows of every size are measured in the "
        "same run, side by side ('before')",
    )
    parser.add_argument("--measure", nargs=2, metavar=("FOLDER", "RUNS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # the child process of one size
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return 0

    sys.path.insert(0, str(Path(__file__).parent))
    from bench_load import SRC, bare_parse
    from bench_load import cli as run_cli
    from realistic import write_tender

    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-evaluate-"))
    rows: list[tuple[str, dict[str, Any]]] = [
        ("easy 50x500x7 (old tender: no risk links, no notes)", easy_row(args.runs))
    ]
    cli: dict[str, float] = {}
    for bids, requirements, evaluators in SIZES:
        folder = root / f"r{bids}x{requirements}x{evaluators}"
        if not (folder / "tender.yaml").is_file():
            write_tender(folder, bids=bids, requirements=requirements, evaluators=evaluators)
        big = bids * requirements > BIG * 25
        runs = min(args.runs, 2) if big else args.runs
        parse = (bids, requirements) == (50, 2000)
        child = [sys.executable, __file__, "--measure", str(folder), str(runs)]
        done = subprocess.run(child, capture_output=True, text=True)
        if done.returncode:
            print(f"{folder}: the measuring process failed:\n{done.stdout}{done.stderr}")
            return 1
        rows.append(
            (f"{bids}x{requirements}x{evaluators}", json.loads(done.stdout.splitlines()[-1]))
        )
        if args.baseline:
            env = {**os.environ, "PYTHONPATH": str(args.baseline.resolve())}
            before = subprocess.run(child, capture_output=True, text=True, env=env)
            if before.returncode:
                print(f"{folder}: the baseline failed:\n{before.stdout}{before.stderr}")
                return 1
            label = f"  before ({args.baseline}): {bids}x{requirements}x{evaluators}"
            rows.append((label, json.loads(before.stdout.splitlines()[-1])))
        if parse:  # as bench_load measures them: each in a fresh process, wall and CPU
            bare = bare_parse(folder)
            cli["bare"], cli["bare_cpu"], cli["yaml_mb"] = bare["wall"], bare["cpu"], bare["mb"]
            cli["validate"], cli["validate_cpu"] = run_cli(SRC, "validate", str(folder))
            cli["evaluate"], cli["evaluate_cpu"] = run_cli(
                SRC, "evaluate", str(folder), "-o", str(root / "result.json")
            )

    base = dict(rows)["50x500x7"]
    print(f"evaluate with {SAMPLES:,} Monte Carlo samples; median of runs; shared, loaded machine")
    print(
        "cold = the first evaluation of the freshly loaded tender in a fresh process (what one "
        "`tenderkit evaluate` pays);\nwarm = the median of the runs after it, on the same "
        "tender (caches kept across evaluations help these)"
    )
    print(
        "each time as wall / CPU seconds (CPU: this process's own work, the figure to compare on "
        "a shared machine); x 50x500 = CPU ratio to the 50x500x7 row of the same code"
    )
    print(
        f"{'tender':<52}{'load s':>12}{'cold s':>12}{'x 50x500':>9}{'warm s':>12}{'x 50x500':>9}"
        f"{'RSS loaded':>11}{'peak RSS':>9}"
    )
    before_base = next((r for n, r in rows if n.startswith("  before") and "50x500x7" in n), base)
    for name, row in rows:
        load = "" if row.get("load") is None else f"{row['load']:.2f}/{row['load_cpu']:.2f}"
        loaded = f"{row['rss_loaded']:.0f} MiB" if "rss_loaded" in row else ""
        against = before_base if name.startswith("  before") else base  # ratio within its code
        cold, warm = f"{row['cold']:.2f}/{row['cold_cpu']:.2f}", f"{row['evaluate']:.2f}/"
        print(
            f"{name:<52}{load:>12}{cold:>12}{row['cold_cpu'] / against['cold_cpu']:>8.2f}x"
            f"{warm + format(row['warm_cpu'], '.2f'):>12}"
            f"{row['warm_cpu'] / against['warm_cpu']:>8.2f}x{loaded:>11}{row['rss']:>5.0f} MiB"
        )
    if args.baseline:
        print("after / before, CPU seconds, same tender (below 1: faster):")
        for name, row in rows:
            before = dict(rows).get(f"  before ({args.baseline}): {name}")
            if before is not None:
                both = (row["load_cpu"] + row["cold_cpu"]) / (
                    before["load_cpu"] + before["cold_cpu"]
                )
                print(
                    f"  {name}: load {row['load_cpu'] / before['load_cpu']:.2f}x, "
                    f"cold evaluate {row['cold_cpu'] / before['cold_cpu']:.2f}x, "
                    f"warm {row['warm_cpu'] / before['warm_cpu']:.2f}x, load + cold {both:.2f}x"
                )
    big = dict(rows)["50x2000x7"]
    bare = cli["bare_cpu"]
    print(
        f"50x2000x7: {cli['yaml_mb']:.1f} MB of YAML; bare libyaml parse (a fresh process, as "
        f"bench_load times it) {cli['bare']:.2f} / {bare:.2f} s; CPU ratios to it: "
        f"load_tender {big['load_cpu'] / bare:.2f}x; "
        f"`tenderkit validate` {cli['validate']:.2f} / {cli['validate_cpu']:.2f} s = "
        f"{cli['validate_cpu'] / bare:.2f}x; `tenderkit evaluate` {cli['evaluate']:.2f} / "
        f"{cli['evaluate_cpu']:.2f} s = {cli['evaluate_cpu'] / bare:.2f}x; load + cold evaluate "
        f"{big['load'] + big['cold']:.2f} / {base['load'] + base['cold']:.2f} "
        f"= {(big['load'] + big['cold']) / (base['load'] + base['cold']):.2f}x that of 50x500x7"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
