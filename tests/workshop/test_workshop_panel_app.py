"""The evaluation panel app without a browser: evaluators score, the panel agrees, quality is
frozen and only then do prices appear."""

from __future__ import annotations

import re
import shutil

import ipywidgets as w
import pytest
from workshop_builders import RETAIL, loaded, retail_copy

from tenderkit.loader import load_tender
from tenderkit.workshop.app import WorkshopApp
from tenderkit.workshop.panel import PanelApp, consensus_overview, proposal
from tenderkit.workshop.panel_store import PanelStore


@pytest.fixture
def retail():
    return loaded(RETAIL)


@pytest.fixture
def fresh_panel_dir(tmp_path):
    return retail_copy(tmp_path, fresh=True)


def all_html(widget) -> str:
    """Every HTML text shown anywhere in a widget tree."""
    own = widget.value if isinstance(widget, w.HTML) else ""
    return own + "".join(all_html(child) for child in getattr(widget, "children", ()))


@pytest.fixture
def panel(fresh_panel_dir) -> PanelApp:
    return PanelApp(fresh_panel_dir)


def test_nothing_can_be_scored_before_a_name_is_picked(panel):
    assert panel.evaluator.options == ("l-devries", "k-smit", "j-mulder")
    assert all(widget.disabled for widget in panel.score_widgets.values())
    panel.evaluator.value = "k-smit"
    assert not any(widget.disabled for widget in panel.score_widgets.values())
    assert panel.score_widgets[("eurostack", "K1")].options == ("NR", "0", "1", "2", "3")


def test_every_change_is_stored_at_once_and_exported(panel, fresh_panel_dir):
    panel.evaluator.value = "k-smit"
    panel.rationale_widgets[("eurostack", "K1")].value = "SOC 2 Type II met privacy."
    panel.score_widgets[("eurostack", "K1")].value = "3"
    stored = panel.store.score("k-smit", "eurostack", "K1")
    assert (stored.score, stored.rationale) == ("3", "SOC 2 Type II met privacy.")
    assert "Bewaard om" in panel.status.value
    csv_text = (fresh_panel_dir / "panel" / "k-smit.csv").read_text("utf-8")
    assert "eurostack,K1,3,SOC 2 Type II met privacy." in csv_text
    loaded = load_tender(fresh_panel_dir)
    assert [(s.evaluator, s.bidder, s.target, s.score) for s in loaded.panel] == [
        ("k-smit", "eurostack", "K1", "3")
    ]


def test_switching_evaluator_shows_their_own_scores(panel):
    panel.evaluator.value = "k-smit"
    panel.score_widgets[("skyline", "K2")].value = "NR"
    panel.evaluator.value = "j-mulder"
    assert panel.score_widgets[("skyline", "K2")].value is None
    panel.score_widgets[("skyline", "K2")].value = "1"
    panel.evaluator.value = "k-smit"
    assert panel.score_widgets[("skyline", "K2")].value == "NR"
    assert panel.store.score("j-mulder", "skyline", "K2").score == "1"


def test_prices_stay_hidden_until_quality_is_frozen(panel, retail):
    prices = [f"{int(b.price):,}".replace(",", ".") for b in retail.bids.values()]
    html = panel.prices.value + panel.consensus_table.value
    assert not any(p in html for p in prices)
    assert "verborgen" in panel.freeze_status.value
    assert panel.freeze_button.disabled  # first confirm
    panel.freeze_confirm.value = True
    panel.evaluator.value = "l-devries"
    panel.freeze_button.click()
    assert panel.frozen
    assert panel.store.frozen()[1] == "l-devries"
    assert all(p in panel.prices.value for p in prices)
    assert "Kwaliteit bevroren op" in panel.freeze_status.value


def test_the_freeze_asks_who_freezes_and_then_shows_it_is_done(panel):
    panel.freeze_confirm.value = True
    assert panel.freeze_button.disabled  # nobody named yet: no anonymous "chair"
    assert panel.freeze() is None and not panel.frozen
    assert "Kies eerst wie" in panel.freeze_status.value
    panel.freeze_by.value = "j-mulder"
    assert not panel.freeze_button.disabled
    panel.freeze_button.click()
    assert panel.store.frozen()[1] == "j-mulder"
    assert "door j-mulder" in panel.freeze_status.value
    # the button no longer looks like something to press
    assert panel.freeze_button.disabled and panel.freeze_button.button_style == ""
    assert panel.freeze_button.description == "Kwaliteit is bevroren"
    assert panel.freeze_by.disabled


def test_consensus_members_are_ticked_not_ctrl_clicked(panel):
    group = panel.consensus_evaluators
    assert all(isinstance(box, w.Checkbox) for box in group.boxes.values())
    group.boxes["k-smit"].value = True
    group.boxes["l-devries"].value = True
    assert group.value == ("l-devries", "k-smit")  # in the tender's order
    group.value = ("j-mulder",)
    assert group.value == ("j-mulder",)
    assert '<th class="tk-id">l-devries</th>' in panel.consensus_table.value  # never wrapped


