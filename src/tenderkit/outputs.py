"""The output-folder guard: tenderkit writes a folder only where that can never lose an input.

`report`, `batch` (its OUT_DIR and each tender's folder in it) and `make report` all replace a
whole folder by renaming a complete temporary one into place. That is safe only if the folder
being replaced is one tenderkit wrote. So, before anything is written:

- an output folder that is, contains or lies inside an input folder (the tender folder, the
  folders of its requirement set, scoring model and measures, the other tenders of a batch) is
  refused, with or without `--force`; symlinks are resolved first;
- an existing folder is replaced only with `--force` and only when it holds tenderkit's
  `manifest.json` (`is_tenderkit_output`); an existing empty folder needs no `--force`;
- one process at a time writes a folder: `OutputLock` creates a lock file beside it with
  O_EXCL and removes it on every way out; a lock whose process no longer runs on this machine
  is taken over with a note;
- temporary folders are recognised by their manifest too (`status: incomplete` or `failed`), so
  cleaning up after a killed run removes only what tenderkit made.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from tenderkit.errors import TenderkitError

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 20_000_000
"""A manifest lists a hash per file: a few kilobytes. Anything this large is not one of ours."""


class OutputRefused(TenderkitError):
    """The output folder may not be written: names the folder, why, and what to do."""


def real(path: Path | str) -> Path:
    """The absolute path with every symlink resolved (the path need not exist)."""
    return Path(os.path.realpath(os.path.abspath(path)))


# --- what tenderkit wrote -------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The tenderkit manifest of `folder`, or None when it has none (or one that is not ours)."""
    path = Path(folder) / MANIFEST
    try:
        if not path.is_file() or path.stat().st_size > MAX_MANIFEST_BYTES:
            return None
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tenderkit") != 1:
        return None
    return data


def is_tenderkit_output(folder: Path) -> bool:
    """Did tenderkit write this folder? (It holds tenderkit's manifest.json.)"""
    return Path(folder).is_dir() and read_manifest(folder) is not None


def is_empty_folder(folder: Path) -> bool:
    try:
        return Path(folder).is_dir() and next(Path(folder).iterdir(), None) is None
    except OSError:
        return False


_MANIFEST_BEING_WRITTEN = re.compile(rf"^\.{re.escape(MANIFEST)}\.[a-z0-9_]{{8}}\.tmp$")
"""The temporary file write_atomic writes the manifest to before renaming it into place."""


def holds_only_a_manifest_being_written(folder: Path) -> bool:
    """A folder a run was killed in while writing its manifest: nothing in it but write_atomic's
    temporary file(s) for manifest.json, as plain files (no folder, no symlink)."""
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return False
    return bool(entries) and all(
        _MANIFEST_BEING_WRITTEN.match(entry.name) and not entry.is_symlink() and entry.is_file()
        for entry in entries
    )


def remove_own(folder: Path) -> bool:
    """Remove `folder` if tenderkit wrote it (or it is empty, or holds only a manifest that was
    being written); never anything else."""
    folder = Path(folder)
    if folder.is_symlink() or not folder.is_dir():
        return False
    if is_empty_folder(folder):
        with contextlib.suppress(OSError):
            folder.rmdir()
        return not folder.exists()
    if holds_only_a_manifest_being_written(folder):
        for entry in folder.iterdir():
            with contextlib.suppress(OSError):
                entry.unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()
        return not folder.exists()
    if not is_tenderkit_output(folder):
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return not folder.exists()


# --- inputs ---------------------------------------------------------------------------------------


def input_folders(tender_dir: Path, config: Any = None) -> list[Path]:
    """The folders a tender reads: its own, and those of its requirement set, scoring model and
    measures (from `config`, its TenderFile, when known). Resolved, each once."""
    tender_dir = real(tender_dir)
    folders = [tender_dir]
    if config is not None:
        for relative in (config.requirement_set, config.scoring, config.measures):
            if relative:
                folders.append(real(tender_dir / relative).parent)
    return list(dict.fromkeys(folders))


def _relation(out: Path, folder: Path) -> str | None:
    if out == folder:
        return "is"
    if out in folder.parents:
        return "contains"
    if folder in out.parents:
        return "lies inside"
    return None


def refuse_inputs(out: Path, inputs: Iterable[Path], what: str = "output folder") -> None:
    """Refuse an output folder that is, contains or lies inside one of the input folders."""
    target = real(out)
    for folder in inputs:
        relation = _relation(target, real(folder))
        if relation is not None:
            raise OutputRefused(
                f"{out}: this {what} {relation} the input folder {folder}; tenderkit never "
                "writes into, over or around its inputs; choose an output folder outside it"
            )


