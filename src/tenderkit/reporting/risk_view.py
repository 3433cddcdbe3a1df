"""Tables of one bid's risk register for the residual-risk notebook and other viewers.

Why here and not in the notebook: DESIGN.md keeps notebooks free of logic, so every table the
notebook shows is a function of the evaluated `Result` (plus the tender's reference texts such as
requirement titles). Nothing is recomputed: the functions select, label and translate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from tenderkit.bundled import example
from tenderkit.catalogues.models import Measure
from tenderkit.evaluation import evaluate
from tenderkit.fileio import write_atomic
from tenderkit.formatting import money, number
from tenderkit.i18n import count_text, in_regime, text
from tenderkit.loader import Tender, load_tender
from tenderkit.markup import Html, html, join
from tenderkit.reporting.heatmap_files import KINDS, heatmap_file
from tenderkit.reporting.html import block, table
from tenderkit.result import BidResult, Result, RiskLevel, result_from_json
from tenderkit.risk.model import risk_model
from tenderkit.risk.register import available_measures
from tenderkit.risk.sla_lines import topic_label

__all__ = [
    "MIME_TYPE",
    "RiskTable",
    "RiskView",
    "actions_table",
    "bid_bundle",
    "effort_summary",
    "gaps_table",
    "heatmap",
    "measures_table",
    "open_view",
    "register_table",
    "sla_table",
    "write_outputs",
]

MIME_TYPE = "application/vnd.tenderkit+json"
"""The MIME type under which notebooks display result data for tests to read back."""


def _t(key: str, language: str, regime: str | None = None, /, **values: Any) -> str:
    """A text of texts/risk.yaml; with a `regime` in its words ("offerte" when private)."""
    return text("risk", key, language, regime, **values)


@dataclass(frozen=True)
class RiskTable:
    """A table of the residual-risk page: shown as a designed HTML table (no index, full text
    wrapped, headers from texts/risk.yaml, every cell escaped), read as data with
    `to_dataframe()`.

    `cells` holds what the page shows (text, or Markup of ours such as a risk's id beside its
    name) under the headers `shown` (None: `columns`); `rows` the values as plain text under
    `columns`, for the data frame.
    """

    columns: list[str]
    rows: list[list[Any]]
    cells: list[list[Any]]
    language: str
    shown: list[str] | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def to_dataframe(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=self.columns)

    def _repr_html_(self) -> str:
        if not self.rows:
            return str(block(html("<p>{}</p>", _t("table_empty", self.language))))
        headers = [c[:1].upper() + c[1:] for c in (self.shown or self.columns)]
        return str(block(table(headers, self.cells)))

    def __repr__(self) -> str:
        return repr(self.to_dataframe())


def _named(code: str, name: str) -> Html:
    """A risk's or measure's name with its id small beside it (the id is for the expert)."""
    if not name:
        return html("{}", code)
    return html('{} <span class="muted">{}</span>', name, code)


def _risk_table(
    columns: list[str],
    rows: list[list[Any]],
    cells,
    language: str,
    regime: str | None = None,
    hidden: frozenset[int] = frozenset(),
) -> RiskTable:
    """A RiskTable with headers from texts/risk.yaml in the regime's words; `hidden` columns
    are data only (a name that the page shows beside its id)."""
    headers = [_t(c, language, regime) for c in columns]
    shown = [h for i, h in enumerate(headers) if i not in hidden] if hidden else None
    return RiskTable(headers, rows, cells, language, shown)


@dataclass(frozen=True)
class RiskView:
    """One evaluated tender seen through one bid, in one language."""

    tender: Tender
    result: Result
    bid: BidResult
    language: str

    @property
    def appetite(self) -> int:
        return self.tender.requirement_set.risk_appetite

    @property
    def measures(self) -> dict[str, Measure]:
        return available_measures(self.tender.measures)

    def _repr_html_(self) -> str:
        above = sum(1 for r in self.bid.risks if r.inherent.score > self.appetite)
        escalate = sum(1 for r in self.bid.risks if r.escalate)
        summary = count_text(
            "risk",
            "page_summary",
            len(self.bid.risks),
            self.language,
            self.tender.config.regime,
            appetite=self.appetite,
            above=above,
            escalate=escalate,
        )
        return html(
            "<b>{name}</b> ({id}) &mdash; {title}<br>{summary}",
            name=self.bid.name,
            id=self.bid.id,
            title=self.tender.config.title,
            summary=summary,
        )


def open_view(
    tender: str | Path | Tender | None = None,
    bidder: str | None = None,
    language: str | None = None,
    result: str | Path | Result | None = None,
) -> RiskView:
    """Load (unless given) a tender, take or evaluate its Result and pick one bid.

    None for `tender` is the bundled example (gemeente-zaaksysteem), None for `bidder` its first
    bid by id, None for `language` the tender's own. `result` is the tender's Result or the
    path of its result.json (what `tenderkit report` wrote); None evaluates the tender here,
    without sensitivity analysis (the register does not need it).
    """
    if not isinstance(tender, Tender):
        tender = load_tender(example() if tender is None else Path(tender))
    if language is not None and language != tender.language:
        config = tender.config.model_copy(update={"language": language})
        tender = tender.replace(config=config)
    if result is None:
        result = evaluate(tender, sensitivity=False)
    elif not isinstance(result, Result):
        result = result_from_json(Path(result).read_text("utf-8"))
    if result.tender != tender.id or result.language != tender.language:
        raise ValueError(
            f"the result is of tender '{result.tender}' in '{result.language}', "
            f"not of '{tender.id}' in '{tender.language}'"
        )
    bid_id = bidder if bidder is not None else next(iter(tender.bids))
    if bid_id not in tender.bids:
        known = ", ".join(tender.bids)
        raise KeyError(f"there is no bid '{bid_id}' in {tender.id}; bids: {known}")
    return RiskView(tender, result, result.bid(bid_id), tender.language)


def _level(level: RiskLevel) -> str:
    return f"{level.likelihood} × {level.impact} = {level.score}"


def _scored(level: RiskLevel, appetite: int, language: str) -> tuple[str, Html]:
    """A score as text and as shown: "2 × 5 = 10", with its level against the appetite."""
    above = level.score > appetite
    words = _t("table_level_above" if above else "table_level_within", language, appetite=appetite)
    shown = html(
        '{}<br><span class="{}">{}</span>',
        _level(level),
        "risk-above" if above else "risk-within",
        words,
    )
    return f"{_level(level)} ({words})", shown


def _days(days: float | None, language: str) -> str:
    """Person-days as a reader writes them (`1,5`), a dash where no estimate exists."""
    return "—" if days is None else number(days, language, 1)


def _yes_no(value: bool, language: str) -> str:
    return _t("word_yes" if value else "word_no", language)


def gaps_table(view: RiskView) -> RiskTable:
    """Requirements whose evidence raises a risk's likelihood (effect > 0 in model.yaml)."""
    language, effects = view.language, risk_model().likelihood.evidence
    rs = view.tender.requirement_set
    risks_of: dict[str, list[str]] = {}
    grade_of: dict[str, str] = {}
    for risk in view.bid.risks:
        for requirement, grade in risk.evidence.items():
            if effects.effect(grade) > 0:
                risks_of.setdefault(requirement, []).append(risk.id)
                grade_of[requirement] = grade
    titles = {r.id: r.title for r in view.bid.risks}
    rows, cells = [], []
    for r in rs.requirements:
        if r.id not in grade_of:
            continue
        line = [
            r.id,
            r.title,
            _t(f"kind_{r.kind}", language, view.tender.config.regime),
            _t(f"grade_{grade_of[r.id]}", language, view.tender.config.regime),
            ", ".join(risks_of[r.id]),
        ]
        rows.append(line)
        risks = join(html("<div>{}</div>", _named(i, titles.get(i, ""))) for i in risks_of[r.id])
        cells.append([*line[:4], risks])
    columns = ["col_requirement", "col_title", "col_kind", "col_evidence", "col_risks"]
    return _risk_table(columns, rows, cells, language, view.tender.config.regime)


