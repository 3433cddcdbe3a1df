"""Bids built in code against the bundled requirement sets, for the risk-register tests.

A helper module, not a conftest: tests/conftest.py is imported by name elsewhere in the suite.
"""

from __future__ import annotations

from typing import Any

from tenderkit.bundled import bundled
from tenderkit.formats.bid import Bid
from tenderkit.formats.messages import validate
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.formats.yamlio import read_yaml

SETS = {
    "gemeente": "gemeente-bio-gibit.yaml",
    "retail": "retail-avg-privcomp.yaml",
}

# Facts that pass every check of both bundled requirement sets.
GOOD_FACTS: dict[str, Any] = {
    "availability_percent": 99.9,
    "availability_window": "month",
    "maintenance_counts_as_downtime": True,
    "support_hours": "24x7",
    "breach_notification_hours": 12,
    "rpo_hours": 1,
    "rto_hours": 4,
    "data_locations": ["NL", "DE"],
    "transfer_mechanism": "adequacy",
    "exit_support": True,
    "escrow": True,
    "encryption_at_rest": True,
    "customer_managed_keys": True,
    "mfa": True,
}


def load_set(name: str) -> RequirementSet:
    path = bundled("requirement_sets") / SETS[name]
    data, problems = read_yaml(path, path.name)
    assert not problems
    model, problems = validate(RequirementSet, data, path.name)
    assert model is not None, problems
    return model


def make_bid(
    requirement_set: RequirementSet,
    status: str = "meets",
    answers: dict[str, str] | None = None,
    **facts: Any,
) -> Bid:
    """A bid answering every requirement with `status` (some overridden), with GOOD_FACTS."""
    statuses = {r.id: status for r in requirement_set.requirements}
    statuses.update(answers or {})
    return Bid.model_validate(
        {
            "tenderkit": 1,
            "bidder": "Test BV",
            "price": 100000,
            "answers": {rid: {"status": s} for rid, s in statuses.items() if s != "none"},
            "facts": {**GOOD_FACTS, **facts},
        }
    )


def coverage(requirement_set: RequirementSet, level: str) -> dict[str, str]:
    """Every requirement at one coverage level (as the assurance review would grade it)."""
    return {r.id: level for r in requirement_set.requirements}
