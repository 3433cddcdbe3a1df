"""One letter to every bidder: the intended award (voornemen tot gunning) and why.

The award decision (Aanbestedingswet 2012 art. 2.130) goes to every bidder and gives the relevant
reasons, the standstill period (art. 2.127), the winner's name and the characteristics and relative
advantages of the winning bid. Good practice adds, for each rejected bidder, its own scores and the
winner's per criterion, why it did not get full marks, and its place in the ranking.

Four kinds of letter:
- `award`: to the winner. The intention, its scores, the end of the standstill period, and the
  caveat that this is no award yet: the contract follows only after the standstill period.
- `rejection`: to every other valid bidder. Its own and the winner's scores per criterion, its
  total and rank, the panel's reasons per criterion where it missed full marks, the winner's name,
  the characteristics and relative advantages of the winning bid, the standstill end date and how
  to object (to the buyer, or by summary proceedings within the period).
- `invalid`: to a bidder knocked out. Why its bid is invalid (the knockout messages), the winner's
  name, the characteristics of the winning bid and the standstill end date.
- `pending` (extension): no winner yet (a tie left to lot, or no valid bid). Valid bidders get
  their own scores, invalid ones their knockouts; there is no standstill date, because the period
  starts only when the award decision is sent.

Truth of every sentence (issue 16): the reasons per criterion are the committee's consensus
rationale only, never an individual evaluator's note, name, score or spread; where a consensus
rationale is missing (or gives away individual scores) the letter shows a visible gap and stays a
CONCEPT. The winner's relative advantages are stated against the addressee's own bid: higher,
equal or lower per criterion and on price, never a tie presented as a lead. A knockout names what
the bidder offered and why exactly that falls short (`tenderkit.render.knockout_reasons`).

Public and private buyers: `procedure` in tender.yaml (default public for a gemeente). A public
procedure cites Aw 2012 art. 2.127 and explains summary proceedings; a private one is a plain
business letter with the decision, the reasons and the bidder's own scores, and a waiting period
only when the buyer set one (`standstill_days`).

Final or CONCEPT: a letter is final only when nothing in `tenderkit.render.readiness` blocks it
(an award date, consensus rationales, declarations on conflicts of interest, the lock, no
unanswered knockout). A CONCEPT letter carries a watermark and a CONCEPT subject; without an award
date it names no date and states the standstill as a number of days after sending.

Confidentiality: a letter to bidder X holds only X's own figures and the winner's (name, scores
per criterion, price, total, characteristics). It never names a third bidder or shows a third
bidder's price or scores; the only thing said about the others is how many valid bids there were.

Every text comes from `texts/letters.yaml` in the tender's language; money, numbers and dates go
through babel (`tenderkit.i18n`). Every value placed in the HTML is escaped: bidder names, panel
rationales and knockout messages come from suppliers and evaluators and are never live HTML.

Points per criterion are shown as the Result's criterion fraction times the criterion's share of
the published quality weight; they add up to the Result's quality points. Nothing is re-scored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tenderkit import formatting, i18n
from tenderkit.errors import TenderkitError
from tenderkit.fileio import write_atomic
from tenderkit.markup import esc as escape
from tenderkit.markup import html
from tenderkit.render.knockout_reasons import KnockoutExplainer
from tenderkit.render.readiness import consensus_rationale, discloses, letters_final
from tenderkit.result import BidResult, Headline, PanelLine, Result
from tenderkit.standstill import STANDSTILL_DAYS
from tenderkit.tender import Tender

FULL = 1 - 1e-9
"""A fraction at or above this counts as full marks (floating-point noise is no missed mark)."""

Kind = Literal["award", "rejection", "invalid", "pending"]
Mode = Literal["points", "value", "index"]

MODES: dict[str, Mode] = {"points": "points", "money": "value", "index": "index"}
"""The letter's way of stating scores (texts/letters.yaml `*_<mode>`) by the method's `unit`:
points per criterion, a money value per criterion (the fictitious discount), or an index."""

KINDS: dict[str, Kind] = {
    "winner": "award",
    "ranked": "rejection",
    "pending": "pending",
    "invalid": "invalid",
}
"""The letter a bidder gets by its headline's `status` (result.json `headline`)."""


@dataclass(frozen=True)
class Letter:
    """One letter to one bidder: a standalone, printable (A4) HTML document and its facts."""

    bidder: str
    kind: Kind
    subject: str
    html: str
    facts: dict[str, Any] = field(default_factory=dict)
    final: bool = True
    """False for a CONCEPT: something in the report's open items still blocks sending it."""
    """Every figure and text the letter states, as plain data (ids, ISO dates, raw numbers)."""

    def _repr_html_(self) -> str:
        return self.html


