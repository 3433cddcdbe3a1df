"""Charts of the award report, drawn from a Result (never recomputed) with matplotlib.

Figures are returned as PNG bytes with fixed metadata, so the same Result gives the same image.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from tenderkit.i18n import text
from tenderkit.render.chart_text import plain_text, plain_text_chart
from tenderkit.result import Result
from tenderkit.tender import Tender

VALID = "#01689b"
PRICE = "#7fb8d6"
INVALID = "#c7c7c7"
WINNER = "#2e8540"


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes, without a timestamp or software tag (stable bytes)."""
    buffer = io.BytesIO()
    with plain_text():
        figure.savefig(
            buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None}
        )
    plt.close(figure)
    return buffer.getvalue()


def _t(key: str, language: str) -> str:
    return text("report", key, language)


@plain_text_chart
def quality_chart(result: Result, tender: Tender) -> Figure:
    """Grouped bars: each bid's fraction of full marks per award criterion."""
    language = result.language
    criteria = tender.requirement_set.criteria
    bids = result.ranking
    fig, ax = plt.subplots(figsize=(9, 3.6))
    width = 0.8 / max(1, len(bids))
    x = np.arange(len(criteria))
    cmap = plt.get_cmap("tab10")
    for i, bid in enumerate(bids):
        values = [bid.quality.criteria.get(c.id, 0.0) for c in criteria]
        ax.bar(
            x + i * width - 0.4 + width / 2,
            values,
            width,
            label=bid.name,
            color=cmap(i % 10),
            alpha=1.0 if bid.valid else 0.35,
        )
    ax.set_xticks(x, [f"{c.id}\n{c.title[:28]}" for c in criteria], fontsize=8)
    ax.set_ylim(min(0.0, ax.get_ylim()[0]), 1.05)
    ax.set_title(_t("chart_quality", language), fontsize=10)
    ax.legend(fontsize=7, ncol=min(4, len(bids)), loc="lower center", bbox_to_anchor=(0.5, -0.42))
    ax.grid(axis="y", alpha=0.3)
    return fig


@plain_text_chart
def totals_chart(result: Result) -> Figure:
    """Totals as stacked quality + price points; comparison price or utility index otherwise."""
    language = result.language
    bids = result.ranking
    names = [b.name for b in bids]
    fig, ax = plt.subplots(figsize=(9, 0.5 + 0.45 * len(bids)))
    y = np.arange(len(bids))[::-1]
    formula = result.method.formula
    if formula in ("fictitious_discount", "utility_index"):
        values = [b.price.comparison or 0.0 for b in bids]
        colors = [
            WINNER if b.id == result.winner else (VALID if b.valid else INVALID) for b in bids
        ]
        ax.barh(y, values, color=colors)
        key = "chart_comparison" if formula == "fictitious_discount" else "chart_utility"
        ax.set_title(_t(key, language), fontsize=10)
    else:
        quality = [b.quality.points for b in bids]
        price = [b.price.points or 0.0 for b in bids]
        ax.barh(
            y,
            quality,
            color=[VALID if b.valid else INVALID for b in bids],
            label=_t("col_quality_points", language),
        )
        ax.barh(
            y,
            price,
            left=quality,
            color=[PRICE if b.valid else INVALID for b in bids],
            label=_t("col_price_points", language),
        )
        ax.legend(fontsize=8, loc="lower right")
        ax.set_title(_t("chart_totals", language), fontsize=10)
    ax.set_yticks(y, names, fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return fig


@plain_text_chart
def win_share_chart(result: Result) -> Figure | None:
    shares = result.sensitivity.get("monte_carlo", {}).get("win_share")
    if not shares:
        return None
    names = {b.id: b.name for b in result.bids}
    ids = sorted(shares, key=lambda b: -shares[b])
    fig, ax = plt.subplots(figsize=(9, 0.5 + 0.4 * len(ids)))
    y = np.arange(len(ids))[::-1]
    ax.barh(
        y,
        [100 * shares[b] for b in ids],
        color=[WINNER if b == result.winner else VALID for b in ids],
    )
    ax.set_yticks(y, [names[b] for b in ids], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    ax.set_title(_t("chart_win_share", result.language), fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig


@plain_text_chart
def flips_chart(result: Result, tender: Tender) -> Figure | None:
    """How many percentage points each weight must move before the winner changes."""
    sensitivity = result.sensitivity
    if not sensitivity:
        return None
    labels, shifts = [], []
    split = sensitivity.get("split", {})
    if split.get("parameter") == "quality_share":
        labels.append(_t("quality_split", result.language))
        shifts.append(split.get("shift"))
    titles = {c.id: c.title for c in tender.requirement_set.criteria}
    for criterion, flip in sensitivity.get("criteria", {}).items():
        labels.append(f"{criterion} {titles.get(criterion, '')[:24]}")
        shifts.append(flip.get("shift"))
    if not labels:
        return None
    fig, ax = plt.subplots(figsize=(9, 0.5 + 0.4 * len(labels)))
    y = np.arange(len(labels))[::-1]
    values = [100 * abs(s) if s is not None else 100.0 for s in shifts]
    colors = [VALID if s is not None else INVALID for s in shifts]
    ax.barh(y, values, color=colors)
    for yi, s, v in zip(y, shifts, values, strict=True):
        ax.text(v + 1, yi, "—" if s is None else f"{100 * s:+.1f}", va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 110)
    ax.set_title(_t("chart_flips", result.language), fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig
