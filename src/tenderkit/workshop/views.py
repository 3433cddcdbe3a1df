"""What the workshop shows, as HTML strings and PNG bytes built from a Result: no widgets here.

Everything a participant reads is escaped (bidder names and notes come from untrusted bids).
Colours: a valid bid is blue, the winner green, an invalid bid grey with its reason in red.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from tenderkit.i18n import fixed, number, percent, text
from tenderkit.render.markup import esc as escape
from tenderkit.result import BidResult, Result, RiskResult

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
.tk-ranking td:nth-child(2) { min-width: 160px; }
.tk-ranking td:nth-child(3) { min-width: 130px; }
.tk-table td.num, .tk-ranking td:first-child { white-space: nowrap; }
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
    from babel.numbers import format_currency

    from tenderkit.i18n import locale

    pattern = "¤ #,##0" if language == "nl" else "¤#,##0"
    return format_currency(
        round(value), currency, format=pattern, locale=locale(language), currency_digits=False
    )


def note(message: str) -> str:
    """A quiet line of explanation, escaped."""
    return f'<div class="tk-note">{escape(message)}</div>'


def error(message: str) -> str:
    """A line in red that says what went wrong, escaped."""
    return f'<div class="tk-error">{escape(message)}</div>'


def fixed_weight(weight: float, language: str) -> str:
    return t("weight", language, weight=number(weight, language, 1))


def formula_label(formula: str, language: str) -> str:
    return t(f"formula_{formula}", language)


def status_label(status: str, language: str) -> str:
    return t(f"status_{status}", language)


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


def _score_cells(bid: BidResult, formula: str, language: str, currency: str) -> list[str]:
    if formula == "fictitious_discount":
        comparison = bid.price.comparison
        discount = None if comparison is None else bid.price.amount - comparison
        return [
            euros(discount, language, currency) if discount is not None else "-",
            euros(comparison, language, currency) if comparison is not None else "-",
        ]
    if formula == "utility_index":
        index = bid.price.comparison
        return [fixed(index, language, 3) if index is not None else "-"]
    return [
        fixed(bid.quality.points, language, 1),
        fixed(bid.price.points, language, 1) if bid.price.points is not None else "-",
        fixed(bid.total, language, 1) if bid.total is not None else "-",
    ]


def _score_headers(formula: str, language: str) -> list[str]:
    if formula == "fictitious_discount":
        return [t("col_discount", language), t("col_comparison", language)]
    if formula == "utility_index":
        return [t("col_index", language)]
    return [
        t("col_quality_points", language),
        t("col_price_points", language),
        t("col_total", language),
    ]


def ranking_html(
    result: Result,
    language: str,
    *,
    currency: str = "EUR",
    excluded: frozenset[str] = frozenset(),
    baseline: Mapping[str, int | None] | None = None,
    show_prices: bool = True,
) -> str:
    """The ranking table: place, bidder, status, quality, price and the formula's score columns.

    `baseline` maps bid id to its rank as published; a changed place is shown next to the rank.
    """
    formula = result.method.get("formula", "")
    headers = [t("col_rank", language), t("col_bidder", language), t("col_status", language)]
    headers.append(t("col_quality", language))
    if show_prices:
        headers.append(t("col_price", language))
        headers += _score_headers(formula, language)
    numeric_from = 3
    head = "".join(
        f'<th class="num">{escape(h)}</th>' if i >= numeric_from else f"<th>{escape(h)}</th>"
        for i, h in enumerate(headers)
    )
    rows = []
    for bid in result.ranking:
        winner = bid.id == result.winner
        if winner:
            badge = f'<span class="tk-badge tk-winner">{escape(t("badge_winner", language))}</span>'
            css = "tk-row-winner"
        elif bid.valid:
            badge = f'<span class="tk-badge tk-valid">{escape(t("badge_valid", language))}</span>'
            css = "tk-row-valid"
        else:
            reason = bid_reason(bid, bid.id in excluded, language)
            badge = (
                f'<span class="tk-badge tk-invalid">{escape(t("badge_invalid", language))}</span>'
                f'<br><span class="tk-reason">{escape(reason)}</span>'
            )
            css = "tk-row-invalid"
        rank = str(bid.rank) if bid.rank is not None else "–"
        if baseline is not None and baseline.get(bid.id) != bid.rank:
            was = baseline.get(bid.id)
            was_text = str(was) if was is not None else "–"
            rank += (
                f' <span class="tk-moved">({escape(t("was_rank", language, rank=was_text))})</span>'
            )
        cells = [
            rank,
            escape(bid.name),
            badge,
            f'<span class="num">{escape(percent(bid.quality.fraction, language))}</span>',
        ]
        if show_prices:
            cells.append(escape(euros(bid.price.amount, language, currency)))
            cells += [escape(c) for c in _score_cells(bid, formula, language, currency)]
        tds = "".join(
            f'<td class="num">{c}</td>' if i >= numeric_from else f"<td>{c}</td>"
            for i, c in enumerate(cells)
        )
        rows.append(f'<tr class="{css}" data-bid="{escape(bid.id)}">{tds}</tr>')
    return f'<table class="tk-table tk-ranking"><tr>{head}</tr>{"".join(rows)}</table>'


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
    formula = result.method.get("formula", "")
    bids = result.ranking
    rows = []
    if formula == "fictitious_discount":
        top = max((b.price.amount for b in bids), default=1.0) or 1.0
        for bid in bids:
            comparison = bid.price.comparison if bid.price.comparison is not None else 0.0
            discount = bid.price.amount - comparison
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
    elif formula == "utility_index":
        top = max((b.price.comparison or 0.0 for b in bids), default=1.0) or 1.0
        for bid in bids:
            index = bid.price.comparison or 0.0
            main, _ = _colours(bid, result.winner)
            rows.append(
                _bar_row(bid, [(max(index, 0.0) / top, main, "")], fixed(index, language, 3))
            )
        legend = [(BLUE, t("legend_index", language))]
    else:
        top = (
            float(result.method.get("quality_weight", 0))
            + float(result.method.get("price_weight", 0))
            or 1.0
        )
        for bid in bids:
            main, light = _colours(bid, result.winner)
            quality = max(bid.quality.points, 0.0)
            price = max(bid.price.points or 0.0, 0.0)
            total = bid.total if bid.total is not None else bid.score
            rows.append(
                _bar_row(
                    bid,
                    [(quality / top, main, ""), (price / top, light, "")],
                    fixed(total, language, 1),
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
    items = "".join(f'<div class="tk-warn">{escape(w.message)}</div>' for w in shown[:6])
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
        cells = [f"<td>{escape(str(row['scenario']))}</td>"]
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


def score_text(bid: BidResult, formula: str, language: str, currency: str = "EUR") -> str:
    """The one figure that ranks a bid under the formula, as text."""
    if formula == "fictitious_discount" and bid.price.comparison is not None:
        return euros(bid.price.comparison, language, currency)
    if formula == "utility_index" and bid.price.comparison is not None:
        return fixed(bid.price.comparison, language, 3)
    if bid.total is not None:
        return fixed(bid.total, language, 1)
    return fixed(bid.score, language, 2)


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
