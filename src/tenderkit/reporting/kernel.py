"""The named Jupyter kernel the notebooks run under.

Notebooks always ask for the kernel `tenderkit`, never `python3`, so a kernel from another Python
on the machine can never run them. The wheel ships its kernelspec (argv "python", which
jupyter_client replaces with the interpreter that starts it), so a plain `pip install` registers
it; `make` registers it inside the virtualenv too, and if neither did, it is registered on first
use, for this very interpreter.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import threading
from functools import cache
from pathlib import Path
from typing import Any

from tenderkit.errors import TenderkitError

KERNEL_NAME = "tenderkit"

NOTEBOOK_PRELOAD = ("tenderkit.reporting.view",)
"""What a kernel started for the award notebook imports while it boots (the notebook's first cell
needs it), on the other core while the process that started it imports and evaluates."""


# argv[0] values that run this very interpreter: its path, or the names jupyter_client replaces
# with sys.executable when it starts a kernel (jupyter_client.manager.format_kernel_cmd).
_THIS_PYTHON = {
    sys.executable,
    "python",
    f"python{sys.version_info[0]}",
    f"python{sys.version_info[0]}.{sys.version_info[1]}",
}


def ensure_kernel() -> str:
    """Make sure the `tenderkit` kernel exists for this Python; return its name."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        if spec.argv and spec.argv[0] in _THIS_PYTHON:
            return KERNEL_NAME
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL_NAME, display_name="tenderkit", prefix=sys.prefix)
    return KERNEL_NAME


# --- a kernel kept alive across notebooks ---------------------------------------------------------
#
# Starting a kernel (a new Python that imports tenderkit, pandas and matplotlib) costs more than
# running the award notebook in a warm one. A `KernelSession` starts the kernel once and runs any
# number of notebooks in it, clearing the user namespace and the execution counter before each, so
# every notebook sees what a fresh kernel would show. Kernels talk over IPC sockets in a private
# temporary folder: kernels started in parallel over TCP can grab the same port ("Address already
# in use", papermill #511, jupyter_client #487), and IPC sockets in one shared folder collide on
# their names. A kernel that dies while starting is retried.
#
# A notebook runs with its working directory in the folder it is written to (a report's work
# folder, which is renamed or deleted afterwards); after it the kernel goes back to that private
# folder of its own, so it never stands in a deleted folder. A kernel that still cannot be reset
# for the next notebook is restarted, and the notebook runs in the new one.

START_TRIES = 3
START_TIMEOUT = 60.0

_RESET = (
    "import os as _tk_os\n"
    "_tk_os.chdir({cwd!r})\n"
    "del _tk_os\n"
    "get_ipython().reset(new_session=True)\n"
)
_HOME = "import os as _tk_os\n_tk_os.chdir({home!r})\ndel _tk_os\n"
"""After every notebook the kernel goes back to its own folder: a report's work folder, where the
notebook ran, is renamed or deleted afterwards, and a kernel standing in a deleted folder cannot
even be reset (`os.getcwd()` fails)."""


class KernelStartFailed(TenderkitError):
    """The kernel died or hung while starting, on every try."""


class KernelResetFailed(RuntimeError):
    """The kept-alive kernel could not be made fresh for the next notebook (it gets restarted)."""


def ipc_kernel_manager(kernel_name: str, folder: Path) -> Any:
    """An AsyncKernelManager on IPC sockets, its connection file and sockets in `folder`."""
    from jupyter_client.manager import AsyncKernelManager

    return AsyncKernelManager(
        kernel_name=kernel_name,
        transport="ipc",
        connection_file=str(folder / "kernel.json"),
    )


def _start_failure(exc: BaseException) -> bool:
    """Is this how a kernel that died or hung while starting shows itself?"""
    import zmq
    from nbclient.exceptions import DeadKernelError

    if isinstance(exc, DeadKernelError | zmq.ZMQError | TimeoutError):
        return True
    message = str(exc)
    return isinstance(exc, RuntimeError) and (
        "Kernel died" in message
        or "Address already in use" in message
        or "didn't respond" in message
    )


