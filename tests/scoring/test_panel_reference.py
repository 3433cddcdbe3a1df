"""The optimised panel combination equals a plain one-key-at-a-time reference on random panels."""

from __future__ import annotations

import pickle
import statistics
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenderkit.formats.panel import ConsensusScore, PanelScore
from tenderkit.loader import Tender, load_tender
from tenderkit.result import FLOAT_DIGITS, PanelLine, PanelRecord, panel_text
from tenderkit.scoring import engine
from tenderkit.scoring.panel import combine_panel

EXAMPLE = Path(__file__).parents[2] / "examples" / "gemeente-zaaksysteem"
EVALUATORS = ["a-visser", "b-jansen", "c-bakker", "d-smit", "e-mulder", "f-vos", "g-dijk", "h-bos"]
BIDDERS = ["civora", "zaakwerk", "stadskern"]
TARGETS = ["K1", "K2", "Q-01", "Q-02"]
WRITTEN = ["0", "2", "4", "6", "8", "10", "6.0", " 8", "NR", "11"]  # as written, some off-scale


@pytest.fixture(scope="module")
def example() -> Tender:
    return load_tender(EXAMPLE)


def reference(tender: Tender) -> dict:
    """Every line the slow, obvious way: one key at a time, in Python, no numpy."""
    scale, scoring = tender.scoring.scale, tender.scoring
    individual: dict = {}
    for s in tender.panel:
        individual.setdefault((s.bidder, s.target), {})[s.evaluator] = s
    agreed = {(c.bidder, c.target): c for c in tender.consensus}
    span = scale.span or 1.0
    lines = {}
    for key in sorted(set(individual) | set(agreed)):
        scores = dict(sorted(individual.get(key, {}).items()))
        values = [scale.fraction(s.score) or 0.0 for s in individual.get(key, {}).values()]
        if not values:
            centre, spread = 0.0, 0.0
        else:
            centre = (
                statistics.median(values)
                if scoring.consensus == "median"
                else sum(values) / len(values)
            )
            spread = (max(values) - min(values)) / span if len(values) > 1 else 0.0
        consensus = agreed.get(key)
        lines[key] = {
            "bidder": key[0],
            "target": key[1],
            "scores": {n: scale.label(s.score) or s.score for n, s in scores.items()},
            "rationales": {n: s.rationale for n, s in scores.items() if s.rationale},
            "fraction": centre if consensus is None else scale.fraction(consensus.score) or 0.0,
            "method": scoring.consensus if consensus is None else "consensus",
            "spread": spread,
            "disagreement": spread > scoring.disagreement + 1e-12,
            "consensus_score": None if consensus is None else scale.label(consensus.score),
            "consensus_rationale": None if consensus is None else consensus.rationale,
            "consensus_evaluators": [] if consensus is None else list(consensus.evaluators),
        }
    return lines


def _drawn_tender(example: Tender, scores, agreed, how) -> Tender:
    """The example tender with a drawn panel (duplicates and off-scale scores included)."""
    panel = tuple(
        PanelScore.model_construct(
            evaluator=ev, bidder=b, target=t, score=s, rationale="why" if why else "", row=2
        )
        for ev, (b, t), s, why in scores
    )  # in the order drawn, duplicates included: not sorted as the loader sorts
    consensus = tuple(
        ConsensusScore.model_construct(
            bidder=b, target=t, score=s, rationale="agreed", evaluators=["a-visser"], row=2
        )
        for (b, t), s in dict(agreed).items()
    )
    return example.replace(
        panel=panel,
        consensus=consensus,
        scoring=example.scoring.model_copy(update={"consensus": how}),
    )


