"""libyaml's C parser gives the same data and the same positions as the pure-Python one."""

from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.formats import yamlio
from tenderkit.formats.yamlio import parse_yaml, read_yaml

pytestmark = pytest.mark.skipif(not yamlio.LIBYAML, reason="PyYAML was built without libyaml")


def _typed(value):
    """The data with the type and written text of every number, so 8.10 and 8.1 differ."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, getattr(value, "source", None), value)


def _bundled_yaml() -> list[Path]:
    root = Path(str(resources.files("tenderkit")))
    examples = Path(__file__).parents[2] / "examples"
    return sorted([*root.rglob("*.yaml"), *examples.rglob("*.yaml")])


def test_the_default_parser_is_libyaml():
    assert issubclass(yamlio._Loader, yaml.CSafeLoader)


def test_every_bundled_file_reads_the_same_with_both_parsers():
    files = _bundled_yaml()
    assert len(files) > 10
    for path in files:
        text = path.read_text("utf-8")
        assert _typed(parse_yaml(text)) == _typed(parse_yaml(text, pure=True)), path


SCALARS = st.sampled_from(
    [
        "NO",
        "yes",
        "off",
        "true",
        "FALSE",
        "8.10",
        "8.1",
        "010",
        "0x1F",
        "1e3",
        "4.386e5",
        "-.5",
        "1_000",
        "2026-10-15",
        "~",
        "null",
        ".inf",
        "'8.10'",
        '"NO"',
        "a b",
        "é",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "8.10", "3"]), SCALARS), max_size=6))
def test_scalars_keys_and_duplicates_are_read_alike(pairs):
    text = "".join(f"{key}: {value}\n" for key, value in pairs)
    outcomes = []
    for pure in (False, True):
        try:
            outcomes.append(_typed(parse_yaml(text, pure=pure)))
        except yaml.YAMLError as exc:
            outcomes.append(yamlio._yaml_place(exc) + str(getattr(exc, "problem", "")))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("a: 1\nb:\n  c: 2\n  c: 3\n", "line 4, column 3"),
        ("a: [1, 2\nb: 3\n", "line 2, column"),
        ("a: b: c\n", "line 1, column 5"),
        ("a: 1\nb: x\x07y\n", "line 2, column 5"),
        ("a: é\nb: x\x07y\n", "line 2, column 5"),
    ],
)
def test_problems_name_their_line_and_column(tmp_path: Path, text: str, place: str):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    data, problems = read_yaml(path, "x.yaml")
    assert data is None and problems[0].place.startswith(place)
    assert "not valid YAML" in problems[0].message