class KernelSession:
    """One kernel, started on first use and reused by every notebook `execute` runs in it.

    Not thread-safe: one session per thread (the batch keeps one per worker). `close()` shuts the
    kernel down; the kernel also exits by itself when this process dies (ipykernel watches its
    parent).
    """

    def __init__(
        self,
        kernel_name: str | None = None,
        tries: int = START_TRIES,
        preload: tuple[str, ...] = (),
        single_use: bool = False,
    ) -> None:
        self.kernel_name = kernel_name or ensure_kernel()
        self.tries = tries
        self.preload = preload
        """Modules the kernel imports while it boots (a batch's kernels import the report's
        modules while their worker starts its first tender); the namespace is reset before every
        notebook, so a notebook sees what a fresh kernel shows."""
        self.single_use = single_use
        """One notebook only (a report's own kernel): the kernel is asked to shut down as soon as
        the notebook has run, so it exits while the report's PDF is laid out and `close()` only
        reaps it."""
        self._released = False
        self.km: Any = None
        self.folder: Path | None = None
        self.starts = 0
        self._thread: int | None = None
        self.notebooks = 0
        self._booting = False

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return self.km is not None and bool(run_sync(self.km.is_alive)())

    def launch(self) -> None:
        """Start the kernel's process and return without waiting for it to be ready.

        The first `execute` waits for it (and starts a new one if it died while booting), so the
        kernel imports and starts up on the other core while this process loads and evaluates.
        """
        from jupyter_core.utils import run_sync

        if self.km is not None:
            return
        self.folder = Path(tempfile.mkdtemp(prefix="tk-kernel-"))
        self.km = ipc_kernel_manager(self.kernel_name, self.folder)
        self._thread = threading.get_ident()
        try:
            run_sync(self._spawn)()
        except Exception:  # start() tries again, and reports what fails then
            self.close()
            return
        self._booting = True

    def start(self) -> None:
        """Start the kernel (again, if it died); retry a kernel that dies while starting."""
        from jupyter_core.utils import run_sync

        if self._released:  # shutting down after its one notebook: a new kernel for this one
            self.close()
        if self.alive:
            if not self._booting:
                return
            self._booting = False
            try:
                run_sync(self._wait_ready)()
                self.starts += 1
                return
            except Exception as exc:
                if not _start_failure(exc):
                    self.close()
                    raise
        self.close()
        failure: BaseException | None = None
        for _ in range(self.tries):
            self.folder = Path(tempfile.mkdtemp(prefix="tk-kernel-"))
            self.km = ipc_kernel_manager(self.kernel_name, self.folder)
            try:
                run_sync(self._start)()
            except Exception as exc:
                if not _start_failure(exc):
                    self.close()
                    raise
                failure = exc
                self.close()
                continue
            self.starts += 1
            self._thread = threading.get_ident()
            return
        raise KernelStartFailed(
            f"the notebook kernel '{self.kernel_name}' did not start in {self.tries} tries: "
            f"{type(failure).__name__}: {failure}"
        )

    async def _start(self) -> None:
        await self._spawn()
        await self._wait_ready()

    async def _spawn(self) -> None:
        imports = [f"--IPKernelApp.exec_lines=import {name}" for name in self.preload]
        await self.km.start_kernel(
            cwd=str(self.folder),
            extra_arguments=["--HistoryManager.hist_file=:memory:", *imports],
        )

    async def _wait_ready(self) -> None:
        client = self.km.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=START_TIMEOUT)
        finally:
            client.stop_channels()

    def close(self) -> None:
        """Shut the kernel down and remove its sockets; a session can be started again."""
        from jupyter_core.utils import run_sync

        km, folder, self.km, self.folder = self.km, self.folder, None, None
        self._booting = False
        released, self._released = self._released, False
        if km is not None:
            # a graceful shutdown talks to the kernel over sockets that belong to the thread
            # that started it; from another thread (e.g. at interpreter exit) it is killed
            graceful = threading.get_ident() == self._thread
            try:
                if released:  # asked to shut down already: wait for it briefly, else kill it
                    run_sync(km.finish_shutdown)(waittime=1.0)
                    run_sync(km.cleanup_resources)()
                elif run_sync(km.is_alive)():
                    run_sync(km.shutdown_kernel)(now=not graceful)
                else:
                    run_sync(km.cleanup_resources)()
            except Exception:  # a kernel that is gone already is fine
                pass
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def execute(self, notebook: Path, output: Path, parameters: dict[str, Any]) -> None:
        """Run a notebook with papermill in this kernel, as if the kernel were fresh.

        Raises what `papermill.execute_notebook` raises (PapermillExecutionError for a failing
        cell); the executed notebook is written to `output` either way.
        """
        import papermill

        _register_engine()
        self.start()
        try:
            for attempt in (1, 2):
                try:
                    papermill.execute_notebook(
                        str(notebook),
                        str(output),
                        parameters=parameters,
                        kernel_name=self.kernel_name,
                        engine_name=SESSION_ENGINE,
                        progress_bar=False,
                        log_output=False,
                        # written once at the end (and on a failing cell), not after every cell
                        request_save_on_cell_execute=False,
                        session=self,
                        cwd_in_kernel=str(output.parent.resolve()),
                    )
                    return
                except KernelResetFailed:
                    # whatever the last notebook left behind, a new kernel is fresh: restart once
                    if attempt == 2:
                        raise
                    self.close()
                    self.start()
        finally:
            self.notebooks += 1
            if self.single_use:
                self._release()

    def _release(self) -> None:
        """Ask the kernel to shut down, without waiting (a single-use session's one notebook has
        run); `close()` reaps it, and a session used again starts a new kernel."""
        from jupyter_core.utils import run_sync

        if self.km is None or self._released:
            return
        with contextlib.suppress(Exception):  # if it fails, close() shuts it down as usual
            run_sync(self.km.request_shutdown)()
            self._released = True


SESSION_ENGINE = "tenderkit-session"


@cache
def _register_engine() -> None:
    """Make the session engine known to papermill (once per process)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class SessionClient(PapermillNotebookClient):
        """Papermill's client on a running kernel: resets the namespace, never shuts it down."""

        cwd_in_kernel: str = ""
        home: str = ""

        def _run_silently(self, code: str) -> bool:
            msg_id = self.kc.execute(code, silent=True, store_history=False)
            reply = self.wait_for_reply(msg_id)
            return reply is not None and reply["content"]["status"] == "ok"

        def papermill_execute_cells(self) -> None:
            if not self._run_silently(_RESET.format(cwd=self.cwd_in_kernel)):
                raise KernelResetFailed(
                    "the notebook kernel could not be reset for the next notebook"
                )
            try:
                super().papermill_execute_cells()
            finally:
                if self.home:
                    # a dead kernel cannot move; the next reset restarts it
                    with contextlib.suppress(Exception):
                        self._run_silently(_HOME.format(home=self.home))

    class SessionEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: float = 60,
            execution_timeout: float | None = None,
            session: KernelSession | None = None,
            cwd_in_kernel: str = "",
            **kwargs: Any,
        ) -> Any:
            assert session is not None and session.km is not None
            client = SessionClient(
                nb_man,
                km=session.km,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client.cwd_in_kernel = cwd_in_kernel
            client.home = str(session.folder or "")
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register(SESSION_ENGINE, SessionEngine)
