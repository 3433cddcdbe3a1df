"""Time the workshop's update path: a widget changes -> re-evaluation -> every view redrawn.

On a synthetic tender of 10 bids x 200 requirements (`tenderkit.workshop.synthetic`), with the
app in immediate mode (no debounce), so each timing covers the whole path a participant waits
for: the widget callback, the scenario, `LiveEvaluator` (scoring re-run, per-bid review and risk
register re-used or recomputed for the one bid that changed), the ranking table, the score chart,
the warnings and the residual-risk heat map. Target: under 50 ms for a weight or formula change.
Run: `.venv/bin/python benchmarks/bench_workshop.py`.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable

from tenderkit.evaluation import evaluate
from tenderkit.workshop.app import WorkshopApp
from tenderkit.workshop.synthetic import synthetic_tender

TARGET_MS = 50.0


def timed(action: Callable[[int], None], repeats: int) -> list[float]:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> float:
    median = statistics.median(times)
    p95 = sorted(times)[max(math.ceil(len(times) * 0.95) - 1, 0)]
    print(f"{name:<44} median {median:6.1f} ms   p95 {p95:6.1f} ms   max {max(times):6.1f} ms")
    return median


def main() -> None:
    tender = synthetic_tender(bids=10, requirements=200)
    start = time.perf_counter()
    app = WorkshopApp(tender, debounce=0, panel=False)
    print(
        f"tender: {len(tender.bids)} bids x {len(tender.requirement_set.requirements)} "
        f"requirements; app built in {time.perf_counter() - start:.2f} s"
    )
    start = time.perf_counter()
    evaluate(tender, sensitivity=False)
    full = (time.perf_counter() - start) * 1000
    print(f"{'for comparison: evaluate(sensitivity=False)':<44} {full:6.1f} ms")

    criterion = next(iter(app.criterion_sliders))
    weights = [10, 20, 30, 40, 50, 60, 70, 80, 90]
    results = {}
    results["criterion weight slider"] = report(
        "criterion weight slider",
        timed(lambda i: setattr(app.criterion_sliders[criterion], "value", weights[i % 9]), 60),
    )
    app.formula.value = "lowest_relative"
    results["quality/price split slider"] = report(
        "quality/price split slider",
        timed(lambda i: setattr(app.split, "value", 20 + 5 * (i % 12)), 60),
    )
    formulas = ["linear_fixed", "log", "utility_index", "fictitious_discount", "lowest_relative"]
    results["price formula switch"] = report(
        "price formula switch",
        timed(lambda i: setattr(app.formula, "value", formulas[i % 5]), 30),
    )
    boxes = list(app.invalid_boxes.values())
    results["mark a bid invalid / valid again"] = report(
        "mark a bid invalid / valid again",
        timed(lambda i: setattr(boxes[i // 2 % len(boxes)], "value", i % 2 == 0), 40),
    )
    app.whatif_requirement.value = next(
        r.id for r in tender.requirement_set.requirements if r.kind == "scored"
    )
    statuses = ["fails", "partial", "meets"]
    report(
        "answer what-if (first time: reviews one bid)",
        timed(lambda i: setattr(app.whatif_status, "value", statuses[i % 3]), 3),
    )
    report(
        "answer what-if (again: cached)",
        timed(lambda i: setattr(app.whatif_status, "value", statuses[i % 3]), 30),
    )
    app.fact.value = "customer_managed_keys"
    report(
        "fact what-if (first time: reviews one bid)",
        timed(lambda i: setattr(app.fact_value, "value", i % 2 == 0), 2),
    )
    start = time.perf_counter()
    app.run_sensitivity()
    print(
        f"{'on demand: full sensitivity (2,000 samples)':<44} "
        f"{(time.perf_counter() - start) * 1000:6.1f} ms"
    )
    worst = max(results.values())
    verdict = "within" if worst < TARGET_MS else "ABOVE"
    print(
        f"slowest median of the live changes: {worst:.1f} ms ({verdict} the {TARGET_MS:.0f} ms "
        "target)"
    )


if __name__ == "__main__":
    main()
