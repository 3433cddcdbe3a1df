"""`tenderkit workshop`: the Voila and JupyterLab command lines, the notebook, the command, and
the server's protection (token, Host, Origin, kernel cap, no token on any command line)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import websocket
from typer.testing import CliRunner
from workshop_builders import running_voila

from tenderkit.cli import app
from tenderkit.workshop.app import TENDER_ENV
from tenderkit.workshop.serve import (
    HOST,
    LAB_TOKEN_ENV,
    TOKEN_ENV,
    free_port,
    lab_command,
    new_token,
    notebook_path,
    server_env,
    voila_command,
    wait_for_port,
)

runner = CliRunner()


def test_voila_serves_on_loopback_with_code_hidden_and_a_preheated_pool():
    command = voila_command(Path("nb/workshop.ipynb"), 8899, pool_size=2, python="py")
    assert command[:4] == ["py", "-m", "tenderkit.workshop.voila_app", "nb/workshop.ipynb"]
    assert "--port=8899" in command
    assert f"--Voila.ip={HOST}" in command and HOST == "127.0.0.1"
    assert "--strip_sources=True" in command
    assert "--preheat_kernel=True" in command and "--pool_size=2" in command
    assert "--no-browser" in command
    assert not any("preheat" in part for part in voila_command(Path("x"), 1, pool_size=0))


def test_the_kernels_are_capped_and_idle_ones_culled():
    command = voila_command(Path("nb.ipynb"), 1, pool_size=2, participants=5)
    assert "--WorkshopVoila.max_kernels=7" in command  # the pool counts too
    assert "--MappingKernelManager.cull_connected=False" in command
    assert any(part.startswith("--MappingKernelManager.cull_idle_timeout=") for part in command)


def test_no_token_on_the_command_lines_but_in_the_environment():
    token = new_token()
    assert len(token) >= 40 and token != new_token()
    for command in (
        voila_command(Path("nb.ipynb"), 1),
        lab_command(Path("/srv/notebooks/workshop.ipynb"), 8900, python="py"),
    ):
        assert not any("token" in part.lower() for part in command), command
    lab = lab_command(Path("/srv/notebooks/workshop.ipynb"), 8900, python="py")
    assert lab[:3] == ["py", "-m", "jupyterlab"]
    assert f"--ServerApp.ip={HOST}" in lab and "--ServerApp.port=8900" in lab
    assert "--ServerApp.root_dir=/srv/notebooks" in lab
    assert "--ServerApp.allow_remote_access=False" in lab
    assert "--allow-root" not in lab
    assert "--allow-root" in lab_command(Path("nb.ipynb"), 1, allow_root=True)
    env = server_env(token, base={TOKEN_ENV: "old", "HOME": "/h"}, tender_dir=Path("/t"))
    assert env[TOKEN_ENV] == token and env["HOME"] == "/h" and LAB_TOKEN_ENV not in env
    assert env[TENDER_ENV] == str(Path("/t").resolve())
    assert server_env(token, lab=True, base={})[LAB_TOKEN_ENV] == token


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
    assert "map niet gevonden" in result.output  # no tender.yaml to say otherwise: Dutch
    assert "Traceback" not in result.output
    assert "--lab" in runner.invoke(app, ["workshop", "--help"]).output


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from /proc."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += parents.get(current, [])
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _start_command(args: list[str], cwd: Path) -> tuple[subprocess.Popen, str]:
    """`tenderkit workshop ARGS` in its own session; the address it prints."""
    exe = Path(sys.executable).with_name("tenderkit")
    process = subprocess.Popen(
        [str(exe), "workshop", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=cwd,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    line = ""
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("workshop:") or not line:
            break
    return process, line


def _stop_command(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)  # stops the server too, as Ctrl+C would
    try:
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")
@pytest.mark.parametrize("lab", [False, True], ids=["voila", "lab"])
def test_the_command_prints_a_tokenized_address_and_no_process_shows_the_token(tmp_path, lab):
    port = free_port()
    process, line = _start_command(
        ["retail-privcomp-cloud", "--port", str(port), *(["--lab"] if lab else [])], tmp_path
    )
    try:
        path = "lab/tree/workshop.ipynb" if lab else ""
        match = re.fullmatch(
            rf"workshop: http://127\.0\.0\.1:{port}/{path}\?token=([A-Za-z0-9_-]{{40,}})\n",
            line,
        )
        assert match, line
        token = match.group(1)
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/api/status" if lab else base + "/").status_code in (302, 403)
        if lab:  # a kernel, so that its command line is checked too
            started = httpx.post(
                f"{base}/api/kernels", headers={"Authorization": f"token {token}"}, json={}
            )
            assert started.status_code == 201, started.text
        else:
            page = httpx.get(f"{base}/?token={token}", timeout=120)
            assert page.status_code == 200 and "kernelId" in page.text
        processes = _descendants(process.pid)
        assert len(processes) >= 3  # the command, the server, at least one kernel
        assert any("ipykernel" in _cmdline(pid) for pid in processes)
        for pid in processes:
            assert token not in _cmdline(pid), _cmdline(pid)
    finally:
        _stop_command(process)
    assert not wait_for_port(port, timeout=1)


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """The workshop's Voila with room for one page and no preheated pool: base URL and token."""
    with running_voila(tmp_path_factory.mktemp("voila"), pool_size=0, participants=1) as (
        port,
        token,
    ):
        yield f"http://127.0.0.1:{port}", token


@pytest.fixture(scope="module")
def participant(voila):
    """One browser-like client that opened the page with the token: its cookies and kernel."""
    base, token = voila
    client = httpx.Client(base_url=base, timeout=120)
    page = client.get(f"/?token={token}")
    assert page.status_code == 200, page.text[:500]
    kernel = re.search(r'"kernelId": "([0-9a-f-]{36})"', page.text)
    assert kernel, "the page names no kernel"
    yield client, kernel.group(1)
    client.close()


def test_without_the_token_nothing_is_served(voila):
    base, token = voila
    for url in ("/", "/?token=wrong", f"/?token={token[:-1]}"):
        response = httpx.get(base + url)
        assert response.status_code in (302, 403), url
        assert "tk-app" not in response.text and "kernelId" not in response.text


def test_a_foreign_host_is_refused_even_with_the_token(voila):
    base, token = voila
    port = base.rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", f"10.0.0.1:{port}"):
        response = httpx.get(f"{base}/?token={token}", headers={"Host": host})
        assert response.status_code == 403, host
        assert "kernelId" not in response.text


def test_the_page_with_the_token_and_then_the_cap(voila, participant):
    base, token = voila
    port = base.rsplit(":", 1)[1]
    full = httpx.get(f"{base}/?token={token}", headers={"Host": f"localhost:{port}"})
    assert full.status_code == 503  # localhost passes the Host check; one page allowed, one open
    assert "kernelId" not in full.text


def _websocket(base: str, kernel: str, cookies: httpx.Cookies, origin: str) -> int:
    url = base.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    try:
        connection = websocket.create_connection(
            url, header=[f"Cookie: {cookie}"], origin=origin, timeout=30
        )
    except websocket.WebSocketBadStatusException as refused:
        return refused.status_code
    connection.close()
    return 101


def test_a_foreign_origin_on_the_kernel_websocket_is_refused(voila, participant):
    base, _token = voila
    client, kernel = participant
    assert _websocket(base, kernel, client.cookies, "http://evil.example") == 403
    assert _websocket(base, kernel, httpx.Cookies(), base) == 403  # no session, no kernel
    assert _websocket(base, kernel, client.cookies, base) == 101  # the page's own origin
