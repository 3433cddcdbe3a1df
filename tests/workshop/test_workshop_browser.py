"""The workshop in a real browser: Voila serving the notebook, Debian's Chromium driven by
Playwright. The test starts its own server on a free loopback port and stops it afterwards; the
browser opens the address with the access token, as the facilitator does.

Screenshots go to pytest's tmp_path and are copied to a folder printed in the test log
(`$TENDERKIT_SCREENSHOTS`, default `<tmp>/tenderkit-workshop-screenshots`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from workshop_builders import running_voila

from tenderkit.workshop.serve import (
    address,
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
    with running_voila(tmp_path_factory.mktemp("voila"), pool_size=1) as (port, token):
        yield address(port, token)


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


def test_nothing_is_fetched_from_the_internet(server, browser_context):
    """A room often has no internet: every request stays on the workshop's own server."""
    page = browser_context.new_page()
    outside = []
    origin = urlsplit(server)._replace(path="/", query="", fragment="").geturl()
    page.on("request", lambda r: None if r.url.startswith(origin) else outside.append(r.url))
    page.goto(server)
    page.wait_for_selector(".tk-app .tk-ranking tr[data-bid]")
    page.get_by_role("tab", name="Beoordelingscommissie").click()
    page.wait_for_timeout(500)
    page.close()
    assert outside == []


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


# --- the facilitator's session, as a room sees it on a projector -------------------------------

SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}

CLIPPED_TABLES = """() => {
    // every visible results table must fit in its pane: nothing cut off at the right
    const out = [];
    for (const table of document.querySelectorAll('.tk-app .tk-table')) {
        if (table.offsetParent === null) continue;
        const pane = table.closest('.tk-pane') || table.parentElement;
        const box = table.getBoundingClientRect(), frame = pane.getBoundingClientRect();
        const holder = table.parentElement;
        if (box.right > frame.right + 1 || table.scrollWidth > holder.clientWidth + 1
            || pane.scrollWidth > pane.clientWidth + 1) {
            out.push([table.className, Math.round(box.width), Math.round(frame.width),
                      table.scrollWidth, holder.clientWidth]);
        }
    }
    return out;
}"""

CLIPPED_BUTTONS = """() => Array.from(document.querySelectorAll('.tk-app button'))
    .filter(b => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
    .map(b => b.innerText)"""


def assert_nothing_clipped(page) -> None:
    shown = page.locator(".tk-app").first.inner_text()
    assert "<span" not in shown and "&lt;" not in shown and "&amp;" not in shown  # no raw HTML
    clipped = page.evaluate(CLIPPED_TABLES)
    assert not clipped, clipped
    cut = page.evaluate(CLIPPED_BUTTONS)
    assert not cut, cut


def screenshot_folder() -> Path:
    folder = Path(
        os.environ.get("TENDERKIT_SCREENSHOTS")
        or Path(tempfile.gettempdir()) / "tenderkit-workshop-screenshots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def step(page, tmp_path, request, size: str, name: str) -> None:
    """One step of the session: nothing clipped, and a screenshot of what the room sees (the
    viewport, not the whole page: a projector shows no more)."""
    assert_nothing_clipped(page)
    shot = tmp_path / f"session-{size}-{name}.png"
    page.screenshot(path=str(shot))
    folder = screenshot_folder()
    shutil.copyfile(shot, folder / shot.name)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"workshop screenshot: {folder / shot.name}")


def results_in_sight(page) -> None:
    """The winner and the ranking are inside the viewport while the controls scrolled."""
    height = page.viewport_size["height"]
    for selector in (".tk-banner", ".tk-ranking"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] < height - 60, (selector, box)


def slider(page, label: str):
    return page.locator(".widget-hslider", has=page.locator(".widget-label", has_text=label))


SLIDER_TO_RANKING_MS = """([selector, key]) => new Promise(resolve => {
    // from the key (the slider moves and reports at once) to the ranking showing new figures
    const target = document.querySelector('.tk-app .tk-ranking').closest('.widget-html');
    const before = target.innerHTML;
    const handle = document.querySelector(selector);
    let start = 0;
    const observer = new MutationObserver(() => {
        if (target.innerHTML !== before) {
            observer.disconnect();
            resolve(performance.now() - start);
        }
    });
    observer.observe(target, {childList: true, subtree: true, characterData: true});
    handle.focus();
    start = performance.now();
    handle.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
    handle.dispatchEvent(new KeyboardEvent('keyup', {key, bubbles: true}));
})"""