def letters(result: Result, tender: Tender) -> dict[str, Letter]:
    """One letter per bidder id, in the tender's language (Dutch unless `language: en`)."""
    winner = result.bid(result.winner) if result.winner is not None else None
    writer = _Writer(result, tender, winner, result.award_date, letters_final(result, tender))
    return {bid.id: writer.letter(bid) for bid in sorted(result.bids, key=lambda b: b.id)}


def write_letters(result: Result, tender: Tender, folder: Path, pdf: bool = True) -> list[Path]:
    """Write `letter-<bidder>.html` (and `letter-<bidder>.pdf`) per bidder; returns the paths.

    Bidder ids are file stems already checked by the loader (letters, digits, `-`, `_`, `.`), so
    they are safe as file names. Each file is written atomically.
    """
    folder = Path(folder)
    html_class = _weasyprint() if pdf else None
    written: list[Path] = []
    for bidder, letter in letters(result, tender).items():
        written.append(write_atomic(folder / f"letter-{bidder}.html", letter.html))
        if html_class is not None:
            document = html_class(string=letter.html, base_url=str(folder))
            written.append(
                write_atomic(
                    folder / f"letter-{bidder}.pdf", document.write_pdf(pdf_variant="pdf/ua-1")
                )
            )
    return written


def _weasyprint() -> Any:
    try:
        from weasyprint import HTML
    except OSError as exc:  # a missing system library (pango) surfaces as OSError
        raise TenderkitError(
            "PDF output needs WeasyPrint's system libraries (pango). On Debian or Ubuntu: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
            f"fonts-dejavu-core ({exc})"
        ) from exc
    return HTML


# --- building one letter --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One line of the score table: a label, the maximum, and one cell per bid shown."""

    label: str
    weight: str
    maximum: str
    cells: list[str]
    css: str = ""


