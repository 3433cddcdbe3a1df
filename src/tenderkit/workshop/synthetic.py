"""A large, made-up tender in memory, for the workshop's benchmark and its speed test.

It is grown from the bundled PrivComp example: its requirement set is repeated until it holds
`requirements` requirements (ids suffixed `-2`, `-3`, ...), and its three real bids (with their
assurance reports) are repeated into `bids` bids with other prices and some answers changed. Every
control, risk and report reference stays valid, so evaluation does all the work it would do on a
real tender of that size. Deterministic: the same arguments give the same tender.
"""

from __future__ import annotations

import random

from tenderkit.bundled import example
from tenderkit.loader import Tender, load_tender

SOURCE = "retail-privcomp-cloud"


def synthetic_tender(bids: int = 10, requirements: int = 200, seed: int = 7) -> Tender:
    """A tender with `bids` bids and `requirements` requirements, no panel scores."""
    base = load_tender(example(SOURCE))
    rng = random.Random(seed)
    originals = list(base.requirement_set.requirements)
    grown = []
    copy_of: dict[str, str] = {}
    for index in range(requirements):
        source = originals[index % len(originals)]
        round_ = index // len(originals)
        new_id = source.id if round_ == 0 else f"{source.id}-{round_ + 1}"
        copy_of[new_id] = source.id
        grown.append(source.model_copy(update={"id": new_id}))
    rs = base.requirement_set.model_copy(update={"requirements": grown})
    kinds = {r.id: r.kind for r in grown}
    templates = [base.bids[b] for b in sorted(base.bids)]
    made = {}
    for number in range(bids):
        template = templates[number % len(templates)]
        answers = {}
        for new_id, old_id in copy_of.items():
            answer = template.answers.get(old_id)
            if answer is None:
                continue
            if kinds[new_id] == "scored" and rng.random() < 0.3:
                answer = answer.model_copy(
                    update={"status": rng.choice(["meets", "partial", "fails"])}
                )
            answers[new_id] = answer
        price = round(template.price * rng.uniform(0.8, 1.25), -3)
        made[f"bid-{number + 1:02d}"] = template.model_copy(
            update={
                "bidder": f"Leverancier {chr(ord('A') + number)}",
                "price": price,
                "answers": answers,
            }
        )
    return base.replace(requirement_set=rs, bids=made, panel=(), consensus=(), directory=None)
