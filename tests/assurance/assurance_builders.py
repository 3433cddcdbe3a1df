"""Builders for the assurance tests: clean reports that a test then breaks in one place.

A plain module, not a conftest.py: other test folders import `conftest` by name, and a second
conftest module here would shadow theirs. The tests import it as `tk`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tenderkit.formats.bid import Bid
from tenderkit.formats.requirement_set import Requirement

CLOSING = dt.date(2026, 10, 15)

REQUIREMENTS: list[dict[str, Any]] = [
    # Named in both frameworks; SOC 2 evidence covers CC6.1 directly.
    {"id": "ENC-01", "controls": {"iso27001": ["8.24"], "soc2": ["CC6.1"]}},
    {"id": "LOG-01", "controls": {"iso27001": ["8.15"], "soc2": ["CC7.2"]}},
    # Only SOC 2, availability category.
    {"id": "BCK-01", "controls": {"soc2": ["A1.2"]}},
    # Only SOC 2 CC6.1: ISO 8.24 reaches it only through an `intersect` pair (partial).
    {"id": "ACC-01", "controls": {"soc2": ["CC6.1"]}},
    # Only ISO 8.32: SOC 2 CC8.1 intersects it (partial cover through the crosswalk).
    {"id": "CHG-01", "controls": {"iso27001": ["8.32"]}},
    # Only SOC 2 A1.3: it intersects ISO 5.30 (partial cover by an ISO certificate).
    {"id": "REC-01", "controls": {"soc2": ["A1.3"]}},
    # Only ISO 5.30: SOC 2 A1.3 intersects it (partial cover by a SOC 2 report).
    {"id": "BCM-01", "controls": {"iso27001": ["5.30"]}},
    # Privacy criterion.
    {"id": "PRV-01", "controls": {"soc2": ["P4.1"]}},
    # A BIO2 supplier measure (Annex A 5.20).
    {"id": "SUP-01", "controls": {"bio": ["5.20.03"]}},
    # No framework reference at all.
    {"id": "DOC-01", "controls": {}},
]


def requirement(rid: str, controls: dict[str, list[str]] | None = None) -> Requirement:
    base = next((r for r in REQUIREMENTS if r["id"] == rid), {"id": rid, "controls": {}})
    return Requirement.model_validate(
        {
            "id": rid,
            "title": f"Eis {rid}",
            "text": "Testeis.",
            "kind": "knockout",
            "controls": controls if controls is not None else base["controls"],
        }
    )


def requirements() -> list[Requirement]:
    return [requirement(r["id"]) for r in REQUIREMENTS]


def soc2(**changes: Any) -> dict[str, Any]:
    """A clean SOC 2 Type II: twelve months ending 30 June 2026, unqualified, with assertion."""
    data: dict[str, Any] = {
        "id": "soc2",
        "kind": "soc2_type2",
        "issuer": "Audit BV",
        "issued": "2026-08-01",
        "period": {"start": "2025-07-01", "end": "2026-06-30"},
        "opinion": "unqualified",
        "categories": ["security", "availability", "privacy"],
        "management_assertion": True,
    }
    data.update(changes)
    return data


def iso(**changes: Any) -> dict[str, Any]:
    """A clean, accredited ISO 27001:2022 certificate, audited in May 2026."""
    data: dict[str, Any] = {
        "id": "iso",
        "kind": "iso27001",
        "issuer": "Cert BV",
        "issued": "2024-05-01",
        "standard_version": "2022",
        "accreditation": "RvA",
        "valid_until": "2027-05-01",
        "last_audit": "2026-05-01",
    }
    data.update(changes)
    return data


def report(kind: str, **changes: Any) -> dict[str, Any]:
    """A clean report of any kind, with the fields that kind needs."""
    if kind == "iso27001":
        return iso(**changes)
    data = soc2(id=kind, kind=kind)
    if kind.endswith("type1"):
        del data["period"]
        data["as_of"] = "2026-06-30"
    if not kind.startswith("soc"):
        data["categories"] = []
    data.update(changes)
    return data


def bid(*reports: dict[str, Any], answers: dict[str, Any] | None = None) -> Bid:
    """A bid with these reports; by default every requirement `meets`, listing no evidence."""
    if answers is None:
        answers = {r["id"]: {"status": "meets"} for r in REQUIREMENTS}
    return Bid.model_validate(
        {
            "tenderkit": 1,
            "bidder": "Leverancier BV",
            "price": 100000,
            "answers": answers,
            "assurance": list(reports),
        }
    )
