"""The workshop's working store of the panel's scores: `panel/panel.sqlite`, beside the record.

The record is the CSV files: `panel/<evaluator>.csv`, `panel/consensus.csv` and, once quality is
frozen, `panel/freeze.yaml` are what `validate`, `evaluate` and `report` read. The database is
the workshop's view of them, kept because several evaluators score at the same time, each in
their own kernel or process, and because it holds what a CSV cannot: every change in order
(`score_log`), rationales typed before a score, the steps of the panel (`events`).

Keeping the two as one:
- Writing through. `record()` changes the database and rewrites the evaluator's CSV (temporary
  file, then rename) inside one transaction: when the CSV cannot be written (open in Excel on
  Windows, a read-only folder) nothing is stored and the evaluator is told. A process killed
  between the rename and the commit leaves the CSV ahead of the database, which the next
  opening imports; an acknowledged score is never lost.
- Noticing edits. Per CSV the store keeps the sha256 of the file as it last wrote or read it
  (`csv_files.file_sha`) and of its own rendering of those scores (`store_sha`). On opening, and
  before every write, a CSV whose hash differs was changed outside the workshop (Excel, a text
  editor, a colleague's copy): it is imported, never overwritten. If the store also holds
  changes for that evaluator that the file lacks (only by writing into the database directly),
  the store refuses to guess and says which file and what to do.
- The freeze. `freeze()` writes `panel/freeze.yaml` (every frozen CSV's hash and scores, see
  `tenderkit.formats.freeze`) and then records the `quality_frozen` event; the store follows the
  file on opening, also when `tenderkit unfreeze` lifted the freeze (`quality_unfrozen`). A
  store frozen without a freeze file (written by an older tenderkit, or the file deleted)
  writes it again from its own scores, so the loader then refuses CSVs edited after the freeze.

Tables (plain sqlite3, schema version in `PRAGMA user_version`):
- `scores`: one row per evaluator, bidder and target (requirement or award criterion) with the
  score on the model's scale (NULL while only a rationale was typed), rationale and timestamp;
- `score_log`: every change, append-only (the record of who scored what when);
- `consensus`: the agreed score per bidder and target, its rationale and who agreed;
- `events`: timestamped steps, append-only;
- `csv_files`: per CSV the two hashes above.

Every change is one transaction in WAL mode with `synchronous=FULL`. Triggers refuse any insert,
update or delete of scores and consensus while the latest freeze event is `quality_frozen`,
whoever writes (another process, the sqlite3 shell). A damaged database (`file is not a
database`, a truncated file) raises `PanelStoreDamaged` with one plain message: the CSVs are
the record, so moving the database aside and opening again rebuilds it.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenderkit import formatting
from tenderkit.errors import Both, Invalid, Problem, TenderkitError
from tenderkit.fileio import write_atomic
from tenderkit.formats.freeze import (
    FREEZE_FILE,
    FreezeRecord,
    freeze_scores,
    read_freeze,
    shown_time,
    write_freeze,
)
from tenderkit.formats.messages import did_you_mean
from tenderkit.formats.panel import (
    CONSENSUS_COLUMNS,
    PANEL_COLUMNS,
    ConsensusScore,
    PanelScore,
)
from tenderkit.loader import PANEL_STORE, read_panel

__all__ = [
    "DB_NAME",
    "PanelFileChanged",
    "PanelStore",
    "PanelStoreDamaged",
    "PanelStoreError",
    "QualityFrozen",
    "StoredConsensus",
    "StoredScore",
    "check_store",
]

DB_NAME = PANEL_STORE  # panel/panel.sqlite; the loader skips it
SCHEMA_VERSION = 2
FROZEN = "quality_frozen"
UNFROZEN = "quality_unfrozen"
IMPORTED = "imported"
CONSENSUS = "consensus.csv"
MAX_RATIONALE = 10_000
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_IS_FROZEN = (
    f"(SELECT kind FROM events WHERE kind IN ('{FROZEN}', '{UNFROZEN}') "
    f"ORDER BY id DESC LIMIT 1) = '{FROZEN}'"
)
_FROZEN_TRIGGERS = [
    f"{table}_frozen_{action}"
    for table in ("scores", "consensus")
    for action in ("insert", "update", "delete")
]

_SCHEMA = (
    """
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
CREATE TABLE IF NOT EXISTS csv_files (
    name      TEXT PRIMARY KEY,
    file_sha  TEXT,
    store_sha TEXT NOT NULL,
    synced_at TEXT NOT NULL
);
"""
    + "".join(
        f"""CREATE TRIGGER IF NOT EXISTS {table}_frozen_{action} BEFORE {action.upper()} ON {table}
