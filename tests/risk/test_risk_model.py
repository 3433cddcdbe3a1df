"""model.yaml: the register's constants are data, and contradictory data is refused."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from tenderkit.risk.model import EVIDENCE_GRADES, load_risk_model, risk_model


def _changed(path: tuple[str, ...], value) -> str:
    data = risk_model().model_dump()
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return json.dumps(data)


def test_bundled_model_loads_and_covers_every_grade():
    model = risk_model()
    assert set(type(model.likelihood.evidence).model_fields) == set(EVIDENCE_GRADES)
    assert model.impact.by_class == {1: 2, 2: 3, 3: 4}
    assert model.likelihood.requirement_weight == {"knockout": 2, "scored": 1}


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (("likelihood", "evidence", "declared"), -3.0, "may not raise the likelihood more"),
        (("likelihood", "evidence", "check_failed"), 0.0, "may not raise the likelihood more"),
        (("impact", "by_class"), {1: 4, 2: 3, 3: 5}, "lower impact"),
        (("impact", "by_class"), {1: 2, 3: 4}, "each class"),
        (("likelihood", "requirement_weight"), {"knockout": 2}, "lacks scored"),
        (("likelihood", "min"), 6, "less than or equal to 5"),
        (("sla", "tight_fraction"), 1.5, "less than or equal to 1"),
    ],
)
def test_contradictory_models_are_refused(path, value, words):
    with pytest.raises(ValidationError, match=words):
        load_risk_model(_changed(path, value))


def test_unknown_key_is_refused():
    data = risk_model().model_dump()
    data["impact"]["typo"] = 1
    with pytest.raises(ValidationError, match="typo"):
        load_risk_model(json.dumps(data))