def register_table(view: RiskView) -> RiskTable:
    """The register: inherent level, proposed measures, residual level, appetite, escalation."""
    language, appetite, measures = view.language, view.appetite, view.measures
    rows, cells = [], []
    for r in view.bid.risks:
        inherent, inherent_shown = _scored(r.inherent, appetite, language)
        residual, residual_shown = _scored(r.residual, appetite, language)
        line = [
            r.id,
            r.title,
            inherent,
            ", ".join(r.measures),
            residual,
            _yes_no(r.within_appetite, language),
            _yes_no(r.escalate, language),
            " ".join(in_regime(why, language, view.tender.config.regime) for why in r.rationale),
        ]
        rows.append(line)
        named = join(
            html(
                "<div>{}</div>",
                _named(m, measures[m].title.get(language) if m in measures else ""),
            )
            for m in r.measures
        )
        cells.append(
            [
                _named(r.id, r.title),
                inherent_shown,
                named or "—",
                residual_shown,
                line[5],
                line[6],
                line[7] or "—",
            ]
        )
    columns = [
        "col_risk",
        "col_title",
        "col_inherent",
        "col_measures",
        "col_residual",
        "col_within",
        "col_escalate",
        "col_rationale",
    ]
    return _risk_table(
        columns, rows, cells, language, view.tender.config.regime, hidden=frozenset({1})
    )


