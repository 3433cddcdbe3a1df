"""The bytes each input file had when it was parsed, kept while a tender loads, so that the loader
hashes for the record the very bytes it evaluated.

Why: result.json and the manifest name every input file by the SHA-256 of its bytes, so that an
award can be checked against the archived files years later. Reading a file once to parse it and
again to hash it lets the two differ: a bid replaced in between (a sync client updating a shared
folder, a colleague saving a corrected form) would be evaluated as one version and recorded as the
other, and the record would then vouch for a file that was never scored. The readers note what
they parsed (`formats.yamlio.read_limited`, the form's `form.safety.safe_bytes`), and the loader
takes each input's bytes from here (`bytes_read`). A reader that notes nothing (one registered by
a plug-in) is read again, as before.

The notes live in a context variable that only `recording_reads` sets, so reading a file outside
a load (the workshop, a single bid in a notebook) keeps nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

__all__ = ["bytes_read", "note_read", "recording_reads"]

_READS: ContextVar[dict[str, bytes] | None] = ContextVar("tenderkit_reads", default=None)


def _key(path: str | os.PathLike[str]) -> str:
    return os.path.abspath(os.fspath(path))


@contextmanager
def recording_reads() -> Iterator[dict[str, bytes]]:
    """Note every file the readers parse until the block ends (nested: the outer notes stay)."""
    outer = _READS.get()
    if outer is not None:
        yield outer
        return
    reads: dict[str, bytes] = {}
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


def note_read(path: str | os.PathLike[str], raw: bytes) -> None:
    """Note the bytes just parsed of `path` (the latest read of a file is the one parsed last)."""
    reads = _READS.get()
    if reads is not None:
        reads[_key(path)] = raw


def bytes_read(path: str | os.PathLike[str]) -> bytes:
    """The bytes of `path` the readers parsed while recording; the file as it is now when no
    reader noted it (or outside `recording_reads`)."""
    reads = _READS.get()
    if reads is not None:
        found = reads.get(_key(path))
        if found is not None:
            return found
    return Path(path).read_bytes()
