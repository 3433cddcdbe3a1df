"""`tenderkit lock` and `tenderkit example`: small edits to tender folders, done safely.

tender.yaml is edited as text, not re-dumped, so the user's comments and layout survive (only a
`lock_history` block is rewritten as a whole when a lock is replaced).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from tenderkit.bundled import example
from tenderkit.errors import InvalidInput, Problem
from tenderkit.fileio import write_atomic
from tenderkit.formats.award_lock import compute_lock, stamp
from tenderkit.formats.messages import validate
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.formats.scoring_model import ScoringModel
from tenderkit.formats.tender_file import LockRecord, TenderFile
from tenderkit.formats.yamlio import read_yaml


def _tender_file(directory: Path) -> TenderFile:
    data, problems = read_yaml(directory / "tender.yaml", "tender.yaml")
    if problems:
        raise InvalidInput(problems)
    config, problems = validate(TenderFile, data, "tender.yaml")
    if config is None:
        raise InvalidInput(problems)
    return config


def set_key(text: str, key: str, value: str) -> str:
    """Set a top-level `key: value` line in YAML text, keeping everything else as it was."""
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    line = f"{key}: {value}"
    if pattern.search(text):
        return pattern.sub(lambda _: line, text, count=1)
    return text.rstrip("\n") + f"\n{line}\n"


def _remove_block(text: str, key: str) -> str:
    """Text without a top-level `key:` and the indented or `- ` lines that belong to it."""
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    inside = False
    for line in lines:
        if re.match(rf"^{re.escape(key)}:", line):
            inside = True
            continue
        if inside and (line[:1] in (" ", "\t", "-") or not line.strip()):
            continue
        inside = False
        kept.append(line)
    return "".join(kept)


def _history_block(records: list[LockRecord]) -> str:
    entries = []
    for record in records:
        entry: dict[str, str] = {"lock": record.lock}
        if record.locked is not None:
            entry["locked"] = stamp(record.locked) or ""
        entry["replaced"] = stamp(record.replaced) or ""
        if record.reason:
            entry["reason"] = record.reason
        entries.append(entry)
    return yaml.safe_dump({"lock_history": entries}, sort_keys=False, allow_unicode=True, width=96)


def _parsed(directory: Path, relative: str, model: type, key: str) -> Any:
    path = directory / relative
    display = f"{relative} (tender.yaml: {key})"
    data, problems = read_yaml(path, display)
    if not problems:
        _, problems = validate(model, data, display)
    if problems:
        raise InvalidInput(problems)
    return data


def write_lock(
    directory: Path, force: bool = False, reason: str = "", now: dt.datetime | None = None
) -> str:
    """Lock the tender's award rules: write `lock` and `locked` into tender.yaml, in place.

    A tender that is already locked is refused unless `force`; then the earlier lock moves, with
    its dates and the reason given, to `lock_history`, so the change leaves a trace.
    """
    tender_yaml = directory / "tender.yaml"
    data, problems = read_yaml(tender_yaml, "tender.yaml")
    if problems:
        raise InvalidInput(problems)
    config = _tender_file(directory)
    if config.lock and not force:
        since = f" since {stamp(config.locked)}" if config.locked else ""
        raise InvalidInput(
            [
                Problem(
                    "tender.yaml",
                    "lock",
                    f"the tender is already locked{since} ({config.lock[:19]}…): its criteria "
                    "were published under this lock. Only after a published change (a nota van "
                    "inlichtingen) lock again with --force and --reason; the current lock is "
                    "then kept in lock_history",
                )
            ]
        )
    rs = _parsed(directory, config.requirement_set, RequirementSet, "requirement_set")
    scoring = _parsed(directory, config.scoring, ScoringModel, "scoring")
    value = compute_lock(data, rs, scoring)
    written = stamp((now or dt.datetime.now(dt.UTC)).replace(microsecond=0)) or ""
    text = tender_yaml.read_text("utf-8")
    if config.lock:
        if value == config.lock:
            return value  # nothing changed since the lock: no new history entry
        history = [
            *config.lock_history,
            LockRecord(lock=config.lock, locked=config.locked, replaced=written, reason=reason),
        ]
        text = _remove_block(text, "lock_history").rstrip("\n") + "\n" + _history_block(history)
    text = re.sub(r"^locked:.*\n?", "", text, flags=re.MULTILINE)
    text = set_key(text, "lock", f"{value}\nlocked: {written}")
    write_atomic(tender_yaml, text)
    return value


def copy_example(name: str, out: Path) -> Path:
    """Copy a bundled example into `out`, with its requirement set and scoring model beside it.

    The copy is made in a temporary folder beside `out` and renamed into place when complete, so
    a full disk or an interruption never leaves half a tender; the temporary folder is removed on
    every way out.
    """
    import tempfile

    from tenderkit.fileio import default_mode, failing_as, make_folder

    source = example(name)
    out = Path(out)
    if out.exists() or out.is_symlink():
        raise InvalidInput([Problem(str(out), "", "already exists; choose a new folder")])
    config = _tender_file(source)
    with failing_as(out.parent):
        make_folder(out.parent)
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        tender = work / "tender"
        with failing_as(out):
            shutil.copytree(source, tender, ignore=shutil.ignore_patterns(".*", "__pycache__"))
            text = (tender / "tender.yaml").read_text("utf-8")
            for key, relative in (
                ("requirement_set", config.requirement_set),
                ("scoring", config.scoring),
            ):
                origin = (source / relative).resolve()
                shutil.copy2(origin, tender / origin.name)
                text = set_key(text, key, origin.name)
            write_atomic(tender / "tender.yaml", text)
            tender.chmod(default_mode(directory=True))
            tender.rename(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out
