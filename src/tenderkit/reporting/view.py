"""`AwardReport`: what the award notebook shows, section by section.

The notebook is a view: each cell calls one method here and displays what it returns. The class
loads a tender and reads the result.json `tenderkit report` wrote (or, run on its own, evaluates
the tender once); every section only formats figures from that Result (a renderer never
recomputes a score) and escapes every text that came from a supplier.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from tenderkit import __version__
from tenderkit.assurance.results import COVERAGE_LEVELS
from tenderkit.bundled import resolve_tender_dir
from tenderkit.evaluation import evaluate
from tenderkit.formatting import date, fixed, money, percent
from tenderkit.i18n import count_text, in_regime, label, page_citation, term, text
from tenderkit.loader import Tender, load_tender
from tenderkit.markup import Html, catalogue_html, code_first, coded, esc
from tenderkit.render.charts import heatmap_cells
from tenderkit.render.knockout_reasons import report_name
from tenderkit.render.readiness import OpenItem, panel_members
from tenderkit.render.readiness import open_items as find_open_items
from tenderkit.reporting import figures
from tenderkit.reporting.heatmap_files import KINDS, drawn_heatmap
from tenderkit.reporting.html import Markup, block, heading, html, join, para, table
from tenderkit.result import Result, result_from_json

CONTRACT_OWNERS = frozenset({"contract", "supplier"})
"""Measures whose owner is the contract or the supplier change what the supplier owes: after the
award that risks a material change (wezenlijke wijziging) unless the tender documents provided
for it."""

RESULT_MIME = "application/vnd.tenderkit+json"


class Png(bytes):
    """A PNG image that a notebook displays as an image; its text form (`alt`, the chart's
    title) is the image's alt text in the exported report and the tagged PDF."""

    alt: str

    def __new__(cls, data: bytes, alt: str = "") -> Png:
        image = super().__new__(cls, data)
        image.alt = alt
        return image

    def _repr_png_(self) -> bytes:
        return bytes(self)

    def __repr__(self) -> str:
        return self.alt or "PNG"


def chart_png(figure) -> Png:
    """A chart as a Png described by its title."""
    title = " ".join(figure.axes[0].get_title().split()) if figure.axes else ""
    return Png(figures.png(figure), title)


def with_language(tender: Tender, language: str | None) -> Tender:
    """The tender, with the language of everything written for people overridden."""
    if not language or language == tender.language:
        return tender
    config = tender.config.model_copy(update={"language": language})
    return tender.replace(config=config)