class _Writer:
    def __init__(
        self,
        result: Result,
        tender: Tender,
        winner: BidResult | None,
        sent: dt.date | None,
        final: bool = True,
    ):
        self.result = result
        self.tender = tender
        self.winner = winner
        self.sent = sent
        self.final = final
        self.public = tender.config.regime == "public"
        self.days = result.standstill_days
        self.end = result.standstill_end if sent is not None else None
        self.language = tender.language if tender.language in i18n.LANGUAGES else "nl"
        self.currency = tender.config.currency
        method = result.method
        self.mode: Mode = MODES[method.unit]
        self.decimals = method.decimals
        self.quality_weight = float(method.quality_weight)
        self.price_weight = float(method.price_weight)
        self.quality_value = float(getattr(method.price, "quality_value", None) or 0.0)
        weights = method.criteria or {c.id: c.weight for c in tender.requirement_set.criteria}
        total_weight = sum(weights.values()) or 1.0
        self.criteria = [
            (c.id, c.title, float(weights.get(c.id, c.weight)) / total_weight)
            for c in tender.requirement_set.criteria
        ]
        self.requirements = {r.id: r for r in tender.requirement_set.requirements}
        self.valid_count = sum(1 for b in result.bids if b.valid)

    # texts ------------------------------------------------------------------------------------

    def template(self, key: str) -> str:
        """The catalogue text `key` in the regime's words: to a private bidder an "offerte"."""
        text = i18n.catalogue("letters")[key][self.language]
        return i18n.in_regime(text, self.language, self.tender.config.regime)

    def raw(self, key: str, **values: Any) -> str:
        """A catalogue text, unescaped (for the subject and the facts)."""
        return _one_full_stop(self.template(key).format(**values))

    def t(self, key: str, **values: Any) -> str:
        """A catalogue text for HTML: every value escaped (the catalogue itself holds no markup)."""
        return _one_full_stop(str(html(self.template(key), **values)))

    def money(self, value: float) -> str:
        return formatting.money(value, self.language, self.currency)

    def points(self, value: float) -> str:
        return formatting.fixed(value, self.language, 2)

    def percent(self, fraction: float) -> str:
        return formatting.percent(fraction, self.language, 1)

    def date(self, value: dt.date) -> str:
        return formatting.date(value, self.language)

    def join(self, items: list[str]) -> str:
        return i18n.joined(items, self.language)

    # the letter -------------------------------------------------------------------------------

    def kind(self, bid: BidResult) -> Kind:
        """The letter by the bid's headline: the outcome evaluate stated, not worked out here."""
        return KINDS[_headline(bid).status]

    def letter(self, bid: BidResult) -> Letter:
        kind = self.kind(bid)
        title = self.tender.config.title
        subject = self.raw(f"subject_{kind}", title=title)
        if not self.final:
            subject = self.raw("concept_prefix") + " " + subject
        facts = self.facts(bid, kind)
        body = {
            "award": self.body_award,
            "rejection": self.body_rejection,
            "invalid": self.body_invalid,
            "pending": self.body_pending,
        }[kind](bid, facts)
        html = self.document(bid, subject, body)
        return Letter(
            bidder=bid.id, kind=kind, subject=subject, html=html, facts=facts, final=self.final
        )

    def facts(self, bid: BidResult, kind: Kind) -> dict[str, Any]:
        config = self.tender.config
        facts: dict[str, Any] = {
            "tender": self.tender.id,
            "title": config.title,
            "buyer": config.buyer.name,
            "language": self.language,
            "kind": kind,
            "bidder": bid.id,
            "bidder_name": bid.name,
            "sent": self.sent.isoformat() if self.sent else None,
            "standstill_end": self.end.isoformat() if self.end else None,
            "standstill_days": self.days,
            "procedure": config.regime,
            "final": self.final,
            "winner": self.winner.id if self.winner else None,
            "winner_name": self.winner.name if self.winner else None,
            "valid_bids": self.valid_count,
        }
        if bid.valid:
            facts["rank"] = bid.rank
            facts["scores"] = self.score_facts(bid)
        else:
            facts["knockouts"] = [
                {"requirement": k.requirement, "reason": k.reason, "message": k.message}
                for k in bid.knockouts
            ]
        if self.winner is not None and bid.id != self.winner.id:
            facts["winner_scores"] = self.score_facts(self.winner)
        if kind in ("rejection", "pending"):
            facts["reasons"] = self.reasons(bid)
        if kind == "rejection":
            facts["comparison"] = self.comparison(bid)
            facts["advantages"] = [c["text"] for c in facts["comparison"] if c["winner_ahead"]]
            if not facts["advantages"]:
                facts["advantages"] = [self.raw("advantage_tie", winner=self.winner.name)]
        elif not bid.valid:
            facts["knockout_reasons"] = self.knockout_reasons(bid)
        return facts

    def score_facts(self, bid: BidResult) -> dict[str, Any]:
        return {
            "criteria": {
                cid: {
                    "title": title,
                    "share": share,
                    "fraction": bid.quality.criteria.get(cid, 0.0),
                    "points": self.criterion_amount(bid, cid, share),
                }
                for cid, title, share in self.criteria
            },
            "quality_fraction": bid.quality.fraction,
            "quality_points": bid.quality.points,
            "price": bid.price.amount,
            "price_points": bid.price.points,
            "comparison": bid.price.comparison,
            "total": bid.total,
        }

    def criterion_amount(self, bid: BidResult, cid: str, share: float) -> float | None:
        """Points (or money value) of one criterion, as the Result gives them; None when the
        method has neither."""
        if self.mode == "points":
            return bid.quality.criterion_points.get(cid, 0.0)
        if self.mode == "value":
            return (bid.quality.criterion_discount or {}).get(cid, 0.0)
        return None

    # bodies -----------------------------------------------------------------------------------

    def body_award(self, bid: BidResult, facts: dict[str, Any]) -> list[str]:
        return [
            _p(self.t("award_decision")),
            _h(self.t("heading_own_scores")),
            self.score_table([(self.t("col_own"), bid)]),
            _p(self.award_caveat(), "notice"),
            _p(self.t("award_next" if self.days else "award_next_no_waiting")),
        ]

    def award_caveat(self) -> str:
        """No rights yet; when the contract may follow (public: after the standstill period)."""
        regime = "public" if self.public else "private"
        if not self.days:
            return self.t("award_caveat_private_none")
        if self.end is not None:
            return self.t(f"award_caveat_{regime}", end=self.date(self.end), days=self.days)
        return self.t(f"award_caveat_{regime}_undated", days=self.days_text())

    def days_text(self) -> str:
        """`twintig` for the statutory 20 days, else the number."""
        return self.raw("days_20") if self.days == STANDSTILL_DAYS else str(self.days)

    def body_rejection(self, bid: BidResult, facts: dict[str, Any]) -> list[str]:
        winner = self.winner
        assert winner is not None
        parts = [
            _p(self.t("rejection_decision", winner=winner.name) + " " + self.rank_text(bid)),
            _h(self.t("heading_scores")),
            self.score_table([(self.t("col_own"), bid), (escape(winner.name), winner)]),
            _h(self.t("heading_reasons")),
            *self.reason_blocks(facts["reasons"]),
            _h(self.t("heading_winner")),
            _p(self.winner_summary()),
            _p(self.t("comparison_intro", winner=winner.name)),
            _ul(self.comparison_item(c) for c in facts["comparison"]),
            _p(self.totals_text(bid)),
        ]
        return parts + self.standstill_blocks()

    def comparison_item(self, line: dict[str, Any]) -> str:
        item = escape(line["text"])
        if line.get("rationale"):
            item += '<br><span class="why">' + escape(line["rationale"]) + "</span>"
        return item

    def body_invalid(self, bid: BidResult, facts: dict[str, Any]) -> list[str]:
        parts = [_p(self.t("invalid_decision"))]
        parts += self.knockout_blocks(facts["knockout_reasons"])
        if self.winner is None:
            return parts + self.pending_blocks()
        parts += [
            _p(self.t("invalid_award", winner=self.winner.name)),
            _h(self.t("heading_winner_invalid")),
            _p(self.winner_summary()),
            self.score_table([(escape(self.winner.name), self.winner)]),
        ]
        return parts + self.standstill_blocks()

    def body_pending(self, bid: BidResult, facts: dict[str, Any]) -> list[str]:
        parts = self.pending_blocks()
        parts.insert(1, _p(self.rank_text(bid)))
        parts += [
            _h(self.t("heading_own_scores")),
            self.score_table([(self.t("col_own"), bid)]),
            _h(self.t("heading_reasons")),
            *self.reason_blocks(facts["reasons"]),
        ]
        return parts

    def pending_blocks(self) -> list[str]:
        if self.valid_count == 0:
            regime = "public" if self.public else "private"
            return [
                _p(self.t(f"pending_none_valid_{regime}")),
                _p(self.t("pending_next_none_valid")),
            ]
        regime = "public" if self.public else "private"
        return [_p(self.t("pending_tie")), _p(self.t(f"pending_next_{regime}"))]

    def rank_text(self, bid: BidResult) -> str:
        headline = _headline(bid)
        key = "rank_shared" if headline.shared else "rank"
        return self.t(key, rank=headline.rank, count=headline.of)

    def standstill_blocks(self) -> list[str]:
        """Public: the statutory standstill and how to object. Private: a waiting period only
        when the buyer set one, and no statutory citation or warning about summary proceedings."""
        buyer = self.tender.config.buyer.name
        end = self.date(self.end) if self.end is not None else None
        sent = self.date(self.sent) if self.sent is not None else None
        if self.public:
            if end is not None:
                return [
                    _h(self.t("heading_standstill")),
                    _p(self.t("standstill", sent=sent, end=end, days=self.days), "notice"),
                    _p(self.t("objection", end=end, buyer=buyer)),
                    _p(self.t("objection_warning")),
                ]
            return [
                _h(self.t("heading_standstill")),
                _p(self.t("standstill_undated", days=self.days_text()), "notice"),
                _p(self.t("objection_undated", buyer=buyer)),
                _p(self.t("objection_warning")),
            ]
        if not self.days:
            return [_h(self.t("heading_objections")), _p(self.t("private_objection", buyer=buyer))]
        if end is not None:
            text = self.t("waiting", sent=sent, end=end, days=self.days, buyer=buyer)
        else:
            text = self.t("waiting_undated", days=self.days_text(), buyer=buyer)
        return [_h(self.t("heading_waiting")), _p(text, "notice")]

    def knockout_reasons(self, bid: BidResult) -> list[dict[str, Any]]:
        """Per requirement the bid fails: the requirement and why, in sentences to the bidder."""
        explainer = KnockoutExplainer(
            self.tender.bids[bid.id],
            bid,
            self.requirements,
            self.language,
            self.date(self.tender.config.dates.closing),
            self.raw,
        )
        grouped: dict[str, list] = {}
        for knockout in bid.knockouts:
            grouped.setdefault(knockout.requirement, []).append(knockout)
        out: list[dict[str, Any]] = []
        by_sentences: dict[tuple[str, ...], dict[str, Any]] = {}
        for requirement_id, knockouts in grouped.items():
            requirement = self.requirements.get(requirement_id)
            sentences = tuple(explainer.sentences(knockouts))
            head = f"{requirement_id} {requirement.title if requirement else ''}".strip()
            if sentences in by_sentences:  # the same reason for several requirements: say it once
                by_sentences[sentences]["requirements"].append(requirement_id)
                by_sentences[sentences]["heads"].append(head)
                continue
            entry = {
                "requirements": [requirement_id],
                "heads": [head],
                "reasons": [k.reason for k in knockouts],
                "sentences": list(sentences),
            }
            by_sentences[sentences] = entry
            out.append(entry)
        return out

    def knockout_blocks(self, reasons: list[dict[str, Any]]) -> list[str]:
        items = []
        for entry in reasons:
            heads = "; ".join(escape(head) for head in entry["heads"])
            inner = " ".join(escape(sentence) for sentence in entry["sentences"])
            items.append(f"<strong>{heads}</strong>: {inner}")
        return [_h(self.t("heading_invalid")), _p(self.t("invalid_intro")), _ul(items, "reasons")]

    # scores -----------------------------------------------------------------------------------

    def score_table(self, columns: list[tuple[str, BidResult]]) -> str:
        """Criteria, quality, price and total for the bids in `columns` (already-escaped labels)."""
        rows: list[_Row] = []
        whole = self.quality_weight + self.price_weight or 1.0
        for cid, title, share in self.criteria:
            if self.mode == "points":
                weight = self.percent(self.quality_weight * share / whole)
                maximum = self.points(self.quality_weight * share)
            elif self.mode == "value":
                weight = self.percent(share)
                maximum = self.money(self.quality_value * share)
            else:
                weight, maximum = self.percent(share), ""
            cells = [self.criterion_cell(bid, cid, share) for _, bid in columns]
            rows.append(_Row(escape(title), weight, maximum, cells))
        rows.append(self.quality_row(columns, whole))
        rows.append(self.price_row(columns, whole))
        rows.append(self.total_row(columns))
        legend = {
            "points": self.t("scores_legend_points", max=self.points(whole)),
            "value": self.t("scores_legend_value"),
            "index": self.t("scores_legend_index"),
        }[self.mode]
        head = "".join(f'<th class="num">{label}</th>' for label, _ in columns)
        body = "".join(
            f'<tr class="{row.css}"><td>{row.label}</td><td class="num">{row.weight}</td>'
            f'<td class="num">{row.maximum}</td>'
            + "".join(f'<td class="num">{cell}</td>' for cell in row.cells)
            + "</tr>"
            for row in rows
        )
        return (
            f'<p class="legend">{legend}</p>'
            f'<table class="scores"><thead><tr><th>{self.t("col_criterion")}</th>'
            f'<th class="num">{self.t("col_weight")}</th><th class="num">{self.t("col_max")}</th>'
            f"{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def criterion_cell(self, bid: BidResult, cid: str, share: float) -> str:
        fraction = bid.quality.criteria.get(cid, 0.0)
        amount = self.criterion_amount(bid, cid, share)
        pct = self.percent(fraction)
        if amount is None:
            return pct
        shown = self.points(amount) if self.mode == "points" else self.money(amount)
        return f'{shown} <span class="pct">({pct})</span>'

    def quality_row(self, columns: list[tuple[str, BidResult]], whole: float) -> _Row:
        cells = []
        for _, bid in columns:
            pct = self.percent(bid.quality.fraction)
            if self.mode == "points":
                cells.append(f'{self.points(bid.quality.points)} <span class="pct">({pct})</span>')
            elif self.mode == "value":
                value = self.money(bid.price.discount or 0.0)  # the Result's discount
                cells.append(f'{value} <span class="pct">({pct})</span>')
            else:
                cells.append(pct)
        if self.mode == "points":
            weight = self.percent(self.quality_weight / whole)
            maximum = self.points(self.quality_weight)
        elif self.mode == "value":
            weight, maximum = "", self.money(self.quality_value)
        else:
            weight, maximum = "", ""
        return _Row(self.t("row_quality"), weight, maximum, cells, "subtotal")

    def price_row(self, columns: list[tuple[str, BidResult]], whole: float) -> _Row:
        cells = []
        for _, bid in columns:
            amount = self.money(bid.price.amount)
            if self.mode == "points" and bid.price.points is not None:
                cells.append(
                    f'{self.points(bid.price.points)}<br><span class="pct">{amount}</span>'
                )
            else:
                cells.append(amount)
        if self.mode == "points":
            return _Row(
                self.t("row_price"),
                self.percent(self.price_weight / whole),
                self.points(self.price_weight),
                cells,
            )
        return _Row(self.t("row_price"), "", "", cells)

    def total_row(self, columns: list[tuple[str, BidResult]]) -> _Row:
        cells = [self.total_text(bid) for _, bid in columns]
        if self.mode == "points":
            maximum = self.points(self.quality_weight + self.price_weight)
            return _Row(self.t("row_total_points"), "", maximum, cells, "total")
        return _Row(self.t(f"row_total_{self.mode}"), "", "", cells, "total")

    def total_text(self, bid: BidResult) -> str:
        """The bid's ranking figure (its headline's) in the method's unit and decimals."""
        figure = _headline(bid).figure
        if figure is None:
            return "—"
        if self.mode == "value":
            return self.money(figure)
        return formatting.fixed(figure, self.language, self.decimals)

    # reasons ----------------------------------------------------------------------------------

    def reasons(self, bid: BidResult) -> dict[str, list[str]]:
        """Per criterion where `bid` missed full marks, why: the committee's consensus rationale
        where the panel scored, else per scored requirement the answer that set its score."""
        lines: dict[str, PanelLine] = {
            line.target: line for line in self.result.panel if line.bidder == bid.id
        }
        reasons: dict[str, list[str]] = {}
        for cid, _, _ in self.criteria:
            if bid.quality.criteria.get(cid, 0.0) >= FULL:
                continue
            found: list[str] = []
            if cid in lines:
                found.append(self.rationale(lines[cid]))
            else:
                for requirement in self.tender.requirement_set.requirements:
                    if requirement.kind != "scored" or requirement.criterion != cid:
                        continue
                    score = bid.quality.requirements.get(requirement.id)
                    if score is None or score.fraction >= FULL:
                        continue
                    if requirement.id in lines:
                        why = self.rationale(lines[requirement.id])
                    else:
                        why = self.answer_reason(score.status, score.fraction, score.weight_factor)
                    found.append(
                        self.raw(
                            "reason_requirement",
                            requirement=requirement.id,
                            title=requirement.title,
                            reason=why,
                        )
                    )
            reasons[cid] = found or [self.raw("no_rationale")]
        return reasons

    def rationale(self, line: PanelLine) -> str:
        """The committee's consensus rationale, and nothing else.

        An individual evaluator's note is never a letter's reason: without a recorded consensus
        rationale (or with one that gives away individual scores or evaluators) the letter shows a
        gap, and the open items keep it a CONCEPT until the committee has recorded one.
        """
        text = consensus_rationale(line)
        if not text:
            return self.raw("gap_no_consensus")
        if discloses(text, self.tender):
            return self.raw("gap_rewrite")
        return text

    def answer_reason(self, status: str | None, fraction: float, factor: float) -> str:
        if factor < FULL and fraction > 0:
            return self.raw("reason_evidence", share=self.percent(factor))
        if status is None:
            return self.raw("reason_no_answer")
        if status == "fails":
            return self.raw("reason_fails")
        if status == "partial" and fraction > 0:
            return self.raw("reason_partial")
        return self.raw("reason_check_failed")

    def reason_blocks(self, reasons: dict[str, list[str]]) -> list[str]:
        if not reasons:
            return [_p(self.t("reasons_full_marks"))]
        titles = {cid: title for cid, title, _ in self.criteria}
        items = []
        for cid, texts in reasons.items():
            inner = "".join(f"<li>{escape(text)}</li>" for text in texts)
            items.append(f"<strong>{escape(titles[cid])}</strong><ul>{inner}</ul>")
        return [_p(self.t(self.reasons_intro(reasons))), _ul(items, "reasons")]

    def reasons_intro(self, reasons: dict[str, list[str]]) -> str:
        """Say truly where the reasons come from: the committee, the bid's own answers, or both."""
        scored = {line.target for line in self.result.panel}
        panel = [cid for cid in reasons if cid in scored]
        if len(panel) == len(reasons):
            return "reasons_intro_panel"
        return "reasons_intro_mixed" if panel else "reasons_intro_answers"

    # the winning bid --------------------------------------------------------------------------

    def winner_summary(self) -> str:
        """That the winner was rated best, and its totals: no claim about where it leads."""
        winner = self.winner
        assert winner is not None
        text = self.t("winner_best", winner=winner.name)
        values = {
            "winner": winner.name,
            "quality": self.percent(winner.quality.fraction),
            "price": self.money(winner.price.amount),
        }
        if self.mode == "points":
            values |= {
                "total": self.total_text(winner),
                "max": self.points(self.quality_weight + self.price_weight),
            }
            return text + " " + self.t("winner_total_points", **values)
        if self.mode == "value":
            values["comparison"] = self.total_text(winner)
            return text + " " + self.t("winner_total_value", **values)
        values["index"] = self.total_text(winner)
        return text + " " + self.t("winner_total_index", **values)

    def comparison(self, bid: BidResult) -> list[dict[str, Any]]:
        """The winning bid against `bid`, criterion by criterion and on price (unescaped).

        Higher, equal or lower: a tie is said to be a tie. Where the winner scored higher, its
        characteristic on that criterion is the committee's consensus rationale for it.
        """
        winner = self.winner
        assert winner is not None
        lines = {line.target: line for line in self.result.panel if line.bidder == winner.id}
        found: list[dict[str, Any]] = []
        for cid, title, share in self.criteria:
            own = bid.quality.criteria.get(cid, 0.0)
            theirs = winner.quality.criteria.get(cid, 0.0)
            values = {
                "criterion": title,
                "winner": winner.name,
                "theirs": self.percent(theirs),
                "own": self.percent(own),
            }
            entry: dict[str, Any] = {"criterion": cid, "winner_ahead": False, "rationale": None}
            if abs(theirs - own) <= 1e-9:
                entry |= {"outcome": "equal", "text": self.raw("cmp_equal", **values)}
            elif theirs < own:
                entry |= {"outcome": "lower", "text": self.raw("cmp_lower", **values)}
            else:
                own_amount = self.criterion_amount(bid, cid, share)
                their_amount = self.criterion_amount(winner, cid, share)
                if own_amount is None or their_amount is None:
                    text = self.raw("advantage_criterion_index", **values)
                elif self.mode == "points":
                    values["difference"] = self.points(their_amount - own_amount)
                    text = self.raw("advantage_criterion_points", **values)
                else:
                    values["difference"] = self.money(their_amount - own_amount)
                    text = self.raw("advantage_criterion_value", **values)
                entry |= {"outcome": "higher", "text": text, "winner_ahead": True}
                if cid in lines:
                    entry["rationale"] = self.raw(
                        "cmp_rationale", winner=winner.name, rationale=self.rationale(lines[cid])
                    )
            found.append(entry)
        found.append(self.price_comparison(bid))
        return found

    def price_comparison(self, bid: BidResult) -> dict[str, Any]:
        winner = self.winner
        assert winner is not None
        own_price, their_price = bid.price.amount, winner.price.amount
        prices = {
            "winner": winner.name,
            "theirs": self.money(their_price),
            "own": self.money(own_price),
            "difference": self.money(abs(own_price - their_price)),
        }
        entry: dict[str, Any] = {"criterion": "price", "winner_ahead": False, "rationale": None}
        if abs(their_price - own_price) < 0.005:
            return entry | {"outcome": "equal", "text": self.raw("price_equal", **prices)}
        if their_price > own_price:
            return entry | {"outcome": "lower", "text": self.raw("price_cheaper_own", **prices)}
        if self.mode == "points" and None not in (winner.price.points, bid.price.points):
            points = self.points(winner.price.points - bid.price.points)  # type: ignore[operator]
            text = self.raw("advantage_price_points", points=points, **prices)
        else:
            text = self.raw("advantage_price", **prices)
        return entry | {"outcome": "higher", "text": text, "winner_ahead": True}

    def totals_text(self, bid: BidResult) -> str:
        """The totals compared; when the winner is dearer, why it still wins."""
        winner = self.winner
        assert winner is not None
        text = self.t(
            f"totals_{self.mode}",
            winner=winner.name,
            theirs=self.total_text(winner),
            own=self.total_text(bid),
        )
        if winner.price.amount > bid.price.amount:
            difference = self.money(winner.price.amount - bid.price.amount)
            text += " " + self.t("price_higher", winner=winner.name, difference=difference)
        return text

    # the document -----------------------------------------------------------------------------

    def document(self, bid: BidResult, subject: str, body: list[str]) -> str:
        config = self.tender.config
        lang = self.language
        meta = [(self.t("to"), escape(bid.name))]
        if self.sent is not None:
            meta.append((self.t("date"), escape(self.date(self.sent))))
        else:
            meta.append((self.t("date"), self.t("date_of_sending")))
        meta.append((self.t("reference"), escape(self.tender.id)))
        meta.append((self.t("regarding"), f"<strong>{escape(subject)}</strong>"))
        meta_rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in meta)
        buyer = escape(config.buyer.name)
        page = self.raw("page").replace('"', "")
        page_of = self.raw("page_of").replace('"', "")
        css = _CSS.replace("@PAGE@", page).replace("@OF@", page_of)
        content = "\n".join(body)
        closing = self.date(config.dates.closing)
        intro_key = "intro" if self.public else "intro_private"
        intro = self.t(intro_key, title=config.title, buyer=config.buyer.name, closing=closing)
        concept = (
            ""
            if self.final
            else f'<div class="watermark">{self.t("concept")}</div>\n'
            f'<p class="concept">{self.t("concept_note")}</p>'
        )
        return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{escape(subject)}</title>
