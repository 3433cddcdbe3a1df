"""The panel kept as columns (formats/panel_columns.py) is the panel the models gave before.

The loader no longer builds a PanelScore per CSV row that passes the model's checks plainly; it
keeps the values as columns and builds the models on first use. These tests hold it to what
validating every row as a model gives: the same models (values and the fields set), the same
order, and for a row the plain check leaves to the model, the model's problems at their rows.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit import loader
from tenderkit.bundled import example, example_names
from tenderkit.errors import InvalidInput
from tenderkit.formats.limits import MAX_TEXT_LENGTH
from tenderkit.formats.messages import validate
from tenderkit.formats.panel import PanelScore
from tenderkit.formats.panel_columns import PanelColumns, plain_columns, plain_row
from tenderkit.loader import _panel_records, _panel_table, load_tender, parse_panel_csv

PANEL_BRAM = "bidder,target,score\nalpha,K1,6\n"


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


_IDS = st.sampled_from(["a", "b", "B", "a-1", "a.10", "a.9", "\u00e9", "z"])
_ROWS = st.lists(
    st.tuples(_IDS, _IDS, _IDS, st.sampled_from(["6", "8", "NR"]), st.text(max_size=3)),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(rows=_ROWS)
def test_sorted_is_the_stable_sort_by_evaluator_bidder_target(rows) -> None:
    """`sorted` orders by ints standing for the values' places; it must give the rows in the
    order Python's stable `sorted` on (evaluator, bidder, target) gives, rows with equal keys
    (an evaluator scoring an item twice, in a tender built in code) in their given order."""
    numbered = [(*row, number) for number, row in enumerate(rows, start=2)]
    columns = (
        PanelColumns(*(list(column) for column in zip(*numbered, strict=True)))
        if rows
        else PanelColumns()
    )
    expected = sorted(numbered, key=lambda row: row[:3])
    ordered = columns.sorted()
    assert list(zip(*ordered.columns(), strict=True)) == expected
    models = PanelColumns.of(list(columns))  # built in code: the models are kept, reordered
    assert [m.row for m in models.sorted()] == [row[5] for row in expected]


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


PLAIN_FILES = {
    "plain": "bidder,target,score,rationale\nbeta,K1,6,redelijk\nalpha,K1,8,goed\n",
    "spaces": "bidder , target,score,rationale\n alpha , K1,8 , goed \nbeta,K1 ,6,\n",
    "semicolons": "target;bidder;score\r\nK1;alpha;8\r\nK2;beta;6\r\n",
    "nameless empty column": "bidder,target,score,rationale,\nalpha,K1,8,goed,\nbeta,K1,6,ok,\n",
}
NOT_PLAIN_FILES = {
    "blank row": "bidder,target,score\nalpha,K1,8\n,,\nbeta,K1,6\n",
    "short row": "bidder,target,score,rationale\nalpha,K1,8\nbeta,K1,6,ok\n",
    "long row": "bidder,target,score\nalpha,K1,8,x\n",
    "bad id": "bidder,target,score\nal pha,K1,8\n",
    "long text": f"bidder,target,score,rationale\nalpha,K1,8,{'x' * (MAX_TEXT_LENGTH + 1)}\n",
    "only the header": "bidder,target,score\n",
}


def _row_by_row(table) -> list[list]:
    """The columns the loader keeps when it reads a file row by row (every row plain here)."""
    records, problems = _panel_records(*table, "panel/anna.csv")
    assert not problems
    rows = []
    for record in records:
        if not record.get("rationale"):
            record.pop("rationale", None)
        rows.append(plain_row("anna", record))
    return [list(column) for column in zip(*rows, strict=True)]


@pytest.mark.parametrize("name", PLAIN_FILES)
def test_a_plain_file_read_at_once_gives_the_columns_row_by_row_gives(name) -> None:
    table, problems = _panel_table(PLAIN_FILES[name].encode(), "panel/anna.csv")
    assert table is not None and not problems
    assert list(plain_columns("anna", *table)) == _row_by_row(table)


@pytest.mark.parametrize("name", NOT_PLAIN_FILES)
def test_a_file_with_a_row_that_may_be_wrong_is_left_to_the_row_by_row_path(name) -> None:
    table, problems = _panel_table(NOT_PLAIN_FILES[name].encode(), "panel/anna.csv")
    assert table is not None and not problems
    assert plain_columns("anna", *table) is None
    assert plain_columns("an na", *_panel_table(PLAIN_FILES["plain"].encode(), "x")[0]) is None


BAD_PANELS = {
    "scored twice": "alpha,K1,8\nalpha,K1,6\n",
    "no such bid": "gamma,K1,8\n",
    "a knock-out": "alpha,ENC-01,8\n",
    "no such target": "alpha,K9,8\n",
    "off the scale": "alpha,K1,7\n",
}


def _problems(folder) -> list:
    try:
        load_tender(folder)
    except InvalidInput as exc:
        return exc.problems
    return []


@pytest.mark.parametrize("name", [None, *BAD_PANELS])
def test_check_panel_on_the_columns_finds_what_the_row_loop_finds(
    name, make_tender, monkeypatch
) -> None:
    rows = "alpha,K1,8\nbeta,K2,6\n" + (BAD_PANELS[name] if name else "")
    folder = make_tender(panel={"anna": "bidder,target,score\n" + rows, "bram": PANEL_BRAM})
    panel = loader.read_panel(folder).panel
    fast = _problems(folder)
    monkeypatch.setattr(loader, "_panel_columns_fine", lambda *args: False)
    assert _problems(folder) == fast
    assert bool(fast) == (name is not None)
    assert len(panel) == 2 + len(BAD_PANELS.get(name or "", "").splitlines()) + 1