KEYS = st.tuples(st.sampled_from(BIDDERS), st.sampled_from(TARGETS))
SCORES = st.lists(
    st.tuples(st.sampled_from(EVALUATORS), KEYS, st.sampled_from(WRITTEN), st.booleans()),
    max_size=60,
)
AGREED = st.lists(st.tuples(KEYS, st.sampled_from(WRITTEN[:6])), max_size=5)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scores=SCORES, agreed=AGREED, how=st.sampled_from(["median", "mean"]))
def test_combine_panel_equals_the_plain_reference(example: Tender, scores, agreed, how):
    tender = _drawn_tender(example, scores, agreed, how)
    outcome = combine_panel(tender)
    expected = reference(tender)
    assert list(outcome.lines) == list(expected)
    for key, line in outcome.lines.items():
        assert line.model_dump() == expected[key], key
        # built without validation (result.constructed): the very model validation would give,
        # its fields, scores and rationales in the same order (result.json writes them so)
        validated = PanelLine(**expected[key])
        assert line == validated, key
        assert list(line.__dict__) == list(validated.__dict__), key
        assert list(line.scores) == list(validated.scores), key
        assert list(line.rationales) == list(validated.rationales), key
        assert line.model_fields_set == validated.model_fields_set, key
    # the disagreement warnings the short way equal the plain, validated ones, in order
    names = {bidder: f"Bidder {bidder}" for bidder in BIDDERS}
    fast = engine._disagreement_warnings(outcome, names, tender.language)
    plain = engine._plain_disagreement_warnings(outcome, names, tender.language)
    assert fast == plain
    assert [n.model_fields_set for n in fast] == [n.model_fields_set for n in plain]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scores=SCORES, agreed=AGREED, how=st.sampled_from(["median", "mean"]))
def test_the_panel_record_reads_as_its_lines(example: Tender, scores, agreed, how):
    """Result.panel as combine_panel keeps it (columns, each line made when read) writes the
    result.json text its lines do, compares equal to them, and survives pickling (a batch
    worker sends it back) and slicing as a list of the lines would."""
    record = combine_panel(_drawn_tender(example, scores, agreed, how)).record
    assert record.columnar
    fresh = pickle.loads(pickle.dumps(record))
    text = panel_text(record, FLOAT_DIGITS)  # from the columns, before any line is made
    lines = list(record)
    assert panel_text(PanelRecord.of_lines(lines), FLOAT_DIGITS) == text
    assert panel_text(lines, FLOAT_DIGITS) == text
    assert fresh == lines and record == lines and lines == fresh
    assert panel_text(fresh, FLOAT_DIGITS) == text
    assert record[:2] == lines[:2] and record[-1:] == lines[-1:]
    for i in range(-len(lines), len(lines)):
        assert record[i] is lines[i]  # made once, then the same line
    with pytest.raises(IndexError):
        record[len(lines)]
    assert {key: record[i] for key, i in record.place.items()} == {
        (line.bidder, line.target): line for line in lines
    }


@given(
    numbers=st.lists(st.integers(0, 5000), max_size=80),
    below=st.integers(5001, 200_000),
    rows=st.integers(1, 9),
)
def test_the_panels_numpy_steps_equal_np_unique_and_np_median(numbers, below, rows) -> None:
    """`_distinct` (both ways: bincount over a small range, sort over a large one) gives
    np.unique's values, and `_centre` np.median's, without calling either (their first call
    imports numpy.ma)."""
    import numpy as np

    from tenderkit.scoring.panel import _centre, _distinct

    array = np.array(numbers, dtype=np.int64)
    assert _distinct(array, below).tolist() == np.unique(array).tolist()
    assert _distinct(array, 5001).tolist() == np.unique(array).tolist()
    if numbers:
        width = max(1, len(numbers) // rows)
        scores = (array[: rows * width].reshape(-1, width) / 7.0) if len(numbers) >= rows else None
        if scores is not None and scores.size:
            assert _centre(scores, "median").tolist() == np.median(scores, axis=1).tolist()


@given(values=st.fixed_dictionaries({name: st.text(max_size=8) for name in ("a", "b")}))
def test_the_printf_template_fills_as_format_map(values) -> None:
    """The %-template of the disagreement notices gives format_map's text, percent signs and
    literal braces included; a field with a spec or conversion is left to format_map."""
    for template in ("{a} op {b}: 100% {{x}} {a}", "", "plain", "%(a)s {b}%"):
        printf = engine._printf(template)
        assert printf is not None
        assert printf % values == template.format_map(values)
    assert engine._printf("{a:>4}") is None
    assert engine._printf("{a!r}") is None
    assert engine._printf("{0}") is None
