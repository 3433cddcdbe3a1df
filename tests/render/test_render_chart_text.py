"""Chart texts from input are plain text: no chart parses a bidder name or title as mathtext."""

from __future__ import annotations

import pytest
from matplotlib.text import Text

from hostile_tender import K1_TITLE, K2_TITLE, NAME, hostile_tender
from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender
from tenderkit.render.chart_text import plain_text_chart
from tenderkit.render.charts import risk_heatmap
from tenderkit.reporting import figures
from tenderkit.reporting.view import AwardReport


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tender = load_tender(hostile_tender(tmp_path_factory.mktemp("hostile") / "tender"))
    return tender, evaluate(tender)


def _charts(tender, result):
    bid = result.bid("zaakwerk")
    charts = {
        "quality": figures.quality_chart(result, tender),
        "totals": figures.totals_chart(result),
        "win_share": figures.win_share_chart(result),
        "flips": figures.flips_chart(result, tender),
    }
    for which in ("inherent", "residual"):
        charts[f"heatmap_{which}"] = risk_heatmap(bid.risks, which, appetite=9, bidder=bid.name)
    return {name: chart for name, chart in charts.items() if chart is not None}


def test_every_chart_renders_and_shows_the_texts_as_written(hostile):
    tender, result = hostile
    charts = _charts(tender, result)
    assert {"quality", "totals", "heatmap_inherent", "heatmap_residual"} <= set(charts)
    shown = []
    for name, chart in charts.items():
        assert figures.png(chart).startswith(b"\x89PNG"), name
        texts = chart.findobj(Text)
        assert all(not t.get_parse_math() for t in texts), name
        shown += [t.get_text() for t in texts]
    everything = "\n".join(shown)
    assert NAME in everything  # legend, tick labels, heat map title
    words = " ".join(everything.split())  # labels are wrapped on spaces, never cut
    assert " ".join(K1_TITLE.split()) in words and " ".join(K2_TITLE.split()) in words


def test_the_report_summary_and_its_charts_render(hostile):
    tender, result = hostile
    report = AwardReport(tender, result)
    assert NAME.replace("&", "&amp;").split("<")[0] in report.summary()
    assert report.totals_chart().startswith(b"\x89PNG")
    assert report.quality_chart().startswith(b"\x89PNG")
    charts = [c for c in report.sensitivity_charts() if isinstance(c, bytes)]
    assert charts and all(chart.startswith(b"\x89PNG") for chart in charts)
    assert "data:image/png;base64," in report.risks()


def test_the_decorator_switches_off_math_on_texts_added_any_way():
    from matplotlib.figure import Figure

    @plain_text_chart
    def chart() -> Figure:
        figure = Figure()
        axes = figure.add_subplot()
        axes.set_title("$\\nope$")
        axes.annotate("$x$", (0.5, 0.5))
        axes.plot([0, 1], label="$\\frac{1}{0}$")
        axes.legend()
        return figure

    figure = chart()
    assert all(not t.get_parse_math() for t in figure.findobj(Text))
    assert figures.png(figure).startswith(b"\x89PNG")
