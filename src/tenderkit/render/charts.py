"""Charts for reports and notebooks, drawn from a Result's plain data (no recomputation).

Each chart function returns a matplotlib `Figure` built without pyplot, so it holds no global
state, works in any backend and can be saved or displayed by the caller.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from io import BytesIO
from typing import Literal

from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from tenderkit.i18n import text
from tenderkit.render.chart_text import plain_text, plain_text_chart
from tenderkit.result import RiskResult

__all__ = ["heatmap_cells", "heatmap_png", "risk_heatmap", "risk_label", "stable_png"]

_SCORE_COLOURS = LinearSegmentedColormap.from_list(
    "tenderkit_risk", ["#e8f5e9", "#fff3c4", "#ffcc80", "#ef6c5a", "#b71c1c"]
)


class _Chart(Figure):
    """A Figure that shows itself in a notebook without pyplot's inline backend."""

    def _repr_png_(self) -> bytes:
        buffer = BytesIO()
        with plain_text():
            self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()


HEATMAP_SIZE = 3.8
"""Inches: two heat maps stand side by side in the PDF, ~340 px each of 418 px (x 0.81)."""
HEATMAP_FONT = 9.0
"""Points: 9 pt at 110 dpi scaled x 0.81 is ~11 CSS px, above the PDF's 10 px body text."""


def heatmap_cells(
    risks: Iterable[RiskResult], which: Literal["inherent", "residual"]
) -> list[tuple[int, int, list[RiskResult]]]:
    """The occupied cells of a heat map as (likelihood, impact, risks), highest score first:
    the key a report prints under the map, with each risk's name in body text."""
    cells: dict[tuple[int, int], list[RiskResult]] = {}
    for risk in risks:
        level = risk.inherent if which == "inherent" else risk.residual
        cells.setdefault((level.likelihood, level.impact), []).append(risk)
    return [
        (likelihood, impact, cells[(likelihood, impact)])
        for likelihood, impact in sorted(cells, key=lambda k: (-k[0] * k[1], -k[1], -k[0]))
    ]


def risk_label(risk: RiskResult) -> str:
    """What a heat map writes for a risk: its name in the report's language (the Result's
    `title`, from the risk catalogue), never its id; the id only when a risk has no name."""
    return risk.title or risk.id


@plain_text_chart
def risk_heatmap(
    risks: Iterable[RiskResult],
    which: Literal["inherent", "residual"] = "inherent",
    language: str = "nl",
    *,
    appetite: int | None = None,
    bidder: str | None = None,
) -> Figure:
    """A 5x5 likelihood-by-impact grid with the number of risks in each cell.

    Cells are shaded by their score (likelihood x impact); with `appetite` given, cells above it
    are outlined, so what needs a measure or an escalation stands out. Each cell shows its score
    and how many risks sit there; which risks they are is the key under the map
    (`heatmap_cells`), in body text: ids or names inside a cell would be too small to read.
    `which` picks the inherent or the residual level; `bidder` (a name) goes into the title.
    Labels come from the `risk` text catalogue.
    """
    if which not in ("inherent", "residual"):
        raise ValueError(f"which must be 'inherent' or 'residual', not {which!r}")
    counts: dict[tuple[int, int], int] = {}
    for likelihood, impact, placed in heatmap_cells(risks, which):
        counts[(likelihood, impact)] = len(placed)

    figure = _Chart(figsize=(HEATMAP_SIZE, HEATMAP_SIZE + 0.35), layout="constrained")
    axes = figure.add_subplot()
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            score = likelihood * impact
            above = appetite is not None and score > appetite
            axes.add_patch(_cell(impact, likelihood, _SCORE_COLOURS((score - 1) / 24), above))
            dark = score >= 16
            axes.text(
                impact - 0.42,
                likelihood + 0.4,
                str(score),
                ha="left",
                va="top",
                fontsize=HEATMAP_FONT - 1,
                color="#ffffff" if dark else "#444444",
            )
            count = counts.get((likelihood, impact))
            if count:
                axes.text(
                    impact,
                    likelihood - 0.08,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=HEATMAP_FONT + 6,
                    fontweight="bold",
                    color="#ffffff" if dark else "#000000",
                )
    axes.set_xlim(0.5, 5.5)
    axes.set_ylim(0.5, 5.5)
    axes.set_xticks(range(1, 6))
    axes.set_yticks(range(1, 6))
    axes.tick_params(labelsize=HEATMAP_FONT, length=0)
    axes.set_aspect("equal")
    axes.set_xlabel(text("risk", "heatmap_impact", language), fontsize=HEATMAP_FONT)
    axes.set_ylabel(text("risk", "heatmap_likelihood", language), fontsize=HEATMAP_FONT)
    title = text("risk", f"heatmap_{which}", language, bidder=bidder or "").rstrip(": ")
    lines = textwrap.wrap(title, 44, break_long_words=False, break_on_hyphens=False) or [title]
    if appetite is not None:  # on a line of its own, so two maps side by side line up
        lines.append(f"({text('risk', 'heatmap_appetite', language, appetite=appetite)})")
    axes.set_title("\n".join(lines), fontsize=HEATMAP_FONT + 0.5)
    for side in axes.spines.values():
        side.set_visible(False)
    return figure


def stable_png(figure: Figure) -> bytes:
    """A chart as the report shows it: PNG at 110 dpi, trimmed, with no timestamp or software
    tag (the same chart gives the same bytes)."""
    buffer = BytesIO()
    with plain_text():
        figure.savefig(
            buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None}
        )
    return buffer.getvalue()


def heatmap_png(
    risks: Iterable[RiskResult],
    which: Literal["inherent", "residual"] = "inherent",
    language: str = "nl",
    *,
    appetite: int | None = None,
    bidder: str | None = None,
) -> bytes:
    """`risk_heatmap` as the PNG a notebook displays, drawn once per content and reused.

    A heat map shows only the risks' names and chosen levels, so calls that agree on those (a
    bid's risk page and its saved PNG, the same bid in a batch) share one drawing.
    """
    risks = list(risks)
    placed = tuple(
        (r.id, risk_label(r), level.likelihood, level.impact)
        for r in risks
        for level in [r.inherent if which == "inherent" else r.residual]
    )
    key = (placed, which, language, appetite, bidder)
    image = _HEATMAPS.get(key)
    if image is None:
        image = stable_png(risk_heatmap(risks, which, language, appetite=appetite, bidder=bidder))
        if len(_HEATMAPS) >= _HEATMAPS_KEPT:
            _HEATMAPS.pop(next(iter(_HEATMAPS)))
        _HEATMAPS[key] = image
    return image


_HEATMAPS: dict[tuple, bytes] = {}
_HEATMAPS_KEPT = 256


def _cell(impact: int, likelihood: int, colour, above: bool):
    from matplotlib.patches import Rectangle

    return Rectangle(
        (impact - 0.5, likelihood - 0.5),
        1,
        1,
        facecolor=colour,
        edgecolor="#333333" if above else "white",
        linewidth=1.6 if above else 1.0,
    )
