"""The 5x5 risk heat map (tenderkit.render.charts.risk_heatmap)."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from tenderkit.render.charts import HEATMAP_FONT, heatmap_cells, risk_heatmap
from tenderkit.result import RiskLevel, RiskResult


def _risk(
    rid: str, inherent: tuple[int, int], residual: tuple[int, int], title: str = ""
) -> RiskResult:
    level = lambda li: RiskLevel(likelihood=li[0], impact=li[1], score=li[0] * li[1])  # noqa: E731
    return RiskResult(
        id=rid,
        inherent=level(inherent),
        measures=[],
        residual=level(residual),
        within_appetite=True,
        title=title,
    )


RISKS = [
    _risk("R-A", (4, 5), (1, 5), "Datalek"),
    _risk("R-B", (4, 5), (2, 4), "Storing"),
    _risk("R-C", (1, 3), (1, 3)),
]


def _texts(figure: Figure) -> list[str]:
    return [t.get_text() for t in figure.axes[0].texts]


def _counts(figure: Figure) -> dict[tuple[int, int], str]:
    """The bold count of each occupied cell, by (likelihood, impact)."""
    return {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
        for t in figure.axes[0].texts
        if t.get_fontweight() == "bold"
    }


def test_inherent_map_places_risks_by_likelihood_and_impact():
    figure = risk_heatmap(RISKS, "inherent", "en", appetite=8, bidder="Acme")
    assert isinstance(figure, Figure)
    axes = figure.axes[0]
    assert len(axes.patches) == 25
    texts = _texts(figure)
    assert _counts(figure) == {(4, 5): "2", (1, 3): "1"}
    assert not any("A" in t or "R-" in t for t in texts)  # which risks: the key, in body text
    assert axes.get_title() == "Inherent risk: Acme\n(risk appetite 8)"
    assert axes.get_xlabel() == "Impact" and axes.get_ylabel() == "Likelihood"
    outlined = [p for p in axes.patches if p.get_linewidth() > 1.5]
    assert len(outlined) == sum(1 for li in range(1, 6) for im in range(1, 6) if li * im > 8)


def test_residual_map_in_dutch_and_png(tmp_path):
    figure = risk_heatmap(RISKS, "residual", "nl")
    assert figure.axes[0].get_title() == "Restrisico na maatregelen"
    assert figure.axes[0].get_ylabel() == "Kans"
    assert _counts(figure) == {(1, 5): "1", (2, 4): "1", (1, 3): "1"}
    assert figure._repr_png_().startswith(b"\x89PNG")
    figure.savefig(tmp_path / "map.png")
    assert (tmp_path / "map.png").stat().st_size > 1000


def test_wrong_kind_is_refused():
    with pytest.raises(ValueError, match="inherent"):
        risk_heatmap(RISKS, "both")  # type: ignore[arg-type]


def test_the_key_lists_each_occupied_cell_highest_score_first():
    cells = heatmap_cells(RISKS, "inherent")
    assert [(li, im, [r.id for r in placed]) for li, im, placed in cells] == [
        (4, 5, ["R-A", "R-B"]),
        (1, 3, ["R-C"]),
    ]
    residual = heatmap_cells(RISKS, "residual")
    assert [(li, im) for li, im, _ in residual] == [(2, 4), (1, 5), (1, 3)]


def test_no_text_on_the_map_is_smaller_than_its_body_size():
    figure = risk_heatmap(RISKS, "residual", "nl", appetite=8, bidder="Acme")
    figure.canvas.draw()
    sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_text().strip()]
    assert sizes and min(sizes) >= HEATMAP_FONT - 1
