"""The award report's charts can be read (issue 17, point 4): full labels, a legend outside the
plot, text at least body size in the PDF, no bars for weights that never change the winner, and
no bar (a would-be total) for an invalid bid."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from report_examples import EXAMPLES, award_report

from tenderkit.reporting import figures
from tenderkit.reporting.view import Png


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(figure: Figure) -> list[Text]:
    figure.canvas.draw()  # tick labels exist once drawn
    return [t for t in figure.findobj(Text) if t.get_text().strip() and t.get_visible()]


def _charts(name: str) -> list[Figure]:
    report = award_report(name)
    charts = [
        figures.totals_chart(report.result),
        figures.quality_chart(report.result, report.tender),
        figures.win_share_chart(report.result),
        figures.flips_chart(report.result, report.tender),
    ]
    return [c for c in charts if c is not None]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_text_of_every_chart_is_at_least_the_chart_body_size(name):
    for chart in _charts(name):
        small = [(t.get_text(), t.get_fontsize()) for t in _texts(chart)]
        assert [s for s in small if s[1] < figures.FONT] == [], chart.axes[0].get_title()


def test_the_chart_font_is_at_least_the_pdf_body_text_once_scaled():
    # a chart is WIDTH inches at 110 dpi, scaled to the ~690 px text width of the PDF; the PDF's
    # body text is 10 CSS px
    scale = min(1.0, 690 / (figures.WIDTH * 110))
    assert figures.FONT * 110 / 72 * scale >= 10


@pytest.mark.parametrize("name", EXAMPLES)
def test_legends_cover_no_bar(name):
    for chart in _charts(name):
        chart.canvas.draw()
        renderer = chart.canvas.get_renderer()
        axes = chart.axes[0].get_window_extent(renderer)
        for legend in chart.legends + [a.get_legend() for a in chart.axes if a.get_legend()]:
            box = legend.get_window_extent(renderer)
            assert not box.overlaps(axes), chart.axes[0].get_title()


@pytest.mark.parametrize("name", EXAMPLES)
def test_criterion_labels_are_whole(name):
    report = award_report(name)
    chart = figures.quality_chart(report.result, report.tender)
    labels = [t.get_text().replace("\n", " ") for t in chart.axes[0].get_xticklabels()]
    assert labels == [f"{c.id} {c.title}" for c in report.tender.requirement_set.criteria]


def test_an_invalid_bid_has_no_bar_in_the_totals_chart():
    report = award_report("gemeente-zaaksysteem")
    result = report.result
    invalid = [b for b in result.ranking if not b.valid]
    assert invalid and any((b.price.points or 0) > 40 for b in invalid)  # the would-be points
    chart = figures.totals_chart(result)
    axes = chart.axes[0]
    maximum = result.method.quality_weight + result.method.price_weight
    rows = {round(p.get_y() + p.get_height() / 2): 0.0 for p in axes.patches}
    for patch in axes.patches:
        rows[round(patch.get_y() + patch.get_height() / 2)] += patch.get_width()
    assert max(rows.values()) <= maximum
    names = [t.get_text() for t in axes.get_yticklabels()]
    for bid in invalid:
        row = len(result.ranking) - 1 - result.ranking.index(bid)
        assert rows[row] == 0, bid.name
        assert bid.name in names
    assert sum(t.get_text().strip() == "ongeldig" for t in axes.texts) == len(invalid)


def test_weights_that_never_change_the_winner_are_named_not_drawn():
    report = award_report("gemeente-zaaksysteem")
    flips = figures.flip_labels(report.result, report.tender)
    never = [label for label, shift in flips if shift is None]
    moving = [label for label, shift in flips if shift is not None]
    assert never and moving
    chart = figures.flips_chart(report.result, report.tender)
    assert len(chart.axes[0].patches) == len(moving)
    labels = [t.get_text().replace("\n", " ") for t in chart.axes[0].get_yticklabels()]
    assert sorted(labels) == sorted(moving)
    shown = report.sensitivity_charts()
    notes = [str(s) for s in shown if not isinstance(s, Png)]
    assert len(notes) == 1 and all(label in notes[0] for label in never)