def refuse_input_files(out: Path, files: Iterable[Path]) -> None:
    """Refuse an output file that is one of the input files (e.g. `evaluate -o tender.yaml`)."""
    target = real(out)
    for file in files:
        if real(file) == target:
            raise OutputRefused(
                f"{out}: this is an input file ({file}); tenderkit never writes over its inputs; "
                "choose another file name"
            )


def check_report_folder(out: Path, inputs: Iterable[Path], force: bool) -> None:
    """May a report be written to `out`? Raises OutputRefused saying why not."""
    refuse_inputs(out, inputs, "report folder")
    if not (out.exists() or out.is_symlink()):
        return
    if not out.is_dir():
        raise OutputRefused(f"{out}: exists and is not a folder; choose a new or empty folder")
    if is_empty_folder(out):
        return
    if not is_tenderkit_output(out):
        raise OutputRefused(
            f"{out}: already exists and is not a tenderkit report (it holds no tenderkit "
            f"{MANIFEST}); --force replaces only a report folder tenderkit wrote; choose a new "
            "or empty folder"
        )
    if not force:
        raise OutputRefused(
            f"{out}: already exists (an earlier report); use --force to replace it, or choose "
            "another folder"
        )


def check_batch_folder(
    root: Path, inputs: Iterable[Path], own_file: Callable[[Path], bool]
) -> None:
    """May a batch write into `root`? It must not touch an input folder and may hold only what
    tenderkit wrote: report folders (manifest), empty folders, and files `own_file` recognises
    (the summary). Hidden entries are left alone (the batch removes only its own)."""
    refuse_inputs(root, inputs, "batch folder")
    if not (root.exists() or root.is_symlink()):
        return
    if not root.is_dir():
        raise OutputRefused(f"{root}: exists and is not a folder; choose a new or empty folder")
    foreign = sorted(
        entry.name
        for entry in root.iterdir()
        if not entry.name.startswith(".")
        and not (
            (entry.is_dir() and (is_empty_folder(entry) or is_tenderkit_output(entry)))
            or (entry.is_file() and own_file(entry))
        )
    )
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise OutputRefused(
            f"{root}: holds {foreign[0]}{more}, which tenderkit did not write; a batch writes "
            "only into a new or empty folder or one an earlier batch wrote; choose another folder"
        )


# --- temporary folders ----------------------------------------------------------------------------


def work_prefix(out: Path) -> str:
    """The prefix of the temporary folder beside `out` (`tempfile.mkdtemp` adds 8 characters)."""
    return f".{out.name}."


def old_folder(out: Path) -> Path:
    """Where the replaced report waits while the new one is renamed into place."""
    return out.parent / f".{out.name}.old"


def stale_folders(parent: Path, name: str) -> list[Path]:
    """Temporary folders a killed run left beside `parent / name`: `.<name>.xxxxxxxx` and
    `.<name>.old`, each holding tenderkit's manifest, or still empty or holding only the manifest's
    temporary file (a run killed between creating its folder and renaming the manifest into
    place); the exact pattern keeps `a` off `a.b`'s."""
    if not parent.is_dir():
        return []
    pattern = re.compile(rf"^\.{re.escape(name)}\.([a-z0-9_]{{8}}|old)$")
    return sorted(
        p
        for p in parent.iterdir()
        if pattern.match(p.name)
        and not p.is_symlink()
        and (is_empty_folder(p) or is_tenderkit_output(p) or holds_only_a_manifest_being_written(p))
    )


def clean_stale(parent: Path, name: str) -> None:
    """Remove what `stale_folders` finds; call it only while holding the folder's lock."""
    for folder in stale_folders(parent, name):
        remove_own(folder)


# --- one writer at a time -------------------------------------------------------------------------


def lock_path(out: Path) -> Path:
    """The lock file of the report folder `out`: beside it, since `out` itself is replaced."""
    return out.parent / f".{out.name}.lock"


def _zombie(pid: int) -> bool:
    """Whether `pid` has ended but not yet been reaped (Linux): it still answers a signal 0.

    A process killed together with its parent stays a zombie until an init reaps it, which in a
    container can take seconds or never happen; it holds nothing and will not write again.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text("utf-8", errors="replace")
    except OSError:
        return False
    fields = stat.rpartition(")")[2].split()
    return bool(fields) and fields[0] in ("Z", "X")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, under another user
        return True
    except OSError:
        return True
    return not _zombie(pid)


def _read_owner(path: Path) -> dict[str, Any] | None:
    """The holder a lock file names (pid, host, started, token), or None when it names none."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _note(text: str) -> None:
    sys.stderr.write(f"note: {text}\n")


