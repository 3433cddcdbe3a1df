"""Shared fixtures: a small, valid tender written to a temporary folder, easy to break."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

REQUIREMENT_SET: dict[str, Any] = {
    "tenderkit": 1,
    "id": "mini",
    "title": "Mini set",
    "language": "nl",
    "classification": {"confidentiality": 3, "integrity": 2, "availability": 2},
    "risk_appetite": 8,
    "criteria": [
        {"id": "K1", "title": "Beveiliging", "weight": 60},
        {"id": "K2", "title": "Dienstverlening", "weight": 40},
    ],
    "requirements": [
        {
            "id": "ENC-01",
            "title": "Versleuteling",
            "text": "Gegevens zijn versleuteld opgeslagen.",
            "theme": "data-protection",
            "kind": "knockout",
            "controls": {"iso27001": ["8.24"], "soc2": ["CC6.1"]},
            "assurance": "required",
            "check": {"fact": "encryption_at_rest", "op": "true"},
        },
        {
            "id": "LOC-01",
            "title": "Opslag in de EER",
            "text": "Gegevens blijven in de EER.",
            "theme": "privacy",
            "kind": "knockout",
            "check": {"fact": "data_locations", "op": "subset", "value": ["NL", "DE", "NO"]},
        },
        {
            "id": "LOG-01",
            "title": "Logging",
            "text": "Alle beheerhandelingen worden gelogd.",
            "theme": "access",
            "kind": "scored",
            "criterion": "K1",
            "weight": 2,
            "controls": {"iso27001": ["8.15"], "soc2": ["CC7.2"]},
        },
        {
            "id": "SLA-01",
            "title": "Beschikbaarheid",
            "text": "Minstens 99,8% per maand.",
            "theme": "service-levels",
            "kind": "scored",
            "criterion": "K2",
            "check": {"fact": "availability_percent", "op": ">=", "value": 99.8},
        },
    ],
}

SCORING: dict[str, Any] = {
    "tenderkit": 1,
    "id": "bpkv",
    "title": "BPKV 60/40",
    "quality_weight": 60,
    "price_weight": 40,
    "scale": [0, 2, 4, 6, 8, 10],
    "price": {"formula": "lowest_relative"},
}

TENDER: dict[str, Any] = {
    "tenderkit": 1,
    "id": "mini-tender",
    "title": "Mini aanbesteding",
    "buyer": {"name": "Gemeente Test", "kind": "gemeente"},
    "requirement_set": "requirements.yaml",
    "scoring": "scoring.yaml",
    "dates": {"published": "2026-09-01", "closing": "2026-10-15", "award": "2026-11-02"},
    "contract_months": 48,
}


def bid(name: str, price: float, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "tenderkit": 1,
        "bidder": name,
        "price": price,
        "answers": {
            "ENC-01": {"status": "meets", "evidence": ["soc2"]},
            "LOC-01": {"status": "meets"},
            "LOG-01": {"status": "meets", "evidence": ["soc2"]},
            "SLA-01": {"status": "partial"},
        },
        "facts": {
            "encryption_at_rest": True,
            "data_locations": ["NL"],
            "availability_percent": 99.9,
            "availability_window": "month",
        },
        "assurance": [
            {
                "id": "soc2",
                "kind": "soc2_type2",
                "issuer": "Audit BV",
                "issued": "2026-03-01",
                "period": {"start": "2025-01-01", "end": "2025-12-31"},
                "opinion": "unqualified",
                "categories": ["security", "availability"],
                "management_assertion": True,
            }
        ],
    }
    data.update(changes)
    return data


BIDS: dict[str, dict[str, Any]] = {
    "alpha": bid("Alpha BV", 400000),
    "beta": bid("Beta NV", 350000),
}

PANEL = {
    "anna": "bidder,target,score,rationale\nalpha,K1,8,goed\nbeta,K1,6,redelijk\n",
    "bram": "bidder,target,score,rationale\nalpha,K1,6,ok\nbeta,K1,6,redelijk\n",
}


def write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def write_tender(
    root: Path,
    tender: dict | None = None,
    requirement_set: dict | None = None,
    scoring: dict | None = None,
    bids: dict[str, dict] | None = None,
    panel: dict[str, str] | None = None,
) -> Path:
    """Write a tender folder; each part defaults to the mini tender above."""
    write_yaml(root / "tender.yaml", tender if tender is not None else TENDER)
    write_yaml(root / "requirements.yaml", requirement_set or REQUIREMENT_SET)
    write_yaml(root / "scoring.yaml", scoring or SCORING)
    for name, data in (bids if bids is not None else BIDS).items():
        write_yaml(root / "bids" / f"{name}.yaml", data)
    (root / "bids").mkdir(exist_ok=True)
    for name, text in (panel if panel is not None else PANEL).items():
        (root / "panel").mkdir(exist_ok=True)
        (root / "panel" / f"{name}.csv").write_text(text, "utf-8")
    return root


@pytest.fixture
def mini_tender(tmp_path: Path) -> Path:
    return write_tender(tmp_path / "tender")


@pytest.fixture
def make_tender(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1_000_000))

    def make(**parts: Any) -> Path:
        return write_tender(tmp_path / f"t{next(counter)}", **copy.deepcopy(parts))

    return make


# --- reports of the bundled examples, written once per session (tests/reporting) ----------------


@pytest.fixture(scope="session")
def reports(tmp_path_factory) -> dict[str, Path]:
    """Both bundled examples reported once in their own language (Dutch), PDF only for the
    first, to keep the suite quick."""
    from tenderkit.bundled import example, example_names
    from tenderkit.reporting.run import build_report

    root = tmp_path_factory.mktemp("reports")
    out = {}
    for index, name in enumerate(example_names()):
        out[name] = build_report(example(name), root / name, pdf=index == 0).folder
    return out


@pytest.fixture(scope="session")
def reports_en(tmp_path_factory) -> dict[str, Path]:
    """Both bundled examples reported once in English, without PDF."""
    from tenderkit.bundled import example, example_names
    from tenderkit.reporting.run import build_report

    root = tmp_path_factory.mktemp("reports-en")
    return {
        name: build_report(example(name), root / name, language="en", pdf=False).folder
        for name in example_names()
    }
