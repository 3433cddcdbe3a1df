"""One record of the panel: the CSVs (and panel/freeze.yaml) are what `evaluate` reads, and
panel.sqlite follows them. An edit in Excel is read, never overwritten; the freeze holds for
`evaluate` too; a damaged panel.sqlite is one clear message and takes nothing else down."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from typer.testing import CliRunner
from workshop_builders import retail_copy

from tenderkit.cli import app as cli
from tenderkit.errors import InvalidInput
from tenderkit.evaluation import evaluate
from tenderkit.formats.freeze import unfreeze
from tenderkit.loader import load_tender
from tenderkit.workshop.app import WorkshopApp
from tenderkit.workshop.panel import PanelApp
from tenderkit.workshop.panel_store import (
    PanelFileChanged,
    PanelStore,
    PanelStoreDamaged,
    PanelStoreError,
    QualityFrozen,
    check_store,
)

HEADER = "bidder,target,score,rationale\n"


@pytest.fixture
def folder(tmp_path):
    return retail_copy(tmp_path, fresh=True)


def open_store(folder) -> PanelStore:
    return PanelStore.for_tender(load_tender(folder))


def problems_of(folder) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        load_tender(folder)
    return [str(p) for p in info.value.problems]


# --- an evaluator's edit of their CSV is the record ------------------------------------------


def test_a_csv_edited_in_excel_is_read_on_opening_and_never_overwritten(folder):
    store = open_store(folder)
    store.record("k-smit", "eurostack", "K1", "2", "eerste indruk")
    store.record("k-smit", "skyline", "K1", "1", "")
    store.close()
    csv = folder / "panel" / "k-smit.csv"
    edited = b"\xef\xbb\xbfbidder;target;score;rationale\r\neurostack;K1;3;na herlezing\r\n"
    csv.write_bytes(edited)  # as Excel in a Dutch locale saves "CSV UTF-8"
    store = open_store(folder)
    assert [(s.target, s.bidder, s.score, s.rationale) for s in store.scores("k-smit")] == [
        ("K1", "eurostack", "3", "na herlezing")
    ]  # the skyline row was deleted in Excel: gone from the store too
    assert csv.read_bytes() == edited  # opening wrote nothing over the edit
    assert ("k-smit", "skyline", "K1", None) in [row[1:5] for row in store.history()]
    store.record("k-smit", "betuwehost", "K2", "2", "")
    loaded = load_tender(folder)
    assert {(s.bidder, s.target, s.score) for s in loaded.panel} == {
        ("eurostack", "K1", "3"),
        ("betuwehost", "K2", "2"),
    }


def test_an_edit_while_the_workshop_is_open_is_read_before_the_next_save(folder):
    store = open_store(folder)
    store.record("k-smit", "eurostack", "K1", "2", "")
    csv = folder / "panel" / "k-smit.csv"
    csv.write_text(HEADER + "eurostack,K1,3,in Excel aangepast\n", "utf-8")
    with pytest.raises(PanelFileChanged, match=r"panel/k-smit.csv was changed outside"):
        store.record("k-smit", "skyline", "K1", "1", "")
    assert store.score("k-smit", "eurostack", "K1").score == "3"  # read, shown, not lost
    assert store.score("k-smit", "skyline", "K1") is None  # nothing half-done
    assert csv.read_text("utf-8") == HEADER + "eurostack,K1,3,in Excel aangepast\n"
    store.record("k-smit", "skyline", "K1", "1", "")  # the evaluator saves again
    assert "eurostack,K1,3,in Excel aangepast" in csv.read_text("utf-8")


def test_the_panel_app_shows_the_edit_and_says_why_nothing_was_saved(folder):
    panel = PanelApp(folder, evaluator="j-mulder")
    panel.score_widgets[("eurostack", "K2")].value = "2"
    (folder / "panel" / "j-mulder.csv").write_text(HEADER + "eurostack,K2,0,anders\n", "utf-8")
    panel.score_widgets[("eurostack", "K3")].value = "3"
    assert "Niet bewaard" in panel.status.value and "j-mulder.csv" in panel.status.value
    assert panel.score_widgets[("eurostack", "K2")].value == "0"
    assert panel.score_widgets[("eurostack", "K3")].value is None


def test_store_and_file_both_changed_is_refused_naming_the_file(folder):
    store = open_store(folder)
    store.record("k-smit", "eurostack", "K1", "2", "")
    store.close()
    raw = sqlite3.connect(folder / "panel" / "panel.sqlite")  # a change the CSV never got
    raw.execute("UPDATE scores SET score = '0'")
    raw.commit()
    raw.close()
    csv = folder / "panel" / "k-smit.csv"
    csv.write_text(HEADER + "eurostack,K1,3,Excel\n", "utf-8")
    with pytest.raises(PanelFileChanged) as info:
        open_store(folder)
    message = str(info.value)
    assert "panel/k-smit.csv was changed outside the workshop" in message
    assert "will not overwrite the file" in message and "move panel/panel.sqlite" in message
    assert csv.read_text("utf-8") == HEADER + "eurostack,K1,3,Excel\n"
    app = WorkshopApp(folder, debounce=0)  # the what-ifs still work; the tab says what to do
    assert app.panel_app is None and "k-smit.csv" in app.tabs.children[1].value


def test_a_csv_that_cannot_be_written_stores_nothing(folder, monkeypatch):
    store = open_store(folder)

    def locked(path, content):  # what Windows says while Excel has the file open
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("tenderkit.workshop.panel_store.write_atomic", locked)
    with pytest.raises(PanelStoreError, match=r"panel/k-smit.csv cannot be written") as info:
        store.record("k-smit", "eurostack", "K1", "2", "")
    assert "nothing was saved" in str(info.value) and "Excel" in str(info.value)
    assert store.scores() == [] and store.history() == []
    monkeypatch.undo()
    store.record("k-smit", "eurostack", "K1", "2", "")
    assert len(load_tender(folder).panel) == 1


def test_a_csv_that_cannot_be_read_is_named(folder):
    store = open_store(folder)
    (folder / "panel" / "k-smit.csv").mkdir()
    with pytest.raises(PanelStoreError, match=r"panel/k-smit.csv cannot be read"):
        store.record("k-smit", "eurostack", "K1", "2", "")
    assert store.scores() == []


def test_a_score_killed_between_the_csv_and_the_commit_is_taken_from_the_csv(folder):
    store = open_store(folder)
    store.record("k-smit", "eurostack", "K1", "2", "")
    store.close()
    # what a kill after the rename and before the commit leaves: the CSV one score ahead
    csv = folder / "panel" / "k-smit.csv"
    csv.write_text(csv.read_text("utf-8") + "skyline,K1,1,\n", "utf-8")
    assert open_store(folder).score("k-smit", "skyline", "K1").score == "1"


# --- the freeze is where evaluate reads it ---------------------------------------------------


def frozen_folder(folder):
    store = open_store(folder)
    store.record("k-smit", "eurostack", "K1", "3", "klantbeheerde sleutels")
    store.record("k-smit", "skyline", "K1", "1", "geen sleutelbeheer")
    store.record_consensus("skyline", "K2", "NR", "back-ups in de VS", ["k-smit"])
    store.freeze("j-mulder")
    store.close()
    return folder


def test_scores_edited_after_the_freeze_stop_evaluate_naming_file_and_row(folder):
    frozen_folder(folder)
    before = evaluate(load_tender(folder), sensitivity=False)
    csv = folder / "panel" / "k-smit.csv"
    csv.write_text(csv.read_text("utf-8").replace("skyline,K1,1,", "skyline,K1,3,"), "utf-8")
    found = problems_of(folder)
    assert len(found) == 1
    assert found[0].startswith(
        "panel/k-smit.csv: row 3: the score of skyline on K1 was 1 when quality was frozen"
    )
    assert found[0].endswith(
        "now 3; undo the change, or lift the freeze with a reason (tenderkit unfreeze)"
    )
    # the store does not take the edit in either, and says so
    store = open_store_unchecked(folder)
    assert store.score("k-smit", "skyline", "K1").score == "1"
    assert store.stale == ["panel/k-smit.csv"]
    # undoing the edit makes the tender valid again, with the same outcome
    csv.write_text(csv.read_text("utf-8").replace("skyline,K1,3,", "skyline,K1,1,"), "utf-8")
    assert evaluate(load_tender(folder), sensitivity=False).winner == before.winner


def open_store_unchecked(folder) -> PanelStore:
    """The store of a folder that does not load (the freeze refuses its CSVs)."""
    return PanelStore(folder / "panel")


def test_a_frozen_store_without_a_freeze_file_writes_it_again(folder):
    frozen_folder(folder)
    (folder / "panel" / "freeze.yaml").unlink()  # as an older tenderkit left it, or deleted
    (missing,) = check_store(folder / "panel")  # validate says so
    assert missing.file == "panel/panel.sqlite" and "by j-mulder" in missing.message
    assert "panel/freeze.yaml is missing" in missing.message
    csv = folder / "panel" / "k-smit.csv"
    csv.write_text(csv.read_text("utf-8").replace("eurostack,K1,3", "eurostack,K1,0"), "utf-8")
    open_store_unchecked(folder).close()  # opening the panel writes the freeze file again
    (found,) = problems_of(folder)
    assert found.startswith("panel/k-smit.csv: row 2: the score of eurostack on K1 was 3")
    assert check_store(folder / "panel") == []


def test_lifting_the_freeze_with_a_reason_reopens_the_store(folder):
    frozen_folder(folder)
    result = CliRunner().invoke(
        cli,
        [
            "unfreeze",
            str(folder),
            "-l",
            "en",
            "--by",
            "j-mulder",
            "--reason",
            "Score K1 verkeerd overgenomen",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "was lifted by j-mulder: Score K1 verkeerd overgenomen" in result.output
    store = open_store(folder)
    assert store.frozen() is None
    assert store.events()[-1][0] == "quality_unfrozen"
    assert store.events()[-1][3] == "Score K1 verkeerd overgenomen"
    store.record("k-smit", "skyline", "K1", "2", "na correctie")
    at = store.freeze("j-mulder")
    record = load_tender(folder).freeze
    assert record.frozen.at == at and [h.reason for h in record.history] == [
        "Score K1 verkeerd overgenomen"
    ]
    with pytest.raises(QualityFrozen):
        store.record("k-smit", "skyline", "K1", "3", "")


def test_unfreeze_without_a_reason_is_refused(folder):
    frozen_folder(folder)
    result = CliRunner().invoke(
        cli, ["unfreeze", str(folder), "--by", "j-mulder", "--reason", "", "-l", "en"]
    )
    assert result.exit_code == 1 and "who does it and why" in result.output
    with pytest.raises(InvalidInput):
        unfreeze(folder, "", "reden")
    assert open_store(folder).frozen() is not None


def test_freezing_refuses_while_a_panel_file_is_broken(folder):
    store = open_store(folder)
    store.record("k-smit", "eurostack", "K1", "3", "")
    (folder / "panel" / "l-devries.csv").write_text("bidder,score,score\n", "utf-8")
    with pytest.raises(PanelStoreError, match="appears twice"):
        store.freeze("j-mulder")
    assert store.frozen() is None and not (folder / "panel" / "freeze.yaml").exists()


# --- a damaged panel.sqlite ------------------------------------------------------------------


def damage(folder, how: str) -> None:
    path = folder / "panel" / "panel.sqlite"
    if how == "garbage":
        path.write_bytes(b"this is not a database" * 200)
    else:  # truncated in the middle of a page, as a full disk or an interrupted copy leaves it
        content = path.read_bytes()
        path.write_bytes(content[: len(content) // 2 + 1000])
    for side in ("panel.sqlite-wal", "panel.sqlite-shm"):
        (folder / "panel" / side).unlink(missing_ok=True)


@pytest.fixture(params=["garbage", "truncated"])
def damaged_folder(request, folder):
    store = open_store(folder)
    for i, bidder in enumerate(("eurostack", "skyline", "betuwehost")):
        for target in ("K1", "K2", "K3"):
            store.record("k-smit", bidder, target, str(i), "x" * 3000)  # several pages
    store.close()
    damage(folder, request.param)
    return folder


def test_a_damaged_store_is_one_clear_message(damaged_folder):
    with pytest.raises(PanelStoreDamaged) as info:
        open_store(damaged_folder)
    message = str(info.value)
    assert message.startswith("panel/panel.sqlite: the workshop's working copy")
    assert "CSV files are the record" in message and "Move panel.sqlite" in message


def test_a_damaged_store_leaves_the_rest_of_the_workshop_working(damaged_folder):
    app = WorkshopApp(damaged_folder, debounce=0)
    assert app.panel_app is None
    text = app.tabs.children[1].value
    assert "werkkopie panel/panel.sqlite is beschadigd" in text
    assert "CSV-bestanden in panel/ zijn het dossier" in text
    assert app.winner is not None


def test_validate_names_a_damaged_store_and_evaluate_still_reads_the_record(damaged_folder):
    result = CliRunner().invoke(cli, ["validate", str(damaged_folder), "--language", "en"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == "1 problem found:"
    assert lines[1].startswith("  panel/panel.sqlite: the workshop's working copy")
    assert len(load_tender(damaged_folder).panel) == 9  # the CSV is intact
    # moving it aside, as the message says, rebuilds the store from the CSV
    shutil.move(damaged_folder / "panel" / "panel.sqlite", damaged_folder / "panel.sqlite.old")
    assert len(open_store(damaged_folder).scores("k-smit")) == 9


def test_validate_is_silent_about_a_sound_store_and_a_folder_without_one(folder):
    assert CliRunner().invoke(cli, ["validate", str(folder)]).exit_code == 0
    open_store(folder).close()
    assert check_store(folder / "panel") == []
    assert CliRunner().invoke(cli, ["validate", str(folder)]).exit_code == 0


def test_the_panel_app_freezes_into_the_record_and_shows_a_lifted_freeze(folder):
    panel = PanelApp(folder, evaluator="k-smit")
    panel.score_widgets[("eurostack", "K1")].value = "3"
    (folder / "panel" / "l-devries.csv").write_text("bidder,target,score,score\n", "utf-8")
    assert panel.freeze() is None  # a broken panel file: not frozen, and the tab says why
    # told in the tender's language (Dutch): the CSV's problem too, not only the panel's words
    assert "staat er twee keer in" in panel.freeze_status.value and not panel.frozen
    (folder / "panel" / "l-devries.csv").unlink()
    assert panel.freeze() is not None
    assert load_tender(folder).freeze.frozen.by == "k-smit"
    unfreeze(folder, "j-mulder", "Beoordeling K1 heropend na bezwaar")
    again = PanelApp(folder, evaluator="k-smit")
    assert not again.frozen
    assert "opgeheven op" in again.freeze_status.value
    assert "Beoordeling K1 heropend na bezwaar" in again.freeze_status.value
    assert not again.score_widgets[("eurostack", "K1")].disabled


def test_an_edited_consensus_csv_is_read_and_kept(tmp_path):
    folder = retail_copy(tmp_path)  # the example's consensus.csv: 9 agreed scores
    store = open_store(folder)
    first = {(c.bidder, c.target): c for c in store.consensus()}
    store.close()
    path = folder / "panel" / "consensus.csv"
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", "utf-8")  # the last agreement deleted
    store = open_store(folder)
    now = {(c.bidder, c.target): c for c in store.consensus()}
    assert len(now) == 8
    kept = next(iter(now))
    assert now[kept].recorded_at == first[kept].recorded_at  # unchanged rows stay as they were
    store.record_consensus("eurostack", "K1", "2", "Herzien.", ["k-smit"])
    assert len(load_tender(folder).consensus) == 8
