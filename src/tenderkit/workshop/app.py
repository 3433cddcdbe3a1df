"""`WorkshopApp`: the interactive what-if workshop, an ipywidgets app over the library.

Participants move the quality/price split and the criterion weights, switch the price formula,
declare a bid invalid and switch the invalidated-bid rule, change one answer or fact of a bid, let
the buyer take a measure, and save scenarios to compare. Every change edits a `Scenario` (plain
data, `tenderkit.workshop.scenario`); `LiveEvaluator` re-scores and the ranking (first, so the room
sees it soonest), the score chart and the residual-risk heat map are redrawn. Sliders report
their value when released, so by default an update starts at once; `debounce` (seconds) waits
for a pause instead, for a caller with live sliders. The notebook only creates the app.

    app = WorkshopApp()                 # the bundled PrivComp example
    app = WorkshopApp("path/to/tender") # or a folder, or a loaded Tender
    app                                 # in a notebook cell: shows it
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w

from tenderkit.bundled import bundled, example, example_names
from tenderkit.catalogues import measures as measure_catalogue
from tenderkit.errors import InvalidInput, TenderkitError, told
from tenderkit.formatting import percent
from tenderkit.loader import Tender, load_tender
from tenderkit.result import Result
from tenderkit.scoring.price import FORMULA_PROPERTIES
from tenderkit.workshop import fragments
from tenderkit.workshop.compare import criterion_shares, risk_changes, score_changes
from tenderkit.workshop.document import describe_scenario, scenarios_document
from tenderkit.workshop.fragments import t
from tenderkit.workshop.live import LiveEvaluator
from tenderkit.workshop.scenario import (
    BOOLEAN_FACTS,
    PRICE_FORMULAS,
    UTILITY_MAX_SHARE,
    Scenario,
    default_price_params,
    quality_share,
    with_buyer_measures,
)
from tenderkit.workshop.to_win import ToWin, what_it_takes

__all__ = ["DEFAULT_TENDER", "TENDER_ENV", "WorkshopApp"]

DEFAULT_TENDER = "retail-privcomp-cloud"
TENDER_ENV = "TENDERKIT_WORKSHOP_TENDER"
"""Environment variable `tenderkit workshop` sets to the tender folder the app opens."""

SENSITIVITY_SAMPLES = 2000
OPENED = "\x00opened"  # the tender list's entry for a folder opened by path
UNDO_STEPS = 50


def resolve_source(source: str | os.PathLike[str] | Tender | None) -> Tender:
    """A Tender from a Tender, a folder, a bundled example's name, or None (environment or
    the default example)."""
    if isinstance(source, Tender):
        return source
    if source is None or str(source) == "":
        source = os.environ.get(TENDER_ENV) or DEFAULT_TENDER
    path = Path(source)
    if not path.exists() and str(source) in example_names():
        path = example(str(source))
    return load_tender(path)


def is_bundled(tender: Tender) -> bool:
    """Is this one of tenderkit's own examples (which the panel must not write into)?"""
    if tender.directory is None:
        return False
    try:
        Path(tender.directory).resolve().relative_to(bundled("examples").resolve())
    except ValueError:
        return False
    return True


