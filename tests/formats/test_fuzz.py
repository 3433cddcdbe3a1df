"""Bad input is the normal case: mutated tender files never crash the loader.

Hypothesis drops keys, swaps in values of the wrong type and random text, or replaces a whole file
with garbage; loading must either succeed or raise InvalidInput whose every problem names a file.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BIDS, REQUIREMENT_SET, SCORING, TENDER, write_tender
from tenderkit.errors import InvalidInput
from tenderkit.loader import load_tender

FILES = {
    "tender.yaml": TENDER,
    "requirements.yaml": REQUIREMENT_SET,
    "scoring.yaml": SCORING,
    "bids/alpha.yaml": BIDS["alpha"],
}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["NO", "yes", "8.10", "2026-13-45", "=cmd()", "<script>", "", "ja"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


def mutate(data: Any, path: tuple, action: str, value: Any) -> Any:
    data = copy.deepcopy(data)
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "drop":
        del parent[last]
    else:
        parent[last] = value
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    file=st.sampled_from(sorted(FILES)),
    choice=st.integers(min_value=0),
    action=st.sampled_from(["drop", "replace", "garbage"]),
    value=values,
    garbage=st.one_of(
        st.text(max_size=60),
        st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
        st.sampled_from(
            ["a: [1, 2", "- - -\n  :", "key: value\nkey: again", "{", "!!python/object:os.system x"]
        ),
    ),
)
def test_mutated_tender_never_crashes(file, choice, action, value, garbage):
    parts = {name: copy.deepcopy(data) for name, data in FILES.items()}
    target = parts[file]
    candidates = paths(target)
    if action != "garbage":
        path = candidates[choice % len(candidates)]
        parts[file] = mutate(target, path, action, value)
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tender(
            Path(tmp) / "t",
            tender=parts["tender.yaml"],
            requirement_set=parts["requirements.yaml"],
            scoring=parts["scoring.yaml"],
            bids={"alpha": parts["bids/alpha.yaml"], "beta": BIDS["beta"]},
        )
        if action == "garbage":
            (root / file).write_text(garbage, "utf-8")
        try:
            load_tender(root)
        except InvalidInput as exc:
            assert exc.problems
            for problem in exc.problems:
                assert problem.file, problem
                assert problem.message, problem
                assert "Traceback" not in str(problem)
