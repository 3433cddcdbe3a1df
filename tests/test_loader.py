"""Each validation rule, with a broken input, and the messages a procurement officer reads."""

from __future__ import annotations

import copy

import pytest

from conftest import BIDS, REQUIREMENT_SET, SCORING, TENDER, bid
from tenderkit.errors import InvalidInput
from tenderkit.formats.award_lock import compute_byte_lock, compute_lock
from tenderkit.formats.folder_edits import write_lock
from tenderkit.loader import load_tender


def problems_of(path) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        load_tender(path)
    return [str(p) for p in info.value.problems]


def test_valid_tender_loads(mini_tender):
    tender = load_tender(mini_tender)
    assert list(tender.bids) == ["alpha", "beta"]
    assert tender.config.dates.closing.isoformat() == "2026-10-15"
    assert tender.bids["alpha"].facts.data_locations == ["NL"]
    assert tender.evaluators == ["anna", "bram"]
    assert set(tender.inputs) >= {"tender.yaml", "bids/alpha.yaml", "panel/anna.csv"}
    assert all(v.startswith("sha256:") for v in tender.inputs.values())


def test_wrong_status_is_named_with_file_place_and_choices(make_tender):
    broken = bid("Acme", 100, answers={"ENC-01": {"status": "ja"}})
    found = problems_of(make_tender(bids={"acme": broken}))
    assert (
        "bids/acme.yaml: answers.ENC-01.status: 'ja' is not one of meets, partial, fails" in found
    )


def test_all_problems_are_reported_at_once(make_tender):
    bad_bid = bid("Acme", -5, answers={"NOPE-01": {"status": "meets"}})
    bad_tender = {**TENDER, "language": "de"}
    found = problems_of(
        make_tender(tender=bad_tender, bids={"acme": bad_bid, "beta": BIDS["beta"]})
    )
    text = "\n".join(found)
    assert "tender.yaml: language" in text
    assert "bids/acme.yaml: price: must be greater than 0" in text
    assert len(found) >= 2


def test_unknown_key_is_an_error(make_tender):
    found = problems_of(make_tender(bids={"acme": bid("Acme", 100, pirce=5)}))
    assert "bids/acme.yaml: pirce: is not a known key here; did you mean 'price'?" in found


def test_unknown_requirement_in_answers(make_tender):
    answers = {"XYZ-9": {"status": "meets"}}
    found = problems_of(make_tender(bids={"acme": bid("Acme", 100, answers=answers)}))
    assert any("answers.XYZ-9: there is no requirement 'XYZ-9'" in p for p in found)


def test_evidence_must_name_a_report_of_the_bid(make_tender):
    answers = {"ENC-01": {"status": "meets", "evidence": ["iso-cert"]}}
    found = problems_of(make_tender(bids={"acme": bid("Acme", 100, answers=answers)}))
    assert any(
        "answers.ENC-01.evidence: there is no assurance report 'iso-cert'" in p for p in found
    )


def test_duplicate_requirement_and_criterion_ids(make_tender):
    rs = copy.deepcopy(REQUIREMENT_SET)
    rs["requirements"].append(copy.deepcopy(rs["requirements"][0]))
    rs["criteria"].append({"id": "K1", "title": "dubbel", "weight": 1})
    found = problems_of(make_tender(requirement_set=rs))
    assert any("requirement id 'ENC-01' is used more than once" in p for p in found)
    assert any("criterion id 'K1' is used more than once" in p for p in found)


def test_scored_requirement_must_name_an_existing_criterion(make_tender):
    rs = copy.deepcopy(REQUIREMENT_SET)
    rs["requirements"][2]["criterion"] = "K9"
    found = problems_of(make_tender(requirement_set=rs))
    assert any(
        "requirements[3] (LOG-01).criterion: there is no award criterion 'K9'" in p for p in found
    )


def test_weights_must_be_positive(make_tender):
    rs = copy.deepcopy(REQUIREMENT_SET)
    rs["criteria"][0]["weight"] = 0
    rs["requirements"][2]["weight"] = -1
    found = problems_of(make_tender(requirement_set=rs))
    assert any("criteria[1] (K1).weight: must be greater than 0" in p for p in found)
    assert any("requirements[3] (LOG-01).weight: must be greater than 0" in p for p in found)
    scoring = {**SCORING, "quality_weight": 0, "price_weight": 0}
    found = problems_of(make_tender(scoring=scoring))
    assert any("cannot both be 0" in p for p in found)


def test_dates_in_order(make_tender):
    tender = {**TENDER, "dates": {"published": "2026-10-01", "closing": "2026-09-01"}}
    assert any(
        "closing date 2026-09-01 lies before" in p for p in problems_of(make_tender(tender=tender))
    )
    report = copy.deepcopy(BIDS["alpha"])
    report["assurance"][0]["period"] = {"start": "2026-01-01", "end": "2025-01-01"}
    found = problems_of(make_tender(bids={"alpha": report}))
    assert any("assurance[1] (soc2).period" in p and "before it starts" in p for p in found)


def test_date_in_dutch_notation_is_explained(make_tender):
    tender = {**TENDER, "dates": {"published": "1-9-2026", "closing": "2026-10-15"}}
    found = problems_of(make_tender(tender=tender))
    assert (
        "tender.yaml: dates.published: '1-9-2026' is not a date; write it as YYYY-MM-DD, "
        "e.g. 2026-10-15" in found
    )