class WorkshopApp:
    """The workshop: widgets over a `Scenario` of one tender, re-evaluated on every change."""

    def __init__(
        self,
        tender: str | os.PathLike[str] | Tender | None = None,
        *,
        debounce: float = 0.0,
        panel: bool = True,
    ) -> None:
        self.debounce = debounce
        self.with_panel = panel
        self._timer: Any = None
        self._syncing = False
        self._dirty = False
        self.last_update_seconds = 0.0
        self.on_update: list[Callable[[Result], None]] = []
        self.widget = w.VBox(layout=w.Layout(width="100%"))
        self.widget.add_class("tk-app")
        self.style = w.HTML(fragments.STYLE)
        self.error = w.HTML()
        self._build_picker()
        self.load(tender)

    # --- display -------------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # --- loading a tender ----------------------------------------------------------------------

    def load(self, source: str | os.PathLike[str] | Tender | None = None) -> None:
        """Open another tender; the scenario starts again from the tender as published."""
        try:
            tender = resolve_source(source)
        except InvalidInput as exc:
            self.error.value = f'<pre class="tk-error">{fragments.escape(exc.describe())}</pre>'
            if not hasattr(self, "tender"):
                raise
            return
        except (OSError, TenderkitError) as exc:
            self.error.value = fragments.error(str(exc))
            if not hasattr(self, "tender"):
                raise
            return
        self.error.value = ""
        self.tender = tender
        self.language = tender.language if tender.language in ("nl", "en") else "nl"
        self.currency = tender.config.currency
        self.live = LiveEvaluator(tender)
        self.scenario = Scenario()
        self.history: list[Scenario] = []
        self.scenarios: dict[str, tuple[Scenario, Result]] = {}
        self.published = self.live.evaluate(Scenario())
        self.result = self.published
        self.measures = measure_catalogue()
        self._build()
        self.refresh()

    def _build_picker(self) -> None:
        self.tender_pick = w.Dropdown(
            layout=w.Layout(width="480px"), style={"description_width": "130px"}
        )
        self.tender_path = w.Text(layout=w.Layout(width="360px"))
        self.open_button = w.Button(icon="folder-open", layout=w.Layout(width="auto"))
        self.tender_pick.observe(self._on_pick, "value")
        self.open_button.on_click(lambda _: self.load(self.tender_path.value.strip() or None))

    def _on_pick(self, change: dict) -> None:
        if self._syncing or not change["new"] or change["new"] == OPENED:
            return
        current = self.tender.directory
        if current is None or Path(current).resolve() != example(change["new"]).resolve():
            self.load(change["new"])

    # --- building the widgets ------------------------------------------------------------------

    def _build(self) -> None:
        """The whole app for the current tender and language, section by section."""
        lang = self.language
        picker = self._picker_row()
        title = w.HTML(
            f"<h2>{fragments.escape(t('title', lang, title=self.tender.config.title))}</h2>"
        )

        weights = self._weights_section()
        price = self._price_section()
        invalid = self._invalid_section()
        whatif = self._whatif_section()
        scenarios = self._scenarios_section()
        results = self._results_pane()

        controls = w.VBox(
            [weights, price, invalid, whatif, scenarios], layout=w.Layout(width="38%")
        )
        controls.add_class("tk-pane")
        controls.add_class("tk-controls")
        workshop = w.HBox([controls, results], layout=w.Layout(width="100%"))
        tabs = [workshop]
        titles = [t("tab_workshop", lang)]
        self.panel_app = None
        if self.with_panel:
            tabs.append(self._panel_tab())
            titles.append(t("tab_panel", lang))
            tabs.append(self._intake_tab())
            titles.append(t("tab_intake", lang))
        self.tabs = w.Tab(children=tabs, titles=titles)
        self.widget.children = [self.style, title, picker, self.error, self.tabs]
        self._build_params()
        self._sync_whatif()

    def _picker_row(self) -> w.Widget:
        """The tender picker: the bundled examples and an opened folder, by name."""
        lang = self.language
        tender = self.tender
        self._syncing = True
        try:
            options = [(name, name) for name in example_names()]
            bundled_name = tender.directory.name if tender.directory is not None else None
            if is_bundled(tender) and bundled_name in example_names():
                chosen = bundled_name
            else:
                # an opened folder (or an in-memory tender) stays named in the list
                where = str(tender.directory) if tender.directory is not None else tender.id
                chosen = OPENED
                options.append(
                    (t("tender_opened", lang, name=tender.config.title, where=where), OPENED)
                )
            self.tender_pick.options = options
            self.tender_pick.value = chosen
        finally:
            self._syncing = False
        self.tender_pick.description = t("tender", lang)
        self.tender_path.placeholder = t("tender_path", lang)
        self.open_button.description = t("open", lang)
        picker = w.HBox([self.tender_pick, self.tender_path, self.open_button])
        return picker

    def _weights_section(self) -> w.Widget:
        """The quality/price split and one slider per award criterion."""
        lang = self.language
        tender = self.tender
        self.split = w.IntSlider(
            value=round(quality_share(tender) * 100),
            min=0,
            max=100,
            step=5,
            description=t("quality_share", lang),
            continuous_update=False,
            layout=w.Layout(width="98%"),
            style={"description_width": "150px"},
        )
        self.split_text = w.HTML()
        self.split.observe(self._on_split, "value")
        self.criterion_sliders: dict[str, w.IntSlider] = {}
        self.criterion_shares: dict[str, w.HTML] = {}
        self.weight_note = w.HTML()
        rows = []
        for criterion in tender.requirement_set.criteria:
            slider = w.IntSlider(
                value=round(criterion.weight),
                min=0,
                max=max(100, round(criterion.weight)),
                step=1,
                continuous_update=False,
                layout=w.Layout(width="42%"),
            )
            slider.observe(self._on_weight(criterion.id), "value")
            self.criterion_sliders[criterion.id] = slider
            share = w.HTML(layout=w.Layout(width="18%"))
            self.criterion_shares[criterion.id] = share
            label = w.HTML(
                f"<b>{fragments.escape(criterion.id)}</b> {fragments.escape(criterion.title)}",
                layout=w.Layout(width="40%"),
            )
            row = w.HBox([label, slider, share])
            row.add_class("tk-weight")
            rows.append(row)
        weights = self._section(
            t("section_weights", lang),
            [
                self.split,
                self.split_text,
                w.HTML(f"<b>{fragments.escape(t('criteria', lang))}</b>"),
                *rows,
                self.weight_note,
            ],
        )
        return weights

    def _price_section(self) -> w.Widget:
        """The price formula and its parameters, with a worked example."""
        lang = self.language
        tender = self.tender
        self.formula = w.Dropdown(
            options=[(fragments.formula_label(f, lang), f) for f in PRICE_FORMULAS],
            value=tender.scoring.price.formula,
            description=t("formula", lang),
            layout=w.Layout(width="98%"),
            style={"description_width": "150px"},
        )
        self.formula.observe(self._on_formula, "value")
        self.param_box = w.VBox()
        self.param_widgets: dict[str, w.Widget] = {}
        self.formula_note = w.HTML()
        self.formula_example = w.HTML()
        price = self._section(
            t("section_price", lang),
            [self.formula, self.param_box, self.formula_note, self.formula_example],
        )
        return price

    def _invalid_section(self) -> w.Widget:
        """Bids set aside as invalid, and the rule for the others' scores."""
        lang = self.language
        tender = self.tender
        self.invalid_boxes: dict[str, w.Checkbox] = {}
        boxes = []
        for bid_id in sorted(tender.bids):
            box = w.Checkbox(
                value=False,
                description=tender.bids[bid_id].bidder,
                indent=False,
                layout=w.Layout(width="auto"),
            )
            box.observe(self._on_invalid(bid_id), "value")
            self.invalid_boxes[bid_id] = box
            boxes.append(box)
        self.rule = w.ToggleButtons(
            options=[
                (t("rule_recalculate", lang), "recalculate"),
                (t("rule_keep_original", lang), "keep_original"),
            ],
            value=tender.scoring.invalidated_bid_rule,
            style={"button_width": "auto"},
        )
        self.rule.observe(self._on_rule, "value")
        self.rule_note = w.HTML()
        invalid = self._section(
            t("section_invalid", lang),
            [
                w.HTML(fragments.note(t("invalid_help", lang))),
                w.HBox(boxes, layout=w.Layout(flex_flow="row wrap")),
                w.HTML(f"<b>{fragments.escape(t('rule', lang))}</b>"),
                self.rule,
                self.rule_note,
            ],
        )
        return invalid

    def _whatif_section(self) -> w.Widget:
        """What-ifs on one bid: an answer, a panel score, a fact, a measure."""
        lang = self.language
        tender = self.tender
        bid_options = [(tender.bids[b].bidder, b) for b in sorted(tender.bids)]
        default_bid = self.published.winner or sorted(tender.bids)[0]
        wide = {"layout": w.Layout(width="98%"), "style": {"description_width": "150px"}}
        self.whatif_bid = w.Dropdown(
            options=bid_options, value=default_bid, description=t("bidder", lang), **wide
        )
        self.whatif_requirement = w.Dropdown(
            options=[
                (
                    f"{r.id} {r.title}"
                    + (f" ({t('knockout', lang)})" if r.kind == "knockout" else ""),
                    r.id,
                )
                for r in tender.requirement_set.requirements
            ],
            description=t("requirement", lang),
            **wide,
        )
        self.whatif_status = w.ToggleButtons(
            options=[(fragments.status_label(s, lang), s) for s in ("meets", "partial", "fails")],
            style={"button_width": "auto"},
        )
        self.answer_note = w.HTML()
        self.panel_label = w.HTML()
        self.panel_score = w.ToggleButtons(
            options=list(tender.scoring.scale.labels), value=None, style={"button_width": "auto"}
        )
        self.panel_score.observe(self._on_panel_score, "value")
        self.panel_what_if = w.VBox([self.panel_label, self.panel_score])
        self.panel_what_if.layout.display = "none"
        self.panel_target: tuple[str, str] | None = None
        self.fact_note = w.HTML()
        self.fact = w.Dropdown(
            options=[(fragments.fact_label(f, lang), f) for f in BOOLEAN_FACTS],
            description=t("fact", lang),
            **wide,
        )
        self.fact_value = w.ToggleButtons(
            options=[(t("yes", lang), True), (t("no", lang), False)],
            style={"button_width": "90px"},
        )
        self.measure = w.Dropdown(
            options=[(f"{m.title.get(lang)}", m.id) for m in self.measures.values()],
            description=t("measure", lang),
            layout=w.Layout(width="98%"),
            style={"description_width": "150px"},
        )
        self.measure_add = w.Button(
            description=t("measure_add", lang), icon="plus", layout=w.Layout(width="auto")
        )
        self.measure_effect = w.HTML()
        self.whatif_bid.observe(self._on_whatif_target, "value")
        self.whatif_requirement.observe(self._on_whatif_target, "value")
        self.fact.observe(self._on_whatif_target, "value")
        self.whatif_status.observe(self._on_status, "value")
        self.fact_value.observe(self._on_fact_value, "value")
        self.measure_add.on_click(self._on_measure_add)
        self.changes = w.HTML()
        self.reset_button = w.Button(
            description=t("reset", lang), icon="fast-backward", layout=w.Layout(width="auto")
        )
        self.reset_button.on_click(lambda _: self.reset())
        self.undo_button = w.Button(
            description=t("undo", lang), icon="undo", layout=w.Layout(width="auto"), disabled=True
        )
        self.undo_button.on_click(lambda _: self.undo())
        whatif = self._section(
            t("section_whatif", lang),
            [
                self.whatif_bid,
                self.whatif_requirement,
                w.HBox(
                    [
                        w.HTML(
                            f"<b>{fragments.escape(t('answer', lang))}</b>",
                            layout=w.Layout(width="160px"),
                        ),
                        self.whatif_status,
                    ]
                ),
                self.answer_note,
                self.panel_what_if,
                self.fact,
                w.HBox(
                    [
                        w.HTML(
                            f"<b>{fragments.escape(t('fact_value', lang))}</b>",
                            layout=w.Layout(width="160px"),
                        ),
                        self.fact_value,
                    ]
                ),
                self.fact_note,
                self.measure,
                self.measure_add,
                self.measure_effect,
                self.changes,
            ],
        )
        return whatif

    def _scenarios_section(self) -> w.Widget:
        """Saving and restoring named scenarios."""
        lang = self.language
        self.scenario_name = w.Text(
            placeholder=t("scenario_name", lang), layout=w.Layout(width="60%")
        )
        self.save_button = w.Button(
            description=t("scenario_save", lang), icon="save", layout=w.Layout(width="auto")
        )
        self.save_button.on_click(lambda _: self._on_save())
        self.scenario_pick = w.Dropdown(options=[], layout=w.Layout(width="60%"))
        self.restore_button = w.Button(
            description=t("scenario_restore", lang), icon="history", layout=w.Layout(width="auto")
        )
        self.restore_button.on_click(
            lambda _: (
                self.restore_scenario(self.scenario_pick.value)
                if self.scenario_pick.value
                else None
            )
        )
        self.comparison = w.HTML(fragments.comparison_html([], {}, lang))
        self.export_link = w.HTML()
        scenarios = self._section(
            t("section_scenarios", lang),
            [
                w.HBox([self.scenario_name, self.save_button]),
                w.HBox([self.scenario_pick, self.restore_button]),
                w.HTML(fragments.note(t("scenarios_where", lang))),
            ],
        )
        return scenarios

    def _results_pane(self) -> w.Widget:
        """The results pane: ranking, chart, risk, what it takes to win, sensitivity."""
        lang = self.language
        self.banner = w.HTML()
        self.ranking = w.HTML()
        self.chart = w.HTML()
        self.warnings = w.HTML()
        self.heatmap = w.HTML()
        self.risk_title = w.HTML()
        self.risk_summary = w.HTML()
        self.sensitivity_button = w.Button(
            description=t("sensitivity_run", lang),
            icon="random",
            button_style="info",
            layout=w.Layout(width="auto"),
        )
        self.sensitivity_button.on_click(lambda _: self.run_sensitivity())
        self.sensitivity_out = w.HTML()
        self.presenter = w.ToggleButton(
            value=False,
            description=t("presenter", lang),
            icon="television",
            layout=w.Layout(width="auto"),
        )
        self.presenter.observe(self._on_presenter, "value")
        self.show_criteria = w.ToggleButton(
            value=False,
            description=t("criteria_points", lang),
            icon="list",
            layout=w.Layout(width="auto"),
        )
        self.show_criteria.observe(lambda _: self._render_criteria(), "value")
        self.criteria_table = w.HTML()
        self.to_win_button = w.Button(
            description=t("to_win_run", lang), icon="flag", layout=w.Layout(width="auto")
        )
        self.to_win_button.on_click(lambda _: self.run_to_win())
        self.to_win_out = w.HTML()
        self.export_button = w.Button(
            description=t("scenario_export", lang), icon="download", layout=w.Layout(width="auto")
        )
        self.export_button.on_click(lambda _: self.export_scenarios())
        toolbar = w.HBox(
            [self.undo_button, self.reset_button, self.show_criteria, self.presenter],
            layout=w.Layout(flex_flow="row wrap"),
        )
        toolbar.add_class("tk-toolbar")
        self.effect_top = w.HTML()
        results = w.VBox(
            [
                self.banner,
                toolbar,
                self.effect_top,
                self._card(t("section_ranking", lang), [self.ranking, self.criteria_table]),
                self.warnings,
                self._card(
                    t("section_scenarios", lang),
                    [self.comparison, w.HBox([self.export_button]), self.export_link],
                ),
                self._card(t("section_chart", lang), [self.chart]),
                self._card(
                    t("section_risk", lang),
                    [self.risk_title, w.HBox([self.heatmap, self.risk_summary])],
                ),
                self._card(t("section_to_win", lang), [self.to_win_button, self.to_win_out]),
                self._card(
                    t("section_sensitivity", lang), [self.sensitivity_button, self.sensitivity_out]
                ),
            ],
            layout=w.Layout(width="62%"),
        )
        results.add_class("tk-pane")
        results.add_class("tk-results")
        return results

    def _panel_tab(self) -> w.Widget:
        """The panel for a tender folder of the user's; a word of explanation otherwise."""
        lang = self.language
        if self.tender.directory is None:
            message = t("panel_no_folder", lang)
        elif is_bundled(self.tender):
            message = t("panel_bundled", lang, name=self.tender.id)
        else:
            from tenderkit.workshop.panel import PanelApp
            from tenderkit.workshop.panel_store import PanelStoreDamaged

            try:
                self.panel_app = PanelApp(self.tender.directory)
            except PanelStoreDamaged as exc:  # the CSVs, the record, are fine: say so, once
                detail = getattr(exc.reason, lang, exc.detail)
                message = t("panel_store_damaged", lang, file=exc.path.name, detail=detail)
            except (OSError, TenderkitError, sqlite3.Error) as exc:  # e.g. a read-only folder
                message = t("panel_unavailable", lang, error=told(exc, lang))
            else:
                return self.panel_app.widget
        return w.HTML(f'<div class="tk-card">{fragments.escape(message)}</div>')

    def _intake_tab(self) -> w.Widget:
        """The reviewer's check of the assurance reports read by `tenderkit intake`: pick a
        report whose entry names its PDF (`source`), see each field beside its page, confirm
        or correct what intake left open, and write it into the bid (tenderkit.workshop.
        intake_review). Only in a tender folder of the user's: it writes the bid files."""
        lang = self.language
        if self.tender.directory is None:
            return self._message(t("panel_no_folder", lang))
        if is_bundled(self.tender):
            return self._message(t("intake_bundled", lang, name=self.tender.id))
        folder = Path(self.tender.directory)
        choices = [
            (
                t(
                    "intake_choice",
                    lang,
                    bidder=bid.bidder,
                    report=report.id,
                    file=report.source.file,
                ),
                (folder / report.source.file, folder / "bids" / f"{bid_id}.yaml", report.id),
            )
            for bid_id, bid in sorted(self.tender.bids.items())
            for report in bid.assurance
            if report.source is not None and (folder / "bids" / f"{bid_id}.yaml").is_file()
        ]
        if not choices:
            return self._message(t("intake_none", lang))
        picker = w.Dropdown(
            options=[("", None), *choices],
            description=t("intake_pick", lang),
            style={"description_width": "160px"},
            layout=w.Layout(width="98%"),
        )
        holder = w.VBox([])

        def show(change: dict[str, Any]) -> None:
            if change["new"] is None:
                holder.children = []
                return
            from tenderkit.workshop.intake_review import IntakeReview

            pdf, bid_file, report_id = change["new"]
            try:
                holder.children = [
                    IntakeReview(pdf, bid_file, report_id=report_id, language=lang).widget
                ]
            except (OSError, TenderkitError) as exc:  # a PDF moved, changed or refused
                said = exc.describe(lang) if isinstance(exc, InvalidInput) else told(exc, lang)
                holder.children = [self._message(t("intake_unreadable", lang, error=said))]

        picker.observe(show, names="value")
        self.intake_picker = picker
        return w.VBox([picker, holder])

    @staticmethod
    def _message(message: str) -> w.Widget:
        return w.HTML(f'<div class="tk-card">{fragments.escape(message)}</div>')

    def _section(self, title: str, children: list[w.Widget]) -> w.Widget:
        return self._card(title, children)

    @staticmethod
    def _card(title: str, children: list[w.Widget]) -> w.Widget:
        box = w.VBox([w.HTML(f"<h3>{fragments.escape(title)}</h3>"), *children])
        box.add_class("tk-card")
        return box

    def _build_params(self) -> None:
        """The parameter fields of the chosen formula, filled from the scenario or defaults."""
        lang = self.language
        formula = self.scenario.formula or self.tender.scoring.price.formula
        values = {**default_price_params(self.tender, formula), **self.scenario.price_params}
        widgets: dict[str, w.Widget] = {}
        style = {"description_width": "210px"}
        if formula == "fictitious_discount":
            value = int(values["quality_value"])
            top = max(value * 3, 10_000)
            step = 5000 if top >= 100_000 else 500
            widgets["quality_value"] = w.IntSlider(
                value=value,
                min=step,
                max=top,
                step=step,
                description=t("param_quality_value", lang),
                layout=w.Layout(width="98%"),
                style=style,
                continuous_update=False,
                readout=False,
            )
        elif formula == "linear_fixed":
            for name in ("max_price", "min_price"):
                widgets[name] = w.Text(
                    value=fragments.euros(values[name], lang, self.currency),
                    description=t(f"param_{name}", lang),
                    style=style,
                    continuous_update=False,
                )
        elif formula == "log":
            widgets["a"] = w.FloatSlider(
                value=float(values["a"]),
                min=1.1,
                max=5.0,
                step=0.1,
                description=t("param_a", lang),
                style=style,
                layout=w.Layout(width="98%"),
                continuous_update=False,
            )
        for name, widget in widgets.items():
            widget.observe(self._on_param(name), "value")
        self.param_widgets = widgets
        self.param_text = w.HTML()
        self.param_box.children = [*widgets.values(), self.param_text]
        self._describe_params()

    def _describe_params(self) -> None:
        lang = self.language
        formula = self.scenario.formula or self.tender.scoring.price.formula
        values = {**default_price_params(self.tender, formula), **self.scenario.price_params}
        text = t(
            f"formula_help_{formula}",
            lang,
            **{
                k: fragments.euros(v, lang, self.currency) if k != "a" else f"{v:g}"
                for k, v in values.items()
            },
        )
        self.param_text.value = fragments.note(text)
        properties = FORMULA_PROPERTIES[formula]  # the chosen formula's, as the Method states
        self.rule_note.value = fragments.note(
            t("rule_relative" if properties.relative else "rule_absolute", lang)
        )
        weights_play = properties.weights_apply
        index = properties.unit == "index"  # the utility index caps the quality share
        self.split.disabled = not weights_play
        self.split.max = round(UTILITY_MAX_SHARE * 100) if index else 100
        self.formula_note.value = "" if weights_play else fragments.note(t("split_not_used", lang))
        if index:
            self.formula_note.value = fragments.note(t("split_utility", lang))

    # --- reacting to widgets -------------------------------------------------------------------

    def _update(self, scenario: Scenario) -> None:
        if self._syncing:
            return
        self._remember()
        self.scenario = scenario
        self._changed()

    def _remember(self) -> None:
        """Keep the scenario before a step, for `undo`."""
        if not self.history or self.history[-1] != self.scenario:
            self.history.append(self.scenario)
            del self.history[:-UNDO_STEPS]
        self.undo_button.disabled = False

    def undo(self) -> None:
        """Back one step: the scenario before the last change."""
        self.flush()
        while self.history:
            previous = self.history.pop()
            if previous != self.scenario:
                self.scenario = previous
                break
        self.undo_button.disabled = not self.history
        self._sync_widgets()
        self.refresh()

    def _on_presenter(self, change: dict) -> None:
        if change["new"]:
            self.widget.add_class("tk-presenter")
        else:
            self.widget.remove_class("tk-presenter")

    def _on_split(self, change: dict) -> None:
        self._update(self.scenario.change(quality_share=change["new"] / 100))

    def _on_weight(self, criterion: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            self._update(self.scenario.with_weight(criterion, change["new"]))

        return handler

    def _on_formula(self, change: dict) -> None:
        if self._syncing:
            return
        formula = change["new"]
        published = self.tender.scoring.price.formula
        self._remember()
        self.scenario = self.scenario.change(
            formula=None if formula == published else formula, price_params={}
        )
        self._build_params()
        self._changed()

    def _on_param(self, name: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            if self._syncing:
                return
            value = fragments.parse_amount(change["new"])
            if value is None:
                self.param_text.value = fragments.error(t("param_not_amount", self.language))
                return
            params = {**self.scenario.price_params, name: value}
            formula = self.scenario.formula or self.tender.scoring.price.formula
            if formula == "linear_fixed" and params.get("max_price", 1) <= params.get(
                "min_price", 0
            ):
                self.param_text.value = fragments.error(t("param_order", self.language))
                return
            self._remember()
            self.scenario = self.scenario.change(price_params=params)
            field = self.param_widgets.get(name)
            if isinstance(field, w.Text):  # typed as 700000, shown as € 700.000 again
                self._syncing = True
                try:
                    field.value = fragments.euros(value, self.language, self.currency)
                finally:
                    self._syncing = False
            self._describe_params()
            self._changed()

        return handler

    def _on_invalid(self, bid: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            self._update(self.scenario.with_excluded(bid, bool(change["new"])))

        return handler

    def _on_rule(self, change: dict) -> None:
        published = self.tender.scoring.invalidated_bid_rule
        rule = change["new"]
        self._update(self.scenario.change(invalidated_bid_rule=None if rule == published else rule))

    def _on_whatif_target(self, change: dict) -> None:
        if self._syncing:
            return
        self._sync_whatif()
        self._render_risk(self.result)

    def _sync_whatif(self) -> None:
        """Show the selected bid's current answer and fact (what-if included) in the toggles."""
        bid_id, requirement = self.whatif_bid.value, self.whatif_requirement.value
        fact = self.fact.value
        bid = self.tender.bids[bid_id]
        status = self.scenario.answers.get((bid_id, requirement))
        original = bid.answers.get(requirement)
        value = self.scenario.facts.get((bid_id, fact), bid.facts.get(fact))
        self._syncing = True
        try:
            self.whatif_status.value = status or (original.status if original else None)
            self.fact_value.value = bool(value) if value is not None else None
        finally:
            self._syncing = False
        lang = self.language
        note = (
            t("answer_original", lang, status=fragments.status_label(original.status, lang))
            if original is not None
            else t("answer_missing", lang)
        )
        decided = fragments.decided_by_panel(self.result, bid_id, requirement)
        self.whatif_status.disabled = decided is not None
        if decided is not None:
            self.answer_note.value = fragments.decided_html(
                decided, bid.bidder, requirement, note, lang
            )
            self._sync_panel_score(bid_id, requirement, decided.source)
        else:
            self.answer_note.value = fragments.note(note)
            self.panel_target = None
            self.panel_what_if.layout.display = "none"
        original_fact = bid.facts.get(fact)
        self.fact_note.value = fragments.note(
            t(
                "fact_original",
                lang,
                value=t("yes" if original_fact else "no", lang)
                if original_fact is not None
                else t("fact_unknown", lang),
            )
        )

    def _sync_panel_score(self, bid_id: str, requirement: str, source: str) -> None:
        """Offer the score that decides (the criterion's or the requirement's) as the what-if."""
        target = requirement
        if source == "criterion":
            target = self.tender.requirement_set.requirement(requirement).criterion
        self.panel_target = (bid_id, target)
        current = self.scenario.panel.get((bid_id, target)) or self._agreed_label(bid_id, target)
        self._syncing = True
        try:
            self.panel_score.value = current
        finally:
            self._syncing = False
        self.panel_label.value = (
            f"<b>{fragments.escape(t('panel_what_if', self.language, target=target))}</b>"
        )
        self.panel_what_if.layout.display = None

    def _agreed_label(self, bid_id: str, target: str) -> str | None:
        """The scale step the published result uses for an item (its consensus, or the step
        of the panel's combined fraction)."""
        line = next(
            (p for p in self.published.panel if p.bidder == bid_id and p.target == target), None
        )
        if line is None:
            return None
        if line.consensus_score is not None:
            return self.tender.scoring.scale.label(line.consensus_score)
        for label, fraction in self.tender.scoring.scale.steps:
            if abs(fraction - line.fraction) < 1e-9:
                return label
        return None

    def _on_panel_score(self, change: dict) -> None:
        if self._syncing or change["new"] is None or self.panel_target is None:
            return
        bid_id, target = self.panel_target
        score = None if change["new"] == self._agreed_label(bid_id, target) else change["new"]
        self._update(self.scenario.with_panel_score(bid_id, target, score))

    def _on_status(self, change: dict) -> None:
        if self._syncing or change["new"] is None:
            return
        bid_id, requirement = self.whatif_bid.value, self.whatif_requirement.value
        original = self.tender.bids[bid_id].answers.get(requirement)
        status = (
            None if original is not None and original.status == change["new"] else change["new"]
        )
        self._update(self.scenario.with_answer(bid_id, requirement, status))

    def _on_fact_value(self, change: dict) -> None:
        if self._syncing or change["new"] is None:
            return
        bid_id, fact = self.whatif_bid.value, self.fact.value
        original = self.tender.bids[bid_id].facts.get(fact)
        value = None if original == change["new"] else change["new"]
        self._update(self.scenario.with_fact(bid_id, fact, value))

    def _on_measure_add(self, _: Any = None) -> None:
        if self.measure.value:
            self._update(self.scenario.with_measure(self.whatif_bid.value, self.measure.value))

    def _on_save(self) -> None:
        name = self.scenario_name.value.strip() or t(
            "scenario_default", self.language, number=len(self.scenarios) + 1
        )
        self.save_scenario(name)
        self.scenario_name.value = ""

    # --- scheduling ----------------------------------------------------------------------------

    def _changed(self) -> None:
        self._dirty = True
        if self.debounce <= 0:
            self.refresh()
            return
        self._cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            timer = threading.Timer(self.debounce, self.flush)
            timer.daemon = True
            timer.start()
            self._timer = timer
        else:
            self._timer = loop.call_later(self.debounce, self.flush)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def flush(self) -> None:
        """Run a pending update now (tests, or a debounce that has run out)."""
        self._cancel()
        if self._dirty:
            self.refresh()

    # --- the update path -----------------------------------------------------------------------

    def refresh(self) -> Result:
        """Evaluate the current scenario and redraw everything that depends on it."""
        start = time.perf_counter()
        self._dirty = False
        try:
            result = self.live.evaluate(self.scenario)
        except (TenderkitError, ValueError) as exc:
            self.error.value = fragments.error(str(exc))
            return self.result
        self.error.value = ""
        self.result = result
        self._render(result)
        self.last_update_seconds = time.perf_counter() - start
        for callback in self.on_update:
            callback(result)
        return result

    def _render(self, result: Result) -> None:
        lang = self.language
        baseline = {b.id: b.rank for b in self.published.bids}
        self.score_changes = score_changes(self.published, result)
        self.ranking.value = fragments.ranking_html(
            result,
            lang,
            currency=self.currency,
            excluded=self.scenario.excluded,
            baseline=baseline,
            changes=self.score_changes,
        )
        self.banner.value = fragments.banner_html(result, lang, self.published.winner)
        self._render_criteria()
        self.chart.value = fragments.score_chart_html(result, lang, self.currency)
        self.warnings.value = fragments.warnings_html(result, lang)
        self.split_text.value = fragments.split_html(result, lang)
        self._render_weights(result)
        self.formula_example.value = fragments.formula_example_html(result, lang, self.currency)
        self.changes.value = self._changes_html()
        self._sync_whatif()
        self._render_risk(result)
        if self.to_win_out.value:
            self.to_win_out.value = fragments.note(t("sensitivity_stale", lang))
        if self.sensitivity_out.value:
            self.sensitivity_out.value = fragments.note(t("sensitivity_stale", lang))

    def _render_criteria(self) -> None:
        if not self.show_criteria.value:
            self.criteria_table.value = ""
            return
        titles = {c.id: c.title for c in self.tender.requirement_set.criteria}
        self.criteria_table.value = fragments.criterion_points_html(
            self.result, self.score_changes, self.language, titles
        )

    def _render_weights(self, result: Result) -> None:
        lang = self.language
        weights = result.method.criteria
        shares = criterion_shares(weights)
        for criterion, box in self.criterion_shares.items():
            share = shares.get(criterion, 0.0)
            css = "tk-share tk-zero" if weights.get(criterion, 0) <= 0 else "tk-share"
            box.value = f'<span class="{css}">= {fragments.escape(percent(share, lang, 0))}</span>'
        self.weight_note.value = fragments.weight_note_html(weights, lang)

    def _render_risk(self, result: Result) -> None:
        lang = self.language
        bid_id = self.whatif_bid.value
        bid = result.bid(bid_id)
        appetite = self.tender.requirement_set.risk_appetite
        risks = with_buyer_measures(
            bid.risks, self.scenario.measures.get(bid_id, ()), self.measures, appetite
        )
        self.heatmap.value = fragments.heatmap_html(risks, appetite, lang, bid.name)
        self.risk_title.value = fragments.note(t("risk_for", lang, bidder=bid.name))
        effects = risk_changes(bid.risks, risks)
        taken = self.scenario.measures.get(bid_id, ())
        effect = fragments.risk_effect_html(effects, taken, self.measures, appetite, lang, bid.name)
        self.measure_effect.value = effect
        self.effect_top.value = effect
        self.risk_summary.value = effect + fragments.risk_summary_html(risks, appetite, lang)

    def _measure_titles(self) -> dict[str, str]:
        return {m: measure.title.get(self.language) for m, measure in self.measures.items()}

    def _changes_html(self) -> str:
        """Everything the current scenario changes, in words (empty when nothing)."""
        lang = self.language
        items = describe_scenario(self.tender, self.scenario, lang, self._measure_titles())
        if not items:
            return ""
        lis = "".join(f"<li>{fragments.escape(i)}</li>" for i in items)
        return f"<div><b>{fragments.escape(t('changes', lang))}</b><ul>{lis}</ul></div>"

    # --- scenarios -----------------------------------------------------------------------------

    def save_scenario(self, name: str) -> None:
        """Keep the current scenario and its result under `name` (replacing one of that name)."""
        self.flush()
        self.scenarios[name] = (self.scenario, self.result)
        self.scenario_pick.options = list(self.scenarios)
        self.scenario_pick.value = name
        self.comparison.value = fragments.comparison_html(
            self.comparison_rows(),
            {b: self.tender.bids[b].bidder for b in sorted(self.tender.bids)},
            self.language,
        )
        self.export_link.value = ""

    def comparison_rows(self) -> list[dict[str, Any]]:
        """The published tender and every saved scenario: winner and per bid rank and score."""
        method_of = lambda r: r.method  # noqa: E731
        rows = []
        titles = self._measure_titles()
        named = [(t("published", self.language), Scenario(), self.published)]
        named += [(name, s, result) for name, (s, result) in self.scenarios.items()]
        for name, scenario, result in named:
            rows.append(
                {
                    "scenario": name,
                    "changes": describe_scenario(self.tender, scenario, self.language, titles),
                    "winner": result.winner,
                    "bids": {
                        b.id: {
                            "rank": b.rank,
                            "score": b.score,
                            "total": b.total,
                            "score_text": fragments.score_text(
                                b, method_of(result), self.language, self.currency
                            ),
                        }
                        for b in result.bids
                    },
                }
            )
        return rows

    def restore_scenario(self, name: str) -> None:
        """Make a saved scenario the current one again, widgets included."""
        self.flush()
        self._remember()
        self.scenario = self.scenarios[name][0]
        self._sync_widgets()
        self.refresh()

    def reset(self) -> None:
        """Back to the tender as published (undo brings the scenario back)."""
        self.flush()
        self._remember()
        self.scenario = Scenario()
        self._sync_widgets()
        self.refresh()

    def _sync_widgets(self) -> None:
        s, tender = self.scenario, self.tender
        self._syncing = True
        try:
            share = s.quality_share if s.quality_share is not None else quality_share(tender)
            self.split.value = round(share * 100)
            for criterion in tender.requirement_set.criteria:
                self.criterion_sliders[criterion.id].value = round(
                    s.criteria.get(criterion.id, criterion.weight)
                )
            self.formula.value = s.formula or tender.scoring.price.formula
            for bid_id, box in self.invalid_boxes.items():
                box.value = bid_id in s.excluded
            self.rule.value = s.invalidated_bid_rule or tender.scoring.invalidated_bid_rule
        finally:
            self._syncing = False
        self._build_params()
        self._sync_whatif()

    # --- on demand -----------------------------------------------------------------------------

    def run_to_win(self) -> list[ToWin]:
        """Per bid that does not win, the nearest single change that would make it win."""
        self.flush()
        self.to_win_out.value = fragments.note(t("sensitivity_running", self.language))
        items = what_it_takes(self.live, self.scenario, self.result)
        self.to_win_out.value = fragments.to_win_html(
            items, self.result, self.language, self.currency
        )
        return items

    def scenarios_document(self) -> str:
        """The saved scenarios as one HTML document (see `workshop.document`)."""
        self.flush()
        saved = [(name, scenario, result) for name, (scenario, result) in self.scenarios.items()]
        return scenarios_document(
            self.tender, self.published, saved, self.language, self._measure_titles()
        )

    def export_scenarios(self) -> str:
        """Offer the scenarios document as a download link (a data URL: nothing leaves the room
        and nothing is written into the tender folder)."""
        document = self.scenarios_document()
        name = f"scenarios-{self.tender.id}-{datetime.date.today().isoformat()}.html"
        data = base64.b64encode(document.encode("utf-8")).decode("ascii")
        label = fragments.escape(t("document_download", self.language, name=name))
        self.export_link.value = (
            f'<a class="tk-download" download="{fragments.escape(name)}" '
            f'href="data:text/html;charset=utf-8;base64,{data}">{label}</a>'
        )
        return document

    def run_sensitivity(self, samples: int = SENSITIVITY_SAMPLES) -> Result:
        """The full robustness analysis of the current scenario (slower: seconds, not ms)."""
        self.flush()
        self.sensitivity_out.value = fragments.note(t("sensitivity_running", self.language))
        result = self.live.evaluate(self.scenario, sensitivity=True, samples=samples)
        self.sensitivity_out.value = fragments.sensitivity_html(result, self.language)
        return result

    # --- reading the state (tests, notebooks) --------------------------------------------------

    @property
    def winner(self) -> str | None:
        return self.result.winner

    def ranking_ids(self) -> list[str]:
        """Valid bids in ranking order, as shown."""
        return [b.id for b in self.result.ranking if b.valid]