class OutputLock:
    """A lock file created with O_EXCL: whoever creates it writes the folder; removed on exit.

    The file says which process holds it (pid, host, start). A second writer is refused with a
    message naming the holder; a lock left by a process that no longer runs on this host (killed,
    crashed) is taken over with a note. A lock from another host (a shared disk) is never taken
    over: the message says to remove it by hand when no such run is going on.
    """

    def __init__(self, path: Path, busy: str, note: Callable[[str], None] = _note) -> None:
        self.path = Path(path)
        self.busy = busy
        self.note = note
        self.token = secrets.token_hex(8)
        self.held = False

    def _payload(self) -> bytes:
        return json.dumps(
            {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                "token": self.token,
            }
        ).encode("utf-8")

    def _owner(self) -> dict[str, Any] | None:
        return _read_owner(self.path)

    def _create(self) -> None:
        """Create the lock file with its content in one step, or raise FileExistsError.

        The content is written to a temporary file first and hard-linked into place, so a writer
        killed half-way never leaves an empty lock that names no owner (and so could never be
        recognised as stale). Where the disk has no hard links, O_EXCL with a write is used.
        """
        temporary = self.path.with_name(f"{self.path.name}.{self.token}.tmp")
        try:
            temporary.write_bytes(self._payload())
            try:
                os.link(temporary, self.path)
                return
            except FileExistsError:
                raise
            except OSError:
                pass  # no hard links here: fall back to O_EXCL below
        finally:
            temporary.unlink(missing_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        try:
            try:
                os.write(fd, self._payload())
            finally:
                os.close(fd)
        except BaseException:
            self.path.unlink(missing_ok=True)
            raise

    def acquire(self) -> OutputLock:
        for _ in range(2):
            try:
                self._create()
            except FileExistsError:
                owner = self._owner()
                if self._stale(owner):
                    assert owner is not None
                    self.note(
                        f"{self.path}: taking over the lock of process {owner.get('pid')} "
                        f"(started {owner.get('started')}), which no longer runs"
                    )
                    self.path.unlink(missing_ok=True)
                    continue
                raise OutputRefused(self._refusal(owner)) from None
            except OSError as exc:  # a read-only or full disk: name the folder, not the lock file
                raise OSError(exc.errno, exc.strerror, str(self.path.parent)) from None
            self.held = True
            self._clear_stale_temporaries()
            return self
        raise OutputRefused(self._refusal(self._owner()))

    def _clear_stale_temporaries(self) -> None:
        """Remove the temporary lock files of writers killed between writing and linking them."""
        pattern = re.compile(rf"^{re.escape(self.path.name)}\.[0-9a-f]{{16}}\.tmp$")
        with contextlib.suppress(OSError):  # best effort: a failure here must not leak the lock
            self._remove_stale_matching(pattern)

    def _remove_stale_matching(self, pattern: re.Pattern[str]) -> None:
        for candidate in self.path.parent.iterdir():
            if (
                pattern.match(candidate.name)
                and candidate.is_file()
                and not candidate.is_symlink()
                and self._stale(_read_owner(candidate))
            ):
                candidate.unlink(missing_ok=True)

    def _stale(self, owner: dict[str, Any] | None) -> bool:
        if owner is None or owner.get("host") != socket.gethostname():
            return False
        pid = owner.get("pid")
        return isinstance(pid, int) and pid != os.getpid() and not _alive(pid)

    def _refusal(self, owner: dict[str, Any] | None) -> str:
        who = ""
        if owner is not None:
            who = (
                f" (process {owner.get('pid')} on {owner.get('host')}, since "
                f"{owner.get('started')})"
            )
        return (
            f"{self.busy}{who}; wait for it to finish or choose another folder; if it is not "
            f"running any more, remove {self.path}"
        )

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        owner = self._owner()
        if owner is None or owner.get("token") == self.token:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextlib.contextmanager
def report_lock(out: Path) -> Iterator[OutputLock]:
    """Hold the report folder `out` for this process (see OutputLock)."""
    with OutputLock(
        lock_path(out), f"{out}: another tenderkit report is being written into this folder"
    ) as lock:
        yield lock
