"""Serving the workshop notebook: Voila (code hidden) or JupyterLab, on 127.0.0.1 only.

The tender reaches the notebook through the environment (`TENDERKIT_WORKSHOP_TENDER`), which
every kernel the server starts inherits, preheated ones included; the notebook's `parameters`
cell (`tender = None`) can still name another one. Voila keeps a small pool of preheated kernels
that have already run the notebook, so the first participant does not wait for a kernel to start.
The command lines are built by pure functions, so tests check them without starting a server.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tenderkit.bundled import bundled
from tenderkit.workshop.app import TENDER_ENV

__all__ = [
    "HOST",
    "POOL_SIZE",
    "free_port",
    "lab_command",
    "notebook_path",
    "serve",
    "voila_command",
    "wait_for_port",
]

HOST = "127.0.0.1"
POOL_SIZE = 2
NOTEBOOK = "workshop.ipynb"


def notebook_path() -> Path:
    return bundled("notebooks") / NOTEBOOK


def free_port(host: str = HOST) -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_for_port(
    port: int, host: str = HOST, timeout: float = 60.0, alive: Callable[[], bool] = lambda: True
) -> bool:
    """Wait until something accepts connections on the port; False on timeout or if `alive`
    says the server process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def voila_command(
    notebook: Path, port: int, *, pool_size: int = POOL_SIZE, python: str = sys.executable
) -> list[str]:
    """Voila serving `notebook` on 127.0.0.1:port, sources hidden, `pool_size` preheated kernels."""
    command = [
        python,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--no-browser",
        "--strip_sources=True",
        "--theme=light",
        "--show_tracebacks=False",
    ]
    if pool_size > 0:
        command += ["--preheat_kernel=True", f"--pool_size={pool_size}"]
    return command


def lab_command(
    notebook: Path,
    port: int,
    token: str,
    *,
    python: str = sys.executable,
    allow_root: bool = False,
) -> list[str]:
    """JupyterLab on 127.0.0.1:port, opening `notebook`, guarded by `token`; `allow_root` for a
    machine where everything runs as root (JupyterLab refuses to start there otherwise)."""
    return [
        python,
        "-m",
        "jupyterlab",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={notebook.parent}",
        f"--IdentityProvider.token={token}",
        "--no-browser",
        *(["--allow-root"] if allow_root else []),
    ]


def serve(
    tender_dir: Path | None,
    *,
    port: int | None = None,
    lab: bool = False,
    pool_size: int = POOL_SIZE,
    echo: Callable[[str], None] = print,
) -> int:
    """Start the server, print its address once it listens, and run until stopped (Ctrl+C).

    Returns the server's exit status (0 after Ctrl+C).
    """
    from tenderkit.report.kernel import ensure_kernel

    ensure_kernel()
    notebook = notebook_path()
    port = port or free_port()
    env = dict(os.environ)
    if tender_dir is not None:
        env[TENDER_ENV] = str(Path(tender_dir).resolve())
    if lab:
        token = secrets.token_urlsafe(16)
        command = lab_command(notebook, port, token, allow_root=_is_root())
        address = f"http://{HOST}:{port}/lab/tree/{NOTEBOOK}?token={token}"
    else:
        command = voila_command(notebook, port, pool_size=pool_size)
        address = f"http://{HOST}:{port}/"
    process = subprocess.Popen(command, env=env)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)  # `kill` stops the server as Ctrl+C does
    try:
        if wait_for_port(port, alive=lambda: process.poll() is None, timeout=120):
            echo(f"workshop: {address}")
            echo("stop with Ctrl+C")
        else:
            echo(f"the server did not start on {HOST}:{port}; see its messages above")
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