@dataclass
class AwardReport:
    tender: Tender
    result: Result
    figures: Path | None = None
    """The folder where `tenderkit report` draws the heat maps beside the notebook (shown from
    there, not drawn twice: reporting.heatmap_files); None: drawn here."""

    @classmethod
    def load(
        cls,
        tender: str | Path | None = None,
        language: str | None = None,
        result: str | Path | None = None,
        figures: str | Path | None = None,
    ) -> AwardReport:
        """Load a tender folder (default: the bundled example) and its Result.

        With `result` (the result.json `tenderkit report` wrote before it ran the notebook) the
        notebook shows exactly the Result the workbook and letters show; without it (the notebook
        run on its own) the tender is evaluated here, once.
        """
        loaded = with_language(
            load_tender(resolve_tender_dir(None if tender is None else str(tender))), language
        )
        drawn = None if figures is None else Path(figures)
        if result is None:
            return cls(loaded, evaluate(loaded), drawn)
        return cls(loaded, read_result(Path(result), loaded), drawn)

    # --- helpers ----------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self.result.language

    @property
    def regime(self) -> str:
        return self.tender.config.regime

    def text(self, name: str, key: str, /, **values: Any) -> str:
        """A catalogue text in the report's language and the regime's words: to a private
        buyer the bids are "offertes" (texts/glossary.yaml), as in the letters."""
        return text(name, key, self.language, self.regime, **values)

    def label(self, group: str, code: str, /) -> str:
        return label(group, code, self.language, self.regime)

    def count_text(self, name: str, key: str, count: int, /, **values: Any) -> str:
        return count_text(name, key, count, self.language, self.regime, **values)

    def ours(self, sentence: str) -> str:
        """A sentence the evaluation wrote (a warning) in the regime's words."""
        return in_regime(sentence, self.language, self.regime)

    def t(self, key: str, /, **values: Any) -> str:
        return self.text("report", key, **values)

    def t_html(self, key: str, /, **values: Any) -> Markup:
        """A catalogue text that holds markup of ours (`<b>`), every value escaped."""
        return catalogue_html("report", key, self.language, self.regime, **values)

    def money(self, value: float | None) -> str:
        return "—" if value is None else money(value, self.language, self.tender.config.currency)

    def num(self, value: float | None, digits: int = 2) -> str:
        return "—" if value is None else fixed(value, self.language, digits)

    def pct(self, value: float | None) -> str:
        return "—" if value is None else percent(value, self.language)

    def yes_no(self, value: bool) -> str:
        return self.t("yes" if value else "no")

    def r(self, key: str, /, **values: Any) -> str:
        """A text of the decision advice, open items and evaluation record (texts/record.yaml)."""
        return self.text("record", key, **values)

    def when(self, moment: dt.date | dt.datetime) -> str:
        """A date, or a date and time, as a person reads it."""
        shown = date(moment, self.language)
        if isinstance(moment, dt.datetime):
            shown += f" {moment:%H:%M}"
        return shown

    @cached_property
    def items(self) -> list[OpenItem]:
        """The open items before the letters go out (tenderkit.render.readiness)."""
        return find_open_items(self.result, self.tender)

    @property
    def final(self) -> bool:
        return not any(item.blocking for item in self.items)

    def fingerprint(self) -> str:
        """A short fingerprint of every input file's hash: which version of the dossier this is."""
        lines = "".join(f"{name}:{digest}\n" for name, digest in sorted(self.result.inputs.items()))
        return "sha256:" + hashlib.sha256(lines.encode()).hexdigest()[:12]

    def amount(self, value: float | None) -> str:
        """A ranking figure or margin in the method's unit: money as money, points and an index
        with the method's decimals (`Method.unit`, `Method.decimals`)."""
        method = self.result.method
        if method.unit == "money":
            return self.money(value)
        return self.num(value, method.decimals)

    def _score_text(self, bid) -> str:
        """The bid's ranking figure from its headline, worded by the method's unit."""
        figure = bid.headline.figure if bid.headline is not None else None
        return self.t(f"figure_{self.result.method.unit}", value=self.amount(figure))

    def _invalid(self, bid) -> str:
        """ "ongeldig" with the knock-outs that made the bid invalid (its headline's), shown
        where a valid bid has points: an invalid bid's would-be points are no score and could
        pass the maximum."""
        ids = bid.headline.knockouts if bid.headline is not None else []
        if not ids:
            return self.t("invalid_reason_none")
        return self.t("invalid_reason", ids=", ".join(ids))

    def _code(self, group: str, code: str) -> Html:
        """The label of a code with the code itself small beside it, for the expert."""
        return coded(self.label(group, code), code)

    @cached_property
    def _measures(self) -> dict[str, Any]:
        from tenderkit.risk.register import available_measures

        return available_measures(self.tender.measures)

    def _measure_name(self, measure_id: str) -> str:
        """A measure's title in the report's language (chapter 9 gives it with its id)."""
        measure = self._measures.get(measure_id)
        title = measure.title.get(self.language) if measure is not None else None
        return title or measure_id

    def _measure_label(self, measure_id: str) -> Html:
        measure = self._measures.get(measure_id)
        title = measure.title.get(self.language) if measure is not None else None
        return coded(title, measure_id) if title else html("{}", measure_id)

    def _row_classes(self, bids) -> list[str]:
        return [
            "winner" if b.id == self.result.winner else ("" if b.valid else "invalid") for b in bids
        ]

    # --- sections ---------------------------------------------------------------------------------

    def title(self) -> Html:
        """Title, status (final or draft), version, author and date; the running footer."""
        config = self.tender.config
        dates = config.dates
        subtitle = self.t("subtitle", title=config.title, buyer=config.buyer.name)
        meta = self.t("closing", date=date(dates.closing, self.language))
        award = self.result.award_date  # the Result's, as the letters name it
        if award:
            meta += " · " + self.t("award", date=date(award, self.language))
        status = self.r("status_final" if self.final else "status_concept")
        running = self.r(
            "running",
            title=config.title,
            status=self.r("running_final" if self.final else "running_concept"),
        )
        who = (
            self.r("prepared_by", who=config.prepared_by)
            if config.prepared_by
            else self.r("prepared_by_missing")
        )
        when = (
            self.r("decision_date", date=date(award, self.language))
            if award
            else self.r("decision_date_missing")
        )
        return Html(
            block(
                Markup(f'<div class="tk-running">{esc(running)}</div>'),
                html('<div class="tk-header">{}</div>', config.title),
                heading(1, self.t("report_title")),
                para(subtitle, "lead"),
                para(status, "status" if self.final else "status warn"),
                para(meta, "muted"),
                para(who + " · " + when, "muted"),
                para(self.r("version", fingerprint=self.fingerprint(), tool=__version__), "muted"),
                para(self.t("generated_with", version=__version__), "muted"),
            )
        )

    def decision(self) -> Html:
        """One page for the college van B&W or the board: what, for how long, who, at what price
        against the budget, by how much, how robust, which risks remain, what is still open."""
        r, config = self.result, self.tender.config
        parts: list[Any] = [heading(2, self.r("h_decision"))]
        facts = [
            self.r(
                "decision_subject",
                title=config.title,
                role=term("buyer", self.language, config.regime),
                buyer=config.buyer.name,
            )
        ]
        facts.append(
            self.r("decision_term", months=config.contract_months)
            if config.contract_months
            else self.r("decision_term_missing")
        )
        valid = [b for b in r.ranking if b.valid]
        facts.append(
            self.r(f"decision_procedure_{config.regime}", count=len(r.bids), valid=len(valid))
        )
        parts += [para(f) for f in facts]
        if r.winner is None:
            reason = self.t("no_winner")
            warning = next((w.message for w in r.warnings if w.code.startswith("tie")), None)
            warning = self.ours(warning) if warning else None
            parts.append(para(self.r("decision_no_winner", reason=warning or reason), "warn"))
            parts.append(self._open_sentence())
            return Html(block(*parts))
        winner = r.bid(r.winner)
        price = winner.price.amount
        parts.append(
            Markup(
                "<p class='lead'>"
                + esc(self.r("decision_proposal", winner=winner.name, price=self.money(price)))
                + "</p>"
            )
        )
        budget = r.budget
        if budget is None:
            parts.append(para(self.r("decision_budget_missing")))
        else:
            difference = budget.difference
            values = {
                "budget": self.money(budget.amount),
                "difference": self.money(abs(difference)),
                "share": self.pct(budget.share),
            }
            key = (
                "decision_budget_equal"
                if abs(difference) < 0.005
                else "decision_budget_over"
                if difference > 0
                else "decision_budget_under"
            )
            parts.append(para(self.r(key, **values), "warn" if difference > 0.005 else ""))
        if len(valid) > 1:
            second = valid[1]
            parts.append(
                para(
                    self.r(
                        "decision_margin", second=second.name, margin=self._margin(winner, second)
                    )
                )
            )
        else:
            parts.append(para(self.r("decision_margin_none")))
        robust = self._robustness(winner)
        if robust:
            parts.append(para(robust))
        parts += self._risk_lines(winner)
        contract = self._contract_measures(winner)
        if contract:
            parts.append(
                para(
                    self.count_text(
                        "record",
                        "decision_contract_measures"
                        + ("" if config.regime == "public" else "_private"),
                        len(contract),
                        winner=winner.name,
                        measures="; ".join(self._measure_name(m) for m in contract),
                    ),
                    "warn",
                )
            )
        parts.append(self._open_sentence())
        parts.append(Markup('<div class="tk-pagebreak"></div>'))
        return Html(block(*parts))

    def _margin(self, winner, second) -> str:
        """The winner's lead (its headline's margin, the Result's), worded by the unit."""
        margin = winner.headline.margin if winner.headline is not None else self.result.margin
        return self.t(f"margin_{self.result.method.unit}", value=self.amount(margin or 0.0))

    def _robustness(self, winner) -> str:
        """The sensitivity findings in one sentence: leave-one-out, Monte Carlo, the split."""
        s = self.result.sensitivity
        if not s:
            return ""
        names = {b.id: b.name for b in self.result.bids}
        changed = [
            e
            for e in s.get("leave_one_out", [])
            if e["dropped"] != winner.id and e["winner_changed"]
        ]
        if changed:
            loo = self.r(
                "loo_changes",
                dropped=names.get(changed[0]["dropped"], changed[0]["dropped"]),
                winner=names.get(changed[0]["winner"], changed[0]["winner"]),
            )
        else:
            loo = self.r("loo_stable")
        mc = s.get("monte_carlo", {})
        if mc.get("win_share"):
            mc_text = self.r(
                "mc_share",
                name=winner.name,
                share=self.pct(mc["win_share"].get(winner.id, 0.0)),
                samples=self.num(mc["samples"], 0),
            )
        else:
            mc_text = self.r("mc_none")
        split_text = self._split_sentence(s["split"], names)
        split_text = split_text[:1].lower() + split_text[1:]
        return self.r("decision_robust", loo=loo, mc=mc_text, split=split_text)

    def _split_sentence(self, split: dict[str, Any], names: dict[str, str]) -> str:
        """Where the winner changes as the quality/price split (or, under fictitious discount,
        the quality value factor) moves: one sentence for the decision advice and section 7."""
        values = {
            "published": self.pct(split["published"]),
            "flips_at": self.pct(split["flips_at"]),
            "shift": self.pct(split["shift"]),
            "new_winner": names.get(split["new_winner"], "—"),
        }
        if split["parameter"] == "quality_value_factor":
            key = "discount_line" if split["flips_at"] is not None else "discount_never"
            values["flips_at"] = self.num(split["flips_at"])
        else:
            key = "split_line" if split["flips_at"] is not None else "split_never"
        return self.t(key, **values)

    def _risk_lines(self, winner) -> list[Any]:
        above = [risk for risk in winner.risks if not risk.within_appetite]
        if not above:
            return [para(self.r("decision_risks_none", winner=winner.name))]
        owners: dict[str, list[str]] = {}
        for action in winner.actions:
            for risk_id in action.risks:
                owner = self.text("risk", f"owner_{action.owner}")
                if owner not in owners.setdefault(risk_id, []):
                    owners[risk_id].append(owner)
        lines = []
        for risk in above:
            label = risk.title or risk.id
            score = str(risk.residual.score)
            if risk.escalate:
                lines.append(self.r("decision_risk_escalate", risk=label, score=score))
            else:
                owner = ", ".join(owners.get(risk.id, [])) or self.r("owner_none")
                lines.append(self.r("decision_risk_line", risk=label, score=score, owner=owner))
        return [
            para(self.r("decision_risks", winner=winner.name)),
            Markup("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>"),
        ]

    def _contract_measures(self, bid) -> list[str]:
        """Ids of the proposed measures for a bid that change what the supplier owes."""
        return [
            a.id for a in bid.actions if a.kind == "measure" and a.id and a.owner in CONTRACT_OWNERS
        ]

    def _open_sentence(self) -> Markup:
        blocking = [item for item in self.items if item.blocking]
        if blocking:
            return para(self.r("decision_open", count=len(blocking)), "warn")
        return para(self.r("decision_open_none"))

    def open_items(self) -> Html:
        """ "Openstaande punten voor verzending": everything that keeps the letters CONCEPT."""
        parts: list[Any] = [heading(2, self.r("h_open"))]
        if not self.items:
            parts.append(para(self.r("open_none")))
            return Html(block(*parts))
        regime = self.tender.config.regime
        parts.append(para(self.r("open_intro" if regime == "public" else "open_intro_private")))
        parts.append(
            table(
                ["#", self.r("col_item"), self.r("col_blocking")],
                [
                    [index, item.text, self.yes_no(item.blocking)]
                    for index, item in enumerate(self.items, 1)
                ],
            )
        )
        return Html(block(*parts))

    def summary(self) -> Html:
        r = self.result
        ranking = r.ranking
        parts: list[Any] = [heading(2, self.t("h_summary"))]
        valid = [b for b in ranking if b.valid]
        parts.append(para(self.t("bids_count", count=len(r.bids), valid=len(valid))))
        if r.winner:
            winner = r.bid(r.winner)
            parts.append(
                para(
                    self.t_html("winner_is", name=winner.name, score=self._score_text(winner)),
                    "lead",
                )
            )
            if len(valid) > 1:
                second = valid[1]
                shown = self._margin(winner, second)  # the Result's, worded as in the decision
                parts.append(para(self.t("margin", second=second.name, margin=shown)))
            shares = r.sensitivity.get("monte_carlo", {})
            if shares.get("win_share"):
                parts.append(
                    para(
                        self.t(
                            "win_share",
                            samples=self.num(shares["samples"], 0),
                            name=winner.name,
                            share=self.pct(shares["win_share"].get(r.winner, 0.0)),
                        )
                    )
                )
        else:
            parts.append(para(self.t("no_winner"), "warn"))
        parts.append(self.ranking_table())
        parts += self.lock_lines()
        return Html(block(*parts))

    def lock_lines(self) -> list[Markup]:
        """The lock, and every earlier lock replaced by `tenderkit lock --force`, with dates."""
        lock = self.result.lock
        if not lock.get("published"):
            key = "lock_none" if self.tender.config.regime == "public" else "lock_none_private"
            return [para(self.t(key, lock=lock["actual"][:23] + "…"), "muted")]
        short = lock["published"][:23] + "…"
        if lock.get("scheme") == "bytes":
            lines = [para(self.t("lock_ok_files", lock=short), "muted")]
        else:
            lines = [
                para(self.t("lock_ok", lock=short, since=self._since(lock.get("locked"))), "muted")
            ]
        for record in lock.get("history", []):
            why = str(record.get("reason") or "").rstrip(". ")
            reason = self.t("lock_reason", reason=why) if why else ""
            lines.append(
                para(
                    self.t(
                        "lock_history",
                        lock=record["lock"][:23] + "…",
                        since=self._since(record.get("locked")),
                        replaced=self._day(record["replaced"]),
                        reason=reason,
                    ),
                    "muted",
                )
            )
        return lines

    def _day(self, stamp: str) -> str:
        return date(dt.date.fromisoformat(stamp[:10]), self.language)

    def _since(self, stamp: str | None) -> str:
        return self.t("lock_since", date=self._day(stamp)) if stamp else ""

    def ranking_table(self) -> Markup:
        r = self.result
        unit = r.method.unit
        columns = [
            self.t("col_rank"),
            self.t("col_bid"),
            self.t("col_valid"),
            self.t("col_quality_points"),
            self.t("col_price"),
        ]
        if unit == "money":
            columns.append(self.t("col_comparison"))
        elif unit == "index":
            columns += [self.t("col_utility"), self.t("col_deficit")]
        else:
            columns += [self.t("col_price_points"), self.t("col_total")]
        rows, classes = [], []
        for b in r.ranking:
            row = [
                b.rank or "—",
                b.name,
                self.t("valid_yes") if b.valid else self._invalid(b),
                self.num(b.quality.points),
                self.money(b.price.amount),
            ]
            if not b.valid:  # no would-be figures: an invalid bid has no score (and could pass
                row += ["—"] * (len(columns) - len(row))  # the maximum or undercut the winner)
            elif unit == "money":
                row.append(self.amount(b.price.comparison))
            elif unit == "index":
                row += [self.amount(b.price.comparison), self.money(b.price.deficit)]
            else:
                row += [self.num(b.price.points), self.num(b.total)]
            rows.append(row)
            classes.append("winner" if b.id == r.winner else ("" if b.valid else "invalid"))
        return table(columns, rows, classes)

    def design(self) -> Html:
        m = self.result.method
        consensus = self.label("method", m.consensus)
        parts: list[Any] = [heading(2, self.t("h_design"))]
        common = {
            "formula": coded(self.label("formula", m.formula), m.formula),
            "consensus": consensus,
            # the rule for invalid bids only decides something where prices are compared
            "rule": self.label("rule", m.invalidated_bid_rule if m.relative else "not_relative"),
            "tie_break": ", ".join(self.label("tie", r) for r in m.tie_break),
        }
        if not m.weights_apply:
            # the weights play no role here: say what decides instead (the scoring model's value)
            value = self.money(getattr(m.price, "quality_value", None))
            parts.append(para(self.t_html("design_method_discount", quality_value=value, **common)))
        else:
            parts.append(
                para(
                    self.t_html(
                        "design_method",
                        quality_weight=self.num(m.quality_weight, 0),
                        price_weight=self.num(m.price_weight, 0),
                        **common,
                    )
                )
            )
        criteria = self.tender.requirement_set.criteria
        total = sum(c.weight for c in criteria) or 1.0
        parts.append(
            table(
                [self.t("col_number"), self.t("col_criterion"), self.t("col_weight")],
                [[c.id, c.title, self.pct(c.weight / total)] for c in criteria],
            )
        )
        if self.result.warnings:
            parts.append(
                table(
                    [self.t("col_warning"), self.t("col_explanation")],
                    [
                        [self._code("warning", w.code), self._warning_text(w)]
                        for w in self.result.warnings
                    ],
                )
            )
        else:
            parts.append(para(self.t("no_warnings")))
        return Html(block(*parts))

    def _warning_text(self, warning) -> str:
        """A warning as the Result holds it, except a panel disagreement the panel has since
        settled: "Bespreek dit in de consensusvergadering" only while no consensus is recorded.
        The line is found by the exact message the scoring wrote for it, never guessed."""
        if warning.code != "panel_disagreement":
            return self.ours(warning.message)
        names = {b.id: b.name for b in self.result.bids}
        for line in self.result.panel:
            if not line.disagreement or line.bidder != warning.bidder:
                continue
            values = {
                "bidder": names.get(line.bidder, line.bidder),
                "target": line.target,
                "scores": ", ".join(f"{who} {score}" for who, score in line.scores.items()),
            }
            # the exact words the scoring wrote (public ones: the Result's warnings are not
            # worded per regime), so no regime here
            if text("scoring", "panel_disagreement", self.language, **values) != warning.message:
                continue
            if line.consensus_score is not None:
                return self.t("disagreement_settled", score=line.consensus_score, **values)
        return self.ours(warning.message)

    def knockouts(self) -> Html:
        rows = [
            [b.name, k.requirement, self._code("reason", k.reason), self.ours(k.message)]
            for b in self.result.bids
            for k in b.knockouts
        ]
        parts: list[Any] = [heading(2, self.t("h_knockouts"))]
        if rows:
            parts.append(
                table(
                    [
                        self.t("col_bid"),
                        self.t("col_requirement"),
                        self.t("col_reason"),
                        self.t("col_explanation"),
                    ],
                    rows,
                )
            )
        else:
            parts.append(para(self.t("no_knockouts")))
        return Html(block(*parts))

    def quality(self) -> Html:
        criteria = self.tender.requirement_set.criteria
        columns = [
            self.t("col_bid"),
            *[f"{c.id} {c.title}" for c in criteria],
            self.t("col_quality"),
            self.t("col_quality_points"),
        ]
        rows = [
            [
                b.name,
                *[self.pct(b.quality.criteria.get(c.id)) for c in criteria],
                self.pct(b.quality.fraction),
                self.num(b.quality.points),
            ]
            for b in self.result.ranking
        ]
        return Html(
            block(
                heading(2, self.t("h_quality")),
                table(columns, rows, self._row_classes(self.result.ranking)),
            )
        )

    def quality_chart(self) -> Png:
        return chart_png(figures.quality_chart(self.result, self.tender))

    def price(self) -> Html:
        unit = self.result.method.unit
        columns = [
            self.t("col_bid"),
            self.t("col_price"),
            self.t("col_price_fraction"),
            self.t("col_price_points"),
        ]
        if unit == "money":
            columns = [
                self.t("col_bid"),
                self.t("col_price"),
                self.t("col_quality"),
                self.t("col_comparison"),
            ]
            rows = [
                [
                    b.name,
                    self.money(b.price.amount),
                    self.pct(b.quality.fraction),
                    self.amount(b.price.comparison) if b.valid else self._invalid(b),
                ]
                for b in self.result.ranking
            ]
        elif unit == "index":
            columns = [
                self.t("col_bid"),
                self.t("col_price"),
                self.t("col_utility"),
                self.t("col_deficit"),
            ]
            rows = [
                [
                    b.name,
                    self.money(b.price.amount),
                    self.amount(b.price.comparison) if b.valid else self._invalid(b),
                    self.money(b.price.deficit) if b.valid else "—",
                ]
                for b in self.result.ranking
            ]
        else:
            rows = [
                [
                    b.name,
                    self.money(b.price.amount),
                    self.num(b.price.fraction, 4) if b.valid else "—",
                    self.num(b.price.points) if b.valid else self._invalid(b),
                ]
                for b in self.result.ranking
            ]
        # said only where an invalid bid is listed: what it gets instead of the method's figure
        notes = []
        if any(not b.valid for b in self.result.bids):
            notes = [para(self.t(f"invalid_note_{unit}"), "muted")]
        return Html(
            block(
                heading(2, self.t("h_price")),
                table(columns, rows, self._row_classes(self.result.ranking)),
                *notes,
            )
        )

    def sla(self) -> Html:
        """The SLA comparison as the Result holds it (each bid's `sla` lines, the data of the
        workbook's SLA sheet): per topic what is required and what each bid offers, with the
        verdict. Nothing is recomputed."""
        from tenderkit.risk.sla_lines import topic_label

        bids = [b for b in self.result.ranking if b.sla]
        parts: list[Any] = [heading(2, self.t("h_sla"))]
        if not bids:
            parts.append(para(self.t("sla_missing")))
            return Html(block(*parts))
        topics: list[str] = []
        required: dict[str, str] = {}
        offered: dict[tuple[str, str], Any] = {}
        for b in bids:
            for line in b.sla:
                if line.topic not in topics:
                    topics.append(line.topic)
                if line.required and line.topic not in required:
                    required[line.topic] = line.required
                verdict = self.text("risk", f"verdict_{line.verdict}")
                shown = line.offered or self.text("risk", "not_stated")
                offered[(b.id, line.topic)] = html(
                    '{}<br><span class="sla-{}">{}</span>', shown, line.verdict, verdict
                )
        parts.append(para(self.t("sla_intro"), "muted"))
        parts.append(
            table(
                [self.t("col_sla_topic"), self.t("col_sla_required"), *[b.name for b in bids]],
                [
                    [
                        topic_label(topic, self.language),
                        required.get(topic) or self.text("risk", "no_requirement"),
                        *[offered.get((b.id, topic), "—") for b in bids],
                    ]
                    for topic in topics
                ],
            )
        )
        return Html(block(*parts))

    def totals_chart(self) -> Png:
        return chart_png(figures.totals_chart(self.result))

    def sensitivity(self) -> Html:
        s = self.result.sensitivity
        parts: list[Any] = [heading(2, self.t("h_ranking"))]
        if not s:
            parts.append(para(self.t("sensitivity_none")))
            return Html(block(*parts))
        names = {b.id: b.name for b in self.result.bids}
        parts.append(heading(3, self.t("loo_title")))
        parts.append(
            table(
                [
                    self.t("col_dropped"),
                    self.t("col_new_winner"),
                    self.t("col_changed"),
                    self.t("col_swapped"),
                ],
                [
                    [
                        names[e["dropped"]],
                        names.get(e["winner"], e["winner"]),
                        self.yes_no(bool(e["winner_changed"] or e["swapped"])),
                        "; ".join(f"{names[a]} / {names[b]}" for a, b in e["swapped"]) or "—",
                    ]
                    for e in s["leave_one_out"]
                ],
            )
        )
        parts.append(heading(3, self.t("flips_title")))
        parts.append(para(self._split_sentence(s["split"], names)))
        titles = {c.id: c.title for c in self.tender.requirement_set.criteria}
        if s.get("criteria"):
            parts.append(
                table(
                    [
                        self.t("col_criterion"),
                        self.t("col_published"),
                        self.t("col_flips_at"),
                        self.t("col_shift"),
                        self.t("col_new_winner"),
                    ],
                    [
                        [
                            f"{c} {titles.get(c, '')}",
                            self.pct(f["published"]),
                            self.pct(f["flips_at"]),
                            self.pct(f["shift"]),
                            names.get(f["new_winner"], "—"),
                        ]
                        for c, f in s["criteria"].items()
                    ],
                )
            )
        mc = s.get("monte_carlo", {})
        if mc:
            parts.append(heading(3, self.t("mc_title")))
            parts.append(
                table(
                    [self.t("col_bid"), self.t("col_share")],
                    [
                        [names[b], self.pct(v)]
                        for b, v in sorted(mc["win_share"].items(), key=lambda kv: -kv[1])
                    ],
                )
            )
        return Html(block(*parts))

    def sensitivity_charts(self) -> list[Png | Html]:
        """The win-share and the flips chart; the weights that never change the winner are named
        in a note under the flips chart, not drawn as (the longest) bars."""
        charts = [
            figures.win_share_chart(self.result),
            figures.flips_chart(self.result, self.tender),
        ]
        shown: list[Png | Html] = [chart_png(c) for c in charts if c is not None]
        never = [
            label for label, shift in figures.flip_labels(self.result, self.tender) if shift is None
        ]
        if never:
            shown.append(Html(block(para(self.t("flips_never_note", labels="; ".join(never))))))
        return shown

    def assurance(self) -> Html:
        parts: list[Any] = [heading(2, self.t("h_assurance"))]
        bids = self.result.bids
        if not any(b.assurance for b in bids) and not any(b.coverage for b in bids):
            parts.append(para(self.t("assurance_missing")))
            return Html(block(*parts))
        for b in bids:
            parts.append(heading(3, b.name))
            if not b.assurance:
                parts.append(para(self.t("no_reports")))
            offered = {r.id: r for r in self.tender.bids[b.id].assurance}
            for report in b.assurance:
                verdict = html(
                    '<span class="verdict-{}">{}</span>',
                    report.verdict,
                    self.label("verdict", report.verdict),
                )
                rows = [
                    [
                        self._code("flag", code) if code else "",
                        control or "—",
                        self._cited(m, pages),
                    ]
                    for code, control, m, pages in _grouped_flags(report.flags)
                ]
                source = offered.get(report.report)
                name = report_name(source, self.language) if source else report.report
                parts.append(html("<p><b>{}</b>: {}</p>", coded(name, report.report), verdict))
                if rows:
                    parts.append(
                        table(
                            [
                                self.t("col_finding"),
                                self.t("col_controls"),
                                self.t("col_explanation"),
                            ],
                            rows,
                        )
                    )
        parts.append(heading(3, self.t("coverage_title")))
        short = {level: self.t(f"coverage_short_{level}") for level in COVERAGE_LEVELS}
        parts.append(
            para(self.t("coverage_legend", **{f"s_{k}": v for k, v in short.items()}), "muted")
        )
        requirements = self.tender.requirement_set.requirements
        parts.append(
            table(
                [self.t("col_requirement"), *[b.name for b in bids]],
                [
                    [
                        html("{} <span class='muted'>{}</span>", r.id, r.title),
                        *[short.get(b.coverage.get(r.id, ""), "—") for b in bids],
                    ]
                    for r in requirements
                ],
            )
        )
        notes = self._coverage_notes(bids, requirements)
        if notes:
            parts.append(heading(4, self.t("coverage_notes_title")))
            parts.extend(para(note, "muted") for note in notes)
        return Html(block(*parts))

    def _cited(self, message: str, pages: list[int]) -> str:
        """A finding with the pages of the report it rests on, "... (rapport p. 8)", when the
        review knows them; otherwise the finding alone (a page is never guessed)."""
        cite = page_citation("report", "cite", pages, self.language)
        return f"{message} ({cite})" if cite else message

    def _coverage_notes(self, bids, requirements) -> list[str]:
        """One line per matrix cell whose level needs a reason a CISO can check: a report that
        leaves relied-on controls out, a stated fact that falls short or is missing."""
        notes = []
        for b in bids:
            for r in requirements:
                detail = b.coverage_detail.get(r.id)
                if detail is None:
                    continue
                if detail.uncovered:
                    causes = "; ".join(
                        self.t(f"coverage_gap_{gap}", controls=", ".join(ids))
                        for gap, ids in detail.gaps.items()
                    )
                    reason = self.t("coverage_reason_uncovered", causes=causes)
                elif detail.reason in ("check_failed", "check_missing"):
                    reason = self.t(f"coverage_reason_{detail.reason}")
                else:
                    continue
                notes.append(
                    self.t("coverage_note", bidder=b.name, requirement=r.id, reason=reason)
                )
        return notes

    def risks(self) -> Html:
        """Per bid: the risks that matter (above appetite, treated or escalated) and heat maps.

        The full register of every risk is in the Excel workbook; the report keeps to what a
        reader must act on, and counts the rest.
        """
        parts: list[Any] = [heading(2, self.t("h_risk"))]
        if not any(b.risks for b in self.result.bids):
            parts.append(para(self.t("risk_missing")))
            return Html(block(*parts))
        for b in self.result.bids:
            parts.append(heading(3, b.name))
            shown_risks = [
                r
                for r in b.risks
                if r.measures
                or r.escalate
                or not r.within_appetite
                or r.inherent.score > r.residual.score
            ]
            contract = set(self._contract_measures(b))
            mark = self.r("contract_measure")
            rows = [
                [
                    code_first(r.id, r.title),
                    f"{r.inherent.likelihood}×{r.inherent.impact} = {r.inherent.score}",
                    join(
                        (
                            html(
                                "{}{}",
                                self._measure_label(m),
                                f" ({mark})" if m in contract else "",
                            )
                            for m in r.measures
                        ),
                        "; ",
                    )
                    or "—",
                    f"{r.residual.likelihood}×{r.residual.impact} = {r.residual.score}",
                    self.t("escalate") if r.escalate else self.yes_no(r.within_appetite),
                ]
                for r in shown_risks
            ]
            if rows:
                parts.append(
                    table(
                        [
                            self.t("col_risk"),
                            self.t("col_inherent"),
                            self.t("col_measures"),
                            self.t("col_residual"),
                            self.t("col_appetite"),
                        ],
                        rows,
                    )
                )
            if any(m in contract for r in shown_risks for m in r.measures):
                regime = self.tender.config.regime
                key = "contract_note" if regime == "public" else "contract_note_private"
                parts.append(para(self.r(key), "warn"))
            parts.append(
                para(
                    self.count_text("report", "risks_quiet", len(b.risks) - len(shown_risks)),
                    "muted",
                )
            )
            if b.risks:
                parts.append(self._heatmaps(b))
            if b.buyer_obligations:
                parts.append(heading(3, self.t("obligations")))
                parts.append(
                    html("<ul>{}</ul>", join(html("<li>{}</li>", o) for o in b.buyer_obligations))
                )
        return Html(block(*parts))

    def _heatmaps(self, bid) -> Markup:
        """The inherent and residual heat maps side by side, each with its key under it: per
        occupied cell (highest score first) the names of the risks in it, in body text."""
        appetite = self.tender.requirement_set.risk_appetite
        columns = []
        for which in KINDS:
            image = drawn_heatmap(self.figures, bid, which, self.language, appetite)
            title = self.text("risk", f"heatmap_{which}", bidder="").rstrip(": ")
            key = join(
                html(
                    "<li><b>{} × {} = {}</b>: {}</li>",
                    likelihood,
                    impact,
                    likelihood * impact,
                    "; ".join(r.title or r.id for r in placed),
                )
                for likelihood, impact, placed in heatmap_cells(bid.risks, which)
            )
            columns.append(
                html(
                    '<div class="tk-map"><img alt="{}" src="data:image/png;base64,{}"/>'
                    '<ul class="tk-key">{}</ul></div>',
                    f"{title}: {bid.name}",
                    base64.b64encode(image).decode(),
                    key,
                )
            )
        return html('<div class="tk-pair">{}</div>', join(columns))

    def risk_charts(self) -> list[Png]:
        """Kept for notebooks that display charts separately; the heat maps now sit in risks()."""
        return []

    def record(self) -> Html:
        """The proces-verbaal: who evaluated, their declarations, how the panel worked, every
        score, what the file does not record, and the sign-off. It states only what the data
        shows: scoring without knowledge of prices only when the freeze of the quality scores
        provably precedes the price opening."""
        r, config = self.result, self.tender.config
        parts: list[Any] = [heading(2, self.r("h_record"))]
        if not r.panel:
            parts.append(para(self.r("record_none")))
            return Html(block(*parts))
        parts.append(para(self.r("record_scope")))
        members = panel_members(self.tender)
        declarations = {d.evaluator: d for d in config.conflict_of_interest}
        missing: list[str] = []

        parts.append(heading(3, self.r("h_committee")))
        rows = []
        for member_id, name, role in members:
            declaration = declarations.get(member_id)
            if declaration is None:
                declared = self.r("declared_missing")
            elif declaration.conflict:
                declared = self.r(
                    "declared_conflict",
                    date=date(declaration.date, self.language),
                    note=declaration.note,
                )
            else:
                declared = self.r("declared_none", date=date(declaration.date, self.language))
            rows.append(
                [
                    f"{name} ({member_id})" if name else f"{member_id} ({self.r('name_missing')})",
                    role or self.r("role_missing"),
                    declared,
                ]
            )
        parts.append(
            table([self.r("col_member"), self.r("col_role"), self.r("col_declaration")], rows)
        )
        unnamed = [m for m, name, role in members if not name or not role]
        if unnamed:
            missing.append(self.r("missing_names", ids=", ".join(unnamed)))
        undeclared = [name or m for m, name, _ in members if m not in declarations]
        if undeclared:
            missing.append(self.r("missing_declarations", names=", ".join(undeclared)))

        parts.append(heading(3, self.r("h_method")))
        scorers = sorted({who for line in r.panel for who in line.scores})
        names = {m: name or m for m, name, _ in members}
        if scorers:
            parts.append(
                para(self.r("individual_scores", names=", ".join(names.get(s, s) for s in scorers)))
            )
        else:
            parts.append(para(self.r("individual_none")))
        agreed = [line for line in r.panel if line.consensus_score is not None]
        parts.append(para(self.r("consensus_count", agreed=len(agreed), total=len(r.panel))))
        if len(agreed) < len(r.panel):
            method = self.label("method", r.method.consensus)
            parts.append(para(self.r("consensus_rest", method=method)))
            bidders = {b.id: b.name for b in r.bids}
            missing.append(
                self.r(
                    "missing_consensus",
                    items=", ".join(
                        f"{bidders.get(line.bidder, line.bidder)} {line.target}"
                        for line in r.panel
                        if line.consensus_score is None
                    ),
                )
            )
        record = config.evaluation
        meetings = record.consensus_meetings if record else []
        if meetings:
            shown = ", ".join(date(d, self.language) for d in meetings)
            parts.append(para(self.count_text("record", "meetings", len(meetings), dates=shown)))
        else:
            missing.append(self.r("missing_meetings"))
        frozen = record.quality_frozen if record else None
        opening = record.price_opening if record else None
        if frozen is not None and opening is not None:
            key = "blind_yes" if _before(frozen, opening) else "blind_no"
            parts.append(para(self.r(key, frozen=self.when(frozen), opening=self.when(opening))))
        if frozen is None:
            missing.append(self.r("missing_frozen"))
        if opening is None:
            missing.append(self.r("missing_opening"))

        parts.append(heading(3, self.r("h_scores")))
        parts.append(self._score_record())

        parts.append(heading(3, self.r("h_missing")))
        if missing:
            parts.append(Markup("<ul>" + "".join(f"<li>{esc(m)}</li>" for m in missing) + "</ul>"))
        else:
            parts.append(para(self.r("missing_none")))

        parts.append(heading(3, self.r("h_signoff")))
        parts.append(para(self.r("signoff_intro")))
        parts.append(
            table(
                [
                    self.r("col_member"),
                    self.r("col_role"),
                    self.r("col_signature"),
                    self.r("col_date"),
                ],
                [[name or m, role, "", ""] for m, name, role in members],
                ["tk-sign"] * len(members),
            )
        )
        return Html(block(*parts))

    def _score_record(self) -> Markup:
        r = self.result
        names = {b.id: b.name for b in r.bids}
        rows = []
        for line in r.panel:
            scores = (
                "; ".join(
                    f"{who}: {score}"
                    + (f" ({line.rationales[who]})" if who in line.rationales else "")
                    for who, score in line.scores.items()
                )
                or "—"
            )
            # one scale in the column: the share of full marks, however the score was set
            outcome = f"{self.pct(line.fraction)} ({self.label('method', line.method)})"
            if line.disagreement:
                outcome += f" — {self.t('disagreement_mark')}"
            rationale = line.consensus_rationale or ""
            if line.consensus_evaluators:
                rationale += f" [{', '.join(line.consensus_evaluators)}]"
            rows.append(
                [
                    names.get(line.bidder, line.bidder),
                    line.target,
                    scores,
                    outcome,
                    rationale or "—",
                ]
            )
        return table(
            [
                self.t("col_bid"),
                self.t("col_target"),
                self.t("col_scores"),
                self.t("col_outcome_share"),
                self.t("col_rationale"),
            ],
            rows,
        )

    def result_bundle(self) -> dict[str, Any]:
        """The Result under tenderkit's own MIME type, for `display(..., raw=True)`."""
        # an HTML comment as the visible form: the exported report shows no stray line
        return {
            RESULT_MIME: self.result.to_data(),
            "text/html": f"<!-- tenderkit result {esc(self.result.tender)} -->",
            "text/plain": "",
        }