<style>{css}</style>
</head>
<body>
<header>
<div class="sender">{buyer}</div>
<div class="confidential">{self.t("confidential")}</div>
</header>
{concept}
<table class="meta">{meta_rows}</table>
<p>{self.t("salutation")}</p>
{_p(intro)}
{content}
{_p(self.t("questions", buyer=config.buyer.name, reference=self.tender.id))}
<p class="greeting">{self.t("greeting")}<br><br>{buyer}</p>
</body>
</html>
"""


def _headline(bid: BidResult) -> Headline:
    """The bid's headline; a Result read from a result.json without one is refused in words."""
    if bid.headline is None:
        raise TenderkitError(
            f"the result has no headline for bid '{bid.id}': it was written by an older "
            "tenderkit; run `tenderkit evaluate` again"
        )
    return bid.headline


def _p(text: str, css: str = "") -> str:
    return f'<p class="{css}">{text}</p>' if css else f"<p>{text}</p>"


def _h(text: str) -> str:
    return f"<h2>{text}</h2>"


def _ul(items: Iterable[str], css: str = "") -> str:
    inner = "".join(f"<li>{item}</li>" for item in items)
    return f'<ul class="{css}">{inner}</ul>' if css else f"<ul>{inner}</ul>"


_CSS = """
@page {
  size: A4;
  margin: 22mm 20mm 24mm 25mm;
  @bottom-right { content: "@PAGE@ " counter(page) " @OF@ " counter(pages);
                  font: 8pt "DejaVu Sans", Arial, sans-serif; color: #666; }
}
@media screen { body { max-width: 165mm; margin: 15mm auto; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
       font-size: 9.5pt; line-height: 1.45; color: #111; }
body { margin: 0; }
header { display: flex; justify-content: space-between; align-items: flex-start;
         border-bottom: 1.5pt solid #1f3a5f; padding-bottom: 3mm; margin-bottom: 8mm; }
.sender { font-size: 13pt; font-weight: bold; color: #1f3a5f; }
.confidential { font-size: 8pt; letter-spacing: 0.08em; text-transform: uppercase; color: #a11;
                border: 0.75pt solid #a11; padding: 0.6mm 2mm; }
table.meta { border-collapse: collapse; margin-bottom: 9mm; }
table.meta th { text-align: left; font-weight: normal; color: #555; padding: 0.4mm 6mm 0.4mm 0;
                vertical-align: top; white-space: nowrap; }
table.meta td { padding: 0.4mm 0; }
h2 { font-size: 10.5pt; margin: 6mm 0 2mm 0; color: #1f3a5f; page-break-after: avoid; }
p { margin: 0 0 2.5mm 0; text-align: left; orphans: 3; widows: 3; }
p.notice { border-left: 2pt solid #1f3a5f; background: #f2f5f9; padding: 2mm 3mm; }
p.legend { font-size: 8.5pt; color: #444; margin-bottom: 1.5mm; }
ul { margin: 0 0 3mm 0; padding-left: 5mm; }
li { margin-bottom: 1mm; }
ul.reasons > li { margin-bottom: 2mm; }
ul.reasons ul { margin: 0.5mm 0 0 0; }
table.scores { width: 100%; border-collapse: collapse; margin: 1mm 0 4mm 0; font-size: 8.5pt;
               page-break-inside: avoid; }
table.scores th { text-align: left; border-bottom: 1pt solid #1f3a5f; padding: 1.2mm 1.5mm;
                  vertical-align: bottom; }
table.scores td { border-bottom: 0.5pt solid #ccc; padding: 1.2mm 1.5mm; vertical-align: top; }
table.scores .num { text-align: right; white-space: nowrap; }
table.scores tr.subtotal td { border-top: 0.75pt solid #888; font-style: italic; }
table.scores tr.total td { border-top: 1pt solid #1f3a5f; border-bottom: 1pt solid #1f3a5f;
                           font-weight: bold; }
.pct { color: #555; font-size: 8pt; }
p.greeting { margin-top: 6mm; page-break-inside: avoid; }
span.why { color: #333; font-style: italic; }
div.watermark { position: fixed; top: 95mm; left: 0; right: 0; text-align: center;
                font-size: 88pt; font-weight: bold; letter-spacing: 0.1em;
                color: rgba(161, 17, 17, 0.13); transform: rotate(-32deg); z-index: -1; }
p.concept { border: 1pt solid #a11; color: #a11; padding: 2mm 3mm; font-weight: bold; }
"""


_DOUBLE_STOP = re.compile(r"(?<=\w)\.\.(?!\.)")


def _one_full_stop(sentence: str) -> str:
    """`... aan Zaakwerk B.V..` -> `... aan Zaakwerk B.V.`: a name ending in a full stop at the
    end of a sentence needs no second one."""
    return _DOUBLE_STOP.sub(".", sentence)
