"""Writing files so that a crash never leaves half a file behind, and naming what went wrong.

Every file is written through a temporary file in the same folder and renamed into place. When the
machine refuses (a full disk, a read-only folder, a path below a file), the error names the path
the user asked for, never the hidden temporary one, and `describe_os_error` says in one line what
is wrong and what to do: the command line prints that instead of a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def default_mode(directory: bool = False) -> int:
    """The permissions a plain `open()` or `mkdir()` would give under the current umask.

    `mkstemp`/`mkdtemp` create private files (0600/0700); a report goes into a shared dossier.
    """
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if directory else 0o666) & ~mask


@contextlib.contextmanager
def failing_as(path: Path | str) -> Iterator[None]:
    """Re-raise an OSError inside as the same error about `path` (the path the user gave)."""
    try:
        yield
    except OSError as raised:
        exc = _first_copy_error(raised)
        if exc.errno is None or (exc.filename is not None and str(exc.filename) == str(path)):
            raise exc from None
        raise OSError(exc.errno, exc.strerror or os.strerror(exc.errno), str(path)) from None


def make_folder(folder: Path) -> Path:
    """`mkdir -p`, but a file in the way is named as such (not as "File exists")."""
    folder = Path(folder)
    for part in (folder, *folder.parents):
        if part.exists() or part.is_symlink():
            if not part.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
            break
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_atomic(path: Path, content: bytes | str | list[str]) -> Path:
    """Write `content` to `path` through a temporary file in the same folder, then rename.

    A list of texts is written as their join would be (in UTF-8), encoded a few at a time: a
    large result.json (Result.json_pieces) is then never all in memory twice, as one string and
    as its bytes.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    with failing_as(path):
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        make_folder(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                if isinstance(data, list):
                    for chunk in _encoded(data):
                        handle.write(chunk)
                else:
                    handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, default_mode())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return path


def _encoded(pieces: list[str], count: int = 4096, size: int = 1 << 20) -> Iterator[bytes]:
    """The UTF-8 bytes of `"".join(pieces)`, in blocks: `count` pieces joined at a time, and a
    block of more than `size` characters (one long piece among them) encoded `size` at a time."""
    for start in range(0, len(pieces), count):
        text = "".join(pieces[start : start + count])
        if len(text) <= size:
            yield text.encode("utf-8")
            continue
        for at in range(0, len(text), size):
            yield text[at : at + size].encode("utf-8")


# --- saying what the machine refused --------------------------------------------------------------

_REASONS = {
    errno.ENOSPC: "no space left on the disk; free some space or write to another disk",
    getattr(errno, "EDQUOT", -1): "your disk quota is full; free some space or write elsewhere",
    errno.EROFS: "the disk is read-only; write to a folder on a disk you can write to",
    errno.EACCES: "permission denied; write to a folder you may write to, or ask for access",
    errno.EPERM: "not permitted; write to a folder you may write to, or ask for access",
    errno.EISDIR: "is a folder; give the name of a file to write",
    errno.ENOTDIR: "lies below a file, not a folder, so nothing can be written there; "
    "choose another path",
    errno.ENOENT: "not found; check the path",
    errno.EEXIST: "already exists; choose another name",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter path",
    errno.ENOTEMPTY: "the folder is not empty; choose another folder",
    errno.EMFILE: "too many files are open; close some programs and try again",
    errno.ENFILE: "too many files are open; close some programs and try again",
    errno.EIO: "the disk or network gave an input/output error; check the disk and try again",
    errno.EXDEV: "cannot be moved to another disk; write the output on the same disk",
    errno.EBUSY: "is in use (open in another program, or a mount point); close it or choose "
    "another path",
}


def _blocking_file(path: Path) -> Path | None:
    """The file in `path`'s parents that stops a folder from being made there, if any."""
    for part in (path, *path.parents):
        if part.exists():
            return None if part.is_dir() else part
    return None


def _first_copy_error(exc: OSError) -> OSError:
    """`shutil.copytree` gathers its errors as text into one shutil.Error: the first, as an
    OSError again (its errno read back from the text)."""
    import re
    import shutil

    if not isinstance(exc, shutil.Error) or not exc.args or not isinstance(exc.args[0], list):
        return exc
    for entry in exc.args[0]:
        if isinstance(entry, tuple) and len(entry) == 3:
            _source, target, why = entry
            found = re.search(r"\[Errno (\d+)\]", str(why))
            if found:
                number = int(found.group(1))
                return OSError(number, os.strerror(number), str(target))
    return exc


def describe_os_error(exc: OSError) -> str:
    """One line: which path, what is wrong, what to do. No traceback, no errno jargon."""
    exc = _first_copy_error(exc)
    target = exc.filename2 if exc.errno == errno.EXDEV and exc.filename2 else exc.filename
    reason = _REASONS.get(exc.errno) if exc.errno is not None else None
    if reason is None:
        reason = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")
        reason = reason[0].lower() + reason[1:] if reason else reason
    if target is None:
        return reason
    where = Path(os.fsdecode(target))
    if exc.errno == errno.ENOTDIR:
        blocking = _blocking_file(where)
        if blocking == where:
            return (
                f"{where}: is a file, not a folder, so nothing can be written in it; choose "
                "another path"
            )
        if blocking is not None:
            return (
                f"{where}: {blocking} is a file, not a folder, so nothing can be written below "
                "it; choose another path"
            )
    return f"{where}: {reason}"
