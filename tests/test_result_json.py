"""result.json's panel lines, written straight from the lines (result.panel_text), have the bytes
json.dumps gives their model_dump, whatever the lines hold."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.formats.json_text import json_text, rounded
from tenderkit.result import FLOAT_DIGITS, PanelLine, panel_text

TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=6) | st.sampled_from(
    ['"', "\\", "\n", "\x00", "é", "\u2028", "[]{}", ",\n  ", "%s", "%(x)s"]
)
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0, 1e-7, 0.6])
LINES = st.builds(
    PanelLine,
    bidder=TEXTS,
    target=TEXTS,
    scores=st.dictionaries(TEXTS, TEXTS, max_size=4),
    rationales=st.dictionaries(TEXTS, TEXTS, max_size=4),
    fraction=FLOATS,
    method=st.sampled_from(["consensus", "median", "mean"]),
    spread=FLOATS,
    disagreement=st.booleans(),
    consensus_score=st.none() | TEXTS,
    consensus_rationale=st.none() | TEXTS,
    consensus_evaluators=st.lists(TEXTS, max_size=3),
)


def _reference(lines: list[PanelLine]) -> str:
    """The panel as result.json held it before: json.dumps of the dumped lines, one level in."""
    data = {"panel": [line.model_dump(mode="json") for line in lines]}
    text = json.dumps(rounded(data, FLOAT_DIGITS), sort_keys=True, indent=2, ensure_ascii=False)
    return text.removeprefix('{\n  "panel": ').removesuffix("\n}")


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=4))
def test_panel_lines_are_written_as_json_dumps_writes_their_dump(lines):
    assert panel_text(lines, FLOAT_DIGITS) == _reference(lines)


def test_a_line_built_without_validation_is_written_as_its_dump_is():
    odd = PanelLine.model_construct(
        bidder="a",
        target=7,
        scores={"e1": 8, "e0": None},
        rationales=(),
        fraction=1,
        method="median",
        spread=None,
        disagreement=0,
        consensus_score=None,
        consensus_rationale="r",
        consensus_evaluators=("e1", 3),
    )
    plain = PanelLine(
        bidder="b",
        target="K1",
        scores={"e2": "6", "e1": "8"},
        rationales={"e1": "goed"},
        fraction=0.7000004,
        method="mean",
        spread=0.2,
        disagreement=True,
    )
    expected = json.dumps(
        {"panel": rounded([odd.__dict__, plain.model_dump(mode="json")], FLOAT_DIGITS)},
        sort_keys=True,
        indent=2,
        ensure_ascii=False,
        default=list,
    )
    expected = expected.removeprefix('{\n  "panel": ').removesuffix("\n}")
    assert panel_text([odd, plain], FLOAT_DIGITS) == expected
    assert json_text([], FLOAT_DIGITS) == panel_text([], FLOAT_DIGITS)