def _effect(measure: Measure, risk_id: str, language: str) -> str:
    step = measure.reduction(risk_id)
    parts = []
    if step is not None and step.likelihood:
        parts.append(_t("effect_likelihood", language, step=f"{step.likelihood:+d}"))
    if step is not None and step.impact:
        parts.append(_t("effect_impact", language, step=f"{step.impact:+d}"))
    return ", ".join(parts).replace("-", "−")


def measures_table(view: RiskView) -> RiskTable:
    """Each proposed measure per risk: owner, effort, its steps, and the risk before and after."""
    language, measures, appetite = view.language, view.measures, view.appetite
    rows, cells = [], []
    for risk in view.bid.risks:
        for measure_id in risk.measures:
            measure = measures[measure_id]
            inherent, inherent_shown = _scored(risk.inherent, appetite, language)
            residual, residual_shown = _scored(risk.residual, appetite, language)
            line = [
                risk.id,
                measure.id,
                measure.title.get(language),
                _t(f"owner_{measure.owner}", language, view.tender.config.regime),
                _days(measure.effort_days, language),
                _effect(measure, risk.id, language),
                inherent,
                residual,
            ]
            rows.append(line)
            cells.append(
                [
                    _named(risk.id, risk.title),
                    _named(measure.id, measure.title.get(language)),
                    *line[3:6],
                    inherent_shown,
                    residual_shown,
                ]
            )
    columns = [
        "col_risk",
        "col_measure",
        "col_title",
        "col_owner",
        "col_effort",
        "col_effect",
        "col_inherent",
        "col_residual",
    ]
    return _risk_table(
        columns, rows, cells, language, view.tender.config.regime, hidden=frozenset({2})
    )


