"""Charts of the award report, drawn from a Result (never recomputed) with matplotlib.

Figures are returned as PNG bytes with fixed metadata, so the same Result gives the same image.
Each chart answers one question, with full labels (wrapped, never cut), its legend outside the
plot and its text at least as large as the body text of the PDF: a chart is WIDTH inches wide and
the PDF scales it to the text width, so every font size here is at least FONT points.
"""

from __future__ import annotations

import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from tenderkit.formatting import fixed
from tenderkit.i18n import text
from tenderkit.render.chart_text import plain_text_chart
from tenderkit.render.charts import stable_png
from tenderkit.result import Result
from tenderkit.tender import Tender

VALID = "#01689b"
PRICE = "#7fb8d6"
INVALID = "#c7c7c7"
WINNER = "#2e8540"

WIDTH = 7.5
"""Inches: a chart at 110 dpi is 825 px, scaled to the PDF's ~690 px text width (x 0.84)."""
FONT = 9.5
"""Points: 9.5 pt at 110 dpi scaled x 0.84 is ~12 CSS px, above the PDF's 10 px body text."""
TITLE = 10.5


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes, without a timestamp or software tag (stable bytes); closed."""
    image = stable_png(figure)
    plt.close(figure)
    return image


def _t(key: str, language: str) -> str:
    return text("report", key, language)


def _wrap(label: str, width: int) -> str:
    """A label on as many lines as it needs, whole words kept (never cut)."""
    return (
        "\n".join(textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False))
        or label
    )


@plain_text_chart
def quality_chart(result: Result, tender: Tender) -> Figure:
    """Grouped bars: each bid's fraction of full marks per award criterion."""
    language = result.language
    criteria = tender.requirement_set.criteria
    bids = result.ranking
    fig, ax = plt.subplots(figsize=(WIDTH, 4.2), layout="constrained")
    width = 0.8 / max(1, len(bids))
    x = np.arange(len(criteria))
    cmap = plt.get_cmap("tab10")
    for i, bid in enumerate(bids):
        values = [bid.quality.criteria.get(c.id, 0.0) for c in criteria]
        label = bid.name if bid.valid else f"{bid.name} ({_t('valid_no', language)})"
        ax.bar(
            x + i * width - 0.4 + width / 2,
            values,
            width,
            label=label,
            color=cmap(i % 10),
            alpha=1.0 if bid.valid else 0.35,
        )
    per_line = max(12, int(60 / max(1, len(criteria))))
    ax.set_xticks(x, [f"{c.id}\n{_wrap(c.title, per_line)}" for c in criteria], fontsize=FONT)
    ax.tick_params(axis="y", labelsize=FONT)
    ax.set_ylim(min(0.0, ax.get_ylim()[0]), 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title(_t("chart_quality", language), fontsize=TITLE)
    fig.legend(fontsize=FONT, ncol=min(3, len(bids)), loc="outside lower center", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return fig


CHART_TITLES = {"points": "chart_totals", "money": "chart_comparison", "index": "chart_utility"}
"""The totals chart's title (texts/report.yaml) by the method's unit."""


@plain_text_chart
def totals_chart(result: Result) -> Figure:
    """Totals as stacked quality + price points; comparison price or utility index otherwise.

    An invalid bid has no total (it gets no rank): it is drawn without a bar and labelled
    "ongeldig", so no would-be total can pass the maximum or be read as a score."""
    language = result.language
    bids = result.ranking
    names = [_wrap(b.name, 28) for b in bids]
    fig, ax = plt.subplots(figsize=(WIDTH, 1.2 + 0.5 * len(bids)), layout="constrained")
    y = np.arange(len(bids))[::-1]
    unit = result.method.unit
    invalid = _t("valid_no", language)
    if not result.method.additive:  # one figure per bid: the comparison price or the index
        values = [(b.price.comparison or 0.0) if b.valid else 0.0 for b in bids]
        colors = [WINNER if b.id == result.winner else VALID for b in bids]
        ax.barh(y, values, color=colors)
        digits = 0 if unit == "money" else 2  # an axis: money in whole units, an index
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fixed(v, language, digits)))
        ax.set_title(_t(CHART_TITLES[unit], language), fontsize=TITLE)
    else:
        quality = [b.quality.points if b.valid else 0.0 for b in bids]
        price = [(b.price.points or 0.0) if b.valid else 0.0 for b in bids]
        ax.barh(y, quality, color=VALID, label=_t("col_quality_points", language))
        ax.barh(y, price, left=quality, color=PRICE, label=_t("col_price_points", language))
        fig.legend(fontsize=FONT, ncol=2, loc="outside lower center", frameon=False)
        ax.set_title(_t(CHART_TITLES[unit], language), fontsize=TITLE)
    for yi, bid in zip(y, bids, strict=True):
        if not bid.valid:
            ax.text(0, yi, f" {invalid}", va="center", fontsize=FONT, color="#a11")
    ax.set_yticks(y, names, fontsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT)
    ax.grid(axis="x", alpha=0.3)
    return fig


