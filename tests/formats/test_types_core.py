"""Ids are trimmed in pydantic's core string check, in the order of formats/types.py: `_as_text`
first (numbers back to the text written), then trimmed, then the id rule; names and texts keep
their checks exactly (the length measured before the trim).
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from tenderkit.formats.limits import MAX_NAME_LENGTH, MAX_TEXT_LENGTH
from tenderkit.formats.types import ControlId, Id, Name, Text
from tenderkit.formats.yamlio import parse_yaml


class Ids(BaseModel):
    id: Id = "x"
    control: ControlId = "x"


class Sample(BaseModel):
    id: Id = "x"
    control: ControlId = "x"
    name: Name = "x"
    text: Text = ""


def test_no_python_wrapper_runs_per_id() -> None:
    """An id's trim lives in the core `str` schema, not in a wrap validator called for each of
    the hundreds of thousands of ids of a large tender."""
    schema = repr(Ids.__pydantic_core_schema__)
    assert "function-wrap" not in schema
    assert schema.count("'strip_whitespace': True") == 2


def test_the_checks_keep_their_order() -> None:
    data = parse_yaml("id: 8.10\ncontrol: ' 28(3)(c) '\nname: '  Acme  '\ntext: 1.50\n")
    sample = Sample.model_validate(data)
    assert (sample.id, sample.control, sample.name, sample.text) == (
        "8.10",
        "28(3)(c)",
        "Acme",
        "1.50",
    )
    assert Sample(name="n" * MAX_NAME_LENGTH).name == "n" * MAX_NAME_LENGTH
    with pytest.raises(ValidationError):  # measured before the trim, as always
        Sample(name=" " + "n" * MAX_NAME_LENGTH)


@pytest.mark.parametrize(
    "field, value, kind",
    [
        ("id", " ac me ", "value_error"),
        ("id", "   ", "value_error"),
        ("id", ["a"], "string_type"),
        ("name", "n" * (MAX_NAME_LENGTH + 1), "too_long"),
        ("name", "a\x07b", "value_error"),
        ("text", "t" * (MAX_TEXT_LENGTH + 1), "too_long"),
        ("text", True, "value_error"),
    ],
)
def test_what_is_refused_is_refused_as_before(field, value, kind) -> None:
    with pytest.raises(ValidationError) as info:
        Sample.model_validate({field: value})
    assert [e["type"] for e in info.value.errors()] == [kind]
