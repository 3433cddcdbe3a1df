"""What the panel store (panel/panel.sqlite beside the panel CSVs) says to a facilitator, and
what `validate` says about it, is told in the tender's language: each refusal a catalogue text
of texts/validation.yaml in Dutch and English, naming the file and what to do; a misspelt
evaluator, bid or target gets "did you mean"; no English in the Dutch workshop."""

from __future__ import annotations

import html
import re
import sqlite3

import pytest
from typer.testing import CliRunner
from workshop_builders import retail_copy

from tenderkit.cli import app as cli
from tenderkit.errors import Invalid, Problem, told
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
from visible_text import foreign_words

HEADER = "bidder,target,score,rationale\n"
FOLDERS = ("bids", "panel")
"""Names of a tender's folders (`bids/eurostak.*`): quoted paths, not English words."""


@pytest.fixture
def folder(tmp_path):
    return retail_copy(tmp_path, fresh=True)


def open_store(folder) -> PanelStore:
    return PanelStore.for_tender(load_tender(folder))


def assert_told(error: BaseException | Problem) -> tuple[str, str]:
    """A catalogue text, different in Dutch and English, without the other language's words;
    returns (Dutch, English)."""
    if isinstance(error, Problem):
        assert error.key, error.message
        dutch, english = error.describe("nl"), error.describe("en")
    else:
        assert isinstance(error, Invalid), repr(error)
        dutch, english = told(error, "nl"), told(error, "en")
        assert english == str(error)
    assert dutch != english
    assert not foreign_words(dutch, "nl", FOLDERS), dutch
    assert not foreign_words(english, "en"), english
    assert "{" not in dutch + english
    return dutch, english


REFUSALS = [
    # (evaluator, bidder, target, score, rationale), a phrase of the Dutch text
    (("k-smit", "eurostack", "K1", "7", ""), "staat niet op de schaal"),
    (("k-smith", "eurostack", "K1", "3", ""), "bedoelt u 'k-smit'?"),
    (("k-smit", "eurostak", "K1", "3", ""), "bedoelt u 'eurostack'?"),
    (("k-smit", "eurostack", "K9", "3", ""), "geen gunningscriterium"),
    (("k-smit", "eurostack", "SEC-02", "3", ""), "geen gunningscriterium"),
    (("k smit!", "eurostack", "K1", "3", ""), "kan geen beoordelaar aanduiden"),
    (("k-smit", "eurostack", "K1", "3", "x" * 10_001), "hoogstens 10.000 tekens"),
]


@pytest.mark.parametrize(("args", "dutch"), REFUSALS)
def test_a_refused_score_is_told_in_both_languages(folder, args, dutch):
    store = open_store(folder)
    with pytest.raises(PanelStoreError) as info:
        store.record(*args)
    assert dutch in assert_told(info.value)[0]
    assert store.scores() == []


def test_a_consensus_without_a_score_and_a_frozen_panel(folder):
    store = open_store(folder)
    with pytest.raises(PanelStoreError) as info:
        store.record_consensus("eurostack", "K1", "", "eens", ["k-smit"])
    assert "consensus heeft een score nodig" in assert_told(info.value)[0]
    store.record("k-smit", "eurostack", "K1", "3", "goed")
    store.freeze("j-mulder")
    with pytest.raises(QualityFrozen) as info:
        store.record("k-smit", "eurostack", "K1", "1", "toch niet")
    dutch, english = assert_told(info.value)
    assert "bevroren op" in dutch and "UTC" in dutch and "frozen at" in english


