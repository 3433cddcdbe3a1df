"""The event builder (yamlio.build_from_events) reads YAML exactly as the full loader does.

`parse_yaml` builds plain files straight from libyaml's events and hands anything unusual to the
full loader (PyYAML's CSafeLoader with tenderkit's resolver and constructor). Whatever the file,
the outcome must be the full loader's: the same values of the same types (8.10 stays "8.10" as a
key and remembers its text as a number, NO stays text), or the same refusal at the same place.
"""

from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.formats import yamlio
from tenderkit.formats.yamlio import build_from_events, parse_yaml

pytestmark = pytest.mark.skipif(not yamlio.LIBYAML, reason="PyYAML was built without libyaml")


def _typed(value):
    """The data with the type and written text of every value, so 8.10 and 8.1 differ."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, getattr(value, "source", None), repr(value))  # nan == nan


def _outcome(read, text: str):
    try:
        return ("data", _typed(read(text)))
    except yaml.YAMLError as exc:
        return ("refused", type(exc).__name__, yamlio._yaml_place(exc), str(exc))
    except (ValueError, OverflowError, RecursionError) as exc:
        return ("invalid", type(exc).__name__, str(exc))


def _full_loader(text: str):
    return yaml.load(text, Loader=yamlio._Loader)


def _bundled_yaml() -> list[Path]:
    root = Path(str(resources.files("tenderkit")))
    examples = Path(__file__).parents[2] / "examples"
    return sorted([*root.rglob("*.yaml"), *examples.rglob("*.yaml")])


def test_every_bundled_file_is_built_from_events_as_the_full_loader_reads_it():
    files = _bundled_yaml()
    assert len(files) > 10
    for path in files:
        text = path.read_text("utf-8-sig")
        # straight from the events, not through the fallback: the fast path is the one in use
        assert _typed(build_from_events(text)) == _typed(_full_loader(text)), path


def test_an_alias_is_the_object_its_anchor_names():
    data = build_from_events("a: &e [soc2, iso]\nb: *e\nc: &n 8.10\nd: *n\n")
    assert data == {"a": ["soc2", "iso"], "b": ["soc2", "iso"], "c": 8.1, "d": 8.1}
    assert data["a"] is data["b"] and data["d"].source == "8.10"


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a duplicate key: the full loader refuses it with its line
        "8.10: x\n'8.10': y\n",  # the same id as written, once a number, once quoted
        "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",  # a merge key
        "a: !!str 010\n",  # an explicit tag
        "--- a\n--- b\n",  # a second document
        "a: &x [*x]\n",  # a list holding itself
        "a: *nowhere\n",  # an alias of nothing
        "? [a, b]\n: c\n",  # a complex key
        "=: x\n",  # the value key
        "a: 2026-02-30\n",  # a date that does not exist: text, refused later at its field
    ],
)
def test_what_the_builder_leaves_to_the_full_loader_reads_as_before(text: str):
    assert _outcome(parse_yaml, text) == _outcome(_full_loader, text)


def test_nesting_deeper_than_a_tender_goes_to_the_full_loader():
    text = "a: " + "[" * 70 + "]" * 70 + "\n"
    with pytest.raises(yamlio._Unusual):
        build_from_events(text)
    assert _outcome(parse_yaml, text) == _outcome(_full_loader, text)


SCALARS = [
    "NO",
    "yes",
    "off",
    "true",
    "False",
    "8.10",
    "8.1",
    "010",
    "0x1F",
    "0o17",
    "1e3",
    "4.386e5",
    "-.5",
    ".inf",
    ".NaN",
    "1_000",
    "1:30",
    "2026-10-15",
    "2026-13-02",
    "2026-10-15 10:00:00",
    "~",
    "null",
    "",
    "'8.10'",
    '"NO"',
    "'a: b'",
    "|\n  block text",
    "a b",
    "é",
    "<<",
    "=",
    "!!str 010",
    "!!int 7",
    "*a1",
    "*a2",
    "&a1 x",
    "&a2 8.10",
    "a: b",
    "[x",
    "- y",
    "'open",
]
KEYS = ["a", "b", "8.10", "8.1", "010", "NO", "'a'", "~", "true", "<<", "*a1", "&a2 k"]


def _node(depth: int) -> st.SearchStrategy:
    scalar = st.sampled_from(SCALARS).map(lambda s: ("scalar", s))
    if depth == 0:
        return scalar
    child = _node(depth - 1)
    anchor = st.sampled_from(["", "", "", "&a1 ", "&a2 "])
    flow = st.booleans()
    return st.one_of(
        scalar,
        st.tuples(
            st.just("map"),
            anchor,
            flow,
            st.lists(st.tuples(st.sampled_from(KEYS), child), max_size=4),
        ),
        st.tuples(st.just("seq"), anchor, flow, st.lists(child, max_size=4)),
    )


def _flow(node) -> str:
    if node[0] == "scalar":
        return node[1].replace("\n", " ")
    _, anchor, _, items = node
    if node[0] == "map":
        return anchor + "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in items) + "}"
    return anchor + "[" + ", ".join(_flow(v) for v in items) + "]"


def _block(node, indent: int) -> list[str]:
    """Lines of a collection in block style (flow where the node asks for it, or is empty)."""
    pad = " " * indent
    items = node[3]
    lines = []
    for item in items:
        key, value = item if node[0] == "map" else ("-", item)
        lead = f"{pad}{key}:" if node[0] == "map" else f"{pad}-"
        if value[0] == "scalar":
            text = value[1].replace("\n", "\n" + pad + "  ")
            lines.append(f"{lead} {text}")
        elif value[2] or not value[3]:
            lines.append(f"{lead} {_flow(value)}")
        else:
            lines.append(f"{lead} {value[1]}".rstrip())
            lines += _block(value, indent + 2)
    return lines


def _text(node) -> str:
    if node[0] == "scalar":
        return node[1] + "\n"
    if node[2] or not node[3]:
        return _flow(node) + "\n"
    head = [node[1].strip()] if node[1] else []
    return "\n".join([*head, *_block(node, 0)]) + "\n"


@settings(max_examples=600, deadline=None)
@given(_node(3))
def test_any_document_reads_as_the_full_loader_reads_it(node):
    text = _text(node)
    assert _outcome(parse_yaml, text) == _outcome(_full_loader, text), text
