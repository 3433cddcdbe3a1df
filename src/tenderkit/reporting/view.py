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
from tenderkit.i18n import page_citation, text
from tenderkit.loader import Tender, load_tender
from tenderkit.markup import Html, catalogue_html, esc
from tenderkit.render.charts import risk_heatmap
from tenderkit.render.readiness import OpenItem, panel_members
from tenderkit.render.readiness import open_items as find_open_items
from tenderkit.reporting import figures
from tenderkit.reporting.html import Markup, block, heading, html, join, para, table
from tenderkit.result import Result, result_from_json

CONTRACT_OWNERS = frozenset({"contract", "supplier"})
"""Measures whose owner is the contract or the supplier change what the supplier owes: after the
award that risks a material change (wezenlijke wijziging) unless the tender documents provided
for it."""

RESULT_MIME = "application/vnd.tenderkit+json"


class Png(bytes):
    """A PNG image that a notebook displays as an image."""

    def _repr_png_(self) -> bytes:
        return bytes(self)


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

    @classmethod
    def load(
        cls,
        tender: str | Path | None = None,
        language: str | None = None,
        result: str | Path | None = None,
    ) -> AwardReport:
        """Load a tender folder (default: the bundled example) and its Result.

        With `result` (the result.json `tenderkit report` wrote before it ran the notebook) the
        notebook shows exactly the Result the workbook and letters show; without it (the notebook
        run on its own) the tender is evaluated here, once.
        """
        loaded = with_language(
            load_tender(resolve_tender_dir(None if tender is None else str(tender))), language
        )
        if result is None:
            return cls(loaded, evaluate(loaded))
        return cls(loaded, read_result(Path(result), loaded))

    # --- helpers ----------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self.result.language

    def t(self, key: str, **values: Any) -> str:
        return text("report", key, self.language, **values)

    def t_html(self, key: str, **values: Any) -> Markup:
        """A catalogue text that holds markup of ours (`<b>`), every value escaped."""
        return catalogue_html("report", key, self.language, **values)

    def money(self, value: float | None) -> str:
        return "—" if value is None else money(value, self.language, self.tender.config.currency)

    def num(self, value: float | None, digits: int = 2) -> str:
        return "—" if value is None else fixed(value, self.language, digits)

    def pct(self, value: float | None) -> str:
        return "—" if value is None else percent(value, self.language)

    def yes_no(self, value: bool) -> str:
        return self.t("yes" if value else "no")

    def r(self, key: str, **values: Any) -> str:
        """A text of the decision advice, open items and evaluation record (texts/record.yaml)."""
        return text("record", key, self.language, **values)

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

    def _score_text(self, bid) -> str:
        formula = self.result.method["formula"]
        if formula == "fictitious_discount":
            return f"{self.t('col_comparison').lower()} {self.money(bid.price.comparison)}"
        if formula == "utility_index":
            return f"{self.t('col_utility').lower()} {self.num(bid.price.comparison, 4)}"
        return self.t("points", points=self.num(bid.total))

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
        if dates.award:
            meta += " · " + self.t("award", date=date(dates.award, self.language))
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
            self.r("decision_date", date=date(dates.award, self.language))
            if dates.award
            else self.r("decision_date_missing")
        )
        return Html(
            block(
                Markup(f'<div class="tk-running">{esc(running)}</div>'),
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
        facts = [self.r("decision_subject", title=config.title, buyer=config.buyer.name)]
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
                    self.r(
                        "decision_contract_measures"
                        + ("" if config.regime == "public" else "_private"),
                        count=len(contract),
                        winner=winner.name,
                        ids=", ".join(contract),
                    ),
                    "warn",
                )
            )
        parts.append(self._open_sentence())
        parts.append(Markup('<div class="tk-pagebreak"></div>'))
        return Html(block(*parts))

    def _margin(self, winner, second) -> str:
        margin = self.result.margin or 0.0  # the Result's: winner minus runner-up
        formula = self.result.method["formula"]
        if formula == "fictitious_discount":
            return self.money(margin)
        if formula == "utility_index":
            return self.num(margin, 4)
        return self.t("points", points=self.num(margin))

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
        the quality value factor) moves: one sentence for the decision advice and section 6."""
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
                owner = text("risk", f"owner_{action.owner}", self.language)
                if owner not in owners.setdefault(risk_id, []):
                    owners[risk_id].append(owner)
        lines = []
        for risk in above:
            label = f"{risk.id} {risk.title}".strip()
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
                margin = r.margin or 0.0  # the Result's: winner minus runner-up
                shown = (
                    self.money(margin)
                    if r.method["formula"] == "fictitious_discount"
                    else self.num(margin, 4 if r.method["formula"] == "utility_index" else 2)
                )
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
        formula = r.method["formula"]
        columns = [
            self.t("col_rank"),
            self.t("col_bid"),
            self.t("col_valid"),
            self.t("col_quality_points"),
            self.t("col_price"),
        ]
        if formula == "fictitious_discount":
            columns.append(self.t("col_comparison"))
        elif formula == "utility_index":
            columns += [self.t("col_utility"), self.t("col_deficit")]
        else:
            columns += [self.t("col_price_points"), self.t("col_total")]
        rows, classes = [], []
        for b in r.ranking:
            row = [
                b.rank or "—",
                b.name,
                self.t("valid_yes" if b.valid else "valid_no"),
                self.num(b.quality.points),
                self.money(b.price.amount),
            ]
            if formula == "fictitious_discount":
                row.append(self.money(b.price.comparison))
            elif formula == "utility_index":
                row += [self.num(b.price.comparison, 4), self.money(b.price.deficit)]
            else:
                row += [self.num(b.price.points), self.num(b.total)]
            rows.append(row)
            classes.append("winner" if b.id == r.winner else ("" if b.valid else "invalid"))
        return table(columns, rows, classes)

    def design(self) -> Html:
        m = self.result.method
        consensus = self.t(f"method_{m['consensus']}")
        parts: list[Any] = [heading(2, self.t("h_design"))]
        parts.append(
            para(
                self.t_html(
                    "design_method",
                    formula=m["formula"],
                    quality_weight=self.num(m["quality_weight"], 0),
                    price_weight=self.num(m["price_weight"], 0),
                    consensus=consensus,
                    rule=self.t(f"rule_{m['invalidated_bid_rule']}"),
                    tie_break=", ".join(self.t(f"rule_{r}") for r in m["tie_break"]),
                )
            )
        )
        criteria = self.tender.requirement_set.criteria
        total = sum(c.weight for c in criteria) or 1.0
        parts.append(
            table(
                [self.t("col_criterion"), "", self.t("col_weight")],
                [[c.id, c.title, self.pct(c.weight / total)] for c in criteria],
            )
        )
        if self.result.warnings:
            parts.append(
                table(
                    [self.t("col_code"), self.t("col_warning")],
                    [[w.code, w.message] for w in self.result.warnings],
                )
            )
        else:
            parts.append(para(self.t("no_warnings")))
        return Html(block(*parts))

    def knockouts(self) -> Html:
        rows = [
            [b.name, k.requirement, k.reason, k.message]
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
        return Png(figures.png(figures.quality_chart(self.result, self.tender)))

    def price(self) -> Html:
        formula = self.result.method["formula"]
        columns = [
            self.t("col_bid"),
            self.t("col_price"),
            self.t("col_price_fraction"),
            self.t("col_price_points"),
        ]
        if formula == "fictitious_discount":
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
                    self.money(b.price.comparison),
                ]
                for b in self.result.ranking
            ]
        elif formula == "utility_index":
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
                    self.num(b.price.comparison, 4),
                    self.money(b.price.deficit),
                ]
                for b in self.result.ranking
            ]
        else:
            rows = [
                [
                    b.name,
                    self.money(b.price.amount),
                    self.num(b.price.fraction, 4),
                    self.num(b.price.points),
                ]
                for b in self.result.ranking
            ]
        return Html(
            block(
                heading(2, self.t("h_price")),
                table(columns, rows, self._row_classes(self.result.ranking)),
                para(self.t("invalid_note"), "muted"),
            )
        )

    def totals_chart(self) -> Png:
        return Png(figures.png(figures.totals_chart(self.result)))

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

    def sensitivity_charts(self) -> list[Png]:
        charts = [
            figures.win_share_chart(self.result),
            figures.flips_chart(self.result, self.tender),
        ]
        return [Png(figures.png(c)) for c in charts if c is not None]

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
            for report in b.assurance:
                verdict = html('<span class="verdict-{0}">{0}</span>', report.verdict)
                rows = [
                    [code, control or "—", self._cited(message, pages)]
                    for code, control, message, pages in _grouped_flags(report.flags)
                ]
                parts.append(html("<p><b>{}</b>: {}</p>", report.report, verdict))
                if rows:
                    parts.append(
                        table(
                            [self.t("col_code"), self.t("col_controls"), self.t("col_flags")], rows
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
                    [r.id, *[short.get(b.coverage.get(r.id, ""), "—") for b in bids]]
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
                    f"{r.id} {r.title}".strip(),
                    f"{r.inherent.likelihood}×{r.inherent.impact} = {r.inherent.score}",
                    ", ".join(m + (f" ({mark})" if m in contract else "") for m in r.measures)
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
                para(self.t("risks_quiet", count=len(b.risks) - len(shown_risks)), "muted")
            )
            if b.risks:
                images = [
                    figures.png(risk_heatmap(b.risks, which, self.language))
                    for which in ("inherent", "residual")
                ]
                parts.append(
                    html(
                        '<div class="tk-pair">{}</div>',
                        join(
                            html(
                                '<img alt="{}" src="data:image/png;base64,{}"/>',
                                which,
                                base64.b64encode(image).decode(),
                            )
                            for which, image in zip(("inherent", "residual"), images, strict=True)
                        ),
                    )
                )
            if b.buyer_obligations:
                parts.append(heading(3, self.t("obligations")))
                parts.append(
                    html("<ul>{}</ul>", join(html("<li>{}</li>", o) for o in b.buyer_obligations))
                )
        return Html(block(*parts))

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
            method = self.t(f"method_{r.method['consensus']}")
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
            parts.append(para(self.r("meetings", dates=shown)))
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
            outcome = (
                f"{line.consensus_score} ({self.t('method_consensus')})"
                if line.consensus_score
                else f"{self.pct(line.fraction)} ({self.t('method_' + line.method)})"
            )
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
                self.t("col_outcome"),
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
