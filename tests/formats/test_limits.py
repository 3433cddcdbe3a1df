"""Limits on input: id characters and lengths, name and text lengths, file sizes, bid discovery.

Each class of oversized or unsafe input is refused by `validate` with the file and the place, in
one message, before it can reach a file name, a chart or the parser's memory.
"""

from __future__ import annotations

import copy
import os

import pytest

from conftest import BIDS, REQUIREMENT_SET, TENDER, bid
from tenderkit.errors import InvalidInput
from tenderkit.formats import limits
from tenderkit.formats.types import id_problem
from tenderkit.formats.yamlio import read_yaml
from tenderkit.loader import load_tender


def problems_of(path) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        load_tender(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ENC-01", None),
        ("a" * limits.MAX_ID_LENGTH, None),
        ("a" * 236, "is 236 characters long; an id has at most 64"),
        ("\u0430cme", "contains 'а' (cyrillic small letter a)"),
        ("acme\u200b", "(zero width space)"),
        ("CON", "a name Windows reserves for a device (CON)"),
        ("lpt1.backup", "a name Windows reserves for a device (LPT1)"),
        ("com10", None),
        ("-acme", "is not a valid id"),
        ("ac me", "is not a valid id"),
        ("a/b", "is not a valid id"),
        ("acme.", "does not end with '.'"),
        ("v1.2_final-", None),
        ("8", None),
    ],
)
def test_one_rule_for_every_id(text, expected):
    problem = id_problem(text)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in str(problem)


def test_ids_inside_files_follow_the_rule_with_file_and_place(make_tender):
    rs = copy.deepcopy(REQUIREMENT_SET)
    rs["requirements"][0]["id"] = "ENC-01" + "x" * 300
    rs["criteria"][1]["id"] = "K\u0031\u0301"  # a combining accent: looks like K1
    answers = {**BIDS["alpha"]["answers"], "enc-01": {"status": "meets"}}
    bids = {"alpha": bid("A", 1, answers=answers)}
    found = "\n".join(problems_of(make_tender(requirement_set=rs, bids=bids)))
    assert f"requirements.yaml: requirements[1] (ENC-01{'x' * 53}…).id: is 306 characters" in found
    assert "requirements.yaml: criteria[2] (K1\u0301).id: 'K1\u0301' contains" in found
    assert "answers may not differ only in upper and lower case: 'ENC-01' and 'enc-01'" in found
    tender = {**TENDER, "evaluators": ["anna", "bram", "nul"]}
    found = "\n".join(problems_of(make_tender(tender=tender)))
    assert "tender.yaml: evaluators[3]: 'nul' is a name Windows reserves" in found
    tender = {**TENDER, "evaluators": ["anna", "bram", "Anna"]}
    found = "\n".join(problems_of(make_tender(tender=tender)))
    assert (
        "tender.yaml: evaluators: ids may not differ only in upper and lower case: "
        "'anna' and 'Anna'" in found
    )


def test_ids_equal_apart_from_case_within_a_collection(make_tender):
    rs = copy.deepcopy(REQUIREMENT_SET)
    rs["requirements"][1]["id"] = "enc-01"
    found = problems_of(make_tender(requirement_set=rs))
    assert any(
        "requirement ids 'ENC-01' and 'enc-01' differ only in upper and lower case" in p
        for p in found
    )


def test_bid_file_names_are_ids(make_tender):
    long_id = "a" * 236
    found = problems_of(
        make_tender(
            bids={
                "alpha": BIDS["alpha"],
                "Alpha": BIDS["beta"],
                long_id: BIDS["beta"],
                "con": BIDS["beta"],
                "b\u0435ta": BIDS["beta"],
            }
        )
    )
    text = "\n".join(found)
    assert "bids/alpha.yaml: a second bid of 'alpha' (also bids/Alpha.yaml)" in text
    assert f"bids/{long_id}.yaml: the file name is the bidder id, and it is 236 characters" in text
    assert "bids/con.yaml: the file name is the bidder id, and it 'con' is a name Windows" in text
    assert (
        "bids/b\u0435ta.yaml: the file name is the bidder id, and it 'b\u0435ta' contains" in text
    )


def test_names_and_texts_have_a_length(make_tender):
    huge_name = "Acme " * 200_000  # 1 MB
    long_note = "x" * (limits.MAX_TEXT_LENGTH + 1)
    answers = {**BIDS["alpha"]["answers"], "LOG-01": {"status": "meets", "note": long_note}}
    found = problems_of(
        make_tender(
            bids={
                "alpha": bid(huge_name, 1, answers=answers),
                "beta": bid("Beta\nBV", 1),
            }
        )
    )
    assert "bids/alpha.yaml: bidder: is too long (at most 200 characters)" in found
    assert "bids/alpha.yaml: answers.LOG-01.note: is too long (at most 20000 characters)" in found
    assert any(p.startswith("bids/beta.yaml: bidder: contains a control character") for p in found)
    assert all(len(p) < 400 for p in found)


def test_yaml_file_over_the_limit_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200_000_000)
    data, problems = read_yaml(path, "bids/big.yaml")
    assert data is None
    assert [str(p) for p in problems] == [
        "bids/big.yaml: is 200 MB, larger than the limit of 2 MB for a YAML file; "
        "is this the right file?"
    ]


def test_huge_bid_is_one_problem(make_tender):
    path = make_tender()
    with (path / "bids" / "alpha.yaml").open("ab") as handle:
        handle.truncate(200_000_000)
    found = problems_of(path)  # and no "no bid from alpha" for the panel's scores of alpha
    assert found == [
        "bids/alpha.yaml: is 200 MB, larger than the limit of 2 MB for a YAML file; "
        "is this the right file?"
    ]


def test_bid_files_that_cannot_be_bids_are_reported(make_tender):
    path = make_tender()
    bids = path / "bids"
    (bids / ".gamma.yaml").write_text((bids / "beta.yaml").read_text())
    (bids / "..yaml").write_text((bids / "beta.yaml").read_text())
    os.symlink(bids / "gone.yaml", bids / "delta.yaml")
    (bids / "epsilon").mkdir()
    (bids / ".DS_Store").write_bytes(b"\0")  # an operating system's clutter: skipped
    (bids / "~$alpha.xlsx").write_bytes(b"\0")  # Excel's owner file of an open workbook
    found = problems_of(path)
    assert sorted(found) == [
        "bids/..yaml: is a hidden file (its name starts with '.'); a bid is never hidden: "
        "rename it after the bidder (e.g. bids/acme.yaml) or remove it",
        "bids/.gamma.yaml: is a hidden file (its name starts with '.'); a bid is never hidden: "
        "rename it after the bidder (e.g. bids/acme.yaml) or remove it",
        "bids/delta.yaml: is a link to a file that does not exist; replace it by the bid",
        "bids/epsilon: is a folder; bids/ holds one file per bid, no folders",
    ]
