"""Serving the workshop notebook: Voila (code hidden) or JupyterLab, on 127.0.0.1 only.

Only the facilitator's browser gets in: every start draws a random token (`secrets`), which the
server reads from its environment (`TOKEN_ENV` for Voila, `JUPYTER_TOKEN` for JupyterLab), never
from its command line, which any user of the machine can read with `ps`. The printed address
carries the token. Voila runs as `tenderkit.workshop.voila_app`, which also checks the `Host`
and `Origin` headers and caps the number of kernels; see there.

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
from tenderkit.workshop import offline
from tenderkit.workshop.app import TENDER_ENV
from tenderkit.workshop.voila_app import TOKEN_ENV

__all__ = [
    "CULL_IDLE_SECONDS",
    "HOST",
    "LAB_TOKEN_ENV",
    "PARTICIPANTS",
    "POOL_SIZE",
    "TOKEN_ENV",
    "address",
    "free_port",
    "lab_command",
    "new_token",
    "notebook_path",
    "serve",
    "server_env",
    "voila_command",
    "wait_for_port",
]

HOST = "127.0.0.1"
POOL_SIZE = 2
PARTICIPANTS = 12
"""Pages open at once by default: each has its own kernel (some 120 MB)."""
NOTEBOOK = "workshop.ipynb"
LAB_TOKEN_ENV = "JUPYTER_TOKEN"
"""jupyter_server's own environment variable for its token."""
CULL_IDLE_SECONDS = 300
"""A kernel that no browser is connected to and that did nothing this long is shut down."""


def new_token() -> str:
    """A fresh random token (URL-safe, 256 bits)."""
    return secrets.token_urlsafe(32)


def server_env(
    token: str, *, lab: bool = False, tender_dir: Path | None = None, base: dict | None = None
) -> dict[str, str]:
    """The server's environment: the caller's, plus the token (and the tender folder)."""
    env = dict(os.environ if base is None else base)
    env.pop(TOKEN_ENV, None)
    env.pop(LAB_TOKEN_ENV, None)
    env[LAB_TOKEN_ENV if lab else TOKEN_ENV] = token
    if tender_dir is not None:
        env[TENDER_ENV] = str(Path(tender_dir).resolve())
    return env if lab else offline.voila_env(env)


def address(port: int, token: str, *, lab: bool = False) -> str:
    """The address to open, with the token."""
    path = f"lab/tree/{NOTEBOOK}" if lab else ""
    return f"http://{HOST}:{port}/{path}?token={token}"


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
    notebook: Path,
    port: int,
    *,
    pool_size: int = POOL_SIZE,
    participants: int = PARTICIPANTS,
    python: str = sys.executable,
) -> list[str]:
    """Voila serving `notebook` on 127.0.0.1:port, sources hidden, `pool_size` preheated kernels,
    at most `participants` open pages (kernels: those plus the pool). The token is not here:
    `server_env` puts it in the environment."""
    command = [
        python,
        "-m",
        "tenderkit.workshop.voila_app",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--no-browser",
        "--strip_sources=True",
        "--theme=light",
        "--show_tracebacks=False",
        f"--WorkshopVoila.max_kernels={max(participants, 1) + pool_size}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
        *offline.voila_args(),  # nothing from the internet: a room is often offline
    ]
    if pool_size > 0:
        command += ["--preheat_kernel=True", f"--pool_size={pool_size}"]
    return command


def lab_command(
    notebook: Path,
    port: int,
    *,
    python: str = sys.executable,
    allow_root: bool = False,
) -> list[str]:
    """JupyterLab on 127.0.0.1:port, opening `notebook`; `allow_root` for a machine where
    everything runs as root (JupyterLab refuses to start there otherwise). Its token comes from
    `JUPYTER_TOKEN` in the environment (`server_env(..., lab=True)`), not from here."""
    return [
        python,
        "-m",
        "jupyterlab",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={notebook.parent}",
        "--ServerApp.allow_remote_access=False",
        "--ServerApp.local_hostnames=['localhost']",
        "--ServerApp.allow_origin=",
        "--no-browser",
        *(["--allow-root"] if allow_root else []),
    ]


def serve(
    tender_dir: Path | None,
    *,
    port: int | None = None,
    lab: bool = False,
    pool_size: int = POOL_SIZE,
    participants: int = PARTICIPANTS,
    echo: Callable[[str], None] = print,
) -> int:
    """Start the server, print its address once it listens, and run until stopped (Ctrl+C).

    Returns the server's exit status (0 after Ctrl+C).
    """
    from tenderkit.reporting.kernel import ensure_kernel

    ensure_kernel()
    notebook = notebook_path()
    port = port or free_port()
    token = new_token()
    env = server_env(token, lab=lab, tender_dir=tender_dir)
    if lab:
        command = lab_command(notebook, port, allow_root=_is_root())
    else:
        command = voila_command(notebook, port, pool_size=pool_size, participants=participants)
    process = subprocess.Popen(command, env=env)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)  # `kill` stops the server as Ctrl+C does
    try:
        if wait_for_port(port, alive=lambda: process.poll() is None, timeout=120):
            echo(f"workshop: {address(port, token, lab=lab)}")
            echo("open this address (it holds the access token; keep it to yourself)")
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
