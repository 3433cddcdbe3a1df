"""Shared builders of the workshop tests (a plain module: tests/ has one conftest, at the top)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from tenderkit.bundled import example
from tenderkit.formats.folder_edits import copy_example
from tenderkit.loader import Tender, load_tender
from tenderkit.reporting.kernel import ensure_kernel
from tenderkit.workshop.serve import (
    free_port,
    new_token,
    notebook_path,
    server_env,
    voila_command,
    wait_for_port,
)

RETAIL = "retail-privcomp-cloud"
GEMEENTE = "gemeente-zaaksysteem"


@cache
def loaded(name: str) -> Tender:
    """A bundled example, loaded once per test run (Tenders are frozen)."""
    return load_tender(example(name))


def retail_copy(tmp_path: Path, fresh: bool = False) -> Path:
    """A copy of the PrivComp example a test may write into; `fresh` drops its recorded
    consensus, so the panel starts from nothing."""
    folder = copy_example(RETAIL, tmp_path / "privcomp")
    if fresh:
        (folder / "panel" / "consensus.csv").unlink()
    return folder


@contextlib.contextmanager
def running_voila(
    log_folder: Path, tender: str = RETAIL, **options: int
) -> Iterator[tuple[int, str]]:
    """The workshop's Voila on a free loopback port, as `tenderkit workshop` starts it: yields
    (port, token) once it answers, and stops it and its kernels' process group afterwards.

    `options` go to `voila_command` (pool_size, participants); the server's output is kept in
    `log_folder/voila.log` and shown when it does not start.
    """
    ensure_kernel()
    port, token = free_port(), new_token()
    log = log_folder / "voila.log"
    env = server_env(token, tender_dir=example(tender))
    with log.open("wb") as sink:
        process = subprocess.Popen(
            voila_command(notebook_path(), port, **options),
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its kernels are in its own process group
        )
    try:
        if not wait_for_port(port, alive=lambda: process.poll() is None, timeout=120):
            pytest.fail(f"Voila did not start:\n{log.read_text(errors='replace')[-3000:]}")
        yield port, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