def test_a_csv_changed_outside_and_a_conflict(folder):
    store = open_store(folder)
    store.record("k-smit", "eurostack", "K1", "2", "")
    csv = folder / "panel" / "k-smit.csv"
    csv.write_text(HEADER + "eurostack,K1,3,Excel\n", "utf-8")
    with pytest.raises(PanelFileChanged) as info:
        store.record("k-smit", "eurostack", "K2", "2", "")
    dutch, _ = assert_told(info.value)
    assert dutch.startswith("panel/k-smit.csv is buiten de workshop gewijzigd")
    store.close()
    raw = sqlite3.connect(folder / "panel" / "panel.sqlite")  # a change the CSV never got
    raw.execute("UPDATE scores SET score = '0'")
    raw.commit()
    raw.close()
    csv.write_text(HEADER + "eurostack,K1,1,Excel\n", "utf-8")
    with pytest.raises(PanelFileChanged) as info:
        open_store(folder)
    dutch, _ = assert_told(info.value)
    assert "overschrijft het bestand niet" in dutch and "panel/panel.sqlite" in dutch


def test_a_tampered_csv_the_store_cannot_import_tells_the_loaders_problem_in_dutch(folder):
    store = open_store(folder)
    store.record("k-smit", "eurostack", "K1", "2", "")
    (folder / "panel" / "k-smit.csv").write_text("bidder,target,score,score\n", "utf-8")
    with pytest.raises(PanelStoreError) as info:
        store.record("k-smit", "eurostack", "K2", "2", "")
    dutch, english = assert_told(info.value)
    assert "kan niet worden gelezen" in dutch and "staat er twee keer in" in dutch
    assert "appears twice" in english
    with pytest.raises(PanelStoreError) as info:  # nor frozen while the file is broken
        store.freeze("j-mulder")
    assert "kan niet worden gelezen" in assert_told(info.value)[0]
    assert store.frozen() is None


def test_a_csv_that_cannot_be_written(folder, monkeypatch):
    store = open_store(folder)

    def locked(path, content):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("tenderkit.workshop.panel_store.write_atomic", locked)
    with pytest.raises(PanelStoreError) as info:
        store.record("k-smit", "eurostack", "K1", "2", "")
    dutch, _ = assert_told(info.value)
    assert "kan niet worden geschreven" in dutch and "er is niets opgeslagen" in dutch


def test_a_damaged_store_in_dutch_for_the_workshop_and_validate(folder):
    open_store(folder).close()
    (folder / "panel" / "panel.sqlite").write_bytes(b"this is not a database" * 200)
    for side in ("panel.sqlite-wal", "panel.sqlite-shm"):
        (folder / "panel" / side).unlink(missing_ok=True)
    with pytest.raises(PanelStoreDamaged) as info:
        open_store(folder)
    dutch, english = assert_told(info.value)
    assert "het bestand is geen database" in dutch and "file is not a database" in english
    (problem,) = check_store(folder / "panel")
    assert "werkkopie" in assert_told(problem)[0]
    tab = WorkshopApp(folder, debounce=0).tabs.children[1].value
    assert "beschadigd" in tab and "not a database" not in tab
    done = CliRunner().invoke(cli, ["validate", str(folder)])
    assert done.exit_code == 1 and "het bestand is geen database" in done.output
    line = next(line for line in done.output.splitlines() if "panel.sqlite:" in line)
    assert not foreign_words(line.split(": ", 1)[1], "nl"), line


def test_a_frozen_store_without_its_freeze_file(folder):
    store = open_store(folder)
    store.record("k-smit", "eurostack", "K1", "3", "goed")
    store.freeze("j-mulder")
    store.close()
    (folder / "panel" / "freeze.yaml").unlink()
    (problem,) = check_store(folder / "panel")
    dutch, _ = assert_told(problem)
    assert "door j-mulder" in dutch and "panel/freeze.yaml ontbreekt" in dutch


def test_the_panel_app_shows_a_refusal_in_the_tenders_language(folder):
    panel = PanelApp(folder, evaluator="k-smit")
    panel.store.bidders = frozenset({"eurostack"})
    panel.score_widgets[("skyline", "K1")].value = "3"  # a bid the store now does not know
    text = html.unescape(re.sub(r"<[^>]+>", " ", panel.status.value))
    assert "geen inschrijving van 'skyline'" in text, text
    assert not foreign_words(text, "nl", FOLDERS), text
