"""`tenderkit workshop`: the Voila and JupyterLab command lines, the notebook, the command."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from tenderkit.cli import app
from tenderkit.workshop.serve import (
    HOST,
    free_port,
    lab_command,
    notebook_path,
    voila_command,
    wait_for_port,
)

runner = CliRunner()


def test_voila_serves_on_loopback_with_code_hidden_and_a_preheated_pool():
    command = voila_command(Path("nb/workshop.ipynb"), 8899, pool_size=2, python="py")
    assert command[:4] == ["py", "-m", "voila", "nb/workshop.ipynb"]
    assert "--port=8899" in command
    assert f"--Voila.ip={HOST}" in command and HOST == "127.0.0.1"
    assert "--strip_sources=True" in command
    assert "--preheat_kernel=True" in command and "--pool_size=2" in command
    assert "--no-browser" in command
    assert not any("preheat" in part for part in voila_command(Path("x"), 1, pool_size=0))


def test_lab_serves_on_loopback_with_a_token():
    command = lab_command(Path("/srv/notebooks/workshop.ipynb"), 8900, "s3cret", python="py")
    assert command[:3] == ["py", "-m", "jupyterlab"]
    assert f"--ServerApp.ip={HOST}" in command and "--ServerApp.port=8900" in command
    assert "--ServerApp.root_dir=/srv/notebooks" in command
    assert "--IdentityProvider.token=s3cret" in command
    assert "--allow-root" not in command
    assert "--allow-root" in lab_command(Path("nb.ipynb"), 1, "t", allow_root=True)


def test_a_free_port_is_free():
    port = free_port()
    assert 0 < port < 65536
    assert not wait_for_port(port, timeout=0.3)


def test_the_notebook_is_a_view_under_the_tenderkit_kernel():
    notebook = json.loads(notebook_path().read_text("utf-8"))
    assert notebook["metadata"]["kernelspec"]["name"] == "tenderkit"
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    parameters = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    assert len(parameters) == 1 and "tender = None" in "".join(parameters[0]["source"])
    assert len(cells) == 2
    assert "WorkshopApp(tender)" in "".join(cells[1]["source"])
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in cells)


def test_the_command_reports_a_broken_tender_before_serving(tmp_path):
    result = runner.invoke(app, ["workshop", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "folder not found" in result.output
    assert "Traceback" not in result.output
    assert "--lab" in runner.invoke(app, ["workshop", "--help"]).output


def test_the_command_serves_and_prints_its_address(tmp_path):
    port = free_port()
    exe = Path(sys.executable).with_name("tenderkit")
    process = subprocess.Popen(
        [str(exe), "workshop", "retail-privcomp-cloud", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        line = ""
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("workshop:") or not line:
                break
        assert re.fullmatch(rf"workshop: http://127\.0\.0\.1:{port}/\n", line), line
        assert wait_for_port(port, timeout=5)
    finally:
        process.send_signal(signal.SIGTERM)  # stops Voila too, as Ctrl+C would
        try:
            assert process.wait(timeout=60) == 0
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    assert not wait_for_port(port, timeout=1)
