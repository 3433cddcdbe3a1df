"""Where the evaluation panel's scores live: one SQLite database per tender, `panel/panel.sqlite`.

Why a database and not just the CSVs: several evaluators score at the same time, each in their own
kernel or process, and no acknowledged score may be lost when a laptop lid closes or a process is
killed. Every change is one transaction in WAL mode with `synchronous=FULL`; `record()` returns
only after it committed, and then rewrites `panel/<evaluator>.csv` (the FORMATS.md panel format,
read by `load_tender`) atomically, so the tender folder always holds a loadable copy.

Tables (plain sqlite3, schema version in `PRAGMA user_version`):
- `scores`: one row per evaluator, bidder and target (requirement or award criterion) with the
  score on the model's scale (NULL while only a rationale was typed), rationale and timestamp;
- `score_log`: every change, append-only (the record of who scored what when);
- `consensus`: the agreed score per bidder and target, its rationale and who agreed;
- `events`: timestamped steps, append-only; `quality_frozen` ends scoring.

Freezing is enforced here, in the storage layer: triggers refuse any insert, update or delete of
scores and consensus once a `quality_frozen` event exists, whoever writes (another process, the
sqlite3 shell). `PanelStore` checks first to give a plain message (`QualityFrozen`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenderkit.errors import TenderkitError
from tenderkit.fileio import write_atomic
from tenderkit.formats.loader import PANEL_STORE
from tenderkit.formats.panel import CONSENSUS_COLUMNS, PANEL_COLUMNS

__all__ = [
    "DB_NAME",
    "PanelStore",
    "PanelStoreError",
    "QualityFrozen",
    "StoredConsensus",
    "StoredScore",
]

DB_NAME = PANEL_STORE  # panel/panel.sqlite; the loader skips it
SCHEMA_VERSION = 1
FROZEN = "quality_frozen"
IMPORTED = "imported"
MAX_RATIONALE = 10_000
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS scores (
    evaluator  TEXT NOT NULL,
    bidder     TEXT NOT NULL,
    target     TEXT NOT NULL,
    score      TEXT,
    rationale  TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (evaluator, bidder, target)
);
CREATE TABLE IF NOT EXISTS score_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    evaluator TEXT NOT NULL,
    bidder    TEXT NOT NULL,
    target    TEXT NOT NULL,
    score     TEXT,
    rationale TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS consensus (
    bidder      TEXT NOT NULL,
    target      TEXT NOT NULL,
    score       TEXT NOT NULL,
    rationale   TEXT NOT NULL DEFAULT '',
    evaluators  TEXT NOT NULL DEFAULT '[]',
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (bidder, target)
);
CREATE TABLE IF NOT EXISTS events (
    id     INTEGER PRIMARY KEY,
    kind   TEXT NOT NULL,
    at     TEXT NOT NULL,
    by     TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER IF NOT EXISTS scores_frozen_insert BEFORE INSERT ON scores
WHEN EXISTS (SELECT 1 FROM events WHERE kind = '{FROZEN}')
BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;
CREATE TRIGGER IF NOT EXISTS scores_frozen_update BEFORE UPDATE ON scores
WHEN EXISTS (SELECT 1 FROM events WHERE kind = '{FROZEN}')
BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;
CREATE TRIGGER IF NOT EXISTS scores_frozen_delete BEFORE DELETE ON scores
WHEN EXISTS (SELECT 1 FROM events WHERE kind = '{FROZEN}')
BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;
CREATE TRIGGER IF NOT EXISTS consensus_frozen_insert BEFORE INSERT ON consensus
WHEN EXISTS (SELECT 1 FROM events WHERE kind = '{FROZEN}')
BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;
CREATE TRIGGER IF NOT EXISTS consensus_frozen_update BEFORE UPDATE ON consensus
WHEN EXISTS (SELECT 1 FROM events WHERE kind = '{FROZEN}')
BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;
CREATE TRIGGER IF NOT EXISTS consensus_frozen_delete BEFORE DELETE ON consensus
WHEN EXISTS (SELECT 1 FROM events WHERE kind = '{FROZEN}')
BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;
CREATE TRIGGER IF NOT EXISTS score_log_append_only_update BEFORE UPDATE ON score_log
BEGIN SELECT RAISE(ABORT, 'score_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS score_log_append_only_delete BEFORE DELETE ON score_log
BEGIN SELECT RAISE(ABORT, 'score_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
"""


class PanelStoreError(TenderkitError, ValueError):
    """A score the panel store refuses: off the scale, an unknown bidder, target or evaluator."""


