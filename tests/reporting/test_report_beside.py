"""reporting.beside: the work a report does beside its notebook, in a forked child or a thread,
with every failure raised again in the report's own process."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest

from tenderkit.errors import TenderkitError
from tenderkit.reporting.beside import Beside, can_fork

needs_fork = pytest.mark.skipif(not can_fork(), reason="this platform cannot fork")


def _writes_pid(path: Path):
    return lambda: path.write_text(str(os.getpid()))


@needs_fork
def test_the_work_runs_in_a_child_process_and_its_files_stay(tmp_path):
    job = Beside(_writes_pid(tmp_path / "pid"), process=True)
    job.join()
    assert int((tmp_path / "pid").read_text()) != os.getpid()


def test_without_a_process_the_work_runs_in_this_one(tmp_path):
    job = Beside(_writes_pid(tmp_path / "pid"), process=False)
    job.join()
    assert int((tmp_path / "pid").read_text()) == os.getpid()


class _Unpicklable(Exception):
    """Carries a lock, which no pickler can send (whatever reducers a library installed)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.lock = threading.Lock()


@needs_fork
@pytest.mark.parametrize("process", [True, False])
def test_a_failure_is_raised_here_with_its_kind_and_its_file(tmp_path, process):
    target = str(tmp_path / "scoring.xlsx")

    def full() -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)

    with pytest.raises(OSError) as info:
        Beside(full, process=process).join()
    assert (info.value.errno, info.value.filename) == (errno.ENOSPC, target)

    def refused() -> None:
        raise TenderkitError("the letter of bid X cannot be written")

    with pytest.raises(TenderkitError, match="the letter of bid X cannot be written"):
        Beside(refused, process=process).join()


@needs_fork
def test_an_exception_pickle_cannot_rebuild_arrives_as_its_message():
    def odd() -> None:
        raise _Unpicklable("the risk page broke")

    with pytest.raises(TenderkitError, match="the risk page broke"):
        Beside(odd, process=True).join()


@needs_fork
def test_a_child_that_dies_without_a_word_is_reported_with_its_exit_code():
    with pytest.raises(TenderkitError, match="exit code 3"):
        Beside(lambda: os._exit(3), process=True).join()


@needs_fork
def test_stop_ends_a_child_that_is_still_working(tmp_path):
    job = Beside(lambda: time.sleep(60), process=True)
    started = time.monotonic()
    job.stop()
    assert time.monotonic() - started < 30
    assert not job._child.is_alive()
