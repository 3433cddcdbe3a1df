"""The workshop app without a browser: setting a widget's value fires its callbacks, as a click
in the browser would, so most behaviour is tested here on the class."""

from __future__ import annotations

import re
import time

import ipywidgets as w
import pytest
from workshop_builders import GEMEENTE, RETAIL, loaded

from tenderkit.workshop.app import TENDER_ENV, WorkshopApp
from tenderkit.workshop.synthetic import synthetic_tender


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
    assert app.result.method.criteria["K2"] == 1


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
    # the engine says the other rule would differ, by its name (texts/codes.yaml), not its code
    assert "oorspronkelijke referentiewaarden behouden" in app.warnings.value
    app.rule.value = "keep_original"
    assert shown_winner(app) == "zaakwerk"
    assert app.result.method.invalidated_bid_rule == "keep_original"


def test_switching_the_formula_fills_its_parameters_from_the_bids(app):
    app.formula.value = "linear_fixed"
    assert set(app.param_widgets) == {"max_price", "min_price"}
    # the field reads as the sentence beside it does: an amount in euros
    assert app.param_widgets["max_price"].value == "€ 680.000"
    assert app.result.method.price.model_dump(mode="json") == {
        "formula": "linear_fixed",
        "max_price": 680000.0,
        "min_price": 496000.0,
    }
    assert "Punten prijs" in app.ranking.value  # additive: points columns
    assert "€ 680.000 − € " in app.formula_example.value  # a worked example with a bid's price
    app.param_widgets["max_price"].value = "700000"
    assert app.result.method.price.max_price == 700_000
    assert app.param_widgets["max_price"].value == "€ 700.000"
    app.param_widgets["max_price"].value = "zeven ton"
    assert "hele euro" in app.param_text.value
    assert app.result.method.price.max_price == 700_000
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
    app.on_update.append(lambda result: updates.append(result.method.criteria["K1"]))
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
    assert "map niet gevonden" in app.error.value  # in the workshop's language
    assert app.tender.id == "gemeente-zaaksysteem"  # still the last good one


def test_the_tender_list_names_a_folder_opened_by_path(app, tmp_path):
    from tenderkit.formats.folder_edits import copy_example

    folder = copy_example("gemeente-zaaksysteem", tmp_path / "mijn-aanbesteding")
    app.tender_path.value = str(folder)
    app.open_button.click()
    assert app.tender.id == "gemeente-zaaksysteem"
    label = dict((v, k) for k, v in app.tender_pick.options)[app.tender_pick.value]
    assert str(folder) in label and "Zaaksysteem" in label  # not a blank list
    app.tender_pick.value = "retail-privcomp-cloud"  # and the examples are still there
    assert app.tender.id == "retail-privcomp-cloud"


def test_fonts_are_large_enough_for_a_room(app):
    sizes = [int(s) for s in re.findall(r"font-size: (\d+)px", app.style.value)]
    assert min(sizes) >= 16


# --- what a room needs to follow a session (issue 20) -------------------------------------------


def delta_texts(html: str) -> list[str]:
    return re.findall(r'<span class="tk-delta tk-(?:up|down)">([^<]+)</span>', html)


def test_a_split_change_shows_each_bids_difference_in_points(gemeente):
    app = WorkshopApp(gemeente, debounce=0, panel=False)
    assert delta_texts(app.ranking.value) == []  # as published: nothing to show
    app.split.value = 80
    deltas = delta_texts(app.ranking.value)
    # per bid: quality points up, price points down, total either way
    assert len(deltas) == 3 * len(app.result.bids)
    zaakwerk = app.score_changes["zaakwerk"]
    assert f"+{zaakwerk.quality_points_delta:.1f}".replace(".", ",") in deltas
    assert "verschil met de uitslag zoals gepubliceerd" in app.ranking.value
    assert "&lt;" not in app.ranking.value  # the deltas are markup, not escaped text
    app.show_criteria.value = True
    assert "tk-criteria" in app.criteria_table.value
    assert "Informatiebeveiliging" in app.criteria_table.value
    app.show_criteria.value = False
    assert app.criteria_table.value == ""


def test_weights_read_as_shares_and_0_switches_a_criterion_off(gemeente):
    app = WorkshopApp(gemeente, debounce=0, panel=False)
    assert "= 40%" in app.criterion_shares["K1"].value
    assert app.criterion_sliders["K2"].min == 0
    app.criterion_sliders["K2"].value = 0
    assert "= 0%" in app.criterion_shares["K2"].value
    assert "= 53%" in app.criterion_shares["K1"].value  # 40 / 75
    assert "K2 telt niet meer mee" in app.weight_note.value
    assert app.result.method.criteria["K2"] == 0
    for name in ("K1", "K3", "K4"):
        app.criterion_sliders[name].value = 0
    assert "Minstens één gunningscriterium" in app.weight_note.value or app.error.value