@plain_text_chart
def win_share_chart(result: Result) -> Figure | None:
    shares = result.sensitivity.get("monte_carlo", {}).get("win_share")
    if not shares:
        return None
    names = {b.id: b.name for b in result.bids}
    ids = sorted(shares, key=lambda b: -shares[b])
    fig, ax = plt.subplots(figsize=(WIDTH, 1.0 + 0.45 * len(ids)), layout="constrained")
    y = np.arange(len(ids))[::-1]
    ax.barh(
        y,
        [100 * shares[b] for b in ids],
        color=[WINNER if b == result.winner else VALID for b in ids],
    )
    ax.set_yticks(y, [_wrap(names[b], 28) for b in ids], fontsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT)
    ax.set_xlim(0, 100)
    ax.set_xlabel("%", fontsize=FONT)
    ax.set_title(_t("chart_win_share", result.language), fontsize=TITLE)
    ax.grid(axis="x", alpha=0.3)
    return fig


def flip_labels(result: Result, tender: Tender) -> list[tuple[str, float | None]]:
    """Each weight of the sensitivity analysis with the shift that changes the winner (None:
    no shift within the range does)."""
    sensitivity = result.sensitivity
    if not sensitivity:
        return []
    rows: list[tuple[str, float | None]] = []
    split = sensitivity.get("split", {})
    if split.get("parameter") == "quality_share":
        rows.append((_t("quality_split", result.language), split.get("shift")))
    titles = {c.id: c.title for c in tender.requirement_set.criteria}
    for criterion, flip in sensitivity.get("criteria", {}).items():
        rows.append((f"{criterion} {titles.get(criterion, '')}".strip(), flip.get("shift")))
    return rows


@plain_text_chart
def flips_chart(result: Result, tender: Tender) -> Figure | None:
    """How many percentage points each weight must move before the winner changes.

    Only weights that can change the winner get a bar (shorter: the decision is more sensitive
    to it); those that never change it are not drawn as bars (they would be the longest, the
    opposite of what they mean) but named in a note below the chart."""
    rows = [(label, shift) for label, shift in flip_labels(result, tender) if shift is not None]
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(WIDTH, 1.0 + 0.5 * len(rows)), layout="constrained")
    y = np.arange(len(rows))[::-1]
    values = [100 * abs(shift) for _, shift in rows]
    ax.barh(y, values, color=VALID)
    for yi, (_, shift), v in zip(y, rows, values, strict=True):
        sign = "+" if shift > 0 else "\u2212"
        shown = sign + fixed(abs(100 * shift), result.language, 1)
        ax.text(v + 1, yi, shown, va="center", fontsize=FONT)
    ax.set_yticks(y, [_wrap(label, 30) for label, _ in rows], fontsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT)
    ax.set_xlim(0, max(values) * 1.15 + 5)
    ax.set_title(_t("chart_flips", result.language), fontsize=TITLE)
    ax.grid(axis="x", alpha=0.3)
    return fig
