"""The freeze of the quality scores, kept where `evaluate` reads them: `panel/freeze.yaml`.

When the panel freezes quality (before prices are opened), every panel CSV's sha256 and every
score in it (row, bid, target, score, a hash of the rationale, who agreed) is written here. The
loader compares the CSVs with it on every load, so a score changed after the freeze, in Excel or
anywhere else, stops `validate`, `evaluate` and `report` with the file and row that changed,
instead of quietly giving another winner. The scores are compared, not the bytes: re-saving a
file in Excel (another separator, a BOM) changes nothing that counts.

A freeze is lifted only explicitly, with a reason (`tenderkit unfreeze`); the lifted freeze stays
in `history`, so the record shows that scores were reopened, when, by whom and why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import yaml
from pydantic import Field

from tenderkit.errors import InvalidInput, Problem
from tenderkit.fileio import write_atomic
from tenderkit.formats.award_lock import file_hash
from tenderkit.formats.messages import validate
from tenderkit.formats.panel import ConsensusScore, PanelScore
from tenderkit.formats.types import Id, Strict, Text
from tenderkit.formats.yamlio import read_yaml

__all__ = [
    "FREEZE_FILE",
    "Freeze",
    "FreezeRecord",
    "FrozenFile",
    "FrozenScore",
    "LiftedFreeze",
    "check_freeze",
    "freeze_scores",
    "read_freeze",
    "unfreeze",
    "write_freeze",
]

FREEZE_FILE = "freeze.yaml"
CONSENSUS_FILE = "panel/consensus.csv"


class FrozenScore(Strict):
    """One score as it stood when quality was frozen."""

    row: int
    bidder: Id
    target: Id
    score: Text
    rationale: Text = Field(description="sha256 of the rationale text")
    evaluators: list[Id] | None = Field(default=None, description="consensus: who agreed")


class FrozenFile(Strict):
    """One panel CSV as it stood when quality was frozen."""

    sha256: Text
    scores: list[FrozenScore] = Field(default_factory=list)


class Freeze(Strict):
    """Quality frozen: when, by whom, and the frozen panel files (`panel/<name>.csv`)."""

    at: Text
    by: Text
    files: dict[str, FrozenFile] = Field(default_factory=dict)


class LiftedFreeze(Strict):
    """A freeze that was lifted explicitly, and why."""

    frozen_at: Text
    frozen_by: Text
    unfrozen_at: Text
    unfrozen_by: Text = Field(min_length=1)
    reason: Text = Field(min_length=1)


class FreezeRecord(Strict):
    """The content of `panel/freeze.yaml`."""

    tenderkit_freeze: int = 1
    frozen: Freeze | None = None
    history: list[LiftedFreeze] = Field(default_factory=list)


def shown_time(stamp: str) -> str:
    """`2026-06-20 11:30 UTC` for a stored ISO timestamp (UTC), as messages show it."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def rationale_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def _file_of(score: PanelScore | ConsensusScore) -> str:
    return f"panel/{score.evaluator}.csv" if isinstance(score, PanelScore) else CONSENSUS_FILE


def _frozen(score: PanelScore | ConsensusScore) -> FrozenScore:
    return FrozenScore(
        row=score.row,
        bidder=score.bidder,
        target=score.target,
        score=score.score,
        rationale=rationale_hash(score.rationale),
        evaluators=list(score.evaluators) if isinstance(score, ConsensusScore) else None,
    )


def freeze_scores(
    at: str,
    by: str,
    panel: Iterable[PanelScore],
    agreed: Iterable[ConsensusScore],
    files: Mapping[str, bytes],
) -> Freeze:
    """The freeze of the panel files as loaded: `files` maps `panel/<name>.csv` to its bytes."""
    rows: dict[str, list[FrozenScore]] = {name: [] for name in files}
    for score in [*panel, *agreed]:
        rows.setdefault(_file_of(score), []).append(_frozen(score))
    frozen = {
        name: FrozenFile(
            sha256=file_hash(files[name]), scores=sorted(rows[name], key=lambda s: s.row)
        )
        for name in sorted(files)
    }
    return Freeze(at=at, by=by, files=frozen)


