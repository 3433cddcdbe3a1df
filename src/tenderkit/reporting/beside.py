"""Work a report does beside its award notebook, in a process of its own where it can.

A report's workbook, letters and risk pages need no notebook, so they are written while the
kernel runs the award notebook. In a thread of the report's own process they would compete for
one interpreter lock with the notebook's HTML export and WeasyPrint's layout of the report PDF,
which then waits until they are done; in a forked child process they run on the other core while
the report PDF is laid out. The child inherits the loaded tender and its Result by fork (nothing
is copied or pickled on the way in), writes its files into the report's work folder, and sends
back only how it ended: nothing, or the exception it raised, which `join` raises again here.

Where fork does not exist (Windows) or is not wanted (a batch worker, whose other core is busy
with the other worker), the same work runs in a thread.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from tenderkit.errors import TenderkitError


def can_fork() -> bool:
    """Can this platform fork a child that inherits the loaded tender?"""
    return "fork" in multiprocessing.get_all_start_methods()


class Beside:
    """`work()` started at once, in a forked child process or in a thread; `join()` waits for it
    and raises here whatever it raised there."""

    def __init__(self, work: Callable[[], None], process: bool) -> None:
        self._future: Future[None] | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._child: Any = None
        self._outcome: Any = None
        if process and can_fork():
            context = multiprocessing.get_context("fork")
            self._outcome, sending = context.Pipe(duplex=False)
            self._child = context.Process(
                target=_run_and_send, args=(work, sending), name="tk-report", daemon=True
            )
            self._child.start()
            sending.close()  # the child's end; the parent keeps only the receiving one
        else:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tk-report")
            self._future = self._pool.submit(work)

    def join(self) -> None:
        """Wait until the work has ended; raise its exception if it failed."""
        if self._pool is not None:
            try:
                assert self._future is not None
                self._future.result()
            finally:
                self._pool.shutdown(wait=True)
            return
        failure = self._receive()
        self._child.join()
        self._outcome.close()
        if failure is not None:
            raise failure
        if self._child.exitcode != 0:
            raise TenderkitError(
                "writing the workbook, letters and risk pages stopped unexpectedly "
                f"(exit code {self._child.exitcode})"
            )

    def stop(self) -> None:
        """End the work without waiting for it to finish (the report failed elsewhere)."""
        if self._child is not None and self._child.is_alive():
            self._child.terminate()
        self.join_quietly()

    def join_quietly(self) -> None:
        """Wait for the work to end, ignoring how: the report is failing for another reason."""
        with contextlib.suppress(BaseException):  # the report's own error is the one to report
            self.join()

    def _receive(self) -> BaseException | None:
        try:
            sent = self._outcome.recv()
        except EOFError:  # the child died without a word (killed); join() reports its exit code
            return None
        return pickle.loads(sent) if sent is not None else None


def _run_and_send(work: Callable[[], None], sending: Any) -> None:
    """In the child: run the work and send back None, or its exception (made picklable)."""
    try:
        work()
    except BaseException as exc:  # everything goes back to the parent, which raises it
        sending.send(_picklable(exc))
    else:
        sending.send(None)
    finally:
        sending.close()


def _picklable(exc: BaseException) -> bytes:
    """The exception pickled, or a TenderkitError with its message if it cannot be rebuilt."""
    exc.__traceback__ = None
    exc.__cause__ = exc.__context__ = None
    try:
        data = pickle.dumps(exc)
        pickle.loads(data)
        return data
    except Exception:
        return pickle.dumps(TenderkitError(str(exc) or type(exc).__name__))
