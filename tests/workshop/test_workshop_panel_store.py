"""The panel store: scores persist in SQLite, export to loadable CSVs, and freeze for good."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from workshop_builders import retail_copy

from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender
from tenderkit.workshop.panel_store import (
    PanelStore,
    PanelStoreError,
    QualityFrozen,
)


@pytest.fixture
def retail_dir(tmp_path):
    return retail_copy(tmp_path)


@pytest.fixture
def fresh_panel_dir(tmp_path):
    return retail_copy(tmp_path, fresh=True)


def clock(*moments: str):
    """A clock that returns the given UTC times, then keeps returning the last."""
    times = [dt.datetime.fromisoformat(m).replace(tzinfo=dt.UTC) for m in moments]

    def now() -> dt.datetime:
        return times.pop(0) if len(times) > 1 else times[0]

    return now


def test_scores_persist_in_wal_mode_with_full_sync(fresh_panel_dir):
    tender = load_tender(fresh_panel_dir)
    store = PanelStore.for_tender(tender, clock=clock("2026-06-20T09:00:00"))
    stored = store.record("k-smit", "eurostack", "K1", "3", "Alle eisen met SOC 2 aangetoond.")
    assert stored.updated_at == "2026-06-20T09:00:00.000000+00:00"
    store.close()
    path = fresh_panel_dir / "panel" / "panel.sqlite"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    rows = db.execute("SELECT evaluator, bidder, target, score, rationale, updated_at FROM scores")
    assert rows.fetchall() == [
        (
            "k-smit",
            "eurostack",
            "K1",
            "3",
            "Alle eisen met SOC 2 aangetoond.",
            "2026-06-20T09:00:00.000000+00:00",
        )
    ]
    reopened = PanelStore.for_tender(tender)
    assert reopened.score("k-smit", "eurostack", "K1").score == "3"
    # the store's own connection asks for FULL sync (2) on every commit
    assert reopened._db.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_one_row_per_evaluator_bidder_and_target_and_every_change_logged(fresh_panel_dir):
    store = PanelStore.for_tender(load_tender(fresh_panel_dir))
    store.record("k-smit", "eurostack", "K1", "2")
    store.record("k-smit", "eurostack", "K1", "3", "Na herlezing: klantbeheerde sleutels.")
    assert [(s.score, s.rationale) for s in store.scores("k-smit")] == [
        ("3", "Na herlezing: klantbeheerde sleutels.")
    ]
    assert [row[4] for row in store.history()] == ["2", "3"]


def test_the_export_is_the_panel_csv_format_and_the_loader_reads_it(fresh_panel_dir):
    tender = load_tender(fresh_panel_dir)
    store = PanelStore.for_tender(tender)
    store.record("l-devries", "skyline", "K2", "NR", 'Back-ups in de VS, "Cloud Act"; schadelijk.')
    store.record("l-devries", "skyline", "K1", "2", "")
    store.record("l-devries", "betuwehost", "K3", None, "nog te bekijken")  # no score: not exported
    csv_text = (fresh_panel_dir / "panel" / "l-devries.csv").read_text("utf-8")
    assert csv_text.splitlines()[0] == "bidder,target,score,rationale"
    assert "betuwehost" not in csv_text
    loaded = load_tender(fresh_panel_dir)  # panel.sqlite (and -wal, -shm) sit beside the CSV
    assert {(s.evaluator, s.bidder, s.target, s.score) for s in loaded.panel} == {
        ("l-devries", "skyline", "K1", "2"),
        ("l-devries", "skyline", "K2", "NR"),
    }
    assert next(s for s in loaded.panel if s.target == "K2").rationale.endswith("schadelijk.")
    result = evaluate(loaded, sensitivity=False)
    assert result.bid("skyline").quality.criterion_sources["K2"] in ("panel", "median")


def test_the_store_refuses_what_the_loader_would_refuse(fresh_panel_dir):
    store = PanelStore.for_tender(load_tender(fresh_panel_dir))
    with pytest.raises(PanelStoreError, match="scale"):
        store.record("k-smit", "eurostack", "K1", "7")
    with pytest.raises(PanelStoreError, match="evaluators"):
        store.record("someone-else", "eurostack", "K1", "3")
    with pytest.raises(PanelStoreError, match="no bid"):
        store.record("k-smit", "acme", "K1", "3")
    with pytest.raises(PanelStoreError, match="criterion"):
        store.record("k-smit", "eurostack", "SEC-02", "3")  # a knockout is not scored
    assert store.scores() == []


def test_freezing_is_recorded_and_blocks_changes_in_the_storage_layer(fresh_panel_dir):
    tender = load_tender(fresh_panel_dir)
    store = PanelStore.for_tender(tender, clock=clock("2026-06-20T09:00:00", "2026-06-20T11:30:00"))
    store.record("k-smit", "eurostack", "K1", "3", "goed")
    assert store.frozen() is None
    at = store.freeze("j-mulder")
    assert at == "2026-06-20T11:30:00.000000+00:00"
    assert store.frozen() == (at, "j-mulder")
    assert store.freeze("k-smit") == at  # freezing twice keeps the first
    with pytest.raises(QualityFrozen):
        store.record("k-smit", "eurostack", "K1", "1", "toch niet")
    with pytest.raises(QualityFrozen):
        store.record_consensus("eurostack", "K1", "1", "toch niet", ["k-smit"])
    # another writer that goes around PanelStore is stopped by the database itself
    raw = sqlite3.connect(fresh_panel_dir / "panel" / "panel.sqlite")
    with pytest.raises(sqlite3.IntegrityError, match="quality_frozen"):
        raw.execute("UPDATE scores SET score = '0'")
    with pytest.raises(sqlite3.IntegrityError, match="quality_frozen"):
        raw.execute("DELETE FROM scores")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("DELETE FROM events")
    raw.close()
    assert store.score("k-smit", "eurostack", "K1").score == "3"
    assert [e[0] for e in store.events()] == ["quality_frozen"]
    assert (fresh_panel_dir / "panel" / "freeze.yaml").is_file()  # where evaluate reads it


def test_consensus_is_recorded_with_rationale_and_evaluators(fresh_panel_dir):
    store = PanelStore.for_tender(load_tender(fresh_panel_dir))
    for who, score in (("l-devries", "3"), ("k-smit", "2"), ("j-mulder", "3")):
        store.record(who, "eurostack", "K3", score, "")
    agreed = store.record_consensus(
        "eurostack", "K3", "2", "Geen escrow; servicecredits tot 10%.", ["l-devries", "k-smit"]
    )
    assert agreed.evaluators == ("l-devries", "k-smit")
    text = (fresh_panel_dir / "panel" / "consensus.csv").read_text("utf-8")
    assert text.splitlines()[0] == "bidder,target,score,rationale,evaluators"
    assert "l-devries;k-smit" in text
    loaded = load_tender(fresh_panel_dir)
    assert [(c.bidder, c.target, c.score, c.evaluators) for c in loaded.consensus] == [
        ("eurostack", "K3", "2", ["l-devries", "k-smit"])
    ]
    result = evaluate(loaded, sensitivity=False)
    line = next(p for p in result.panel if (p.bidder, p.target) == ("eurostack", "K3"))
    assert line.method == "consensus" and line.consensus_score == "2"
    with pytest.raises(PanelStoreError, match="needs a score"):
        store.record_consensus("eurostack", "K1", None, "x", ["k-smit"])


def test_a_new_store_takes_over_the_csvs_already_there(retail_dir):
    tender = load_tender(retail_dir)  # the example's consensus.csv: 9 agreed scores
    store = PanelStore.for_tender(tender)
    assert len(store.consensus()) == 9
    store.record_consensus("betuwehost", "K1", "2", "Herzien na toelichting.", ["k-smit"])
    reloaded = load_tender(retail_dir)
    assert len(reloaded.consensus) == 9  # rewritten from the database, nothing dropped
    assert (
        next(c for c in reloaded.consensus if (c.bidder, c.target) == ("betuwehost", "K1")).score
        == "2"
    )
    # opening again imports nothing twice
    again = PanelStore.for_tender(reloaded)
    assert again.sync() == []
    assert len(again.consensus()) == 9
    assert [e[0] for e in again.events()] == ["imported"]


def test_integrity_check(fresh_panel_dir):
    store = PanelStore.for_tender(load_tender(fresh_panel_dir))
    store.record("k-smit", "skyline", "K1", "1")
    assert store.integrity() == "ok"