def test_panel_bidder_target_and_scale(make_tender):
    panel = {
        "anna": "bidder,target,score,rationale\nghost,K1,8,x\nalpha,K7,8,x\nalpha,K1,7,x\n"
        "alpha,ENC-01,8,x\n"
    }
    found = problems_of(make_tender(panel=panel))
    assert (
        "panel/anna.csv: row 2, column bidder: there is no bid from 'ghost' (no bids/ghost.*)"
        in found
    )
    assert any(p.startswith("panel/anna.csv: row 3, column target: 'K7' is neither") for p in found)
    assert (
        "panel/anna.csv: row 4, column score: '7' is not on the scale (0, 2, 4, 6, 8, 10)" in found
    )
    assert any("row 5, column target: 'ENC-01' is a knockout" in p for p in found)


def test_panel_duplicate_rows_and_missing_columns(make_tender):
    found = problems_of(
        make_tender(
            panel={
                "anna": "bidder,target,score\nalpha,K1,8\nalpha,K1,6\n",
                "bram": "bidder,score\nalpha,8\n",
            }
        )
    )
    assert any(
        "panel/anna.csv: row 3: scores alpha on K1 again (first in row 2)" in p for p in found
    )
    assert "panel/bram.csv: row 1: missing column(s): target" in found


def test_semicolon_csv_from_dutch_excel_is_read(make_tender):
    path = make_tender(panel={"anna": "bidder;target;score;rationale\nalpha;K1;8;goed\n"})
    assert load_tender(path).panel[0].score == "8"


def test_consensus_names_its_evaluators(make_tender):
    tender = {**TENDER, "evaluators": ["anna", "bram"]}
    panel = {
        "anna": "bidder,target,score\nalpha,K1,8\n",
        "consensus": "bidder,target,score,rationale,evaluators\nalpha,K1,8,samen,anna;kees\n",
    }
    found = problems_of(make_tender(tender=tender, panel=panel))
    assert any(
        "panel/consensus.csv: row 2: 'kees' is not one of the tender's evaluators" in p
        for p in found
    )


def test_country_codes_and_ids_as_written(make_tender):
    facts = {"data_locations": ["NL", "NO", "XX"], "encryption_at_rest": True}
    found = problems_of(make_tender(bids={"acme": bid("Acme", 100, facts=facts)}))
    assert any(
        "facts.data_locations.3: 'XX' is not an ISO 3166-1 country code" in p
        or ("facts.data_locations" in p and "'XX'" in p)
        for p in found
    )


def test_report_fields_fit_kind(make_tender):
    data = copy.deepcopy(BIDS["alpha"])
    del data["assurance"][0]["period"]
    found = problems_of(make_tender(bids={"alpha": data}))
    assert any("a soc2_type2 report needs its 'period'" in p for p in found)


def test_lock_mismatch_refuses(make_tender):
    path = make_tender()
    value = write_lock(path)
    assert load_tender(path).config.lock == value == load_tender(path).lock
    rs = path / "requirements.yaml"
    rs.write_text(rs.read_text().replace("weight: 60", "weight: 70"))
    found = problems_of(path)
    assert any(
        p.startswith("tender.yaml: lock: the requirement set, the scoring model or an award")
        for p in found
    )


def test_lock_covers_both_files_in_their_roles():
    assert compute_lock({}, {"a": "b"}, {}) != compute_lock({}, {}, {"a": "b"})
    assert compute_lock(TENDER, {"x": 1}, {"y": 2}) == compute_lock(TENDER, {"x": 1}, {"y": 2})
    assert compute_byte_lock(b"ab", b"c") != compute_byte_lock(b"a", b"bc")


def test_missing_folders_and_unknown_bid_files(tmp_path, make_tender):
    assert problems_of(tmp_path / "nope") == [f"{tmp_path / 'nope'}: folder not found"]
    path = make_tender()
    (path / "bids" / "notes.txt").write_text("hello")
    (path / "bids" / "acme.yml").write_text("tenderkit: 1\n")
    (path / "bids" / "alpha.yml").write_text("tenderkit: 1\n")
    found = problems_of(path)
    assert any(p.startswith("bids/notes.txt: is not a bid file") for p in found)
    assert any(p == "bids/acme.yml: bidder: is required but missing" for p in found)
    assert any(p.startswith("bids/alpha.yml: a second bid of 'alpha'") for p in found)


def test_scale_and_tie_break_rules(make_tender):
    scoring = {**SCORING, "scale": [0, 5, 3], "tie_break": ["lot", "quality"]}
    found = problems_of(make_tender(scoring=scoring))
    assert any("scoring.yaml: scale: the scores of a list scale must go up" in p for p in found)
    assert any("scoring.yaml: tie_break: 'lot' can only be the last resort" in p for p in found)
    scoring = {**SCORING, "price": {"formula": "linear_fixed", "max_price": 1, "min_price": 2}}
    found = problems_of(make_tender(scoring=scoring))
    assert any("scoring.yaml: price: max_price must be greater than min_price" in p for p in found)
    scoring = {**SCORING, "price": {"formula": "cheapest"}}
    found = problems_of(make_tender(scoring=scoring))
    assert any("scoring.yaml: price: 'cheapest' is not one of lowest_relative" in p for p in found)