def _before(first: dt.date | dt.datetime, second: dt.date | dt.datetime) -> bool:
    """Whether `first` provably lies before `second`. Two moments compare as they are; a bare
    date only proves "before" when it lies on an earlier day than the other's day."""
    if isinstance(first, dt.datetime) and isinstance(second, dt.datetime):
        return first < second
    day = first.date() if isinstance(first, dt.datetime) else first
    other = second.date() if isinstance(second, dt.datetime) else second
    return day < other


def read_result(path: Path, tender: Tender) -> Result:
    """The Result in `path`, checked to be the one of `tender` in its language."""
    result = result_from_json(path.read_text("utf-8"))
    if result.tender != tender.id or result.language != tender.language:
        raise ValueError(
            f"{path}: this result is of tender '{result.tender}' in '{result.language}', "
            f"not of '{tender.id}' in '{tender.language}'"
        )
    return result


def _grouped_flags(flags) -> list[tuple[str, str | None, str, list[int]]]:
    """Every finding of one report with its own control, text and report pages, grouped by code.

    Findings of one code stay together (in the order the review gave them) and the code is
    written once, on the first of them; none is merged into another, since two exceptions on
    two controls are two findings a reader must weigh separately.
    """
    groups: dict[str, list] = {}
    for flag in flags:
        groups.setdefault(flag.code, []).append(flag)
    return [
        (code if index == 0 else "", flag.control, flag.message, list(flag.pages))
        for code, group in groups.items()
        for index, flag in enumerate(group)
    ]
