"""Panel CSV headers as spreadsheets write them: a column named twice is refused, naming it;
empty columns (Excel's trailing `;;;`) are ignored."""

from __future__ import annotations

import pytest

from tenderkit.errors import InvalidInput
from tenderkit.loader import load_tender


def problems_of(path) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        load_tender(path)
    return [str(p) for p in info.value.problems]


def test_a_column_named_twice_is_refused_naming_it(make_tender):
    text = "bidder,target,score,rationale,Score\nalpha,K1,8,goed,2\n"
    found = problems_of(make_tender(panel={"anna": text}))
    assert found == [
        "panel/anna.csv: row 1, column 5: the column 'score' appears twice (also column 3); "
        "keep one of them"
    ]


def test_a_column_named_twice_in_the_consensus_is_refused(make_tender):
    text = "bidder;target;score;rationale;evaluators;evaluators\nalpha;K1;8;eens;anna;bram\n"
    found = problems_of(make_tender(panel={"consensus": text}))
    assert found == [
        "panel/consensus.csv: row 1, column 6: the column 'evaluators' appears twice "
        "(also column 5); keep one of them"
    ]


def test_empty_trailing_columns_as_excel_writes_them_are_ignored(make_tender):
    text = (
        "bidder;target;score;rationale;;;;;;\n"
        "alpha;K1;8;goed;;;;;;\n"
        "beta;K1;4;matig;;;;;;\n"
        ";;;;;;;;;\n"
    )
    tender = load_tender(make_tender(panel={"anna": text}))
    assert [(s.bidder, s.target, s.score, s.rationale) for s in tender.panel] == [
        ("alpha", "K1", "8", "goed"),
        ("beta", "K1", "4", "matig"),
    ]


def test_an_empty_column_in_the_middle_is_ignored_too(make_tender):
    text = "bidder,,target,score\nalpha,,K1,8\n"
    tender = load_tender(make_tender(panel={"anna": text}))
    assert [(s.bidder, s.target, s.score) for s in tender.panel] == [("alpha", "K1", "8")]


def test_a_nameless_column_with_values_is_named_once(make_tender):
    text = "bidder,target,score,\nalpha,K1,8,x\nbeta,K1,4,y\n"
    found = problems_of(make_tender(panel={"anna": text}))
    assert found == [
        "panel/anna.csv: row 1, column 4: this column has no name but holds values; "
        "name it or delete it"
    ]


def test_values_beyond_the_header_are_still_refused(make_tender):
    text = "bidder,target,score\nalpha,K1,8,,extra\n"
    found = problems_of(make_tender(panel={"anna": text}))
    assert found == ["panel/anna.csv: row 2: has more cells than the header"]
