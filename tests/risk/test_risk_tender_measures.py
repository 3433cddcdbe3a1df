"""A tender's own measures file (`measures:` in tender.yaml) reaches the register."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tenderkit.errors import InvalidInput
from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender

TENDER = {
    "tenderkit": 1,
    "id": "own-measures",
    "title": "Eigen maatregelen",
    "buyer": {"name": "Gemeente Test", "kind": "gemeente"},
    "requirement_set": "requirements.yaml",
    "scoring": "scoring.yaml",
    "measures": "maatregelen.yaml",
    "dates": {"published": "2026-09-01", "closing": "2026-10-15"},
}


def _measure(**changes):
    data = {
        "id": "M-OWN-VAULT",
        "title": {"nl": "Sleutelkluis van de gemeente", "en": "The municipality's key vault"},
        "description": {"nl": "Sleutels in eigen kluis.", "en": "Keys in our own vault."},
        "owner": "buyer",
        "reduces": [{"risk": "R-LOCATION", "likelihood": -2, "impact": -2, "cause": True}],
        "effort_days": 0.5,
    }
    data.update(changes)
    return data


def _write(path: Path, measures: list[dict]) -> None:
    path.write_text(
        yaml.safe_dump({"tenderkit": 1, "measures": measures}, allow_unicode=True), "utf-8"
    )


REQUIREMENTS = {
    "tenderkit": 1,
    "id": "mini-risk",
    "title": "Mini set",
    "classification": {"confidentiality": 3, "integrity": 2, "availability": 2},
    "risk_appetite": 8,
    "criteria": [{"id": "K1", "title": "Beveiliging", "weight": 1}],
    "requirements": [
        {
            "id": "LOC-01",
            "title": "Opslag in de EER",
            "text": "Gegevens blijven in de EER.",
            "kind": "knockout",
            "assurance": "none",
            "risks": ["R-LOCATION"],
            "check": {"fact": "data_locations", "op": "subset", "value": ["NL", "DE"]},
        },
        {
            "id": "LOG-01",
            "title": "Logging",
            "text": "Beheerhandelingen worden gelogd.",
            "kind": "scored",
            "criterion": "K1",
        },
    ],
}


def _bid(name: str, locations: list[str]) -> dict:
    return {
        "tenderkit": 1,
        "bidder": name,
        "price": 300000,
        "answers": {"LOC-01": {"status": "meets"}, "LOG-01": {"status": "meets"}},
        "facts": {"data_locations": locations},
    }


BIDS = {"dichtbij": _bid("Dichtbij BV", ["NL"]), "verweg": _bid("Verweg BV", ["US"])}


def test_loader_reads_the_measures_and_the_register_uses_them(make_tender):
    folder = make_tender(tender=TENDER, requirement_set=REQUIREMENTS, bids=BIDS, panel={})
    _write(folder / "maatregelen.yaml", [_measure()])
    tender = load_tender(folder)
    measures = tender.measures
    assert isinstance(measures, tuple) and [m.id for m in measures] == ["M-OWN-VAULT"]
    assert "maatregelen.yaml" in tender.inputs
    result = evaluate(tender, sensitivity=False)
    (near,) = result.bid("dichtbij").risks
    (far,) = result.bid("verweg").risks
    assert near.inherent.score <= REQUIREMENTS["risk_appetite"] and near.measures == []
    assert far.inherent.score > REQUIREMENTS["risk_appetite"]
    # acts on the cause like the catalogue's M-SCC-TIA, and is cheaper
    assert far.measures == ["M-OWN-VAULT"]
    assert not far.escalate
    own = next(a for a in result.bid("verweg").actions if a.id == "M-OWN-VAULT")
    assert own.text.startswith("Sleutelkluis van de gemeente") and own.effort_days == 0.5


def test_problems_in_the_measures_file_are_reported_with_the_others(make_tender):
    folder = make_tender(tender=TENDER, requirement_set=REQUIREMENTS, bids=BIDS, panel={})
    _write(
        folder / "maatregelen.yaml",
        [_measure(reduces=[{"risk": "R-NOPE", "likelihood": -1}]), _measure(id="M-DPA")],
    )
    (folder / "bids" / "dichtbij.yaml").write_text("tenderkit: 1\nbidder: [\n", "utf-8")
    with pytest.raises(InvalidInput) as info:
        load_tender(folder)
    text = str(info.value)
    assert "maatregelen.yaml" in text
    assert "R-NOPE" in text
    assert "M-DPA" in text
    assert "bids/dichtbij.yaml" in text  # and the other files' problems in the same report


def test_missing_measures_file_is_a_problem(make_tender):
    folder = make_tender(tender=TENDER, requirement_set=REQUIREMENTS, bids=BIDS, panel={})
    with pytest.raises(InvalidInput, match=r"maatregelen\.yaml"):
        load_tender(folder)


def test_without_measures_key_extra_is_empty(mini_tender):
    assert load_tender(mini_tender).measures == ()
