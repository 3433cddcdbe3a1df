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
from tenderkit.formatting import money, number
from tenderkit.i18n import text
from tenderkit.loader import Tender, load_tender
from tenderkit.markup import Html, html
from tenderkit.result import BidResult, Result, RiskLevel, result_from_json
from tenderkit.risk.model import risk_model
from tenderkit.risk.register import available_measures
from tenderkit.risk.sla_lines import topic_label

__all__ = [
    "MIME_TYPE",
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


def _t(key: str, language: str, **values: Any) -> str:
    return text("risk", key, language, **values)


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
        return html(
            "<b>{name}</b> ({id}) &mdash; {title}<br>appetite {appetite}; {count} risks, "
            "{above} above appetite before measures, {escalate} to escalate",
            name=self.bid.name,
            id=self.bid.id,
            title=self.tender.config.title,
            appetite=self.appetite,
            count=len(self.bid.risks),
            above=above,
            escalate=escalate,
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
    return f"{level.likelihood} x {level.impact} = {level.score}"


def _yes_no(value: bool, language: str) -> str:
    return _t("word_yes" if value else "word_no", language)


def gaps_table(view: RiskView) -> pd.DataFrame:
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
    rows = [
        {
            _t("col_requirement", language): r.id,
            _t("col_title", language): r.title,
            _t("col_kind", language): _t(f"kind_{r.kind}", language),
            _t("col_evidence", language): _t(f"grade_{grade_of[r.id]}", language),
            _t("col_risks", language): ", ".join(risks_of[r.id]),
        }
        for r in rs.requirements
        if r.id in grade_of
    ]
    columns = ["col_requirement", "col_title", "col_kind", "col_evidence", "col_risks"]
    return pd.DataFrame(rows, columns=[_t(c, language) for c in columns])


def register_table(view: RiskView) -> pd.DataFrame:
    """The register: inherent level, proposed measures, residual level, appetite, escalation."""
    language = view.language
    rows = [
        {
            _t("col_risk", language): r.id,
            _t("col_title", language): r.title,
            _t("col_inherent", language): _level(r.inherent),
            _t("col_measures", language): ", ".join(r.measures),
            _t("col_residual", language): _level(r.residual),
            _t("col_within", language): _yes_no(r.within_appetite, language),
            _t("col_escalate", language): _yes_no(r.escalate, language),
            _t("col_rationale", language): " ".join(r.rationale),
        }
        for r in view.bid.risks
    ]
    return pd.DataFrame(rows)


def _effect(measure: Measure, risk_id: str, language: str) -> str:
    step = measure.reduction(risk_id)
    parts = []
    if step is not None and step.likelihood:
        parts.append(_t("effect_likelihood", language, step=f"{step.likelihood:+d}"))
    if step is not None and step.impact:
        parts.append(_t("effect_impact", language, step=f"{step.impact:+d}"))
    return ", ".join(parts).replace("-", "−")


def measures_table(view: RiskView) -> pd.DataFrame:
    """Each proposed measure per risk: owner, effort, its steps, and the risk before and after."""
    language, measures = view.language, view.measures
    rows = []
    for risk in view.bid.risks:
        for measure_id in risk.measures:
            measure = measures[measure_id]
            rows.append(
                {
                    _t("col_risk", language): risk.id,
                    _t("col_measure", language): measure.id,
                    _t("col_title", language): measure.title.get(language),
                    _t("col_owner", language): _t(f"owner_{measure.owner}", language),
                    _t("col_effort", language): measure.effort_days,
                    _t("col_effect", language): _effect(measure, risk.id, language),
                    _t("col_inherent", language): _level(risk.inherent),
                    _t("col_residual", language): _level(risk.residual),
                }
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
    return pd.DataFrame(rows, columns=[_t(c, language) for c in columns])


def actions_table(view: RiskView) -> pd.DataFrame:
    """The buyer's action list: what, who, indicative effort, for which risks."""
    language = view.language
    rows = [
        {
            _t("col_kind", language): _t(f"action_{a.kind}", language),
            _t("col_action", language): a.text,
            _t("col_owner", language): _t(f"owner_{a.owner}", language),
            _t("col_effort", language): a.effort_days,
            _t("col_risks", language): ", ".join(a.risks),
        }
        for a in view.bid.actions
    ]
    columns = ["col_kind", "col_action", "col_owner", "col_effort", "col_risks"]
    return pd.DataFrame(rows, columns=[_t(c, language) for c in columns])


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
        bidder=bid.name,
        price=money(bid.price.amount, language, view.tender.config.currency),
        days=number(bid.effort_days_total, language, 1),
        count=sum(1 for a in bid.actions if a.effort_days is not None),
    )


def sla_table(view: RiskView) -> pd.DataFrame:
    """The SLA comparison as the Result holds it, with translated labels."""
    language = view.language
    rows = [
        {
            _t("col_topic", language): topic_label(line.topic, language),
            _t("col_offered", language): line.offered or _t("not_stated", language),
            _t("col_required", language): line.required or _t("no_requirement", language),
            _t("col_verdict", language): _t(f"verdict_{line.verdict}", language),
        }
        for line in view.bid.sla
    ]
    columns = ["col_topic", "col_offered", "col_required", "col_verdict"]
    return pd.DataFrame(rows, columns=[_t(c, language) for c in columns])


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
        "text/plain": f"{view.bid.id}: {len(view.bid.risks)} risks, "
        f"{len(view.bid.actions)} actions",
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
    for which in ("inherent", "residual"):
        path = folder / f"{stem}_{which}.png"
        path.write_bytes(heatmap(view, which))
        written.append(path)
    return written


def heatmap(view: RiskView, which: str) -> bytes:
    """The bid's inherent or residual heat map as PNG, with the appetite and the bidder's name;
    drawn once per content (`render.charts.heatmap_png`)."""
    from tenderkit.render.charts import heatmap_png

    return heatmap_png(
        view.bid.risks, which, view.language, appetite=view.appetite, bidder=view.bid.name
    )
