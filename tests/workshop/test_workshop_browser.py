"""The workshop in a real browser: Voila serving the notebook, Debian's Chromium driven by
Playwright. The test starts its own server on a free loopback port and stops it afterwards; the
browser opens the address with the access token, as the facilitator does.

Screenshots go to pytest's tmp_path and are copied to a folder printed in the test log
(`$TENDERKIT_SCREENSHOTS`, default `<tmp>/tenderkit-workshop-screenshots`).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

from tenderkit.bundled import example
from tenderkit.report.kernel import ensure_kernel
from tenderkit.workshop.serve import (
    address,
    free_port,
    new_token,
    notebook_path,
    server_env,
    voila_command,
    wait_for_port,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the dev extra) is needed")
pytestmark = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK), reason="Debian's chromium is needed (`make test` installs it)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Voila on 127.0.0.1:<free port> with the PrivComp example and one preheated kernel."""
    ensure_kernel()
    port, token = free_port(), new_token()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    env = server_env(token, tender_dir=example("retail-privcomp-cloud"))
    with log.open("wb") as sink:
        process = subprocess.Popen(
            voila_command(notebook_path(), port, pool_size=1),
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its kernels are in its own process group
        )
    try:
        if not wait_for_port(port, alive=lambda: process.poll() is None, timeout=120):
            pytest.fail(f"Voila did not start:\n{log.read_text(errors='replace')[-3000:]}")
        yield address(port, token)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a new, empty user-data-dir
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1600, "height": 2300},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(server, browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(60_000)
    page.goto(server)
    page.wait_for_selector(".tk-app .tk-ranking tr[data-bid]")
    yield page
    page.close()


def screenshot(page, tmp_path: Path, request, name: str) -> Path:
    """Save a screenshot in tmp_path, copy it to the shared folder and name it in the log."""
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    folder = Path(
        os.environ.get("TENDERKIT_SCREENSHOTS")
        or Path(tempfile.gettempdir()) / "tenderkit-workshop-screenshots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / shot.name
    shutil.copyfile(shot, copy)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    message = f"workshop screenshot: {copy}"
    if reporter is not None:
        reporter.write_line(message)
    else:  # pragma: no cover
        print(message)
    return copy


def ranking(page) -> list[str]:
    return page.eval_on_selector_all(
        ".tk-ranking tr[data-bid]", "rows => rows.map(r => r.dataset.bid)"
    )


def winner(page) -> str | None:
    return page.get_attribute(".tk-banner", "data-winner")


def wait_for_order(page, order: list[str]) -> None:
    page.wait_for_function(
        """expected => JSON.stringify(Array.from(
               document.querySelectorAll('.tk-ranking tr[data-bid]')).map(r => r.dataset.bid))
             === JSON.stringify(expected)""",
        arg=order,
    )


def test_the_app_loads_with_code_hidden(page, tmp_path, request):
    assert winner(page) == "eurostack"
    assert ranking(page) == ["eurostack", "betuwehost", "skyline"]
    assert page.get_by_text("Winnaar: Eurostack Cloud N.V.").is_visible()
    assert "WorkshopApp(" not in page.content()  # Voila strips the sources
    # readable in a room: every visible text, field and button is at least 16 px
    sizes = page.eval_on_selector_all(
        ".tk-app td, .tk-app th, .tk-app select, .tk-app button, .tk-app input, "
        ".tk-app .widget-label, .tk-app .widget-readout, .tk-app .tk-note, .tk-app li",
        """nodes => nodes.filter(n => n.offsetParent !== null)
                       .map(n => [n.tagName + '.' + n.className, getComputedStyle(n).fontSize])""",
    )
    small = [(node, size) for node, size in sizes if float(size.removesuffix("px")) < 16]
    assert len(sizes) > 50 and not small, small[:5]
    screenshot(page, tmp_path, request, "workshop-loaded")


def test_moving_a_weight_slider_changes_the_ranking_shown(page, tmp_path, request):
    row = page.locator(".tk-weight", has=page.locator("b", has_text="K2"))
    readout = row.locator(".widget-readout")
    assert readout.inner_text().strip() == "35"
    handle = row.locator(".noUi-handle")
    handle.focus()
    for _ in range(34):  # the keyboard moves the slider one step at a time, as a hand would
        handle.press("ArrowLeft")
    wait_for_order(page, ["eurostack", "skyline", "betuwehost"])
    assert readout.inner_text().strip() == "1"
    assert page.locator(".tk-moved").count() == 2  # "(was 2)", "(was 3)"
    screenshot(page, tmp_path, request, "workshop-weight-moved")


def test_marking_the_winner_invalid_names_a_new_winner(page, tmp_path, request):
    page.get_by_role("checkbox", name="Eurostack Cloud N.V.").check()
    page.wait_for_selector('.tk-banner[data-winner="betuwehost"]')
    assert page.get_by_text(
        "Winnaar: Betuwe Hosting B.V. (zoals gepubliceerd: Eurostack"
    ).is_visible()
    assert ranking(page)[-1] == "eurostack"
    invalid = page.locator('.tk-ranking tr[data-bid="eurostack"]')
    assert "tk-row-invalid" in invalid.get_attribute("class")
    assert "door de groep ongeldig verklaard" in invalid.inner_text()
    screenshot(page, tmp_path, request, "workshop-winner-invalid")


def test_without_the_token_the_browser_gets_the_login_page_not_the_workshop(
    server, browser_context
):
    page = browser_context.new_page()
    try:
        page.context.clear_cookies()  # no session from the other tests' tokenized visits
        page.goto(server.split("?", 1)[0])
        page.wait_for_load_state()
        assert "/login" in page.url
        assert page.locator(".tk-app").count() == 0
    finally:
        page.close()
