"""The /status chart's layout, measured with matplotlib's renderer: the legend right under the axis'
labels, whatever the number of bars; the meetings' columns fill their plot; nothing is cut at the edges."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from bot.reports.chart import DPI, ChartBar, ChartKind, chart_figure
from bot.texts import status as t

TODAY = date(2026, 10, 8)
AGENCIES = ("شهرداری کمالشهر", "فرمانداری شهرستان کرج", "اداره کل بهزیستی استان البرز", "آموزش و پرورش")
# At most this many pixels (at 110 dpi: about 7 points) between the axis' labels and the legend.
GAP_PIXELS = 10


def bars(kind: ChartKind, count: int) -> list[ChartBar]:
    if kind == "agency":
        return [ChartBar(f"{AGENCIES[i % 4]} {i}", 3 + i % 4, 5 - i % 3, i % 5) for i in range(count)]
    return [ChartBar(t.CHART_MEETING.format(meeting=40 + i), 10 + 3 * i, 8, 2 + i % 3) for i in range(count)]


def drawn(kind: ChartKind, count: int) -> tuple[Figure, RendererAgg]:
    """The chart drawn (the constrained layout is worked out then), and its renderer."""
    figure = chart_figure(kind, bars(kind, count), TODAY)
    canvas: Any = FigureCanvasAgg(figure)
    canvas.draw()
    return figure, canvas.get_renderer()


@pytest.mark.parametrize(("kind", "count"), [("agency", 1), ("agency", 3), ("agency", 12), ("meeting", 1),
                                             ("meeting", 2), ("meeting", 8)])  # fmt: skip
def test_the_legend_is_right_under_the_axis_and_nothing_is_cut(kind: ChartKind, count: int) -> None:
    figure, renderer = drawn(kind, count)
    (axes,) = figure.axes
    legend = figure.legends[0] if figure.legends else axes.get_legend()
    assert legend is not None
    # The plot with its ticks' labels and the axes' labels.
    labels = Bbox.union([axes.get_window_extent(renderer), *_axis_boxes(axes, renderer)])
    below = legend.get_window_extent(renderer)
    assert below.y1 <= labels.y0 + 1, "the legend overlaps the axis' labels"
    assert labels.y0 - below.y1 <= GAP_PIXELS, (
        f"{labels.y0 - below.y1:.0f} px between the axis and the legend"
    )
    everything = figure.get_tightbbox(renderer)
    assert everything is not None
    inches = figure.bbox_inches
    assert everything.x0 >= 0 and everything.y0 >= 0, "cut at the left or the bottom"
    assert everything.x1 <= inches.x1 + 0.01 and everything.y1 <= inches.y1 + 0.01, "cut at the right or top"


@pytest.mark.parametrize("count", [1, 2, 8])
def test_the_meetings_columns_fill_their_plot(count: int) -> None:
    figure, renderer = drawn("meeting", count)
    (axes,) = figure.axes
    plot = axes.get_window_extent(renderer)
    boxes = sorted((patch.get_window_extent(renderer) for patch in axes.patches), key=lambda box: box.x0)
    width = boxes[0].width
    left, right = boxes[0].x0 - plot.x0, plot.x1 - boxes[-1].x1
    # No side of the plot emptier than a column is wide, both sides alike; a column at most 2 inches.
    assert left <= width and right <= width and abs(left - right) < 2, (left, right, width)
    assert width <= 2 * DPI
    assert figure.bbox.width <= 9 * DPI


def _axis_boxes(axes: Axes, renderer: RendererAgg) -> list[Bbox]:
    boxes = [axis.get_tightbbox(renderer) for axis in (axes.xaxis, axes.yaxis)]
    return [box for box in boxes if box is not None]
