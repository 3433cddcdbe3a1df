"""What the workshop shows, as HTML strings and PNG bytes built from a Result: no widgets here.

Everything a participant reads is escaped (bidder names and notes come from untrusted bids).
Colours: a valid bid is blue, the winner green, an invalid bid grey with its reason in red.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from tenderkit.formatting import fixed, number, percent, whole_money
from tenderkit.i18n import label, text
from tenderkit.markup import esc as escape
from tenderkit.result import BidResult, Method, Result, RiskResult
from tenderkit.workshop.compare import BidChange, criterion_shares

BLUE = "#1f5fa8"
LIGHT_BLUE = "#8db8e8"
GREEN = "#1b7f3b"
LIGHT_GREEN = "#9fd6ae"
GREY = "#9e9e9e"
LIGHT_GREY = "#e0e0e0"
RED = "#b3261e"

STYLE = """
<style>
.tk-app { --jp-widgets-font-size: 17px; --jp-widgets-inline-height: 34px;
  --jp-widgets-inline-label-width: 190px; --jp-ui-font-size1: 17px; font-size: 17px;
  color: #1d1d1d; }
.tk-app .widget-label, .tk-app .widget-readout, .tk-app .widget-html-content,
.tk-app select, .tk-app input, .tk-app textarea, .tk-app button,
.tk-app .widget-label-basic, .tk-app .lm-TabBar-tabLabel, .tk-app .p-TabBar-tabLabel,
.tk-app .jupyter-widget-Collapse-header, .tk-app .widget-checkbox label {
  font-size: 17px !important; }
.tk-app .widget-html-content { line-height: 1.4; }
.tk-app h2 { font-size: 26px; margin: 4px 0 8px 0; }
.tk-app h3 { font-size: 21px; margin: 14px 0 6px 0; color: #24405f; }
.tk-card { background: #f7f9fc; border: 1px solid #d8e0ea; border-radius: 8px;
  padding: 8px 14px 12px 14px; margin: 0 0 12px 0; }
.tk-table { border-collapse: collapse; width: 100%; font-size: 17px; }
.tk-table th { text-align: left; border-bottom: 2px solid #5a6b7d; padding: 6px 8px;
  font-weight: 600; }
.tk-table td { padding: 6px 8px; border-bottom: 1px solid #d5dbe2; vertical-align: top; }
.tk-table td.num, .tk-table th.num { text-align: right; font-variant-numeric: tabular-nums; }
.tk-row-winner td { background: #e6f4ea; font-weight: 600; }
.tk-row-invalid td { color: #6b6b6b; background: #f3f3f3; }
.tk-badge { display: inline-block; padding: 1px 9px; border-radius: 11px; font-size: 16px;
  font-weight: 600; color: white; white-space: nowrap; }
.tk-valid { background: #1f5fa8; } .tk-winner { background: #1b7f3b; }
.tk-invalid { background: #b3261e; }
.tk-reason { color: #b3261e; font-size: 16px; }
.tk-moved { color: #8a5a00; font-size: 16px; }
.tk-banner { font-size: 22px; padding: 10px 14px; border-radius: 8px; margin-bottom: 10px; }
.tk-banner-ok { background: #e6f4ea; border-left: 8px solid #1b7f3b; }
.tk-banner-none { background: #fbe9e7; border-left: 8px solid #b3261e; }
.tk-banner-changed { background: #fff4d6; border-left: 8px solid #e0a100; }
.tk-bars { width: 100%; }
.tk-bar-row { display: flex; align-items: center; margin: 6px 0; }
.tk-bar-label { width: 210px; flex: none; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.tk-bar-track { flex: 1; background: #eef1f5; height: 30px; border-radius: 4px;
  position: relative; overflow: hidden; display: flex; }
.tk-bar-value { width: 150px; flex: none; text-align: right; font-variant-numeric: tabular-nums; }
.tk-legend span { display: inline-block; margin-right: 18px; font-size: 16px; }
.tk-swatch { display: inline-block; width: 14px; height: 14px; margin-right: 5px;
  vertical-align: -1px; border-radius: 3px; }
.tk-warn { background: #fff8e1; border-left: 6px solid #e0a100; padding: 6px 10px;
  margin: 6px 0; font-size: 16px; }
.tk-note { color: #4a5866; font-size: 16px; }
.tk-error { color: #b3261e; font-weight: 600; }
.tk-flag { color: #b3261e; font-weight: 700; }
.tk-row-disagree td { background: #fdecea; }
.tk-app textarea { font-family: inherit; }
.tk-app .jupyter-button.mod-active, .tk-app .widget-toggle-button.mod-active {
  background: #1f5fa8 !important; color: #ffffff !important; }
.tk-ranking td.tk-who { min-width: 150px; }
.tk-ranking .tk-name { font-weight: 600; }
.tk-table td.num, .tk-ranking td.tk-place { white-space: nowrap; }
.tk-table th { white-space: normal; vertical-align: bottom; }
.tk-delta { font-size: 16px; font-weight: 700; }
.tk-up { color: #1b7f3b; } .tk-down { color: #b3261e; }
.tk-scroll { overflow-x: auto; max-width: 100%; }
.tk-pane { height: calc(100vh - 172px); min-height: 420px; overflow-y: auto !important;
  overflow-x: hidden !important; box-sizing: border-box; }
.tk-pane > * { flex: 0 0 auto !important; }
.tk-toolbar { gap: 6px; margin-bottom: 8px; overflow: visible !important; }
.tk-toolbar > * { flex: 0 0 auto !important; }
.tk-controls { padding-right: 10px; }
.tk-results { padding-left: 12px; border-left: 3px solid #d8e0ea; }
.tk-share { font-variant-numeric: tabular-nums; white-space: nowrap; padding-left: 8px; }
.tk-weight .widget-slider { min-width: 0; }
.tk-zero { color: #8a5a00; font-weight: 600; }
.tk-id, .tk-table th.tk-id { white-space: nowrap; }
.tk-checks { gap: 14px; }
.tk-decided { background: #eef4fb; border-left: 6px solid #1f5fa8; padding: 6px 10px;
  margin: 4px 0; font-size: 16px; }
.tk-effect { background: #e6f4ea; border-left: 6px solid #1b7f3b; padding: 6px 10px;
  margin: 6px 0; font-size: 16px; }
.tk-example { background: #ffffff; border: 1px dashed #9fb3c8; padding: 6px 10px;
  margin: 6px 0; font-size: 16px; }
.tk-app.tk-presenter .tk-controls { width: 30% !important; }
.tk-app.tk-presenter .tk-results { width: 70% !important; }
.tk-app.tk-presenter .tk-results { font-size: 21px; }
.tk-app.tk-presenter .tk-results .widget-html-content,
.tk-app.tk-presenter .tk-results button { font-size: 21px !important; }
.tk-app.tk-presenter .tk-ranking td, .tk-app.tk-presenter .tk-ranking th {
  font-size: 25px !important; }
.tk-app.tk-presenter .tk-ranking .tk-delta { font-size: 22px; }
.tk-app.tk-presenter .tk-opt { display: none; }
.tk-app.tk-presenter .tk-banner { font-size: 30px !important; }
.tk-app.tk-presenter .tk-secondary { display: none; }
.tk-app h2 { font-size: 24px; margin: 0 0 4px 0; }
.tk-heat { display: inline-block; }
.tk-heat-title { font-weight: 600; margin-bottom: 6px; }
.tk-heat-body { display: flex; align-items: center; }
.tk-heat-ylabel { writing-mode: vertical-rl; transform: rotate(180deg); margin-right: 6px; }
.tk-heat-grid { display: grid; grid-template-columns: 28px repeat(5, 84px);
  grid-template-rows: repeat(5, 66px) 28px; gap: 3px; }
.tk-heat-axis { display: flex; align-items: center; justify-content: center; color: #4a5866; }
.tk-heat-cell { border-radius: 4px; position: relative; text-align: center; overflow: hidden; }
.tk-heat-score { position: absolute; top: 2px; right: 6px; font-size: 16px; opacity: 0.7; }
.tk-heat-count { font-size: 28px; font-weight: 700; line-height: 66px; }
.tk-heat-xlabel { text-align: center; margin-left: 60px; margin-top: 2px; }
.tk-risk-list { margin: 0; padding-left: 20px; }
.tk-risk-list li { margin: 3px 0; }
.tk-app .lm-TabBar, .tk-app .p-TabBar { --jp-widgets-horizontal-tab-width: 300px;
  min-height: 40px; }
.tk-app .lm-TabBar-tab, .tk-app .p-TabBar-tab { min-height: 40px; line-height: 38px; }
</style>
"""


def t(key: str, language: str, **values: object) -> str:
    """A label of the workshop catalogue."""
    return text("workshop", key, language, **values)


def euros(value: float, language: str, currency: str = "EUR") -> str:
    """An amount in whole currency units, `€ 618.000` (a room reads no cents)."""
    return _euros(round(value), language, currency)


@lru_cache(maxsize=8192)
def _euros(value: int, language: str, currency: str) -> str:
    # babel takes some 0.4 ms an amount; the prices in a ranking repeat on every redraw
    return whole_money(value, language, currency)


def note(message: str) -> str:
    """A quiet line of explanation, escaped."""
    return f'<div class="tk-note">{escape(message)}</div>'


def error(message: str) -> str:
    """A line in red that says what went wrong, escaped."""
    return f'<div class="tk-error">{escape(message)}</div>'


def share(fraction: float, language: str) -> str:
    """A fraction as a percentage with always one decimal, `69,0%` beside `73,9%`: a column a
    room compares reads the same way in every row."""
    return fixed(fraction * 100, language, 1) + "%"


def fixed_weight(weight: float, language: str) -> str:
    return t("weight", language, weight=number(weight, language, 1))


def formula_label(formula: str, language: str) -> str:
    """The price formula's name (texts/codes.yaml), capitalised as a choice in a list."""
    name = label("formula", formula, language)
    return name[:1].upper() + name[1:]


def status_label(status: str, language: str) -> str:
    """A bidder's answer (texts/codes.yaml `status.*`), as the report and workbook name it."""
    return label("status", status, language)


def fact_label(fact: str, language: str) -> str:
    label = text("facts", fact, language)
    return label[:1].upper() + label[1:]


def bid_reason(bid: BidResult, excluded: bool, language: str) -> str:
    """Why a bid is invalid, in one short phrase."""
    if excluded:
        return t("reason_excluded", language)
    if not bid.knockouts:
        return ""
    first = bid.knockouts[0]
    more = len(bid.knockouts) - 1
    phrase = t("reason_knockout", language, requirement=first.requirement)
    if more:
        phrase += " " + t("reason_more", language, count=more)
    return phrase


def signed(value: float, language: str, digits: int = 1) -> str:
    """A difference with its sign, `+8,0` / `−2,3` (a real minus sign, readable at a distance)."""
    text_ = fixed(abs(value), language, digits)
    return ("+" if value > 0 else "\u2212") + text_


def _delta(value: float | None, language: str, digits: int = 1, *, lower_is_better=False) -> str:
    """The small coloured second line under a figure: its change against the published result."""
    if value is None or abs(value) < 0.5 * 10**-digits:
        return ""
    good = value < 0 if lower_is_better else value > 0
    css = "tk-up" if good else "tk-down"
    return f'<br><span class="tk-delta {css}">{escape(signed(value, language, digits))}</span>'


def _euro_delta(value: float | None, language: str, currency: str) -> str:
    if value is None or abs(value) < 0.5:
        return ""
    css = "tk-up" if value < 0 else "tk-down"  # a lower comparison price is better
    sign = "+" if value > 0 else "\u2212"
    amount = euros(abs(value), language, currency)
    return f'<br><span class="tk-delta {css}">{escape(sign + amount)}</span>'


def room_decimals(method: Method) -> int:
    """The decimals the room reads a score with: one fewer than the report's (`decimals`), as
    a figure on a screen at a distance needs (points 1, an index 3)."""
    return max(method.decimals - 1, 0)


def _score_cells(
    bid: BidResult, method: Method, language: str, currency: str, change: BidChange | None = None
) -> list[str]:
    """The method's score cells of one bid (by its `unit`), escaped HTML, each with its change
    (if any)."""
    digits = room_decimals(method)
    if method.unit == "money":
        comparison, discount = bid.price.comparison, bid.price.discount
        moved = change.comparison_delta if change is not None else None
        return [
            escape(euros(discount, language, currency)) if discount is not None else "-",
            (escape(euros(comparison, language, currency)) if comparison is not None else "-")
            + _euro_delta(moved, language, currency),
        ]
    if method.unit == "index":
        index = bid.price.comparison
        moved = change.comparison_delta if change is not None else None
        return [
            (escape(fixed(index, language, digits)) if index is not None else "-")
            + _delta(moved, language, digits)
        ]
    return [
        escape(fixed(bid.quality.points, language, digits))
        + _delta(change.quality_points_delta if change else None, language),
        (escape(fixed(bid.price.points, language, digits)) if bid.price.points is not None else "-")
        + _delta(change.price_points_delta if change else None, language),
        (escape(fixed(bid.total, language, digits)) if bid.total is not None else "-")
        + _delta(change.total_delta if change else None, language),
    ]


SCORE_HEADERS = {
    "money": ("col_discount", "col_comparison"),
    "index": ("col_index",),
    "points": ("col_quality_points", "col_price_points", "col_total"),
}
"""The ranking's score columns (texts/workshop.yaml) by the method's unit."""


def _score_headers(method: Method, language: str) -> list[str]:
    return [t(key, language) for key in SCORE_HEADERS[method.unit]]


def ranking_html(
    result: Result,
    language: str,
    *,
    currency: str = "EUR",
    excluded: frozenset[str] = frozenset(),
    baseline: Mapping[str, int | None] | None = None,
    show_prices: bool = True,
    changes: Mapping[str, BidChange] | None = None,
) -> str:
    """The ranking table: place, bidder with status, quality, price and the formula's columns.

    `baseline` maps bid id to its rank as published; a changed place is shown next to the rank.
    `changes` (from `compare.score_changes` against the published result) puts each figure's
    difference under it, green where the bid gained, red where it lost. The quality share and
    the price are marked `tk-opt`: presenter mode leaves them out.
    """
    method = result.method
    headers = [(t("col_rank", language), ""), (t("col_bidder", language), "")]
    headers.append((t("col_quality", language), "num tk-opt"))
    if show_prices:
        headers.append((t("col_price", language), "num tk-opt"))
        headers += [(h, "num") for h in _score_headers(method, language)]
    head = "".join(
        f'<th class="{css}">{escape(h)}</th>' if css else f"<th>{escape(h)}</th>"
        for h, css in headers
    )
    rows = []
    for bid in result.ranking:
        status = bid.headline.status if bid.headline is not None else None  # evaluate's outcome
        if status == "winner":
            badge = (
                f' <span class="tk-badge tk-winner">{escape(t("badge_winner", language))}</span>'
            )
            css = "tk-row-winner"
        elif status in ("ranked", "pending"):
            badge = ""  # a place says it is valid; a badge on every row would only add lines
            css = "tk-row-valid"
        else:
            reason = bid_reason(bid, bid.id in excluded, language)
            badge = (
                f'<br><span class="tk-badge tk-invalid">{escape(t("badge_invalid", language))}'
                f'</span> <span class="tk-reason">{escape(reason)}</span>'
            )
            css = "tk-row-invalid"
        rank = str(bid.rank) if bid.rank is not None else "–"
        if baseline is not None and baseline.get(bid.id) != bid.rank:
            was = baseline.get(bid.id)
            was_text = str(was) if was is not None else "–"
            rank += (
                f'<br><span class="tk-moved">({escape(t("was_rank", language, rank=was_text))})'
                "</span>"
            )
        change = changes.get(bid.id) if changes is not None else None
        cells = [
            (rank, "tk-place"),
            (f'<span class="tk-name">{escape(bid.name)}</span>{badge}', "tk-who"),
            (escape(share(bid.quality.fraction, language)), "num tk-opt"),
        ]
        if show_prices:
            cells.append((escape(euros(bid.price.amount, language, currency)), "num tk-opt"))
            cells += [(c, "num") for c in _score_cells(bid, method, language, currency, change)]
        tds = "".join(f'<td class="{css}">{c}</td>' for c, css in cells)
        rows.append(f'<tr class="{css}" data-bid="{escape(bid.id)}">{tds}</tr>')
    legend = ""
    if changes is not None and any(_changed(c) for c in changes.values()):
        legend = f'<div class="tk-note tk-delta-legend">{escape(t("delta_legend", language))}</div>'
    return f'<table class="tk-table tk-ranking"><tr>{head}</tr>{"".join(rows)}</table>{legend}'


def _changed(change: BidChange) -> bool:
    figures = [
        change.quality_points_delta,
        change.price_points_delta,
        change.total_delta,
        change.comparison_delta,
        change.score_delta,
    ]
    return any(f is not None and abs(f) >= 0.0005 for f in figures)


def criterion_points_html(
    result: Result,
    changes: Mapping[str, BidChange],
    language: str,
    titles: Mapping[str, str] | None = None,
) -> str:
    """Quality points by award criterion per valid bid, each with its change against the
    published result: the table that explains a total that moved."""
    criteria = list(result.method.criteria)
    shares = criterion_shares(result.method.criteria)
    bids = [b for b in result.ranking]
    head = f"<th>{escape(t('col_criterion', language))}</th>" + "".join(
        f'<th class="num">{escape(b.name)}</th>' for b in bids
    )
    rows = []
    for c in criteria:
        label = escape(c)
        if titles and titles.get(c):
            label = f"<b>{escape(c)}</b> {escape(titles[c])}"
        label += f' <span class="tk-note">({escape(percent(shares[c], language))})</span>'
        cells = []
        for bid in bids:
            change = changes.get(bid.id)
            if change is None:
                cells.append("<td></td>")
                continue
            value = escape(fixed(change.criteria.get(c, 0.0), language, 1))
            cells.append(
                f'<td class="num">{value}{_delta(change.criteria_delta.get(c), language)}</td>'
            )
        rows.append(f"<tr><td>{label}</td>{''.join(cells)}</tr>")
    return (
        f'<table class="tk-table tk-criteria"><tr>{head}</tr>{"".join(rows)}</table>'
        f'<div class="tk-note">{escape(t("criteria_points_note", language))}</div>'
    )


def banner_html(result: Result, language: str, published_winner: str | None = None) -> str:
    """One line on top: who wins now, and whether that differs from the tender as published."""
    if result.winner is None:
        return f'<div class="tk-banner tk-banner-none">{escape(t("no_winner", language))}</div>'
    name = result.bid(result.winner).name
    if published_winner is not None and published_winner != result.winner:
        before = next((b.name for b in result.bids if b.id == published_winner), published_winner)
        message = t("winner_changed", language, winner=name, before=before)
        css = "tk-banner-changed"
    else:
        message = t("winner_is", language, winner=name)
        css = "tk-banner-ok"
    winner = escape(result.winner)
    return f'<div class="tk-banner {css}" data-winner="{winner}">{escape(message)}</div>'


def score_chart_html(result: Result, language: str, currency: str = "EUR") -> str:
    """Horizontal bars per bid in ranking order, drawn in HTML (no image to render).

    Additive formulas: quality points and price points stacked. Fictitious discount: the price
    with the quality discount struck off; the rest is the comparison price (shortest wins).
    Utility index: the index. Invalid bids are grey.
    """
    method = result.method
    bids = result.ranking
    rows = []
    if method.unit == "money":
        top = max((b.price.amount for b in bids), default=1.0) or 1.0
        for bid in bids:
            comparison = bid.price.comparison if bid.price.comparison is not None else 0.0
            discount = bid.price.discount or 0.0
            kept = max(min(comparison, bid.price.amount), 0.0)
            main, light = _colours(bid, result.winner)
            segments = [(kept / top, main, "")]
            if discount > 0:
                segments.append(
                    (
                        discount / top,
                        light,
                        "repeating-linear-gradient(45deg,"
                        f"{light},{light} 6px,#ffffff 6px,#ffffff 9px)",
                    )
                )
            value = euros(comparison, language, currency)
            rows.append(_bar_row(bid, segments, value))
        legend = [
            (BLUE, t("legend_comparison", language)),
            (LIGHT_BLUE, t("legend_discount", language)),
        ]
    elif method.unit == "index":
        top = max((b.price.comparison or 0.0 for b in bids), default=1.0) or 1.0
        for bid in bids:
            index = bid.price.comparison or 0.0
            main, _ = _colours(bid, result.winner)
            shown = fixed(index, language, room_decimals(method))
            rows.append(_bar_row(bid, [(max(index, 0.0) / top, main, "")], shown))
        legend = [(BLUE, t("legend_index", language))]
    else:
        top = result.method.quality_weight + result.method.price_weight or 1.0
        for bid in bids:
            main, light = _colours(bid, result.winner)
            quality = max(bid.quality.points, 0.0)
            price = max(bid.price.points or 0.0, 0.0)
            total = bid.total if bid.total is not None else bid.score
            rows.append(
                _bar_row(
                    bid,
                    [(quality / top, main, ""), (price / top, light, "")],
                    fixed(total, language, room_decimals(method)),
                )
            )
        legend = [
            (BLUE, t("legend_quality_points", language)),
            (LIGHT_BLUE, t("legend_price_points", language)),
        ]
    legend.append((GREEN, t("legend_winner", language)))
    legend.append((GREY, t("legend_invalid", language)))
    keys = "".join(
        f'<span><i class="tk-swatch" style="background:{c}"></i>{escape(label)}</span>'
        for c, label in legend
    )
    return f'<div class="tk-bars">{"".join(rows)}<div class="tk-legend">{keys}</div></div>'


def _colours(bid: BidResult, winner: str | None) -> tuple[str, str]:
    if not bid.valid:
        return GREY, LIGHT_GREY
    if bid.id == winner:
        return GREEN, LIGHT_GREEN
    return BLUE, LIGHT_BLUE


def _bar_row(bid: BidResult, segments: Sequence[tuple[float, str, str]], value: str) -> str:
    parts = []
    for share, colour, background in segments:
        width = max(min(share, 1.0), 0.0) * 100
        style = f"width:{width:.2f}%;background:{background or colour}"
        parts.append(f'<div style="{style}"></div>')
    label = escape(bid.name)
    if not bid.valid:
        label = f'<s style="color:{RED}">{label}</s>'
    return (
        f'<div class="tk-bar-row" data-bid="{escape(bid.id)}"><div class="tk-bar-label" '
        f'title="{escape(bid.name)}">{label}</div><div class="tk-bar-track">{"".join(parts)}'
        f'</div><div class="tk-bar-value">{escape(value)}</div></div>'
    )


def warnings_html(result: Result, language: str) -> str:
    """The evaluation's warnings that matter in the room, most telling first."""
    order = {"invalid_bid_rule_matters": 0, "rank_reversal": 1, "tie_unresolved": 2}
    shown = sorted(result.warnings, key=lambda w: order.get(w.code, 9))
    formula = formula_label(result.method.formula, language)

    def message(warning) -> str:
        # the engine's text names the formula by its code; the room reads its name
        if warning.code == "relative_price_formula":
            return t("warn_relative_formula", language, formula=formula)
        return warning.message

    items = "".join(f'<div class="tk-warn">{escape(message(w))}</div>' for w in shown[:6])
    if len(shown) > 6:
        items += note(t("more_warnings", language, count=len(shown) - 6))
    return items


def risk_summary_html(
    risks: Sequence[RiskResult], appetite: int, language: str, most: int = 8
) -> str:
    """The bid's risks, highest residual score first: which stay above the appetite and which
    need escalation, in words (the heat map beside it shows where they sit)."""
    ordered = sorted(risks, key=lambda r: (-r.residual.score, r.id))
    above = [r for r in ordered if r.residual.score > appetite]
    head = (
        t("risks_above", language, appetite=appetite)
        if above
        else t("risks_all_within", language, appetite=appetite)
    )
    items = []
    for risk in ordered[:most]:
        label = f"{risk.residual.score} · {risk.title or risk.id}"
        if risk.escalate:
            label += f" ({t('escalate', language)})"
        style = f' style="color:{RED};font-weight:600"' if risk.residual.score > appetite else ""
        items.append(f"<li{style}>{escape(label)}</li>")
    return (
        f'<div><div class="tk-note">{escape(head)}</div>'
        f'<div style="margin-top:6px"><b>{escape(t("risks_highest", language))}</b></div>'
        f'<ul class="tk-risk-list">{"".join(items)}</ul></div>'
    )


HEAT_COLOURS = ["#e8f5e9", "#fff3c4", "#ffcc80", "#ef6c5a", "#b71c1c"]
"""Cell colours from score 1 to 25, the same scale as `tenderkit.render.charts.risk_heatmap`."""


@lru_cache(maxsize=1)
def _heat_palette() -> tuple[str, ...]:
    from matplotlib.colors import LinearSegmentedColormap, to_hex

    scale = LinearSegmentedColormap.from_list("tenderkit_risk", HEAT_COLOURS)
    return tuple(to_hex(scale((score - 1) / 24)) for score in range(1, 26))


def heatmap_html(
    risks: Sequence[RiskResult], appetite: int, language: str, bidder: str = ""
) -> str:
    """The residual-risk heat map of one bid: a 5x5 grid of likelihood by impact, in HTML.

    The grid and colours of `risk_heatmap` (render/charts.py), drawn as HTML so it redraws in
    well under a millisecond while a slider moves (the matplotlib figure takes some 200 ms).
    Each cell shows its score, how many risks sit there and their ids; cells above the appetite
    get a dark outline.
    """
    palette = _heat_palette()
    cells: dict[tuple[int, int], list[RiskResult]] = {}
    for risk in risks:
        cells.setdefault((risk.residual.likelihood, risk.residual.impact), []).append(risk)
    rows = []
    for likelihood in range(5, 0, -1):
        row = [f'<div class="tk-heat-axis">{likelihood}</div>']
        for impact in range(1, 6):
            score = likelihood * impact
            here = cells.get((likelihood, impact), [])
            dark = score >= 16
            style = f"background:{palette[score - 1]};color:{'#ffffff' if dark else '#1d1d1d'}"
            if score > appetite:
                style += ";outline:2px solid #333333;outline-offset:-3px"
            tip = "; ".join(f"{r.id} {r.title}" for r in here)
            count = f'<div class="tk-heat-count">{len(here)}</div>' if here else ""
            row.append(
                f'<div class="tk-heat-cell" style="{style}" title="{escape(tip)}" '
                f'data-score="{score}" data-count="{len(here)}">'
                f'<div class="tk-heat-score">{score}</div>{count}</div>'
            )
        rows.append("".join(row))
    impacts = '<div class="tk-heat-axis"></div>' + "".join(
        f'<div class="tk-heat-axis">{i}</div>' for i in range(1, 6)
    )
    title = t("heatmap_title", language, bidder=bidder, appetite=appetite)
    return (
        f'<div class="tk-heat"><div class="tk-heat-title">{escape(title)}</div>'
        f'<div class="tk-heat-body"><div class="tk-heat-ylabel">{escape(t("likelihood", language))}'
        f'</div><div class="tk-heat-grid">{"".join(rows)}{impacts}</div></div>'
        f'<div class="tk-heat-xlabel">{escape(t("impact", language))}</div></div>'
    )


def comparison_html(
    rows: Sequence[Mapping[str, object]], bids: Mapping[str, str], language: str
) -> str:
    """Saved scenarios side by side: one row per scenario, per bid its place and score."""
    if not rows:
        return note(t("no_scenarios", language))
    head = f"<th>{escape(t('col_scenario', language))}</th>"
    head += f"<th>{escape(t('col_winner', language))}</th>"
    head += "".join(f"<th class='num'>{escape(name)}</th>" for name in bids.values())
    body = []
    for row in rows:
        changed = "".join(
            f'<br><span class="tk-note">{escape(line)}</span>' for line in row.get("changes", ())
        )
        cells = [f"<td><b>{escape(str(row['scenario']))}</b>{changed}</td>"]
        winner = row["winner"]
        cells.append(f"<td><b>{escape(bids.get(winner, '–') if winner else '–')}</b></td>")
        places = row["bids"]
        for bid_id in bids:
            place = places.get(bid_id, {})
            rank = place.get("rank")
            score = place.get("score_text", "")
            if rank is None:
                cell = f'<span class="tk-reason">{escape(t("badge_invalid", language))}</span>'
            else:
                cell = f"{rank}. <span class='tk-note'>{escape(score)}</span>"
            cells.append(f'<td class="num">{cell}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="tk-table tk-compare"><tr>{head}</tr>{"".join(body)}</table>'


def score_text(bid: BidResult, method: Method, language: str, currency: str = "EUR") -> str:
    """The one figure that ranks a bid (its headline's), as text in the method's unit."""
    figure = bid.headline.figure if bid.headline is not None else None
    if figure is None:
        return fixed(bid.score, language, method.decimals)
    if method.unit == "money":
        return euros(figure, language, currency)
    return fixed(figure, language, room_decimals(method))


def sensitivity_html(result: Result, language: str) -> str:
    """The on-demand robustness analysis in plain words: win shares and nearest flips."""
    data = result.sensitivity or {}
    if not data:
        return note(t("sensitivity_none", language))
    names = {b.id: b.name for b in result.bids}
    parts = []
    mc = data.get("monte_carlo", {})
    shares = mc.get("win_share", {})
    if shares:
        rows = "".join(
            f"<tr><td>{escape(names.get(b, b))}</td><td class='num'>"
            f"{escape(percent(s, language))}</td></tr>"
            for b, s in sorted(shares.items(), key=lambda kv: -kv[1])
        )
        parts.append(
            f"<div>{escape(t('sensitivity_mc', language, samples=mc.get('samples', 0)))}</div>"
            f"<table class='tk-table'><tr><th>{escape(t('col_bidder', language))}</th>"
            f"<th class='num'>{escape(t('col_win_share', language))}</th></tr>{rows}</table>"
        )
    split = data.get("split", {})
    if split:
        if split.get("new_winner"):
            parts.append(
                "<p>"
                + escape(
                    t(
                        "sensitivity_split",
                        language,
                        at=percent(split["flips_at"], language)
                        if split.get("parameter") == "quality_share"
                        else fixed(split["flips_at"], language, 2),
                        winner=names.get(split["new_winner"], split["new_winner"]),
                    )
                )
                + "</p>"
            )
        else:
            parts.append(f"<p>{escape(t('sensitivity_split_none', language))}</p>")
    reversals = [e for e in data.get("leave_one_out", []) if e.get("swapped")]
    if reversals:
        parts.append(f"<p>{escape(t('sensitivity_reversals', language, count=len(reversals)))}</p>")
    return "".join(parts)


def parse_amount(value: object) -> float | None:
    """A whole amount typed in a field: `€ 548.000`, `548000` or `548,000` -> 548000.0.

    Only the digits count (a room types whole euros, and `.` and `,` separate thousands in
    either language); None when there are none.
    """
    if isinstance(value, int | float):
        return float(value)
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    return float(digits) if digits else None


def split_html(result: Result, language: str) -> str:
    """What the quality/price split means under the result's formula, in one line."""
    method = result.method
    q = method.quality_weight
    p = method.price_weight
    total = q + p or 1.0
    if not method.weights_apply:
        return note(t("split_not_used_short", language))
    if method.unit == "index":
        n = q / p if p else 0.0
        return note(t("split_utility_text", language, n=fixed(n, language, 2)))
    return note(
        t(
            "split_text",
            language,
            quality=number(round(q / total * 100, 1), language, 1),
            price=number(round(p / total * 100, 1), language, 1),
        )
    )


def weight_note_html(weights: Mapping[str, float], language: str) -> str:
    """A warning for every criterion at weight 0 (it no longer counts), or an error when none
    counts any more."""
    zero = [c for c, v in weights.items() if v <= 0]
    if not zero:
        return ""
    if len(zero) == len(weights):
        return error(t("weights_all_zero", language))
    return (
        f'<div class="tk-warn">{escape(t("weight_zero", language, criteria=", ".join(zero)))}</div>'
    )


def _reference_bids(result: Result) -> list[BidResult]:
    """The bids the relative formulas compare with: valid ones under `recalculate` (all when
    none is valid), every bid under `keep_original`."""
    valid = [b for b in result.bids if b.valid]
    if result.method.invalidated_bid_rule == "keep_original" or not valid:
        return list(result.bids)
    return valid


def formula_example_html(result: Result, language: str, currency: str = "EUR") -> str:
    """A worked example of the price formula with the bids in the room: the inputs of one bid
    and the figure the Result gives it (the figure comes from the Result, not from here)."""
    formula = result.method.formula
    params = result.method.price.model_dump()
    reference = _reference_bids(result)
    if not reference:
        return ""
    lowest = min(b.price.amount for b in reference)
    valid = [b for b in result.ranking if b.valid] or list(result.ranking)
    # the example bid: the first valid bid that is not the cheapest (its sum shows the formula)
    bid = next((b for b in valid if b.price.amount > lowest), valid[0])
    money = lambda v: euros(v, language, currency)  # noqa: E731
    weight = fixed(result.method.price_weight, language, 0)
    values: dict[str, str] = {"bidder": bid.name, "price": money(bid.price.amount)}
    if result.method.additive:
        if bid.price.points is None:
            return ""
        values.update(points=fixed(bid.price.points, language, 1), weight=weight)
    if formula == "lowest_relative":
        values["best"] = money(lowest)
    elif formula == "linear_fixed":
        values.update(max=money(params["max_price"]), min=money(params["min_price"]))
    elif formula == "log":
        values.update(
            best=money(lowest),
            ratio=fixed(bid.price.amount / lowest, language, 2),
            a=f"{float(params['a']):g}".replace(".", "," if language == "nl" else "."),
        )
    elif formula == "fictitious_discount":
        if bid.price.comparison is None:
            return ""
        values.update(
            quality=percent(bid.quality.fraction, language),
            value=money(params["quality_value"]),
            comparison=money(bid.price.comparison),
        )
    elif formula == "utility_index":
        if bid.price.comparison is None:
            return ""
        q = result.method.quality_weight
        p = result.method.price_weight or 1.0
        best_quality = max(b.quality.fraction for b in reference)
        values.update(
            best=money(lowest),
            qbest=fixed(best_quality, language, 3),
            q=fixed(bid.quality.fraction, language, 3),
            n=fixed(q / p, language, 2),
            index=fixed(bid.price.comparison, language, 3),
        )
    else:
        return ""
    return f'<div class="tk-example">{escape(t(f"example_{formula}", language, **values))}</div>'


SOURCE_DECIDES = ("consensus", "panel", "criterion")


def decided_by_panel(result: Result, bid: str, requirement: str):
    """The RequirementScore of a scored requirement when the panel, not the bid's answer,
    decides its fraction (a recorded consensus, the panel's median or mean, or a panel score on
    the whole criterion); None when the answer decides (or it is not a scored requirement)."""
    found = next((b for b in result.bids if b.id == bid), None)
    if found is None:
        return None
    score = found.quality.requirements.get(requirement)
    if score is None or score.source not in SOURCE_DECIDES:
        return None
    return score


def decided_html(score, bidder: str, requirement: str, original: str, language: str) -> str:
    """Says plainly that the panel's score decides this requirement, so the answer toggle is
    switched off: changing the answer would change nothing."""
    message = t(
        "answer_decided",
        language,
        source=t(f"source_{score.source}", language),
        bidder=bidder,
        requirement=requirement,
        fraction=percent(score.fraction, language),
    )
    return f'<div class="tk-decided" data-decided="panel">{escape(message)}</div>{note(original)}'


def risk_effect_html(
    effects: Sequence,
    taken: Sequence[str],
    measures: Mapping,
    appetite: int,
    language: str,
    bidder: str,
) -> str:
    """What the buyer's measures did to one bid's risks: which risk went from what to what."""
    if not taken:
        return ""
    if not effects:
        names = ", ".join(measures[m].title.get(language) if m in measures else m for m in taken)
        message = t("measure_no_effect", language, bidder=bidder, measures=names)
        return f'<div class="tk-warn" data-effects="0">{escape(message)}</div>'
    items = []
    for change in effects:
        label = t(
            "measure_effect_line",
            language,
            risk=change.title or change.id,
            before=change.before.score,
            after=change.after.score,
        )
        if change.within_after and not change.within_before:
            label += " " + t("measure_now_within", language, appetite=appetite)
        elif not change.within_after:
            label += " " + t("measure_still_above", language, appetite=appetite)
        items.append(f"<li>{escape(label)}</li>")
    head = t("measure_effect", language, bidder=bidder)
    return (
        f'<div class="tk-effect" data-effects="{len(effects)}"><b>{escape(head)}</b>'
        f'<ul class="tk-risk-list">{"".join(items)}</ul></div>'
    )


def to_win_html(items: Sequence, result: Result, language: str, currency: str = "EUR") -> str:
    """Per bid that does not win: the nearest split, weight, price and quality that would make it
    win (from `to_win.what_it_takes`), in sentences a room can read out."""
    if result.winner is None or not items:
        return note(t("to_win_none", language))
    names = {b.id: b.name for b in result.bids}
    weights = result.method.criteria
    q = result.method.quality_weight
    p = result.method.price_weight
    share_now = q / (q + p) if q + p else 0.0
    blocks = []
    for item in items:
        lines = []
        if item.split is not None:
            lines.append(
                t(
                    "to_win_split",
                    language,
                    share=percent(item.split, language, 0),
                    now=percent(share_now, language, 0),
                )
            )
        for criterion, value in item.weights.items():
            lines.append(
                t(
                    "to_win_weight",
                    language,
                    criterion=criterion,
                    before=fixed(weights.get(criterion, 0), language, 0),
                    after=fixed(value, language, 0),
                )
            )
        if item.price is not None:
            cut = 1 - item.price / item.price_now if item.price_now else 0.0
            lines.append(
                t(
                    "to_win_price",
                    language,
                    price=euros(item.price, language, currency),
                    cut=percent(cut, language),
                )
            )
        else:
            lines.append(t("to_win_price_none", language))
        if item.quality_gap is not None:
            lines.append(
                t("to_win_quality", language, points=fixed(item.quality_gap * 100, language, 1))
            )
            for criterion, need in item.criterion_gap.items():
                lines.append(
                    t(
                        "to_win_criterion",
                        language,
                        criterion=criterion,
                        points=fixed(need * 100, language, 1),
                    )
                )
        if not lines:
            lines.append(t("to_win_nothing", language))
        lis = "".join(f"<li>{escape(line)}</li>" for line in lines)
        name = escape(names.get(item.bid, item.bid))
        blocks.append(
            f'<div class="tk-towin" data-bid="{escape(item.bid)}"><b>{name}</b>'
            f'<ul class="tk-risk-list">{lis}</ul></div>'
        )
    head = t("to_win_head", language, winner=names.get(result.winner, ""))
    return f"{note(head)}{''.join(blocks)}"
