"""The workshop app without a browser: setting a widget's value fires its callbacks, as a click
in the browser would, so most behaviour is tested here on the class."""

from __future__ import annotations

import re
import time

import ipywidgets as w
import pytest
from workshop_builders import GEMEENTE, RETAIL, loaded

from tenderkit.workshop.app import TENDER_ENV, WorkshopApp


@pytest.fixture
def retail():
    return loaded(RETAIL)


@pytest.fixture
def gemeente():
    return loaded(GEMEENTE)


def shown_order(app: WorkshopApp) -> list[str]:
    """Bid ids in the order the ranking table shows them."""
    return re.findall(r'<tr class="tk-row-[a-z]+" data-bid="([^"]+)"', app.ranking.value)


def shown_winner(app: WorkshopApp) -> str | None:
    found = re.search(r'data-winner="([^"]+)"', app.banner.value)
    return found.group(1) if found else None


def all_html(widget) -> str:
    """Every HTML text shown anywhere in a widget tree."""
    own = widget.value if isinstance(widget, w.HTML) else ""
    return own + "".join(all_html(child) for child in getattr(widget, "children", ()))


@pytest.fixture
def app(retail) -> WorkshopApp:
    return WorkshopApp(retail, debounce=0, panel=False)


def test_it_opens_the_privcomp_example_by_default(monkeypatch):
    monkeypatch.delenv(TENDER_ENV, raising=False)
    app = WorkshopApp(debounce=0)
    assert app.tender.id == "retail-privcomp-cloud"
    assert app.tender_pick.value == "retail-privcomp-cloud"
    assert shown_winner(app) == "eurostack"
    assert shown_order(app) == ["eurostack", "betuwehost", "skyline"]
    assert "Winnaar: Eurostack Cloud N.V." in app.banner.value  # Dutch by default
    assert "<h3>Rangorde</h3>" in all_html(app.widget)
    # a bundled example is not written into: the panel tab says how to make a copy
    assert "tenderkit example" in app.tabs.children[1].value


def test_the_environment_names_the_tender_the_command_was_given(monkeypatch):
    monkeypatch.setenv(TENDER_ENV, "gemeente-zaaksysteem")
    assert WorkshopApp(debounce=0, panel=False).tender.id == "gemeente-zaaksysteem"


def test_moving_a_weight_slider_changes_the_ranking_shown(app):
    assert shown_order(app) == ["eurostack", "betuwehost", "skyline"]
    app.criterion_sliders["K2"].value = 1  # privacy hardly counts: Skyline's NR weighs little
    assert shown_order(app) == ["eurostack", "skyline", "betuwehost"]
    assert "(was 3)" in app.ranking.value and "(was 2)" in app.ranking.value
    assert app.result.method["criteria"]["K2"] == 1


def test_the_quality_value_slider_can_change_the_winner(app):
    app.param_widgets["quality_value"].value = 60_000
    assert shown_winner(app) == "betuwehost"
    assert "zoals gepubliceerd: Eurostack" in app.banner.value


def test_marking_the_winner_invalid_names_a_new_winner(app):
    app.invalid_boxes["eurostack"].value = True
    assert shown_winner(app) == "betuwehost"
    assert "Winnaar: Betuwe Hosting B.V." in app.banner.value
    row = re.search(
        r'<tr class="(tk-row-[a-z]+)" data-bid="eurostack">(.*?)</tr>', app.ranking.value
    )
    assert row.group(1) == "tk-row-invalid"
    assert "door de groep ongeldig verklaard" in row.group(2)
    assert "#9e9e9e" in app.chart.value  # the invalid bid's bar is grey
    app.invalid_boxes["eurostack"].value = False
    assert shown_winner(app) == "eurostack"


def test_the_invalidated_bid_rule_can_swap_the_winner(gemeente):
    """Gemeente: Dossierlijn, the cheapest bid, fails a knockout. Under lowest_relative at 45%
    quality, recalculating the lowest price without it widens the price gaps and Civora wins;
    keeping its price as the reference lets Zaakwerk's quality win."""
    app = WorkshopApp(gemeente, debounce=0, panel=False)
    assert app.formula.value == "lowest_relative"
    app.split.value = 45
    assert shown_winner(app) == "civora"
    assert "vergelijkt met de andere inschrijvingen" in app.rule_note.value
    assert "keep_original" in app.warnings.value  # the engine says the other rule would differ
    app.rule.value = "keep_original"
    assert shown_winner(app) == "zaakwerk"
    assert app.result.method["invalidated_bid_rule"] == "keep_original"


def test_switching_the_formula_fills_its_parameters_from_the_bids(app):
    app.formula.value = "linear_fixed"
    assert set(app.param_widgets) == {"max_price", "min_price"}
    # the field reads as the sentence beside it does: an amount in euros
    assert app.param_widgets["max_price"].value == "€ 680.000"
    assert app.result.method["price"] == {
        "formula": "linear_fixed",
        "max_price": 680000.0,
        "min_price": 496000.0,
    }
    assert "Punten prijs" in app.ranking.value  # additive: points columns
    assert "€ 680.000 − € " in app.formula_example.value  # a worked example with a bid's price
    app.param_widgets["max_price"].value = "700.000"
    assert app.result.method["price"]["max_price"] == 700_000
    app.param_widgets["max_price"].value = "zeven ton"
    assert "hele euro" in app.param_text.value
    assert app.result.method["price"]["max_price"] == 700_000
    app.split.value = 30
    assert shown_winner(app) == "betuwehost"
    app.formula.value = "log"
    assert set(app.param_widgets) == {"a"} and app.param_widgets["a"].value == 2.0
    app.formula.value = "utility_index"
    assert app.split.max == 95
    assert "Index" in app.ranking.value
    app.formula.value = "fictitious_discount"
    assert app.split.disabled
    assert app.scenario.formula is None  # back to the published formula


