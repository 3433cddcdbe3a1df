"""Numbers read as written: a price is a YAML number, finite, never with three decimals.

`price: true` would count as EUR 1, `price: 438.600` as EUR 438.60 where a Dutch writer meant
438,600, `price: "1e3"` as 1000; each such bid would win. Every one is refused with file and place.
"""

from __future__ import annotations

import copy

import pytest

from conftest import BIDS, REQUIREMENT_SET, SCORING, bid, write_yaml
from tenderkit.errors import InvalidInput
from tenderkit.loader import load_tender


def problems_of(path) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        load_tender(path)
    return [str(p) for p in info.value.problems]


def with_price(make_tender, written: str):
    """A tender whose bid `alpha` has `price: <written>`, exactly as written in the file."""
    path = make_tender()
    file = path / "bids" / "alpha.yaml"
    text = file.read_text("utf-8")
    file.write_text(text.replace("price: 400000\n", f"price: {written}\n"), "utf-8")
    return path


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("true", "price: expected a number, got true"),
        ("'1e3'", "price: expected a number, got the text '1e3'; write the number without quotes"),
        ("'438600'", "price: expected a number, got the text '438600'"),
        ("'438,60'", "price: expected a number, got the text '438,60'"),
        ("veel", "price: expected a number, got 'veel'"),
        (
            "438.600",
            "price: 438.600 is ambiguous (a thousands separator or a decimal?); write the amount "
            "without thousands separators, e.g. 438600 or 438.60",
        ),
        (".inf", "price: .inf is not a usable number (infinite, not a number, or too large)"),
        (".nan", "price: .nan is not a usable number"),
        ("1.0e400", "price: 1.0e400 is not a usable number"),
        ("1e400", "price: 1e400 is not a usable number"),
        ("1" + "0" * 400, "is not a usable number"),
    ],
)
def test_price_must_be_a_plain_number(make_tender, written, message):
    found = problems_of(with_price(make_tender, written))
    assert any(p.startswith("bids/alpha.yaml: ") and message in p for p in found), found


@pytest.mark.parametrize(
    "written", ["438.6", "438.60", "0.125", "438600", "4.386e5", "1e3", "438600.5"]
)
def test_unambiguous_prices_are_read(make_tender, written):
    tender = load_tender(with_price(make_tender, written))
    assert tender.bids["alpha"].price == float(written)


def test_non_finite_numbers_anywhere_are_refused(make_tender):
    inf, nan = float("inf"), float("nan")
    rs = copy.deepcopy(REQUIREMENT_SET)
    rs["criteria"][0]["weight"] = inf
    rs["requirements"][3]["check"]["value"] = nan
    facts = {**BIDS["alpha"]["facts"], "availability_percent": nan}
    own_facts = {**BIDS["beta"]["facts"], "own_score": [1, inf]}
    scoring = {
        **SCORING,
        "quality_weight": inf,
        "price": {"formula": "linear_fixed", "max_price": inf, "min_price": 0},
    }
    found = problems_of(
        make_tender(
            requirement_set=rs,
            scoring=scoring,
            bids={
                "alpha": bid("A", 1, facts=facts),
                "beta": bid("B", True),
                "gamma": bid("C", 1, facts=own_facts),
            },
        )
    )
    text = "\n".join(found)
    assert "requirements.yaml: criteria[1] (K1).weight: .inf is not a usable number" in text
    assert "requirements.yaml: requirements[4] (SLA-01).check: value: .nan is not a usable" in text
    assert "scoring.yaml: quality_weight: .inf is not a usable number" in text
    assert "scoring.yaml: price.max_price: .inf is not a usable number" in text
    assert "bids/alpha.yaml: facts.availability_percent: .nan is not a usable number" in text
    assert "bids/gamma.yaml: facts: fact 'own_score': .inf is not a usable number" in text
    assert "bids/beta.yaml: price: expected a number, got true" in text


def test_scale_values_must_be_finite(make_tender):
    scoring = {**SCORING, "scale": {"3": 1.0, "2": float("nan"), "0": 0}}
    found = problems_of(make_tender(scoring=scoring))
    assert any("scoring.yaml: scale: score '2': .nan is not a usable number" in p for p in found)
    scoring = {**SCORING, "scale": [0, 5, float("inf")]}
    found = problems_of(make_tender(scoring=scoring))
    assert any("scoring.yaml: scale: the scale: .inf is not a usable number" in p for p in found)


def test_status_scores_lie_on_the_scale(make_tender):
    scoring = {**SCORING, "status_scores": {"partial": 5}}
    found = problems_of(make_tender(scoring=scoring))
    assert (
        "scoring.yaml: status_scores: partial: 5 (500%) lies outside the scale, which runs from "
        "0 to 1 of full marks; a status score is a fraction of full marks"
    ) in found
    surcharge = {**SCORING, "scale": {"3": 1.0, "0": 0.0, "NR": -0.5}}
    scoring = {**surcharge, "status_scores": {"fails": -0.5}}
    assert load_tender(make_tender(scoring=scoring, panel={})).scoring.status_scores.fails == -0.5
    found = problems_of(
        make_tender(scoring={**surcharge, "status_scores": {"fails": -1}}, panel={})
    )
    assert any("status_scores: fails: -1 (-100%) lies outside the scale" in p for p in found)


def test_whole_numbers_refuse_booleans_and_text(make_tender, tmp_path):
    rs = {**REQUIREMENT_SET, "risk_appetite": True}
    found = problems_of(make_tender(requirement_set=rs))
    assert "requirements.yaml: risk_appetite: expected a number, got true" in found
    path = make_tender()
    write_yaml(path / "tender.yaml", {**yaml_tender(path), "contract_months": "48"})
    found = problems_of(path)
    assert any(
        p.startswith("tender.yaml: contract_months: expected a number, got the text") for p in found
    )


def yaml_tender(path):
    import yaml

    return yaml.safe_load((path / "tender.yaml").read_text("utf-8"))
