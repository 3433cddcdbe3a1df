"""json_text writes exactly what json.dumps writes (sorted, indented, floats rounded), fast."""

import json
import math
from collections import OrderedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.bundled import example, example_names
from tenderkit.evaluation import evaluate
from tenderkit.formats.json_text import Written, json_text, rounded
from tenderkit.loader import load_tender

DIGITS = 6


class _Key(str):
    """A key that is text of a subclass (json.dumps writes it as text)."""


def _reference(data) -> str:
    return json.dumps(rounded(data, DIGITS), sort_keys=True, indent=2, ensure_ascii=False)


TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=8) | st.sampled_from(
    ['"', "\\", "\n", "\x00", "\x1f", "\x7f", "é", "€", "\u2028", "[]{}", ",\n  "]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([0.0, -0.0, 1e-7, -4e-7, 0.1 + 0.2, 1e16, 2.5e-5, 123456.1234565])
    | TEXTS
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXTS, children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_any_json_data_is_written_as_json_dumps_writes_it(data):
    assert json_text(data, DIGITS) == _reference(data)


@pytest.mark.parametrize(
    "data",
    [
        {"a": (1.0000004, 2), "b": [(3,)]},  # tuples: written as lists, left unrounded as before
        {"o": OrderedDict([("z", 1), ("a", 2.0000001)])},
        {"k": {1: "one", 2: "two"}},  # keys that are not text
        {"k": {True: 1, False: 2.5}},
        {"x": [float("nan"), -math.inf, -0.0, -1e-9]},
        {"k": {"z": {1.5: "a", 2.5: [1]}, "a": 1}},  # sorted, then refused at the key: undone
        {"k": {_Key("b"): 1, _Key("a"): {_Key("c"): 2.0000004}}},  # text keys of a subclass
    ],
)
def test_what_the_fast_loop_does_not_take_is_written_by_json_dumps(data):
    assert json_text(data, DIGITS) == _reference(data)


@pytest.mark.parametrize("name", example_names())
def test_result_json_of_the_bundled_examples_has_the_bytes_json_dumps_gives(name: str):
    result = evaluate(load_tender(example(name)))
    expected = json.dumps(result.to_data(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert result.to_json() == expected


def test_a_written_value_is_put_in_as_it_is():
    data = {"b": [1, 2], "a": 1.5}
    written = json_text({"b": [1, 2]}, DIGITS).replace("\n", "\n  ")
    assert json_text({"a": 1.5, "x": Written(written)}, DIGITS) == _reference(
        {"a": 1.5, "x": {"b": [1, 2]}}
    )
    assert json_text(data, DIGITS) == _reference(data)