WHEN {_IS_FROZEN}
BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;
"""
        for table in ("scores", "consensus")
        for action in ("insert", "update", "delete")
    )
    + """CREATE TRIGGER IF NOT EXISTS score_log_append_only_update BEFORE UPDATE ON score_log
BEGIN SELECT RAISE(ABORT, 'score_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS score_log_append_only_delete BEFORE DELETE ON score_log
BEGIN SELECT RAISE(ABORT, 'score_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
"""
)


class PanelStoreError(TenderkitError, Invalid):
    """A score the panel store refuses: off the scale, an unknown bidder, target or evaluator.

    Told by a catalogue text of texts/validation.yaml (`PanelStoreError("store_busy", ...)`), so
    the workshop shows it in the tender's language (`errors.told(exc, language)`); `str(exc)`
    is the English text.
    """


class PanelStoreDamaged(PanelStoreError):
    """`panel.sqlite` cannot be read; the CSV files, the record, are not affected."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        self.reason = sqlite_reason(detail)
        """What SQLite said, in words of each language (`reason.nl`, `reason.en`)."""
        super().__init__("in_file", file=_shown(path), problem=damaged(path, detail))

    def __reduce__(self):  # rebuilt from the path and the detail, as it was made
        return (type(self), (self.path, self.detail))


def damaged(path: Path, detail: str) -> Invalid:
    """What to say about a damaged store, after its name (both languages)."""
    return Invalid("store_damaged", name=path.name, detail=sqlite_reason(detail))


_SQLITE_REASONS = {
    "file is not a database": "sqlite_not_a_database",
    "database disk image is malformed": "sqlite_malformed",
    "database is locked": "sqlite_locked",
    "disk i/o error": "sqlite_io",
    "database or disk is full": "sqlite_full",
    "attempt to write a readonly database": "sqlite_read_only",
    "unable to open database file": "sqlite_cannot_open",
}


def sqlite_reason(detail: str) -> Both:
    """SQLite's own English ("file is not a database") in words of each language; a message
    SQLite rarely gives is passed on as it is, in both."""
    key = _SQLITE_REASONS.get(str(detail).strip().rstrip(".").casefold())
    return Both.of(key) if key else Both(str(detail), str(detail))


class PanelFileChanged(PanelStoreError):
    """A panel CSV changed outside the workshop while the store also changed: it will not guess."""


class QualityFrozen(TenderkitError, Invalid):
    """Quality was frozen: individual and consensus scores can no longer change."""


def _problems(problems: Iterable[Problem]) -> Both:
    """Problems told inside another text, each as `file: place: what`, in both languages."""
    found = list(problems)
    return Both(*("; ".join(p.describe(lang) for p in found) for lang in ("nl", "en")))


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


def _shown(path: Path) -> str:
    """`panel/<name>` as messages name panel files."""
    return f"panel/{path.name}"


def _whole(value: int) -> Both:
    """A whole number as each language writes it (`10.000`, `10,000`)."""
    return Both(formatting.number(value, "nl", 0), formatting.number(value, "en", 0))


def _sha(content: bytes | None) -> str | None:
    return None if content is None else hashlib.sha256(content).hexdigest()


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PanelStoreError(
            "store_cannot_read", file=_shown(path), detail=exc.strerror or exc
        ) from None


class PanelStore:
    """The panel's scores of one tender, in `<panel_dir>/panel.sqlite`.

    `scale` (a scoring model `Scale`), `bidders`, `targets` and `evaluators` make the store refuse
    what the loader would refuse later; each may be None to accept anything of the right form.
    `clock` gives the timestamps (UTC); tests pass a fixed one. Opening brings the store up to
    date with the CSV files and the freeze file (`sync()`).
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
        sync: bool = True,
    ) -> None:
        self.panel_dir = Path(panel_dir)
        self.panel_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.panel_dir / DB_NAME
        self._prefix = self.panel_dir.name  # "panel": files are named as the loader names them
        self.scale = scale
        self.bidders = None if bidders is None else frozenset(bidders)
        self.targets = None if targets is None else frozenset(targets)
        self.evaluators = None if evaluators is None else tuple(evaluators)
        self.clock = clock
        self.stale: list[str] = []
        """CSVs that differ from the frozen store (the loader names what changed)."""
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.DatabaseError as exc:
            raise PanelStoreDamaged(self.path, str(exc)) from None
        try:
            self._open(timeout)
            if sync:
                self.sync()
        except BaseException:
            self._db.close()
            raise

    def _open(self, timeout: float) -> None:
        with self._guard():
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # pragma: no cover - only without WAL support
                raise PanelStoreError("store_no_wal", file=_shown(self.path))
            self._db.execute("PRAGMA synchronous = FULL")
            check = self._db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise PanelStoreDamaged(self.path, str(check))
        with self._write():
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise PanelStoreError("store_newer", file=_shown(self.path), version=version)
            if version < 2:  # version 1: the freeze could not be lifted; new triggers
                for name in _FROZEN_TRIGGERS:
                    self._db.execute(f"DROP TRIGGER IF EXISTS {name}")
            for statement in _statements(_SCHEMA):
                self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @classmethod
    def for_tender(cls, tender: Any, **kwargs: Any) -> PanelStore:
        """The store in the tender's `panel/` folder, checking against its model and bids.

        Opening takes over the panel CSVs the folder holds and every later change of them.
        """
        if tender.directory is None:
            raise PanelStoreError("store_no_folder")
        rs = tender.requirement_set
        return cls(
            Path(tender.directory) / "panel",
            scale=tender.scoring.scale,
            bidders=tender.bids,
            targets=[*rs.criterion_ids, *(r.id for r in rs.requirements if r.kind == "scored")],
            evaluators=tender.config.evaluator_ids or None,
            **kwargs,
        )

    # --- connection --------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> PanelStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """A database that cannot be read becomes one plain `PanelStoreDamaged`."""
        try:
            yield
        except sqlite3.IntegrityError:
            raise  # a trigger's refusal (the freeze): the caller names it
        except sqlite3.OperationalError as exc:  # locked past the timeout, disk full, I/O error
            raise PanelStoreError(
                "store_busy", file=_shown(self.path), detail=sqlite_reason(str(exc))
            ) from None
        except sqlite3.DatabaseError as exc:
            raise PanelStoreDamaged(self.path, str(exc)) from None

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._guard():
            yield self._db

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE: no lock upgrade deadlocks)."""
        with self._lock, self._guard():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
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
    ) -> StoredScore:
        """Store one evaluator's score (and rationale) for one bid and target, and rewrite the
        evaluator's CSV; returns once both are on disk. Nothing is stored when the CSV cannot be
        written, or when it was changed outside the workshop (then it is read in first)."""
        label = self._check(evaluator, bidder, target, score, rationale)
        name = f"{evaluator}.csv"
        self._take_outside_changes(name)
        now = self._now()
        try:
            with self._write() as db:
                self._refuse_if_frozen(db)
                self._refuse_if_changed(db, name)
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
                self._export(db, name)
        except sqlite3.IntegrityError as exc:
            raise _frozen_or(exc) from None
        return StoredScore(evaluator, bidder, target, label, rationale, now)

    def scores(self, evaluator: str | None = None) -> list[StoredScore]:
        """Stored scores (of one evaluator, or all), by evaluator, bidder and target."""
        query = "SELECT evaluator, bidder, target, score, rationale, updated_at FROM scores"
        args: tuple = ()
        if evaluator is not None:
            query += " WHERE evaluator = ?"
            args = (evaluator,)
        with self._read() as db:
            rows = db.execute(query + " ORDER BY evaluator, bidder, target", args).fetchall()
        return [StoredScore(*row) for row in rows]

    def score(self, evaluator: str, bidder: str, target: str) -> StoredScore | None:
        with self._read() as db:
            row = db.execute(
                "SELECT evaluator, bidder, target, score, rationale, updated_at FROM scores "
                "WHERE evaluator = ? AND bidder = ? AND target = ?",
                (evaluator, bidder, target),
            ).fetchone()
        return None if row is None else StoredScore(*row)

    def history(self) -> list[tuple]:
        """Every change ever stored: (at, evaluator, bidder, target, score, rationale)."""
        with self._read() as db:
            return db.execute(
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
    ) -> StoredConsensus:
        """Store the score the panel agreed, why, and who agreed; rewrites consensus.csv."""
        names = tuple(dict.fromkeys(evaluators))
        for name in names:
            self._check_evaluator(name)
        label = self._check(None, bidder, target, score, rationale)
        if label is None:
            raise PanelStoreError("store_consensus_needs_score")
        self._take_outside_changes(CONSENSUS)
        now = self._now()
        try:
            with self._write() as db:
                self._refuse_if_frozen(db)
                self._refuse_if_changed(db, CONSENSUS)
                db.execute(
                    "INSERT INTO consensus (bidder, target, score, rationale, evaluators, "
                    "recorded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (bidder, target) DO "
                    "UPDATE SET score = excluded.score, rationale = excluded.rationale, "
                    "evaluators = excluded.evaluators, recorded_at = excluded.recorded_at",
                    (bidder, target, label, rationale, json.dumps(list(names)), now),
                )
                self._export(db, CONSENSUS)
        except sqlite3.IntegrityError as exc:
            raise _frozen_or(exc) from None
        return StoredConsensus(bidder, target, label, rationale, names, now)

    def consensus(self) -> list[StoredConsensus]:
        with self._read() as db:
            rows = db.execute(
                "SELECT bidder, target, score, rationale, evaluators, recorded_at FROM consensus "
                "ORDER BY bidder, target"
            ).fetchall()
        return [StoredConsensus(b, t, s, r, tuple(json.loads(e)), at) for b, t, s, r, e, at in rows]

    # --- freezing ----------------------------------------------------------------------------

    def freeze(self, by: str) -> str:
        """Freeze quality: write `panel/freeze.yaml` with every panel CSV's hash and scores, then
        record the timestamped event; from now on no score changes. Returns the timestamp;
        freezing twice keeps the first. Refused while a panel CSV cannot be read."""
        self.sync()
        with self._write() as db:
            found = self._frozen(db)
            if found is not None:
                return found[0]
            for name in self._names(db):
                self._refuse_if_changed(db, name)
            read = read_panel(self.panel_dir.parent, self.panel_dir)
            broken = list(read.problems)
            if broken:
                raise PanelStoreError("store_freeze_problems", problems=_problems(broken))
            now = self._now()
            csvs = {k: v for k, v in read.files.items() if k.lower().endswith(".csv")}
            history = read.freeze.history if read.freeze is not None else []
            frozen = freeze_scores(now, by, read.panel, read.agreed, csvs)
            write_freeze(self.panel_dir, FreezeRecord(frozen=frozen, history=history))
            db.execute("INSERT INTO events (kind, at, by) VALUES (?, ?, ?)", (FROZEN, now, by))
        return now

    def frozen(self) -> tuple[str, str] | None:
        """(timestamp, by whom) of the freeze, or None while the panel is still scoring."""
        with self._read() as db:
            return self._frozen(db)

    @staticmethod
    def _frozen(db: sqlite3.Connection) -> tuple[str, str] | None:
        row = db.execute(
            "SELECT kind, at, by FROM events WHERE kind IN (?, ?) ORDER BY id DESC LIMIT 1",
            (FROZEN, UNFROZEN),
        ).fetchone()
        return (row[1], row[2]) if row is not None and row[0] == FROZEN else None

    def events(self) -> list[tuple[str, str, str, str]]:
        with self._read() as db:
            return db.execute("SELECT kind, at, by, detail FROM events ORDER BY id").fetchall()

    def _refuse_if_frozen(self, db: sqlite3.Connection) -> None:
        found = self._frozen(db)
        if found is not None:
            raise QualityFrozen("store_frozen_at", time=shown_time(found[0]))

    # --- the CSV files and the freeze file, the record ---------------------------------------

    def sync(self) -> list[str]:
        """Bring the store up to date with the record: the freeze file first, then every CSV
        changed outside the workshop is imported (while not frozen). Returns the imported files
        (`panel/<name>.csv`); `stale` lists CSVs that differ from a frozen store."""
        with self._write() as db:
            record = self._freeze_record()
            self._lift_freeze(db, record)
            imported: list[str] = []
            self.stale = []
            for name in self._names(db):
                state = self._state(db, name)
                if state == "file" and self._frozen(db) is not None:
                    self.stale.append(f"{self._prefix}/{name}")
                elif state == "file":
                    imported.append(self._import(db, name))
                elif state == "store":
                    self._export(db, name)
                elif state == "same":
                    self._note(db, name)
                elif state == "both":
                    raise self._conflict(name)
            if imported:
                db.execute(
                    "INSERT INTO events (kind, at, by, detail) VALUES (?, ?, '', ?)",
                    (IMPORTED, self._now(), ", ".join(imported)),
                )
            self._follow_freeze(db, record)
        return imported

    def export(self, evaluator: str) -> Path:
        """Rewrite `panel/<evaluator>.csv` from the store, unless it changed outside it."""
        self._check_evaluator(evaluator)
        return self._export_checked(f"{evaluator}.csv")

    def export_consensus(self) -> Path:
        return self._export_checked(CONSENSUS)

    def _export_checked(self, name: str) -> Path:
        self._take_outside_changes(name)
        with self._write() as db:
            self._refuse_if_changed(db, name)
            self._export(db, name)
        return self.panel_dir / name

    def _names(self, db: sqlite3.Connection) -> list[str]:
        """Every panel CSV the store or the folder knows of."""
        names = {row[0] for row in db.execute("SELECT name FROM csv_files")}
        names |= {f"{row[0]}.csv" for row in db.execute("SELECT DISTINCT evaluator FROM scores")}
        if db.execute("SELECT 1 FROM consensus LIMIT 1").fetchone():
            names.add(CONSENSUS)
        names |= {
            p.name
            for p in self.panel_dir.glob("*.csv")
            if p.is_file() and not p.name.startswith(".")
        }
        return sorted(names)

    def _render(self, db: sqlite3.Connection, name: str) -> bytes:
        """The store's CSV of one file: the FORMATS.md panel format, scored rows only."""
        if name == CONSENSUS:
            rows = [
                (b, t, s, r, ";".join(json.loads(e)))
                for b, t, s, r, e in db.execute(
                    "SELECT bidder, target, score, rationale, evaluators FROM consensus "
                    "ORDER BY bidder, target"
                ).fetchall()
            ]
            return _csv(CONSENSUS_COLUMNS, rows).encode("utf-8")
        rows = db.execute(
            "SELECT bidder, target, score, rationale FROM scores WHERE evaluator = ? AND "
            "score IS NOT NULL ORDER BY bidder, target",
            (name.removesuffix(".csv"),),
        ).fetchall()
        return _csv(PANEL_COLUMNS, rows).encode("utf-8")

    def _has_rows(self, db: sqlite3.Connection, name: str) -> bool:
        if name == CONSENSUS:
            return db.execute("SELECT 1 FROM consensus LIMIT 1").fetchone() is not None
        return (
            db.execute(
                "SELECT 1 FROM scores WHERE evaluator = ? AND score IS NOT NULL LIMIT 1",
                (name.removesuffix(".csv"),),
            ).fetchone()
            is not None
        )

    def _state(self, db: sqlite3.Connection, name: str) -> str:
        """Which side changed since the last sync: 'none', 'file', 'store' or 'both'."""
        content = _read_or_none(self.panel_dir / name)
        store_sha = _sha(self._render(db, name))
        row = db.execute(
            "SELECT file_sha, store_sha FROM csv_files WHERE name = ?", (name,)
        ).fetchone()
        if row is None:  # never synced: a new store, or one written by tenderkit before 2
            if content is None:
                return "store" if self._has_rows(db, name) else "none"
            return "file" if _sha(content) != store_sha else "same"
        file_changed = _sha(content) != row[0]
        store_changed = store_sha != row[1]
        if file_changed and store_changed:
            return "both"
        return "file" if file_changed else "store" if store_changed else "none"

    def _note(self, db: sqlite3.Connection, name: str) -> None:
        """Record both hashes of one CSV as they are now."""
        content = _read_or_none(self.panel_dir / name)
        db.execute(
            "INSERT INTO csv_files (name, file_sha, store_sha, synced_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET file_sha = excluded.file_sha, "
            "store_sha = excluded.store_sha, synced_at = excluded.synced_at",
            (name, _sha(content), _sha(self._render(db, name)), self._now()),
        )

    def _export(self, db: sqlite3.Connection, name: str) -> None:
        """Write the store's CSV of `name` (temporary file, then rename) inside the caller's
        transaction: when it cannot be written, the transaction is undone."""
        path = self.panel_dir / name
        try:
            write_atomic(path, self._render(db, name))
        except OSError as exc:
            raise PanelStoreError(
                "store_cannot_write", file=f"panel/{name}", detail=exc.strerror or exc
            ) from None
        self._note(db, name)

    def _take_outside_changes(self, name: str) -> None:
        """Before a write: import `name` if it changed outside the workshop, and tell."""
        with self._write() as db:
            state = self._state(db, name)
            if state in ("file", "same") and self._frozen(db) is None:
                if state == "same":
                    self._note(db, name)
                    return
                self._import(db, name)
                db.execute(
                    "INSERT INTO events (kind, at, by, detail) VALUES (?, ?, '', ?)",
                    (IMPORTED, self._now(), f"panel/{name}"),
                )
                changed = True
            elif state == "both":
                raise self._conflict(name)
            else:
                changed = False
        if changed:
            raise PanelFileChanged("store_changed_outside", file=f"panel/{name}")

    def _refuse_if_changed(self, db: sqlite3.Connection, name: str) -> None:
        """Inside a write: the CSV must be as the store last saw it (never overwrite an edit)."""
        state = self._state(db, name)
        if state in ("file", "both"):
            raise PanelFileChanged("store_changed_just_now", file=f"panel/{name}")

    def _conflict(self, name: str) -> PanelFileChanged:
        return PanelFileChanged("store_conflict", file=f"panel/{name}", store=_shown(self.path))

    def _import(self, db: sqlite3.Connection, name: str) -> str:
        """Make the store's scores of one CSV what the file says (every change logged)."""
        shown = f"{self._prefix}/{name}"
        read = read_panel(self.panel_dir.parent, self.panel_dir)
        if shown in read.unreadable:
            found = _problems(p for p in read.problems if p.file == shown)
            raise PanelStoreError("store_import_unreadable", file=shown, problems=found)
        now = self._now()
        if name == CONSENSUS:
            self._import_consensus(db, [c for c in read.agreed], now)
        else:
            evaluator = name.removesuffix(".csv")
            self._import_scores(db, evaluator, [s for s in read.panel if s.evaluator == evaluator])
        self._note(db, name)
        return shown

    def _label(self, score: str) -> str:
        label = self.scale.label(score) if self.scale is not None else None
        return label or score

    def _import_scores(
        self, db: sqlite3.Connection, evaluator: str, rows: list[PanelScore]
    ) -> None:
        now = self._now()
        wanted = {(s.bidder, s.target): (self._label(s.score), s.rationale) for s in rows}
        held = {
            (b, t): (s, r)
            for b, t, s, r in db.execute(
                "SELECT bidder, target, score, rationale FROM scores WHERE evaluator = ?",
                (evaluator,),
            )
        }
        for (bidder, target), (score, rationale) in sorted(wanted.items()):
            if held.get((bidder, target)) == (score, rationale):
                continue
            db.execute(
                "INSERT INTO scores (evaluator, bidder, target, score, rationale, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (evaluator, bidder, target) DO UPDATE "
                "SET score = excluded.score, rationale = excluded.rationale, "
                "updated_at = excluded.updated_at",
                (evaluator, bidder, target, score, rationale, now),
            )
            db.execute(
                "INSERT INTO score_log (at, evaluator, bidder, target, score, rationale) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (now, evaluator, bidder, target, score, rationale),
            )
        for (bidder, target), (score, _) in sorted(held.items()):
            if score is not None and (bidder, target) not in wanted:  # removed from the file
                db.execute(
                    "DELETE FROM scores WHERE evaluator = ? AND bidder = ? AND target = ?",
                    (evaluator, bidder, target),
                )
                db.execute(
                    "INSERT INTO score_log (at, evaluator, bidder, target, score, rationale) "
                    "VALUES (?, ?, ?, ?, NULL, '')",
                    (now, evaluator, bidder, target),
                )

    def _import_consensus(
        self, db: sqlite3.Connection, rows: list[ConsensusScore], now: str
    ) -> None:
        wanted = {
            (c.bidder, c.target): (
                self._label(c.score),
                c.rationale,
                json.dumps(list(c.evaluators)),
            )
            for c in rows
        }
        held = {
            (b, t): (s, r, e)
            for b, t, s, r, e in db.execute(
                "SELECT bidder, target, score, rationale, evaluators FROM consensus"
            )
        }
        for key in sorted(set(held) - set(wanted)):
            db.execute("DELETE FROM consensus WHERE bidder = ? AND target = ?", key)
        for (bidder, target), values in sorted(wanted.items()):
            if held.get((bidder, target)) != values:
                db.execute(
                    "INSERT INTO consensus (bidder, target, score, rationale, evaluators, "
                    "recorded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (bidder, target) DO "
                    "UPDATE SET score = excluded.score, rationale = excluded.rationale, "
                    "evaluators = excluded.evaluators, recorded_at = excluded.recorded_at",
                    (bidder, target, *values, now),
                )

    def _freeze_record(self) -> FreezeRecord | None:
        path = self.panel_dir / FREEZE_FILE
        if not path.is_file():
            return None
        record, problems = read_freeze(path, f"{self._prefix}/{FREEZE_FILE}")
        if record is None:
            raise PanelStoreError("store_freeze_file_problems", problems=_problems(problems))
        return record

    def _lift_freeze(self, db: sqlite3.Connection, record: FreezeRecord | None) -> None:
        """Before importing: lift the store's freeze when the freeze file lifted it (or holds
        another freeze, which `_follow_freeze` records after the import)."""
        mine = self._frozen(db)
        if mine is None or record is None:
            return
        if record.frozen is not None and record.frozen.at != mine[0]:
            db.execute(
                "INSERT INTO events (kind, at, by, detail) VALUES (?, ?, ?, ?)",
                (UNFROZEN, self._now(), "", f"superseded by {self._prefix}/{FREEZE_FILE}"),
            )
            return
        lifted = next((h for h in record.history if h.frozen_at == mine[0]), None)
        if record.frozen is None and lifted is not None:
            db.execute(
                "INSERT INTO events (kind, at, by, detail) VALUES (?, ?, ?, ?)",
                (UNFROZEN, lifted.unfrozen_at, lifted.unfrozen_by, lifted.reason),
            )

    def _follow_freeze(self, db: sqlite3.Connection, record: FreezeRecord | None) -> None:
        """After importing: freeze as the freeze file says; or, when the store is frozen and
        the file does not say so (written by tenderkit before it kept the freeze there, or
        deleted), write the file again from the store's own frozen scores."""
        mine = self._frozen(db)
        theirs = record.frozen if record is not None else None
        if theirs is not None:
            if mine is None:
                db.execute(
                    "INSERT INTO events (kind, at, by, detail) VALUES (?, ?, ?, ?)",
                    (FROZEN, theirs.at, theirs.by, f"from {self._prefix}/{FREEZE_FILE}"),
                )
            return
        if mine is None:
            return
        panel, agreed, files = [], [], {}
        for name in self._names(db):
            if not self._has_rows(db, name):
                continue
            content = self._render(db, name)
            files[f"panel/{name}"] = content
            rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
            for number, row in enumerate(rows, start=2):
                if name == CONSENSUS:
                    names = [n for n in row.pop("evaluators").split(";") if n]
                    agreed.append(ConsensusScore(**row, evaluators=names, row=number))
                else:
                    panel.append(PanelScore(**row, evaluator=name[:-4], row=number))
        frozen = freeze_scores(mine[0], mine[1], panel, agreed, files)
        history = record.history if record is not None else []
        write_freeze(self.panel_dir, FreezeRecord(frozen=frozen, history=history))

    # --- checks ------------------------------------------------------------------------------

    def integrity(self) -> str:
        """`PRAGMA integrity_check`: 'ok' for a sound database."""
        with self._read() as db:
            return db.execute("PRAGMA integrity_check").fetchone()[0]

    def _check_evaluator(self, evaluator: str | None) -> None:
        if evaluator is None:
            return
        if not isinstance(evaluator, str) or not _ID.match(evaluator) or evaluator == "consensus":
            raise PanelStoreError("store_evaluator_name", name=evaluator)
        if self.evaluators is not None and evaluator not in self.evaluators:
            raise PanelStoreError(
                "not_an_evaluator",
                name=evaluator,
                evaluators=", ".join(self.evaluators),
                suggestion=did_you_mean(evaluator, self.evaluators),
            )

    def _check(
        self, evaluator: str | None, bidder: str, target: str, score: str | None, rationale: str
    ) -> str | None:
        self._check_evaluator(evaluator)
        if self.bidders is not None and bidder not in self.bidders:
            raise PanelStoreError(
                "no_bid", bidder=bidder, suggestion=did_you_mean(bidder, self.bidders)
            )
        if self.targets is not None and target not in self.targets:
            raise PanelStoreError(
                "target_unknown", target=target, suggestion=did_you_mean(target, self.targets)
            )
        if not isinstance(rationale, str) or len(rationale) > MAX_RATIONALE:
            raise PanelStoreError("store_rationale_long", limit=_whole(MAX_RATIONALE))
        if score is None or str(score).strip() == "":
            return None
        if self.scale is None:
            return str(score).strip()
        label = self.scale.label(str(score))
        if label is None:
            raise PanelStoreError("off_scale", score=score, scale=", ".join(self.scale.labels))
        return label


def check_store(panel_dir: str | Path) -> list[Problem]:
    """What `validate` says about `panel/panel.sqlite`: nothing when it is absent or sound; one
    problem when it is damaged, or frozen while `panel/freeze.yaml` does not say so.

    Opens the database read-only (a folder without it is fine: the store is optional).
    """
    path = Path(panel_dir) / DB_NAME
    if not path.is_file():
        return []
    shown = _shown(path)
    try:
        found = _check_store(path, shown, f"{path.resolve().as_uri()}?mode=ro")
    except sqlite3.OperationalError:  # a read-only folder: WAL needs its -shm; read the file as is
        try:
            found = _check_store(path, shown, f"{path.resolve().as_uri()}?immutable=1")
        except sqlite3.Error as exc:
            return [Problem.of(shown, "", "cannot_read", detail=sqlite_reason(str(exc)))]
    if isinstance(found, list):
        return found
    frozen = found
    freeze_path = path.parent / FREEZE_FILE
    if frozen is not None and not freeze_path.is_file():
        return [
            Problem.of(
                shown,
                "",
                "store_frozen_no_file",
                time=shown_time(frozen[0]),
                by=frozen[1],
                freeze=f"panel/{FREEZE_FILE}",
            )
        ]
    return []


def _check_store(path: Path, shown: str, uri: str) -> list[Problem] | tuple[str, str] | None:
    """Problems of a damaged store; else the freeze it holds (None when not frozen)."""
    db = sqlite3.connect(uri, uri=True)
    try:
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            return [
                Problem.of(
                    shown, "", "store_damaged", name=path.name, detail=sqlite_reason(str(check))
                )
            ]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        return PanelStore._frozen(db) if "events" in tables else None
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:
        return [
            Problem.of(shown, "", "store_damaged", name=path.name, detail=sqlite_reason(str(exc)))
        ]
    finally:
        db.close()


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
        return QualityFrozen("store_frozen")
    return PanelStoreError("store_refused", detail=str(exc))