def check_freeze(
    freeze: Freeze,
    panel: Iterable[PanelScore],
    agreed: Iterable[ConsensusScore],
    files: Iterable[str],
    unreadable: Iterable[str] = (),
) -> list[Problem]:
    """Every score that differs from the freeze, named by file and row.

    `files` are the panel CSVs present now; `unreadable` those with problems of their own
    (reported already; comparing their partial content would only add noise).
    """
    skip = set(unreadable)
    now: dict[str, dict[tuple[str, str], PanelScore | ConsensusScore]] = {}
    for score in [*panel, *agreed]:
        now.setdefault(_file_of(score), {}).setdefault((score.bidder, score.target), score)
    when = {"at": shown_time(freeze.at), "by": freeze.by}
    problems: list[Problem] = []
    present = set(files)
    for name in sorted(present - set(freeze.files) - skip):
        problems.append(Problem.of(name, "", "freeze_added"))
    for name, entry in freeze.files.items():
        if name in skip:
            continue
        if name not in present:
            problems.append(
                Problem.of(name, "", "freeze_file_gone", count=len(entry.scores), **when)
            )
            continue
        current = dict(now.get(name, {}))
        for old in entry.scores:
            key = (old.bidder, old.target)
            new = current.pop(key, None)
            if new is None:
                problems.append(
                    Problem.of(
                        name,
                        f"row {old.row}",
                        "freeze_score_removed",
                        bidder=old.bidder,
                        target=old.target,
                        score=old.score,
                    )
                )
                continue
            place = f"row {new.row}"
            what = {"bidder": old.bidder, "target": old.target}
            if new.score != old.score:
                problems.append(
                    Problem.of(
                        name,
                        place,
                        "freeze_score_changed",
                        old=old.score,
                        new=new.score,
                        **what,
                        **when,
                    )
                )
            if rationale_hash(new.rationale) != old.rationale:
                problems.append(Problem.of(name, place, "freeze_rationale_changed", **what))
            if isinstance(new, ConsensusScore) and list(new.evaluators) != (old.evaluators or []):
                problems.append(
                    Problem.of(
                        name,
                        place,
                        "freeze_agreed_changed" if old.evaluators else "freeze_agreed_added",
                        evaluators=old.evaluators or [],
                        **what,
                    )
                )
        for (bidder, target), new in sorted(current.items()):
            problems.append(
                Problem.of(
                    name,
                    f"row {new.row}",
                    "freeze_score_added",
                    bidder=bidder,
                    target=target,
                    **when,
                )
            )
    return problems


def read_freeze(path: Path, display: str) -> tuple[FreezeRecord | None, list[Problem]]:
    data, problems = read_yaml(path, display)
    if problems:
        return None, problems
    return validate(FreezeRecord, data, display)


_HEADER = (
    "# Written by tenderkit when the evaluation panel froze the quality scores.\n"
    "# validate, evaluate and report refuse panel scores that differ from what is listed here.\n"
    "# Do not edit; lift a freeze with: tenderkit unfreeze TENDER_DIR --by NAME --reason TEXT\n"
)


def freeze_text(record: FreezeRecord) -> str:
    data = record.model_dump(mode="json", exclude_none=True)
    return _HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_freeze(panel_dir: Path, record: FreezeRecord) -> Path:
    """Write `panel/freeze.yaml` atomically (temporary file, then rename)."""
    return write_atomic(Path(panel_dir) / FREEZE_FILE, freeze_text(record))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def unfreeze(
    tender_dir: str | Path,
    by: str,
    reason: str,
    clock: Callable[[], dt.datetime] = _now,
) -> LiftedFreeze:
    """Lift the freeze of a tender's panel, recording who did it, when and why.

    The workshop's store follows on its next opening (it reads the lifted freeze from the file).
    """
    path = Path(tender_dir) / "panel" / FREEZE_FILE
    display = f"panel/{FREEZE_FILE}"
    if not path.is_file():
        raise InvalidInput([Problem.of(display, "", "freeze_never")])
    record, problems = read_freeze(path, display)
    if record is None:
        raise InvalidInput(problems)
    if record.frozen is None:
        raise InvalidInput([Problem.of(display, "", "freeze_not_frozen")])
    if not by.strip() or not reason.strip():
        raise InvalidInput([Problem.of(display, "", "freeze_lift_needs")])
    moment = clock().astimezone(dt.UTC).isoformat(timespec="microseconds")
    lifted = LiftedFreeze(
        frozen_at=record.frozen.at,
        frozen_by=record.frozen.by,
        unfrozen_at=moment,
        unfrozen_by=by.strip(),
        reason=reason.strip(),
    )
    write_freeze(path.parent, FreezeRecord(history=[*record.history, lifted]))
    return lifted
