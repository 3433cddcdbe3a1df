"""`PanelApp`: the evaluation panel, an ipywidgets app over `PanelStore`.

Each evaluator picks their name and scores every bid per award criterion on the scoring model's
scale, with a rationale; every change is stored at once (no save button) and written to
`panel/<evaluator>.csv`, the record that `evaluate` reads (an edit of that file in Excel is read
back, never overwritten; see `panel_store`). The consensus view shows each bid and criterion
with every evaluator's score, the spread, a flag when the spread exceeds the model's
`disagreement` threshold, and the median (or mean, as the model says) as a proposal; the agreed
score, its rationale and who agreed go into `panel/consensus.csv`. Prices stay hidden until
quality is frozen: a timestamped step written to `panel/freeze.yaml` with the frozen scores,
after which no score can change, neither in the workshop nor (for `validate`, `evaluate` and
`report`) in the CSV files.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as w

from tenderkit.errors import TenderkitError, told
from tenderkit.formats.freeze import FREEZE_FILE, read_freeze
from tenderkit.formatting import percent
from tenderkit.loader import Tender, load_tender
from tenderkit.markup import esc as escape
from tenderkit.workshop import fragments
from tenderkit.workshop.fragments import t
from tenderkit.workshop.panel_store import PanelStore, StoredConsensus, StoredScore, utc_now

__all__ = ["ConsensusLine", "PanelApp", "consensus_overview", "proposal"]


@dataclass(frozen=True)
class ConsensusLine:
    """One bid and target in the consensus view."""

    bidder: str
    target: str
    scores: dict[str, str]
    spread: float  # (highest - lowest fraction) / span of the scale, 0..1
    disagreement: bool
    proposal: str | None
    agreed: StoredConsensus | None


def proposal(labels: Sequence[str], scale: Any, how: str = "median") -> str | None:
    """The scale step nearest to the median (or mean) of the scores; a tie goes to the lower."""
    fractions = [scale.fraction(label) for label in labels]
    fractions = [f for f in fractions if f is not None]
    if not fractions:
        return None
    centre = statistics.median(fractions) if how == "median" else statistics.fmean(fractions)
    steps = sorted(scale.steps, key=lambda s: (round(abs(s[1] - centre), 9), s[1]))
    return steps[0][0]


def consensus_overview(
    scores: Sequence[StoredScore],
    agreed: Sequence[StoredConsensus],
    scale: Any,
    threshold: float,
    how: str,
    bidders: Sequence[str],
    targets: Sequence[str],
) -> list[ConsensusLine]:
    """Every bid x target with the individual scores, spread, flag, proposal and agreement."""
    by_key: dict[tuple[str, str], dict[str, str]] = {}
    for s in scores:
        if s.score is not None:
            by_key.setdefault((s.bidder, s.target), {})[s.evaluator] = s.score
    settled = {(c.bidder, c.target): c for c in agreed}
    span = scale.span or 1.0
    lines = []
    for bidder in bidders:
        for target in targets:
            given = dict(sorted(by_key.get((bidder, target), {}).items()))
            fractions = [f for f in (scale.fraction(v) for v in given.values()) if f is not None]
            spread = (max(fractions) - min(fractions)) / span if len(fractions) > 1 else 0.0
            lines.append(
                ConsensusLine(
                    bidder=bidder,
                    target=target,
                    scores=given,
                    spread=spread,
                    disagreement=spread > threshold + 1e-12,
                    proposal=proposal(list(given.values()), scale, how),
                    agreed=settled.get((bidder, target)),
                )
            )
    return lines


class PanelApp:
    """Individual scoring, consensus and the freeze, for the tender in `tender_dir`."""

    def __init__(
        self,
        tender_dir: str | os.PathLike[str],
        *,
        evaluator: str | None = None,
        anonymise: bool = False,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.directory = Path(tender_dir)
        self.tender: Tender = load_tender(self.directory)
        self.language = self.tender.language if self.tender.language in ("nl", "en") else "nl"
        self.store = PanelStore.for_tender(self.tender, clock=clock)
        self.anonymise = anonymise
        self._syncing = False
        rs = self.tender.requirement_set
        self.bidders = sorted(self.tender.bids)
        self.targets = list(rs.criterion_ids)
        self.criteria = {c.id: c for c in rs.criteria}
        self.labels = list(self.tender.scoring.scale.labels)
        self._build()
        if evaluator is not None:
            self.evaluator.value = evaluator
        self._refresh_consensus()
        self._refresh_freeze()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def bid_name(self, bidder: str) -> str:
        if self.anonymise:
            letter = chr(ord("A") + self.bidders.index(bidder))
            return t("panel_bid", self.language, letter=letter)
        return self.tender.bids[bidder].bidder

    # --- widgets -------------------------------------------------------------------------------

    def _build(self) -> None:
        lang = self.language
        names = list(self.tender.config.evaluator_ids) or sorted(
            {s.evaluator for s in self.store.scores()}
        )
        if self.tender.config.evaluator_ids:
            self.evaluator = w.Dropdown(
                options=names,
                value=None,
                description=t("panel_evaluator", lang),
                layout=w.Layout(width="360px"),
            )
        else:
            self.evaluator = w.Combobox(
                options=names,
                description=t("panel_evaluator", lang),
                ensure_option=False,
                continuous_update=False,
            )
        self.evaluator.observe(self._on_evaluator, "value")
        self.status = w.HTML(fragments.note(t("panel_pick_name", lang)))
        self.score_widgets: dict[tuple[str, str], w.ToggleButtons] = {}
        self.rationale_widgets: dict[tuple[str, str], w.Textarea] = {}
        cards = []
        for bidder in self.bidders:
            rows = []
            for target in self.targets:
                criterion = self.criteria[target]
                score = w.ToggleButtons(
                    options=self.labels,
                    value=None,
                    disabled=True,
                    style={"button_width": "58px"},
                )
                rationale = w.Textarea(
                    placeholder=t("panel_rationale", lang),
                    continuous_update=False,
                    disabled=True,
                    layout=w.Layout(width="98%", height="64px"),
                )
                score.observe(self._on_score(bidder, target), "value")
                rationale.observe(self._on_score(bidder, target), "value")
                self.score_widgets[(bidder, target)] = score
                self.rationale_widgets[(bidder, target)] = rationale
                weight = escape(fragments.fixed_weight(criterion.weight, lang))
                head = w.HTML(
                    f"<b>{escape(target)}</b> {escape(criterion.title)} "
                    f'<span class="tk-note">({weight})</span>'
                )
                rows.append(w.VBox([head, score, rationale]))
            card = w.VBox([w.HTML(f"<h3>{escape(self.bid_name(bidder))}</h3>"), *rows])
            card.add_class("tk-card")
            cards.append(card)
        scale_text = ", ".join(self.labels)
        individual = w.VBox(
            [
                w.HBox([self.evaluator]),
                w.HTML(fragments.note(t("panel_scale", lang, scale=scale_text))),
                self.status,
                *cards,
            ]
        )

        # consensus
        self.consensus_table = w.HTML()
        self.consensus_item = w.Dropdown(
            options=[
                (f"{self.bid_name(b)} – {c}", (b, c)) for b in self.bidders for c in self.targets
            ],
            description=t("panel_consensus_pick", lang),
            layout=w.Layout(width="98%"),
        )
        self.consensus_said = w.HTML()
        self.consensus_score = w.ToggleButtons(
            options=self.labels, value=None, style={"button_width": "58px"}
        )
        self.consensus_rationale = w.Textarea(
            placeholder=t("panel_rationale", lang), layout=w.Layout(width="98%", height="80px")
        )
        evaluators = list(self.tender.config.evaluator_ids) or names
        self.consensus_evaluators = CheckboxGroup(evaluators)
        self.consensus_button = w.Button(
            description=t("panel_consensus_record", lang),
            icon="check",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.consensus_status = w.HTML()
        self.consensus_item.observe(lambda _: self._fill_consensus_form(), "value")
        self.consensus_button.on_click(lambda _: self.record_consensus())
        consensus = w.VBox(
            [
                self.consensus_table,
                self.consensus_item,
                self.consensus_said,
                self.consensus_score,
                self.consensus_rationale,
                w.HTML(f"<b>{escape(t('panel_consensus_evaluators', lang))}</b>"),
                self.consensus_evaluators.widget,
                self.consensus_button,
                self.consensus_status,
            ]
        )

        # freeze and prices
        self.freeze_confirm = w.Checkbox(
            value=False,
            description=t("panel_freeze_confirm", lang),
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.freeze_button = w.Button(
            description=t("panel_freeze", lang),
            icon="lock",
            button_style="danger",
            disabled=True,
            layout=w.Layout(width="auto"),
        )
        self.freeze_by = w.Dropdown(
            options=evaluators,
            value=None,
            description=t("panel_freeze_by", lang),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.freeze_confirm.observe(lambda _: self._freeze_ready(), "value")
        self.freeze_by.observe(lambda _: self._freeze_ready(), "value")
        self.freeze_button.on_click(lambda _: self.freeze())
        self.freeze_status = w.HTML()
        self.prices = w.HTML()
        freeze = w.VBox(
            [
                self.freeze_status,
                self.freeze_by,
                self.freeze_confirm,
                self.freeze_button,
                self.prices,
            ]
        )
        self.tabs = w.Tab(
            children=[individual, consensus, freeze],
            titles=[
                t("panel_individual", lang),
                t("panel_consensus", lang),
                t("panel_freeze_tab", lang),
            ],
        )
        self.tabs.observe(lambda _: self._refresh_tabs(), "selected_index")
        self.widget = w.VBox(
            [
                w.HTML(fragments.STYLE),
                w.HTML(f"<h2>{escape(t('panel_title', lang))}</h2>"),
                self.tabs,
            ]
        )
        self.widget.add_class("tk-app")

    # --- individual scores ---------------------------------------------------------------------

    @property
    def frozen(self) -> bool:
        return self.store.frozen() is not None

    def _on_evaluator(self, change: dict) -> None:
        name = change["new"]
        if name and self.freeze_by.value is None and name in self.freeze_by.options:
            self.freeze_by.value = name  # the one at the keyboard, unless someone else is named
        self._syncing = True
        try:
            mine = {(s.bidder, s.target): s for s in self.store.scores(name)} if name else {}
            for key, score in self.score_widgets.items():
                stored = mine.get(key)
                score.value = stored.score if stored is not None else None
                self.rationale_widgets[key].value = stored.rationale if stored is not None else ""
        finally:
            self._syncing = False
        self._enable()
        if name:
            self.status.value = ""

    def _enable(self) -> None:
        editable = bool(self.evaluator.value) and not self.frozen
        for key, score in self.score_widgets.items():
            score.disabled = not editable
            self.rationale_widgets[key].disabled = not editable

    def _on_score(self, bidder: str, target: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            if self._syncing:
                return
            self.save(bidder, target)

        return handler

    def save(self, bidder: str, target: str) -> StoredScore | None:
        """Store what the widgets of one bid and target hold, for the chosen evaluator."""
        evaluator = self.evaluator.value
        if not evaluator:
            return None
        lang = self.language
        score = self.score_widgets[(bidder, target)].value
        rationale = self.rationale_widgets[(bidder, target)].value
        try:
            stored = self.store.record(evaluator, bidder, target, score, rationale)
        except TenderkitError as exc:
            self._on_evaluator({"new": evaluator})  # show what is really stored
            self.status.value = fragments.error(t("panel_error", lang, message=told(exc, lang)))
            return None
        count = sum(1 for s in self.store.scores(evaluator) if s.score is not None)
        self.status.value = (
            '<div class="tk-note">'
            + escape(
                t(
                    "panel_saved",
                    lang,
                    time=_local_time(stored.updated_at),
                    count=count,
                    evaluator=evaluator,
                )
            )
            + "</div>"
        )
        return stored

    # --- consensus -----------------------------------------------------------------------------

    def overview(self) -> list[ConsensusLine]:
        scoring = self.tender.scoring
        return consensus_overview(
            self.store.scores(),
            self.store.consensus(),
            scoring.scale,
            scoring.disagreement,
            scoring.consensus,
            self.bidders,
            self.targets,
        )

    def _refresh_consensus(self) -> None:
        lang = self.language
        lines = self.overview()
        how = self.tender.scoring.consensus
        scored = sorted({e for line in lines for e in line.scores})
        members = list(self.tender.config.evaluator_ids)
        evaluators = members + [e for e in scored if e not in members]
        head = (
            f"<th>{escape(t('col_bidder', lang))}</th><th>{escape(t('col_criterion', lang))}</th>"
            + "".join(f'<th class="tk-id">{escape(e)}</th>' for e in evaluators)
            + f"<th class='num'>{escape(t('col_spread', lang))}</th>"
            f"<th>{escape(t('col_proposal', lang, how=t('how_' + how, lang)))}</th>"
            f"<th>{escape(t('col_agreed', lang))}</th>"
        )
        rows = []
        for line in lines:
            flag = (
                f' <span class="tk-flag">⚠ {escape(t("panel_disagree", lang))}</span>'
                if line.disagreement
                else ""
            )
            agreed = (
                f"<b>{escape(line.agreed.score)}</b> <span class='tk-note'>"
                f"{escape(line.agreed.rationale)}</span>"
                if line.agreed
                else "–"
            )
            css = ' class="tk-row-disagree"' if line.disagreement and not line.agreed else ""
            rows.append(
                f"<tr{css}>"
                f"<td>{escape(self.bid_name(line.bidder))}</td><td>{escape(line.target)}</td>"
                + "".join(f"<td>{escape(line.scores.get(e, '–'))}</td>" for e in evaluators)
                + f"<td class='num'>{escape(percent(line.spread, lang, 0))}{flag}</td>"
                f"<td>{escape(line.proposal or '–')}</td><td>{agreed}</td></tr>"
            )
        self.consensus_table.value = (
            f'<table class="tk-table tk-consensus"><tr>{head}</tr>{"".join(rows)}</table>'
        )
        self._fill_consensus_form(lines)

    def _refresh_tabs(self) -> None:
        self._refresh_consensus()
        self._refresh_freeze()

    def _fill_consensus_form(self, lines: list[ConsensusLine] | None = None) -> None:
        if self.consensus_item.value is None:
            return
        bidder, target = self.consensus_item.value
        lines = lines if lines is not None else self.overview()
        line = next(x for x in lines if x.bidder == bidder and x.target == target)
        said = [
            (s.evaluator, s.score, s.rationale)
            for s in self.store.scores()
            if (s.bidder, s.target) == (bidder, target) and (s.score or s.rationale)
        ]
        self.consensus_said.value = "".join(
            f"<div><b>{escape(who)}</b> ({escape(score or '–')}): {escape(why)}</div>"
            for who, score, why in said
        )
        if line.agreed is not None:
            self.consensus_score.value = line.agreed.score
            self.consensus_rationale.value = line.agreed.rationale
            chosen = [e for e in self.consensus_evaluators.options if e in line.agreed.evaluators]
        else:
            self.consensus_score.value = line.proposal
            self.consensus_rationale.value = ""
            chosen = [e for e in self.consensus_evaluators.options if e in line.scores]
        self.consensus_evaluators.value = tuple(chosen)

    def record_consensus(self) -> StoredConsensus | None:
        """Record the consensus form's score, rationale and evaluators for the chosen item."""
        lang = self.language
        bidder, target = self.consensus_item.value
        rationale = self.consensus_rationale.value.strip()
        if not rationale:
            self.consensus_status.value = fragments.error(
                t("panel_consensus_needs_rationale", lang)
            )
            return None
        try:
            stored = self.store.record_consensus(
                bidder,
                target,
                self.consensus_score.value,
                rationale,
                self.consensus_evaluators.value,
            )
        except TenderkitError as exc:
            self.consensus_status.value = fragments.error(
                t("panel_error", lang, message=told(exc, lang))
            )
            return None
        self.consensus_status.value = (
            '<div class="tk-note">'
            + escape(
                t(
                    "panel_consensus_recorded",
                    lang,
                    bidder=self.bid_name(bidder),
                    target=target,
                    score=stored.score,
                )
            )
            + "</div>"
        )
        self._refresh_consensus()
        return stored

    # --- freezing and prices -------------------------------------------------------------------

    def _freeze_ready(self) -> None:
        """The freeze button works once someone is named and the finality is confirmed."""
        if self.frozen:
            return
        who = self.freeze_by.value or (None if self.freeze_by.options else self.evaluator.value)
        self.freeze_button.disabled = not (self.freeze_confirm.value and who)

    def freeze(self) -> str | None:
        """Freeze quality (recorded and timestamped, with who froze it), lock every score,
        reveal the prices. Nobody named: nothing is frozen and the tab says who is missing."""
        by = self.freeze_by.value or self.evaluator.value
        if not by:
            self.freeze_status.value = fragments.error(t("panel_freeze_who", self.language))
            return None
        try:
            at = self.store.freeze(by)
        except TenderkitError as exc:  # a panel file with problems, or changed just now
            self.freeze_status.value = fragments.error(
                t("panel_error", self.language, message=told(exc, self.language))
            )
            return None
        self._refresh_freeze()
        return at

    def _refresh_freeze(self) -> None:
        lang = self.language
        frozen = self.store.frozen()
        self._enable()
        self.consensus_button.disabled = frozen is not None
        if frozen is None:
            self.freeze_status.value = (
                fragments.note(t("panel_not_frozen", lang)) + self._open_items() + self._lifted()
            )
            self.prices.value = ""
            return
        at, by = frozen
        self.freeze_confirm.disabled = True
        self.freeze_by.disabled = True
        self.freeze_button.disabled = True
        # after the freeze the button says what happened, in grey: nothing left to press
        self.freeze_button.button_style = ""
        self.freeze_button.icon = "check"
        self.freeze_button.description = t("panel_frozen_button", lang)
        self.freeze_status.value = (
            f'<div class="tk-banner tk-banner-ok">'
            f"{escape(t('panel_frozen', lang, time=_local_time(at, date=True), by=by))}</div>"
        )
        self.prices.value = self._prices_html()

    def _lifted(self) -> str:
        """Freezes lifted earlier (`tenderkit unfreeze`), with who and why, from the record."""
        path = self.directory / "panel" / FREEZE_FILE
        record = read_freeze(path, f"panel/{FREEZE_FILE}")[0] if path.is_file() else None
        if record is None:
            return ""
        lang = self.language
        return "".join(
            '<div class="tk-warn">'
            + escape(
                t(
                    "panel_unfrozen",
                    lang,
                    frozen_at=_local_time(h.frozen_at, date=True),
                    frozen_by=h.frozen_by,
                    unfrozen_at=_local_time(h.unfrozen_at, date=True),
                    unfrozen_by=h.unfrozen_by,
                    reason=h.reason,
                )
            )
            + "</div>"
            for h in record.history
        )

    def _open_items(self) -> str:
        """What is not settled yet: items nobody scored, and large spreads without consensus."""
        lang = self.language
        lines = self.overview()
        unscored = [x for x in lines if not x.scores and x.agreed is None]
        disputed = [x for x in lines if x.disagreement and x.agreed is None]
        parts = []
        for key, found in (("panel_open_unscored", unscored), ("panel_open_disputed", disputed)):
            if found:
                items = ", ".join(f"{self.bid_name(x.bidder)} {x.target}" for x in found)
                parts.append(f'<div class="tk-warn">{escape(t(key, lang, items=items))}</div>')
        return "".join(parts)

    def _prices_html(self) -> str:
        """Prices and the resulting ranking; only ever built once quality is frozen."""
        if not self.frozen:
            return ""
        from tenderkit.evaluation import evaluate

        lang = self.language
        currency = self.tender.config.currency
        result = evaluate(load_tender(self.directory), sensitivity=False)
        rows = "".join(
            f"<tr><td>{escape(self.bid_name(b))}</td><td class='num'>"
            f"{escape(fragments.euros(self.tender.bids[b].price, lang, currency))}</td></tr>"
            for b in self.bidders
        )
        prices = (
            f"<h3>{escape(t('panel_prices', lang))}</h3><table class='tk-table tk-prices'>"
            f"<tr><th>{escape(t('col_bidder', lang))}</th><th class='num'>"
            f"{escape(t('col_price', lang))}</th></tr>{rows}</table>"
        )
        return (
            prices
            + "<br>"
            + fragments.banner_html(result, lang)
            + fragments.ranking_html(result, lang, currency=currency)
        )


class CheckboxGroup:
    """Several names ticked at once, one checkbox each (a multi-select needs Ctrl-click, which a
    panel member at a shared screen does not know). `value` is the tuple ticked, in order."""

    def __init__(self, options: Sequence[str]) -> None:
        self.options = tuple(options)
        self.boxes = {
            name: w.Checkbox(
                value=False, description=name, indent=False, layout=w.Layout(width="auto")
            )
            for name in self.options
        }
        self.widget = w.HBox(list(self.boxes.values()), layout=w.Layout(flex_flow="row wrap"))
        self.widget.add_class("tk-checks")

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(name for name, box in self.boxes.items() if box.value)

    @value.setter
    def value(self, chosen: Sequence[str]) -> None:
        for name, box in self.boxes.items():
            box.value = name in chosen

    @property
    def disabled(self) -> bool:
        return all(box.disabled for box in self.boxes.values())

    @disabled.setter
    def disabled(self, value: bool) -> None:
        for box in self.boxes.values():
            box.disabled = value


def _local_time(stamp: str, date: bool = False) -> str:
    """The time of day (and with `date` the day) of a stored UTC timestamp, in local time."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%d-%m-%Y %H:%M:%S" if date else "%H:%M:%S")