def test_a_what_if_answer_change(app):
    app.whatif_bid.value = "eurostack"
    app.whatif_requirement.value = "SEC-02"  # encryption at rest, a knockout
    assert app.whatif_status.value == "meets"
    app.whatif_status.value = "fails"
    assert app.scenario.answers == {("eurostack", "SEC-02"): "fails"}
    assert shown_winner(app) == "betuwehost"
    assert "voldoet niet aan SEC-02" in app.ranking.value
    assert "Eurostack Cloud N.V.: SEC-02 → voldoet niet" in app.changes.value
    app.whatif_status.value = "meets"  # back to what the bid said: no change left
    assert app.scenario.answers == {}
    assert shown_winner(app) == "eurostack"


def test_a_fact_toggle_feeds_knockouts_and_risk(app):
    app.whatif_bid.value = "skyline"
    before = app.heatmap.value
    app.fact.value = "customer_managed_keys"
    assert app.fact_value.value is False
    app.fact_value.value = True  # what if Skyline let PrivComp hold the keys?
    assert app.scenario.facts == {("skyline", "customer_managed_keys"): True}
    assert app.heatmap.value != before or app.risk_summary.value
    app.fact.value = "encryption_at_rest"
    app.fact_value.value = False  # no encryption at rest: a knockout fails
    assert not app.result.bid("skyline").valid


def test_a_buyer_measure_is_listed_and_feeds_the_risk_view(app):
    app.whatif_bid.value = "skyline"
    measure = next(iter(app.measures))
    app.measure.value = measure
    app.measure_add.click()
    assert app.scenario.measures == {"skyline": (measure,)}
    assert "de koper neemt maatregel" in app.changes.value


def test_saved_scenarios_compare_side_by_side(app):
    app.save_scenario("Zoals het nu is")
    app.invalid_boxes["eurostack"].value = True
    app.scenario_name.value = "Eurostack valt af"
    app.save_button.click()
    rows = app.comparison_rows()
    assert [r["scenario"] for r in rows] == [
        "Zoals gepubliceerd",
        "Zoals het nu is",
        "Eurostack valt af",
    ]
    assert [r["winner"] for r in rows] == ["eurostack", "eurostack", "betuwehost"]
    assert rows[2]["bids"]["eurostack"]["rank"] is None
    assert rows[2]["bids"]["betuwehost"]["rank"] == 1
    assert "Eurostack valt af" in app.comparison.value
    assert app.scenario_pick.options == ("Zoals het nu is", "Eurostack valt af")
    app.reset()
    assert shown_winner(app) == "eurostack" and not app.invalid_boxes["eurostack"].value
    app.restore_scenario("Eurostack valt af")
    assert app.invalid_boxes["eurostack"].value and shown_winner(app) == "betuwehost"


def test_updates_are_debounced_and_coalesced(retail):
    app = WorkshopApp(retail, debounce=0.05, panel=False)
    updates = []
    app.on_update.append(lambda result: updates.append(result.method["criteria"]["K1"]))
    for weight in (10, 20, 30):
        app.criterion_sliders["K1"].value = weight
    assert updates == []  # nothing yet: the slider is still moving
    deadline = time.monotonic() + 5
    while not updates and time.monotonic() < deadline:
        time.sleep(0.01)
    assert updates == [30]  # one update, with the last value
    app.criterion_sliders["K1"].value = 40
    app.flush()  # immediate when asked
    assert updates == [30, 40]


def test_robustness_runs_on_demand(app):
    assert app.sensitivity_out.value == ""
    app.sensitivity_button.click()
    assert "2000" in app.sensitivity_out.value or "2.000" in app.sensitivity_out.value
    app.criterion_sliders["K1"].value = 10
    assert "opnieuw door" in app.sensitivity_out.value


def test_english_labels_for_an_english_tender(retail):
    english = retail.replace(config=retail.config.model_copy(update={"language": "en"}))
    app = WorkshopApp(english, debounce=0, panel=False)
    assert "Winner: Eurostack Cloud N.V." in app.banner.value
    assert app.formula.description == "Formula"
    assert "Place" in app.ranking.value


def test_the_tender_picker_opens_another_tender_and_reports_a_bad_folder(app, tmp_path):
    app.tender_pick.value = "gemeente-zaaksysteem"
    assert app.tender.id == "gemeente-zaaksysteem" and shown_winner(app) == "zaakwerk"
    app.tender_path.value = str(tmp_path / "nowhere")
    app.open_button.click()
    assert "folder not found" in app.error.value
    assert app.tender.id == "gemeente-zaaksysteem"  # still the last good one


def test_fonts_are_large_enough_for_a_room(app):
    sizes = [int(s) for s in re.findall(r"font-size: (\d+)px", app.style.value)]
    assert min(sizes) >= 16
