"""Writing files so that a crash never leaves half a file behind: temporary file, then rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def default_mode(directory: bool = False) -> int:
    """The permissions a plain `open()` or `mkdir()` would give under the current umask.

    `mkstemp`/`mkdtemp` create private files (0600/0700); a report goes into a shared dossier.
    """
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if directory else 0o666) & ~mask


def write_atomic(path: Path, content: bytes | str) -> Path:
    """Write `content` to `path` through a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, default_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
