"""The freeze lives where `evaluate` reads: `panel/freeze.yaml`. Scores changed after it are
refused by the loader, naming file and row; lifting it needs a reason and stays on record."""

from __future__ import annotations

import datetime as dt

import pytest

from tenderkit.errors import InvalidInput
from tenderkit.formats.freeze import FreezeRecord, freeze_scores, unfreeze, write_freeze
from tenderkit.loader import load_tender, read_panel


def problems_of(path) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        load_tender(path)
    return [str(p) for p in info.value.problems]


def frozen_tender(make_tender, **parts):
    """A tender folder whose panel CSVs were frozen as they are now."""
    path = make_tender(**parts)
    read = read_panel(path)
    csvs = {name: raw for name, raw in read.files.items() if name.endswith(".csv")}
    freeze = freeze_scores("2026-06-20T11:30:00+00:00", "j-mulder", read.panel, read.agreed, csvs)
    write_freeze(path / "panel", FreezeRecord(frozen=freeze))
    return path


def test_a_frozen_tender_still_loads_and_lists_the_freeze_among_its_inputs(make_tender):
    path = frozen_tender(make_tender)
    tender = load_tender(path)
    assert len(tender.panel) == 4
    assert "panel/freeze.yaml" in tender.inputs
    assert tender.freeze.frozen.by == "j-mulder"


def test_a_tender_without_a_freeze_file_stays_valid(mini_tender):
    assert load_tender(mini_tender).freeze is None


def test_resaving_in_excel_with_semicolons_changes_nothing_that_counts(make_tender):
    path = frozen_tender(make_tender)
    anna = path / "panel" / "anna.csv"
    anna.write_bytes(
        b"\xef\xbb\xbf" + anna.read_bytes().replace(b",", b";").replace(b"\n", b"\r\n")
    )
    assert len(load_tender(path).panel) == 4


def test_a_score_changed_after_the_freeze_is_refused_naming_file_and_row(make_tender):
    path = frozen_tender(make_tender)
    anna = path / "panel" / "anna.csv"
    anna.write_text("bidder,target,score,rationale\nalpha,K1,8,goed\nbeta,K1,10,redelijk\n")
    assert problems_of(path) == [
        "panel/anna.csv: row 3: the score of beta on K1 was 6 when quality was frozen "
        "(2026-06-20 11:30 UTC by j-mulder), now 10; undo the change, or lift the freeze with a "
        "reason (tenderkit unfreeze)"
    ]


def test_every_kind_of_change_after_the_freeze_is_named(make_tender):
    path = frozen_tender(
        make_tender,
        panel={
            "anna": "bidder,target,score,rationale\nalpha,K1,8,goed\nbeta,K1,6,redelijk\n",
            "consensus": "bidder,target,score,rationale,evaluators\nalpha,K1,8,eens,anna\n",
        },
    )
    panel = path / "panel"
    (panel / "anna.csv").write_text("bidder,target,score,rationale\nalpha,K1,8,beter\n")
    (panel / "consensus.csv").write_text(
        "bidder,target,score,rationale,evaluators\nalpha,K1,8,eens,anna;bram\nbeta,K1,6,ok,anna\n"
    )
    (panel / "bram.csv").write_text("bidder,target,score,rationale\nalpha,K1,2,slecht\n")
    found = problems_of(path)
    undo = "undo the change, or lift the freeze with a reason (tenderkit unfreeze)"
    assert found == [
        "panel/anna.csv: row 2: the rationale of alpha on K1 changed after quality was frozen; "
        + undo,
        "panel/anna.csv: row 3: the score of beta on K1 (6), in this row at the freeze, was "
        "removed after quality was frozen; " + undo,
        "panel/bram.csv: was added after quality was frozen; " + undo,
        "panel/consensus.csv: row 2: who agreed on alpha on K1 changed after quality was frozen "
        "(was anna); " + undo,
        "panel/consensus.csv: row 3: scores beta on K1, which had no score in this file when "
        "quality was frozen (2026-06-20 11:30 UTC by j-mulder); " + undo,
    ]


def test_a_frozen_file_that_is_gone_is_named(make_tender):
    path = frozen_tender(make_tender)
    (path / "panel" / "bram.csv").unlink()
    (found,) = problems_of(path)
    assert found.startswith("panel/bram.csv: held 2 score(s) when quality was frozen")
    assert "restore it" in found


def test_a_broken_freeze_file_is_reported(make_tender):
    path = make_tender()
    (path / "panel" / "freeze.yaml").write_text("frozen: [not, a, freeze]\n")
    (found,) = problems_of(path)
    assert found.startswith("panel/freeze.yaml: frozen")


def test_lifting_the_freeze_needs_a_reason_and_stays_in_the_history(make_tender):
    path = frozen_tender(make_tender)
    (path / "panel" / "anna.csv").write_text("bidder,target,score\nalpha,K1,8\nbeta,K1,10\n")
    with pytest.raises(InvalidInput, match="who does it and why"):
        unfreeze(path, "j-mulder", "  ")
    moment = dt.datetime(2026, 6, 21, 9, 0, tzinfo=dt.UTC)
    lifted = unfreeze(path, "j-mulder", "Rekenfout in score beta K1", clock=lambda: moment)
    assert lifted.frozen_by == "j-mulder" and lifted.unfrozen_at.startswith("2026-06-21T09:00")
    tender = load_tender(path)  # no longer frozen: the corrected score counts
    assert {s.score for s in tender.panel if s.bidder == "beta" and s.evaluator == "anna"} == {"10"}
    record = tender.freeze
    assert record.frozen is None
    assert [h.reason for h in record.history] == ["Rekenfout in score beta K1"]
    with pytest.raises(InvalidInput, match="not frozen"):
        unfreeze(path, "j-mulder", "nogmaals")
