"""The panel kept as columns (formats/panel_columns.py) is the panel the models gave before.

The loader no longer builds a PanelScore per CSV row that passes the model's checks plainly; it
keeps the values as columns and builds the models on first use. These tests hold it to what
validating every row as a model gives: the same models (values and the fields set), the same
order, and for a row the plain check leaves to the model, the model's problems at their rows.
"""

from __future__ import annotations

import pickle

import pytest

from tenderkit.bundled import example, example_names
from tenderkit.errors import InvalidInput
from tenderkit.formats.limits import MAX_TEXT_LENGTH
from tenderkit.formats.messages import validate
from tenderkit.formats.panel import PanelScore
from tenderkit.formats.panel_columns import PanelColumns, plain_row
from tenderkit.loader import load_tender, parse_panel_csv


def models_as_validated(folder) -> tuple[PanelScore, ...]:
    """Every individual score validated as a model, row by row, as the loader did before."""
    scores = []
    for path in sorted((folder / "panel").glob("*.csv")):
        if path.stem == "consensus":
            continue
        records, problems = parse_panel_csv(path.read_bytes(), path.name)
        assert not problems
        for record in records:
            if not record.get("rationale"):
                record.pop("rationale", None)
            model, found = validate(PanelScore, {**record, "evaluator": path.stem}, path.name)
            assert model is not None and not found
            scores.append(model)
    return tuple(sorted(scores, key=lambda s: (s.evaluator, s.bidder, s.target)))


@pytest.mark.parametrize("name", example_names())
def test_the_loaded_panel_is_the_validated_models_in_order(name) -> None:
    folder = example(name)
    tender = load_tender(folder)
    expected = models_as_validated(folder)
    assert isinstance(tender.panel, PanelColumns)
    assert len(tender.panel) == len(expected)
    assert tuple(tender.panel) == expected
    for got, want in zip(tender.panel, expected, strict=True):
        assert got.__pydantic_fields_set__ == want.__pydantic_fields_set__
        assert got.model_dump() == want.model_dump()
        assert type(got.row) is int
    assert tender.panel[-2:] == expected[-2:]
    assert tender.evaluators == sorted({s.evaluator for s in expected})


def test_columns_of_models_keep_the_models_and_survive_pickling() -> None:
    scores = models_as_validated(example(example_names()[0]))
    columns = PanelColumns.of(reversed(scores))
    assert columns[0] is scores[-1]
    ordered = columns.sorted()
    assert tuple(ordered) == scores
    copy = pickle.loads(pickle.dumps(ordered))
    assert copy == ordered and tuple(copy) == scores
    assert copy != columns  # same scores in another order


@pytest.mark.parametrize(
    "field, value",
    [
        ("bidder", "ac me"),
        ("bidder", "\u0430lpha"),  # a Cyrillic a
        ("bidder", ""),
        ("target", "CON"),
        ("score", "8" * (MAX_TEXT_LENGTH + 1)),
        ("rationale", "x" * (MAX_TEXT_LENGTH + 1)),
    ],
)
def test_the_plain_check_leaves_what_the_model_would_refuse_to_the_model(field, value) -> None:
    record = {"bidder": "alpha", "target": "K1", "score": "8", "rationale": "goed", "row": "3"}
    assert plain_row("anna", record) == ("anna", "alpha", "K1", "8", "goed", 3)
    record[field] = value
    assert plain_row("anna", record) is None
    _, problems = validate(PanelScore, {**record, "evaluator": "anna"}, "panel/anna.csv")
    assert problems  # what the loader then reports, from the model


def test_a_bad_row_among_plain_ones_is_reported_at_its_row(make_tender) -> None:
    text = "bidder,target,score\nalpha,K1,8\nal pha,K1,8\nbeta,K1,4\n" + f"beta,K2,{'8' * 20_001}\n"
    with pytest.raises(InvalidInput) as info:
        load_tender(make_tender(panel={"anna": text}))
    places = [(p.file, p.place) for p in info.value.problems]
    assert ("panel/anna.csv", "row 3, column bidder") in places
    assert any(file == "panel/anna.csv" and place.startswith("row 5") for file, place in places)
    assert not any(place.startswith(("row 2", "row 4")) for _, place in places)


def test_a_row_without_rationale_gives_the_model_validation_gives(make_tender) -> None:
    text = "bidder,target,score,rationale\nbeta,K1,4,matig\nalpha,K1,8,\n"
    folder = make_tender(panel={"anna": text, "bram": "bidder,target,score\nalpha,K1,6\n"})
    loaded, expected = load_tender(folder).panel, models_as_validated(folder)
    assert [s.bidder for s in loaded] == ["alpha", "beta", "alpha"]  # by evaluator, bidder
    assert tuple(loaded) == expected
    assert [s.__pydantic_fields_set__ for s in loaded] == [
        s.__pydantic_fields_set__ for s in expected
    ]