class QualityFrozen(TenderkitError):
    """Quality was frozen: individual and consensus scores can no longer change."""


@dataclass(frozen=True)
class StoredScore:
    evaluator: str
    bidder: str
    target: str
    score: str | None
    rationale: str
    updated_at: str


@dataclass(frozen=True)
class StoredConsensus:
    bidder: str
    target: str
    score: str
    rationale: str
    evaluators: tuple[str, ...]
    recorded_at: str


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PanelStore:
    """The panel's scores of one tender, in `<panel_dir>/panel.sqlite`.

    `scale` (a scoring model `Scale`), `bidders`, `targets` and `evaluators` make the store refuse
    what the loader would refuse later; each may be None to accept anything of the right form.
    `clock` gives the timestamps (UTC); tests pass a fixed one.
    """

    def __init__(
        self,
        panel_dir: str | Path,
        *,
        scale: Any = None,
        bidders: Iterable[str] | None = None,
        targets: Iterable[str] | None = None,
        evaluators: Iterable[str] | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        timeout: float = 60.0,
    ) -> None:
        self.panel_dir = Path(panel_dir)
        self.panel_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.panel_dir / DB_NAME
        self.scale = scale
        self.bidders = None if bidders is None else frozenset(bidders)
        self.targets = None if targets is None else frozenset(targets)
        self.evaluators = None if evaluators is None else tuple(evaluators)
        self.clock = clock
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            self.path, timeout=timeout, isolation_level=None, check_same_thread=False
        )
        self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # pragma: no cover - only on file systems without WAL
            raise PanelStoreError(f"{self.path}: cannot switch the database to WAL mode ({mode})")
        self._db.execute("PRAGMA synchronous = FULL")
        with self._write():
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise PanelStoreError(
                    f"{self.path} was written by a newer tenderkit (schema {version})"
                )
            for statement in _statements(_SCHEMA):
                self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @classmethod
    def for_tender(cls, tender: Any, **kwargs: Any) -> PanelStore:
        """The store in the tender's `panel/` folder, checking against its model and bids.

        A new store takes over the panel CSVs the folder already holds (once, recorded as the
        `imported` event), so writing a new export never drops scores made before.
        """
        if tender.directory is None:
            raise PanelStoreError("this tender has no folder to keep panel scores in")
        rs = tender.requirement_set
        store = cls(
            Path(tender.directory) / "panel",
            scale=tender.scoring.scale,
            bidders=tender.bids,
            targets=[*rs.criterion_ids, *(r.id for r in rs.requirements if r.kind == "scored")],
            evaluators=tender.config.evaluator_ids or None,
            **kwargs,
        )
        store.import_tender(tender)
        return store

    # --- connection --------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> PanelStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE: no lock upgrade deadlocks)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _now(self) -> str:
        moment = self.clock()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")

    # --- individual scores -------------------------------------------------------------------

    def record(
        self,
        evaluator: str,
        bidder: str,
        target: str,
        score: str | None,
        rationale: str = "",
        *,
        export: bool = True,
    ) -> StoredScore:
        """Store one evaluator's score (and rationale) for one bid and target; returns once it is
        committed to disk, and (with `export`) after the evaluator's CSV was rewritten."""
        label = self._check(evaluator, bidder, target, score, rationale)
        now = self._now()
        try:
            with self._write() as db:
                self._refuse_if_frozen(db)
                db.execute(
                    "INSERT INTO scores (evaluator, bidder, target, score, rationale, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (evaluator, bidder, target) DO UPDATE "
                    "SET score = excluded.score, rationale = excluded.rationale, "
                    "updated_at = excluded.updated_at",
                    (evaluator, bidder, target, label, rationale, now),
                )
                db.execute(
                    "INSERT INTO score_log (at, evaluator, bidder, target, score, rationale) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (now, evaluator, bidder, target, label, rationale),
                )
        except sqlite3.IntegrityError as exc:
            raise _frozen_or(exc) from None
        if export:
            self.export(evaluator)
        return StoredScore(evaluator, bidder, target, label, rationale, now)

    def scores(self, evaluator: str | None = None) -> list[StoredScore]:
        """Stored scores (of one evaluator, or all), by evaluator, bidder and target."""
        query = "SELECT evaluator, bidder, target, score, rationale, updated_at FROM scores"
        args: tuple = ()
        if evaluator is not None:
            query += " WHERE evaluator = ?"
            args = (evaluator,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY evaluator, bidder, target", args).fetchall()
        return [StoredScore(*row) for row in rows]

    def score(self, evaluator: str, bidder: str, target: str) -> StoredScore | None:
        with self._lock:
            row = self._db.execute(
                "SELECT evaluator, bidder, target, score, rationale, updated_at FROM scores "
                "WHERE evaluator = ? AND bidder = ? AND target = ?",
                (evaluator, bidder, target),
            ).fetchone()
        return None if row is None else StoredScore(*row)

    def history(self) -> list[tuple]:
        """Every change ever stored: (at, evaluator, bidder, target, score, rationale)."""
        with self._lock:
            return self._db.execute(
                "SELECT at, evaluator, bidder, target, score, rationale FROM score_log ORDER BY id"
            ).fetchall()

    # --- consensus ---------------------------------------------------------------------------

    def record_consensus(
        self,
        bidder: str,
        target: str,
        score: str,
        rationale: str,
        evaluators: Iterable[str],
        *,
        export: bool = True,
    ) -> StoredConsensus:
        """Store the score the panel agreed, why, and who agreed; rewrites consensus.csv."""
        names = tuple(dict.fromkeys(evaluators))
        for name in names:
            self._check_evaluator(name)
        label = self._check(None, bidder, target, score, rationale)
        if label is None:
            raise PanelStoreError("a consensus needs a score")
        now = self._now()
        try:
            with self._write() as db:
                self._refuse_if_frozen(db)
                db.execute(
                    "INSERT INTO consensus (bidder, target, score, rationale, evaluators, "
                    "recorded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (bidder, target) DO "
                    "UPDATE SET score = excluded.score, rationale = excluded.rationale, "
                    "evaluators = excluded.evaluators, recorded_at = excluded.recorded_at",
                    (bidder, target, label, rationale, json.dumps(list(names)), now),
                )
        except sqlite3.IntegrityError as exc:
            raise _frozen_or(exc) from None
        if export:
            self.export_consensus()
        return StoredConsensus(bidder, target, label, rationale, names, now)

    def consensus(self) -> list[StoredConsensus]:
        with self._lock:
            rows = self._db.execute(
                "SELECT bidder, target, score, rationale, evaluators, recorded_at FROM consensus "
                "ORDER BY bidder, target"
            ).fetchall()
        return [StoredConsensus(b, t, s, r, tuple(json.loads(e)), at) for b, t, s, r, e, at in rows]

    # --- freezing ----------------------------------------------------------------------------

    def freeze(self, by: str) -> str:
        """Record that quality is final (timestamped); from now on no score changes. Returns the
        timestamp; freezing twice keeps the first."""
        with self._write() as db:
            found = db.execute(
                "SELECT at FROM events WHERE kind = ? ORDER BY id LIMIT 1", (FROZEN,)
            ).fetchone()
            if found is not None:
                return found[0]
            now = self._now()
            db.execute("INSERT INTO events (kind, at, by) VALUES (?, ?, ?)", (FROZEN, now, by))
        return now

    def frozen(self) -> tuple[str, str] | None:
        """(timestamp, by whom) of the freeze, or None while the panel is still scoring."""
        with self._lock:
            row = self._db.execute(
                "SELECT at, by FROM events WHERE kind = ? ORDER BY id LIMIT 1", (FROZEN,)
            ).fetchone()
        return None if row is None else (row[0], row[1])

    def events(self) -> list[tuple[str, str, str, str]]:
        with self._lock:
            return self._db.execute(
                "SELECT kind, at, by, detail FROM events ORDER BY id"
            ).fetchall()

    def _refuse_if_frozen(self, db: sqlite3.Connection) -> None:
        row = db.execute("SELECT at FROM events WHERE kind = ? LIMIT 1", (FROZEN,)).fetchone()
        if row is not None:
            raise QualityFrozen(f"quality was frozen at {row[0]}; scores can no longer change")

    # --- CSV export and import ---------------------------------------------------------------

    def export(self, evaluator: str) -> Path:
        """Rewrite `panel/<evaluator>.csv` from the database (scored rows only), atomically.

        Done while holding the database's write lock, so two writers for one evaluator cannot
        leave an older export on disk after a newer one.
        """
        self._check_evaluator(evaluator)
        path = self.panel_dir / f"{evaluator}.csv"
        with self._write() as db:
            rows = db.execute(
                "SELECT bidder, target, score, rationale FROM scores WHERE evaluator = ? AND "
                "score IS NOT NULL ORDER BY bidder, target",
                (evaluator,),
            ).fetchall()
            write_atomic(path, _csv(PANEL_COLUMNS, rows))
        return path

    def export_consensus(self) -> Path:
        path = self.panel_dir / "consensus.csv"
        with self._write() as db:
            rows = [
                (b, t, s, r, ";".join(json.loads(e)))
                for b, t, s, r, e in db.execute(
                    "SELECT bidder, target, score, rationale, evaluators FROM consensus "
                    "ORDER BY bidder, target"
                ).fetchall()
            ]
            write_atomic(path, _csv(CONSENSUS_COLUMNS, rows))
        return path

    def import_tender(self, tender: Any) -> bool:
        """Take over the panel and consensus scores a loaded tender holds, once, into an empty
        store. Returns whether anything was imported."""
        with self._write() as db:
            done = db.execute("SELECT 1 FROM events WHERE kind = ?", (IMPORTED,)).fetchone()
            used = db.execute("SELECT 1 FROM scores UNION SELECT 1 FROM consensus").fetchone()
            if done is not None or used is not None:
                return False
            if db.execute("SELECT 1 FROM events WHERE kind = ?", (FROZEN,)).fetchone():
                return False
            now = self._now()
            for s in tender.panel:
                label = self.scale.label(s.score) if self.scale is not None else s.score
                db.execute(
                    "INSERT INTO scores (evaluator, bidder, target, score, rationale, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (s.evaluator, s.bidder, s.target, label or s.score, s.rationale, now),
                )
                db.execute(
                    "INSERT INTO score_log (at, evaluator, bidder, target, score, rationale) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (now, s.evaluator, s.bidder, s.target, label or s.score, s.rationale),
                )
            for c in tender.consensus:
                label = self.scale.label(c.score) if self.scale is not None else c.score
                db.execute(
                    "INSERT INTO consensus (bidder, target, score, rationale, evaluators, "
                    "recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        c.bidder,
                        c.target,
                        label or c.score,
                        c.rationale,
                        json.dumps(list(c.evaluators)),
                        now,
                    ),
                )
            detail = f"{len(tender.panel)} scores, {len(tender.consensus)} consensus"
            db.execute(
                "INSERT INTO events (kind, at, by, detail) VALUES (?, ?, '', ?)",
                (IMPORTED, now, detail),
            )
        return bool(tender.panel or tender.consensus)

    # --- checks ------------------------------------------------------------------------------

    def integrity(self) -> str:
        """`PRAGMA integrity_check`: 'ok' for a sound database."""
        with self._lock:
            return self._db.execute("PRAGMA integrity_check").fetchone()[0]

    def _check_evaluator(self, evaluator: str | None) -> None:
        if evaluator is None:
            return
        if not isinstance(evaluator, str) or not _ID.match(evaluator):
            raise PanelStoreError(
                f"'{evaluator}' cannot name an evaluator: use letters, digits, '-', '_' and '.'"
            )
        if self.evaluators is not None and evaluator not in self.evaluators:
            known = ", ".join(self.evaluators)
            raise PanelStoreError(f"'{evaluator}' is not one of the tender's evaluators ({known})")

    def _check(
        self, evaluator: str | None, bidder: str, target: str, score: str | None, rationale: str
    ) -> str | None:
        self._check_evaluator(evaluator)
        if self.bidders is not None and bidder not in self.bidders:
            raise PanelStoreError(f"there is no bid from '{bidder}'")
        if self.targets is not None and target not in self.targets:
            raise PanelStoreError(
                f"'{target}' is neither an award criterion nor a scored requirement"
            )
        if not isinstance(rationale, str) or len(rationale) > MAX_RATIONALE:
            raise PanelStoreError(f"a rationale is text of at most {MAX_RATIONALE} characters")
        if score is None or str(score).strip() == "":
            return None
        if self.scale is None:
            return str(score).strip()
        label = self.scale.label(str(score))
        if label is None:
            raise PanelStoreError(f"'{score}' is not on the scale ({', '.join(self.scale.labels)})")
        return label


def _statements(script: str) -> list[str]:
    """Split the schema into statements (triggers keep their inner `;`)."""
    out, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current)
        if sqlite3.complete_statement(joined):
            out.append(joined)
            current = []
    return out


def _csv(columns: tuple[str, ...], rows: Iterable[tuple]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def _frozen_or(exc: sqlite3.IntegrityError) -> Exception:
    if FROZEN in str(exc):
        return QualityFrozen("quality was frozen; scores can no longer change")
    return PanelStoreError(str(exc))