def actions_table(view: RiskView) -> RiskTable:
    """The buyer's action list: what, who, indicative effort, for which risks."""
    language = view.language
    titles = {r.id: r.title for r in view.bid.risks}
    rows, cells = [], []
    for a in view.bid.actions:
        line = [
            _t(f"action_{a.kind}", language, view.tender.config.regime),
            a.text,
            _t(f"owner_{a.owner}", language, view.tender.config.regime),
            _days(a.effort_days, language),
            ", ".join(a.risks),
        ]
        rows.append(line)
        risks = join(html("<div>{}</div>", _named(i, titles.get(i, ""))) for i in a.risks)
        cells.append([*line[:4], risks or "—"])
    columns = ["col_kind", "col_action", "col_owner", "col_effort", "col_risks"]
    return _risk_table(columns, rows, cells, language, view.tender.config.regime)


def effort_summary(view: RiskView) -> Html:
    """The bid's price next to the buyer's indicative effort: information, not award.

    A paragraph of HTML with the bidder's name escaped (never Markdown: a Markdown renderer
    would pass a name's tags and links through live)."""
    language, bid = view.language, view.bid
    return html("<p>{}</p>", _effort_text(view, language, bid))


def _effort_text(view: RiskView, language: str, bid: BidResult) -> str:
    return _t(
        "effort_summary",
        language,
        view.tender.config.regime,
        bidder=bid.name,
        price=money(bid.price.amount, language, view.tender.config.currency),
        days=number(bid.effort_days_total, language, 1),
        count=sum(1 for a in bid.actions if a.effort_days is not None),
    )


def sla_table(view: RiskView) -> RiskTable:
    """The SLA comparison as the Result holds it, with translated labels."""
    language = view.language
    rows, cells = [], []
    for line in view.bid.sla:
        verdict = _t(f"verdict_{line.verdict}", language, view.tender.config.regime)
        row = [
            topic_label(line.topic, language),
            line.offered or _t("not_stated", language, view.tender.config.regime),
            line.required or _t("no_requirement", language, view.tender.config.regime),
            verdict,
        ]
        rows.append(row)
        cells.append([*row[:3], html('<span class="sla-{}">{}</span>', line.verdict, verdict)])
    columns = ["col_topic", "col_offered", "col_required", "col_verdict"]
    return _risk_table(columns, rows, cells, language, view.tender.config.regime)


def _bid_data(view: RiskView) -> dict[str, Any]:
    data = view.bid.model_dump(mode="json")
    keys = (
        "id",
        "name",
        "price",
        "risks",
        "actions",
        "effort_days_total",
        "buyer_obligations",
        "sla",
    )
    return {"tender": view.tender.id, "appetite": view.appetite, **{k: data[k] for k in keys}}


def bid_bundle(view: RiskView) -> dict[str, Any]:
    """A display bundle: the bid's register as data under MIME_TYPE, and a plain-text line."""
    return {
        MIME_TYPE: _bid_data(view),
        "text/plain": f"{view.bid.name}: "
        + count_text(
            "risk", "view_risks", len(view.bid.risks), view.language, view.tender.config.regime
        )
        + ", "
        + count_text(
            "risk", "view_actions", len(view.bid.actions), view.language, view.tender.config.regime
        ),
    }


def write_outputs(view: RiskView, out: str | Path | None) -> list[Path]:
    """Write the bid's register (JSON) and both heat maps (PNG) into `out`; nothing when None."""
    if out is None:
        return []
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"residual_risk_{view.bid.id}"
    written = [folder / f"{stem}.json"]
    written[0].write_text(
        json.dumps(_bid_data(view), indent=2, sort_keys=True, ensure_ascii=False) + "\n", "utf-8"
    )
    for which in KINDS:
        # atomically: in a report the award notebook may be reading this very file
        path = write_atomic(heatmap_file(folder, view.bid.id, which), heatmap(view, which))
        written.append(path)
    return written


def heatmap(view: RiskView, which: str) -> bytes:
    """The bid's inherent or residual heat map as PNG, with the appetite and the bidder's name;
    drawn once per content (`render.charts.heatmap_png`)."""
    from tenderkit.render.charts import heatmap_png

    return heatmap_png(
        view.bid.risks, which, view.language, appetite=view.appetite, bidder=view.bid.name
    )