def test_freezing_blocks_changes(panel):
    panel.evaluator.value = "k-smit"
    panel.score_widgets[("betuwehost", "K3")].value = "1"
    panel.freeze()
    assert all(widget.disabled for widget in panel.score_widgets.values())
    assert panel.consensus_button.disabled
    # even if a widget were changed (a stale browser tab), the store refuses and shows why
    panel.score_widgets[("betuwehost", "K3")].disabled = False
    panel.score_widgets[("betuwehost", "K3")].value = "3"
    assert "Niet bewaard" in panel.status.value
    assert panel.store.score("k-smit", "betuwehost", "K3").score == "1"
    assert panel.score_widgets[("betuwehost", "K3")].value == "1"  # shows what is stored
    # a second app on the same folder (another evaluator's laptop) is frozen too
    again = PanelApp(panel.directory, evaluator="j-mulder")
    assert all(widget.disabled for widget in again.score_widgets.values())


def test_consensus_view_flags_disagreement_and_proposes_the_median(panel, fresh_panel_dir):
    for who, score in (("l-devries", "3"), ("k-smit", "1"), ("j-mulder", "2")):
        panel.evaluator.value = who
        panel.score_widgets[("skyline", "K1")].value = score
    panel.tabs.selected_index = 1  # opening the consensus tab refreshes it
    line = next(x for x in panel.overview() if (x.bidder, x.target) == ("skyline", "K1"))
    # fractions 1.0, 0.25, 0.6 on a scale spanning -0.5..1.0: spread 0.75 / 1.5 = 50% > 40%
    assert line.spread == pytest.approx(0.5)
    assert line.disagreement
    assert line.proposal == "2"
    assert "⚠" in panel.consensus_table.value and "50%" in panel.consensus_table.value
    panel.consensus_item.value = ("skyline", "K1")
    assert panel.consensus_score.value == "2"
    assert set(panel.consensus_evaluators.value) == {"l-devries", "k-smit", "j-mulder"}
    panel.record_consensus()  # no rationale yet
    assert "onderbouwing" in panel.consensus_status.value
    panel.consensus_rationale.value = "SOC 2 en ISO 27001, maar geen klantbeheerde sleutels."
    panel.consensus_button.click()
    agreed = panel.store.consensus()
    assert [(c.bidder, c.target, c.score) for c in agreed] == [("skyline", "K1", "2")]
    assert agreed[0].evaluators == ("l-devries", "k-smit", "j-mulder")
    loaded = load_tender(fresh_panel_dir)
    assert [(c.bidder, c.target, c.score) for c in loaded.consensus] == [("skyline", "K1", "2")]
    assert re.search(r"<b>2</b>", panel.consensus_table.value)


def test_proposal_rounds_to_the_nearest_step_and_a_tie_to_the_lower(retail):
    scale = retail.scoring.scale
    assert proposal(["3", "2"], scale) == "2"  # median 0.8: 1.0 and 0.6 equally near
    assert proposal(["3", "3", "0"], scale) == "3"
    assert proposal(["3", "0"], scale, "mean") == "2"  # mean 0.5: 0.6 is nearer than 0.25
    assert proposal([], scale) is None


def test_consensus_overview_lists_every_bid_and_criterion(retail, fresh_panel_dir):
    store = PanelStore.for_tender(load_tender(fresh_panel_dir))
    lines = consensus_overview(
        store.scores(),
        store.consensus(),
        retail.scoring.scale,
        0.4,
        "median",
        ["betuwehost", "eurostack"],
        ["K1", "K2"],
    )
    assert [(x.bidder, x.target) for x in lines] == [
        ("betuwehost", "K1"),
        ("betuwehost", "K2"),
        ("eurostack", "K1"),
        ("eurostack", "K2"),
    ]
    assert all(x.proposal is None and not x.disagreement for x in lines)


def test_bidders_can_be_anonymised(fresh_panel_dir):
    panel = PanelApp(fresh_panel_dir, anonymise=True)
    html = all_html(panel.tabs.children[0])
    assert "Inschrijving A" in html and "Eurostack" not in html


def test_the_workshop_has_the_panel_as_a_tab_for_a_tender_folder(fresh_panel_dir):
    app = WorkshopApp(fresh_panel_dir, debounce=0)
    assert app.panel_app is not None
    assert app.tabs.titles == ("Wat als?", "Beoordelingscommissie", "Assurance-rapporten")
    app.panel_app.evaluator.value = "j-mulder"
    app.panel_app.score_widgets[("eurostack", "K2")].value = "3"
    assert (fresh_panel_dir / "panel" / "j-mulder.csv").is_file()


def test_the_workshop_explains_when_there_is_no_panel(fresh_panel_dir):
    from tenderkit.workshop.synthetic import synthetic_tender

    in_memory = WorkshopApp(synthetic_tender(bids=3, requirements=20), debounce=0)
    assert in_memory.panel_app is None and "geen map" in in_memory.tabs.children[1].value
    shutil.rmtree(fresh_panel_dir / "panel")
    (fresh_panel_dir / "panel").write_text("not a folder")  # no database can be made there
    app = WorkshopApp(fresh_panel_dir, debounce=0)
    assert app.panel_app is None and "kan niet starten" in app.tabs.children[1].value
    assert app.winner is not None  # the what-ifs work all the same
