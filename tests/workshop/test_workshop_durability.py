"""No acknowledged panel score is lost: concurrent writers, some killed mid-write with SIGKILL.

Processes write scores for different evaluators into the same `panel.sqlite` at the same time.
After each `record()` returns, a writer appends the score to its own acknowledgement file (a plain
`write(2)`: once it returns, the line survives the process). The parent kills three writers, one
after another, with SIGKILL while they write, and lets the survivor finish; then every
acknowledged score must be in the database, which must pass `PRAGMA integrity_check` and still
take writes.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

from tenderkit.workshop.panel_store import PanelStore


def writer(panel_dir: str, evaluator: str, count: int, ack_path: str, go) -> None:
    store = PanelStore(panel_dir)
    ack = os.open(ack_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    go.wait()
    for i in range(count):
        bidder, target, score = f"bid-{i % 7}", f"T{i:04d}", str(i % 11)
        store.record(evaluator, bidder, target, score, f"{evaluator} over {bidder}, item {i}")
        os.write(ack, f"{bidder},{target},{score}\n".encode())
    os.close(ack)


def acknowledged(path: Path) -> set[tuple[str, str, str]]:
    if not path.exists():
        return set()
    lines = path.read_text().splitlines()
    return {tuple(line.split(",")) for line in lines if line.count(",") == 2}


def test_concurrent_writers_and_killed_ones_lose_nothing_acknowledged(tmp_path):
    panel = tmp_path / "panel"
    PanelStore(panel).close()  # create the schema once
    ctx = multiprocessing.get_context("spawn")
    go = ctx.Event()
    names = ["survivor", "victim-1", "victim-2", "victim-3"]
    acks = {name: tmp_path / f"{name}.ack" for name in names}
    survivor = ctx.Process(
        target=writer, args=(str(panel), "survivor", 300, str(acks["survivor"]), go)
    )
    survivor.start()
    go.set()
    rng = random.Random(2026)
    for name in names[1:]:  # one after the other, each killed while the survivor writes
        victim = ctx.Process(target=writer, args=(str(panel), name, 100_000, str(acks[name]), go))
        victim.start()
        kill_after = rng.randint(15, 60)
        deadline = time.monotonic() + 120
        while len(acknowledged(acks[name])) < kill_after and time.monotonic() < deadline:
            assert victim.is_alive(), f"{name} stopped before it was killed"
            time.sleep(0.002)
        time.sleep(rng.random() * 0.01)  # somewhere inside a record() (or between two)
        os.kill(victim.pid, signal.SIGKILL)
        victim.join(10)
        assert victim.exitcode == -signal.SIGKILL
    survivor.join(180)
    assert survivor.exitcode == 0

    db = sqlite3.connect(panel / "panel.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {
        (evaluator, bidder, target, score)
        for evaluator, bidder, target, score in db.execute(
            "SELECT evaluator, bidder, target, score FROM scores"
        )
    }
    for name in names:
        acked = acknowledged(acks[name])
        assert acked, f"{name} acknowledged nothing"
        missing = {(name, *row) for row in acked} - stored
        assert not missing, f"acknowledged but lost: {sorted(missing)[:5]}"
    assert len(acknowledged(acks["survivor"])) == 300
    db.close()

    # the killed writers held no lock for good: the database still takes writes from anyone
    store = PanelStore(panel)
    store.record("victim-1", "bid-0", "T-after", "5", "after the crash")
    assert store.score("victim-1", "bid-0", "T-after").score == "5"
    assert store.integrity() == "ok"
    # and the survivor's export is complete
    exported = (panel / "survivor.csv").read_text("utf-8").splitlines()
    assert len(exported) == 1 + 300