def test_an_answer_the_panel_decides_is_locked_and_says_so(gemeente):
    """Zaakwerk ENC-03: the panel's score on the whole criterion decides, not the answer."""
    app = WorkshopApp(gemeente, debounce=0, panel=False)
    app.whatif_bid.value = "zaakwerk"
    app.whatif_requirement.value = "ENC-03"
    assert app.whatif_status.disabled
    assert 'data-decided="panel"' in app.answer_note.value
    assert "niet het antwoord" in app.answer_note.value
    # a knockout is decided by the answer: the toggle acts there
    app.whatif_requirement.value = "PRV-03"
    assert not app.whatif_status.disabled
    app.whatif_status.value = "fails"
    assert not app.result.bid("zaakwerk").valid


def test_an_answer_that_decides_moves_the_result():
    """Without a panel the bid's answer decides a scored requirement: changing it moves points."""
    app = WorkshopApp(synthetic_tender(bids=3, requirements=20), debounce=0, panel=False)
    bid, requirement = next(
        (b.id, rid)
        for b in app.result.bids
        for rid, score in b.quality.requirements.items()
        if score.source == "answer" and score.status == "meets"
    )
    app.whatif_bid.value = bid
    app.whatif_requirement.value = requirement
    assert not app.whatif_status.disabled and app.panel_what_if.layout.display == "none"
    before = app.result.bid(bid).quality.points
    app.whatif_status.value = "fails"
    assert app.result.bid(bid).quality.points < before
    assert delta_texts(app.ranking.value)  # and the ranking shows by how much


def test_where_the_panel_decides_its_score_is_the_what_if(gemeente):
    app = WorkshopApp(gemeente, debounce=0, panel=False)
    app.whatif_bid.value = "zaakwerk"
    app.whatif_requirement.value = "ENC-03"
    assert app.panel_what_if.layout.display is None
    assert app.panel_target == ("zaakwerk", "K1")  # ENC-03 sits under K1, scored as a whole
    assert "K1" in app.panel_label.value
    agreed = app.panel_score.value
    assert agreed is not None
    before = app.result.bid("zaakwerk").quality.points
    lower = app.tender.scoring.scale.labels[0]
    app.panel_score.value = lower
    assert app.scenario.panel == {("zaakwerk", "K1"): lower}
    assert app.result.bid("zaakwerk").quality.points < before
    assert "commissiescore K1" in app.changes.value
    app.panel_score.value = agreed  # back to what the panel agreed: nothing changed
    assert app.scenario.panel == {}


def test_a_buyer_measure_says_which_risk_went_down_from_what_to_what(gemeente):
    app = WorkshopApp(gemeente, debounce=0, panel=False)
    app.whatif_bid.value = "zaakwerk"
    app.measure.value = "M-OWN-ENCRYPT"
    app.measure_add.click()
    effect = app.measure_effect.value
    assert "Effect van de maatregel van de koper op Zaakwerk Cloud B.V." in effect
    assert re.search(r"restrisico \d+ → \d+", effect)
    assert app.effect_top.value == effect  # shown above the ranking too


def test_undo_steps_back_one_change_at_a_time(gemeente):
    app = WorkshopApp(gemeente, debounce=0, panel=False)
    assert app.undo_button.disabled
    app.split.value = 80
    app.criterion_sliders["K2"].value = 0
    app.undo()
    assert app.scenario.criteria == {} and app.scenario.quality_share == 0.8
    assert app.criterion_sliders["K2"].value == 25
    app.reset()
    assert app.scenario.is_empty
    app.undo()  # a reset can be undone as well
    assert app.scenario.quality_share == 0.8 and app.split.value == 80
    app.undo()
    assert app.scenario.is_empty and app.undo_button.disabled


def test_presenter_mode_is_a_class_on_the_app(app):
    app.presenter.value = True
    assert "tk-presenter" in app.widget._dom_classes
    app.presenter.value = False
    assert "tk-presenter" not in app.widget._dom_classes


def test_what_it_takes_to_win_and_the_scenarios_document(gemeente):
    app = WorkshopApp(gemeente, debounce=0, panel=False)
    items = app.run_to_win()
    assert {i.bid for i in items} == {"civora", "polderdata"}
    assert "Civora NV" in app.to_win_out.value and "een prijs van" in app.to_win_out.value
    app.invalid_boxes["zaakwerk"].value = True
    app.save_scenario("Zaakwerk valt af")
    assert "Zaakwerk Cloud B.V. ongeldig verklaard" in app.comparison.value
    document = app.export_scenarios()
    assert "Scenario: Zaakwerk valt af" in document
    assert 'download="scenarios-gemeente-zaaksysteem-' in app.export_link.value
    assert app.published.winner == "zaakwerk"  # the published result never changes


def test_the_texts_a_room_reads(gemeente):
    app = WorkshopApp(gemeente, debounce=0, panel=False)
    assert "krijgt daarvan het deel" in app.param_text.value  # the sentence has its verb
    assert "lowest_relative" not in app.warnings.value  # the formula by its name
    assert "&#39;Laagste prijs relatief&#39;" in app.warnings.value
    assert re.search(r"\d+,\d%</td>", app.ranking.value)  # 69,0% beside 73,9%
    app.formula.value = "utility_index"
    assert "Factor N" in app.split_text.value and "prijs 40%" not in app.split_text.value
    app.formula.value = "linear_fixed"
    assert app.param_widgets["min_price"].value.startswith("€ ")