@pytest.mark.parametrize("size", list(SIZES))
def test_a_facilitators_session_on_the_gemeente_example(page, tmp_path, request, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.locator(".tk-app select").first.select_option("gemeente-zaaksysteem")
    page.wait_for_selector('.tk-banner[data-winner="zaakwerk"]')
    assert ranking(page)[:3] == ["zaakwerk", "civora", "polderdata"]
    step(page, tmp_path, request, size, "01-loaded")

    # the quality split from 60 to 80: every score moves, and the table says by how much
    split = slider(page, "Kwaliteit (%)")
    handle = split.locator(".noUi-handle")
    handle.focus()
    for _ in range(4):
        handle.press("ArrowRight")
    page.wait_for_selector(".tk-note:has-text('Kwaliteit 80% – prijs 20%')")
    assert split.locator(".widget-readout").inner_text().strip() == "80"
    deltas = page.locator(".tk-ranking .tk-delta").all_inner_texts()
    assert any(d.startswith("+") for d in deltas) and any(d.startswith("\u2212") for d in deltas)
    step(page, tmp_path, request, size, "02-split-80")

    # the slider's release to the updated ranking, as the room feels it (reported, not asserted)
    selector = ".widget-hslider .noUi-handle"
    elapsed = [page.evaluate(SLIDER_TO_RANKING_MS, [selector, key]) for key in ("ArrowLeft",) * 3]
    timing = f"workshop slider release to ranking ({size}): " + ", ".join(
        f"{ms:.0f} ms" for ms in elapsed
    )
    request.config.pluginmanager.get_plugin("terminalreporter").write_line(timing)
    with (screenshot_folder() / "slider-timing.txt").open("a") as log:
        log.write(timing + "\n")
    page.get_by_role("button", name="Stap terug").click()
    page.get_by_role("button", name="Punten per criterium").click()
    page.wait_for_selector(".tk-criteria")
    step(page, tmp_path, request, size, "03-points-by-criterion")

    # a criterion switched off: its share reads 0% and a warning says it no longer counts
    k2 = page.locator(".tk-weight", has=page.locator("b", has_text="K2")).locator(".noUi-handle")
    k2.focus()
    k2.press("Home")
    page.wait_for_selector(".tk-warn:has-text('K2 telt niet meer mee')")
    step(page, tmp_path, request, size, "04-k2-off")
    page.get_by_role("button", name="Terug naar gepubliceerd").click()
    page.wait_for_function("() => !document.querySelector('.tk-ranking .tk-delta')")

    # another price formula, with a worked example beside it
    formula = page.locator(".widget-dropdown", has=page.locator("label", has_text="Formule"))
    formula.locator("select").select_option(label="Fictieve korting (gunnen op waarde)")
    page.wait_for_selector(".tk-ranking th:has-text('Vergelijkingsprijs')")
    assert page.locator(".tk-example").inner_text().startswith("Voorbeeld:")
    step(page, tmp_path, request, size, "05-fictitious-discount")
    formula.locator("select").select_option(label="Laagste prijs relatief")
    page.wait_for_selector(".tk-ranking th:has-text('Totaal')")

    # the winner declared invalid; the results stay in sight while the controls scrolled
    box = page.get_by_role("checkbox", name="Zaakwerk Cloud B.V.")
    box.scroll_into_view_if_needed()
    box.check()
    page.wait_for_selector('.tk-banner[data-winner="civora"]')
    results_in_sight(page)
    step(page, tmp_path, request, size, "06-winner-invalid")
    box.uncheck()
    page.wait_for_selector('.tk-banner[data-winner="zaakwerk"]')

    # an answer what-if on a scored requirement the panel decides: said so, not silently void
    whatif = page.locator(".tk-controls")
    whatif.locator(".widget-dropdown", has=page.locator("label", has_text="Inschrijver")).locator(
        "select"
    ).select_option(label="Zaakwerk Cloud B.V.")
    requirement = whatif.locator(
        ".widget-dropdown", has=page.locator("label", has_text="Eis of wens")
    ).locator("select")
    option = requirement.locator("option", has_text="ENC-03").first.inner_text()
    requirement.select_option(label=option)
    before = page.locator(".tk-ranking").inner_text()
    fails = page.get_by_role("button", name="voldoet niet", exact=True)
    decided = page.locator('[data-decided="panel"]')
    with contextlib.suppress(sync_api.TimeoutError):  # the note follows after a round trip
        decided.wait_for(timeout=10_000)
    if decided.count():
        assert fails.is_disabled()
        assert "niet het antwoord" in decided.inner_text()
        # and the panel's score that does decide is the what-if: it moves the result
        page.locator(".tk-controls .widget-toggle-buttons button", has_text="4").first.click()
        page.wait_for_function(
            "before => document.querySelector('.tk-ranking').innerText !== before", arg=before
        )
        assert page.locator(".tk-ranking .tk-delta").count()
    else:
        fails.click()
        page.wait_for_function(
            "before => document.querySelector('.tk-ranking').innerText !== before", arg=before
        )
    fails.scroll_into_view_if_needed()  # the answer, the note and the panel's score in view
    results_in_sight(page)
    step(page, tmp_path, request, size, "07-answer-decided-by-panel")
    page.get_by_role("button", name="Stap terug").click()
    page.wait_for_function("() => !document.querySelector('.tk-ranking .tk-delta')")

    # a buyer measure: the risk it lowers, from what to what
    measure = whatif.locator(
        ".widget-dropdown", has=page.locator("label", has_text="Maatregel koper")
    ).locator("select")
    measure.select_option(label="Zelf versleutelen met eigen sleutels")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_selector(".tk-controls [data-effects]")
    effect = page.locator(".tk-controls [data-effects]").first
    assert "→" in effect.inner_text() or effect.get_attribute("data-effects") == "0"
    effect.scroll_into_view_if_needed()
    results_in_sight(page)
    assert page.locator(".tk-results [data-effects]").first.is_visible()  # the room sees it too
    step(page, tmp_path, request, size, "08-buyer-measure")

    # two scenarios side by side, and the document to hand out
    name = page.get_by_placeholder("naam van dit scenario")
    name.fill("Gepubliceerd + maatregel")
    page.get_by_role("button", name="Bewaren").click()
    page.get_by_role("button", name="Terug naar gepubliceerd").click()
    box.check()
    page.wait_for_selector('.tk-banner[data-winner="civora"]')
    name.fill("Zaakwerk ongeldig")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_selector(".tk-compare td:has-text('Zaakwerk ongeldig')")
    page.get_by_role("button", name="Scenario's als document").click()
    page.wait_for_selector("a.tk-download")
    page.locator(".tk-compare").scroll_into_view_if_needed()
    step(page, tmp_path, request, size, "09-scenarios")

    # what would it take to win, then presenter mode for the back of the room
    box.uncheck()
    page.wait_for_selector('.tk-banner[data-winner="zaakwerk"]')
    page.get_by_role("button", name="Per inschrijver berekenen").click()
    page.wait_for_selector(".tk-towin", timeout=120_000)
    page.locator(".tk-towin").first.scroll_into_view_if_needed()
    step(page, tmp_path, request, size, "10-what-it-takes")
    page.get_by_role("button", name="Presentatie").click()
    page.wait_for_selector(".tk-app.tk-presenter")
    page.locator(".tk-results").evaluate("pane => pane.scrollTo(0, 0)")
    step(page, tmp_path, request, size, "11-presenter")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_panel_tab_on_a_folder_opened_by_path(page, tmp_path, request, size):
    from tenderkit.formats.folder_edits import copy_example

    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    folder = copy_example("gemeente-zaaksysteem", tmp_path / "mijn-aanbesteding")
    page.get_by_placeholder("of de map van een andere aanbesteding").fill(str(folder))
    page.get_by_role("button", name="Openen").click()
    page.wait_for_selector('.tk-banner[data-winner="zaakwerk"]')
    picked = page.locator(".tk-app select").first.evaluate("s => s.selectedOptions[0].text")
    assert str(folder) in picked  # the list names the opened folder, it does not go blank
    page.get_by_role("tab", name="Beoordelingscommissie").click()
    page.get_by_role("tab", name="Consensus").click()
    page.wait_for_selector(".tk-consensus")
    assert page.locator(".tk-checks input[type=checkbox]").count() >= 2  # no Ctrl-click
    header = page.locator(".tk-consensus th.tk-id").first
    lines = (
        "th => { const r = document.createRange(); r.selectNodeContents(th); "
        "return r.getClientRects().length; }"
    )
    assert header.evaluate(lines) == 1  # "a-visser" on one line, never "a-" / "visser"
    step(page, tmp_path, request, size, "panel-1-consensus")
    page.get_by_role("tab", name="Bevriezen en prijzen").click()
    freeze = page.get_by_role("button", name="Kwaliteit bevriezen en prijzen tonen")
    page.get_by_role("checkbox", name="Alle kwaliteitsscores zijn definitief").check()
    assert freeze.is_disabled()  # who freezes is asked first
    who = page.locator(".widget-dropdown", has=page.locator("label", has_text="Wie bevriest"))
    who.locator("select").select_option(index=1)
    freeze.click()
    page.wait_for_selector("button:has-text('Kwaliteit is bevroren')")
    assert page.get_by_role("button", name="Kwaliteit is bevroren").is_disabled()
    page.wait_for_selector(".tk-prices")  # and the prices are shown
    step(page, tmp_path, request, size, "panel-2-frozen")
