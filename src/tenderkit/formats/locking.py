"""`tenderkit lock` and `tenderkit example`: small edits to tender folders, done safely.

tender.yaml is edited as text, not re-dumped, so the user's comments and layout survive.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tenderkit.bundled import example
from tenderkit.errors import InvalidInput, Problem
from tenderkit.fileio import write_atomic
from tenderkit.formats.lock import compute_lock
from tenderkit.formats.messages import validate
from tenderkit.formats.tender_file import TenderFile
from tenderkit.formats.yamlio import read_yaml

_LOCK_LINE = re.compile(r"^lock:.*$", re.MULTILINE)


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


def write_lock(directory: Path) -> str:
    """Compute the lock of the tender's requirement set and scoring model; write it in place."""
    config = _tender_file(directory)
    paths = [directory / config.requirement_set, directory / config.scoring]
    missing = [
        Problem("tender.yaml", key, f"file not found: {path}")
        for key, path in zip(("requirement_set", "scoring"), paths, strict=True)
        if not path.is_file()
    ]
    if missing:
        raise InvalidInput(missing)
    value = compute_lock(paths[0].read_bytes(), paths[1].read_bytes())
    tender_yaml = directory / "tender.yaml"
    write_atomic(tender_yaml, set_key(tender_yaml.read_text("utf-8"), "lock", value))
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
