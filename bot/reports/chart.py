"""The /status chart: assignments done, open and overdue per agency or per meeting, as a PNG.

matplotlib 3.11 shapes Persian itself with its bundled DejaVu Sans (docs/dependencies.md: no reshaper, no bidi
library, they would reverse it again). Built on a bare Figure (no pyplot state), so it is safe in a
thread; the bot draws it in a worker process (bot.heavy), so its arguments and result are plain picklable
values. matplotlib is imported only when a chart is drawn (the worker's fork server has it loaded)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from bot.domain.jalali import format_jalali
from bot.domain.persian import to_persian_digits
from bot.texts import status as t

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ChartKind = Literal["agency", "meeting"]
COLOURS = {"done": "#2e7d32", "open": "#90a4ae", "overdue": "#c62828"}
DPI = 110
BAR = 0.6  # a bar's thickness, of the room each has
EDGE = 0.6  # from the outer bars' middles to the plot's edges: a gap half a bar wide
# Inches: an agency's line, and the title, axis and legend around them (one agency: the minimum).
AGENCY_LINE = 0.45
AGENCY_FRAME = 1.9
AGENCY_MIN_HEIGHT = 3.0
# Inches: each meeting's room, the count's axis and the margins around them (up to 9 meetings widen it).
MEETING_SLOT = 0.8
MEETINGS_FRAME = 1.9
MEETINGS_MIN_WIDTH = 4.0  # the title's room
MEETINGS_MAX_WIDTH = 9.0
MEETINGS_HEIGHT = 4.5


@dataclass(frozen=True)
class ChartBar:
    label: str
    done: int
    open: int
    overdue: int

    @property
    def total(self) -> int:
        return self.done + self.open + self.overdue


def render_chart(kind: ChartKind, bars: list[ChartBar], today: date) -> bytes:
    out = io.BytesIO()
    chart_figure(kind, bars, today).savefig(out, format="png")
    return out.getvalue()


def chart_figure(kind: ChartKind, bars: list[ChartBar], today: date) -> Figure:
    """The chart, laid out by matplotlib's constrained layout: the legend right under the axis' labels
    (no band between them, however many bars). Agencies as horizontal bars, one line each; meetings as
    columns, the figure as wide as they need, so that a few of them fill the plot."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    title = t.CHART_AGENCIES_TITLE if kind == "agency" else t.CHART_MEETINGS_TITLE
    if kind == "agency":
        size = (9.0, max(AGENCY_MIN_HEIGHT, AGENCY_LINE * len(bars) + AGENCY_FRAME))
    else:
        width = MEETINGS_FRAME + MEETING_SLOT * len(bars)
        size = (min(MEETINGS_MAX_WIDTH, max(MEETINGS_MIN_WIDTH, width)), MEETINGS_HEIGHT)
    figure = Figure(figsize=size, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(bars)))
    start = [0] * len(bars)
    for part, name in (("done", t.CHART_DONE), ("open", t.CHART_OPEN), ("overdue", t.CHART_OVERDUE)):
        values = [getattr(bar, part) for bar in bars]
        if kind == "agency":
            axes.barh(positions, values, left=start, height=BAR, color=COLOURS[part], label=name)
        else:
            axes.bar(positions, values, bottom=start, width=BAR, color=COLOURS[part], label=name)
        start = [a + b for a, b in zip(start, values, strict=True)]
    labels = [bar.label for bar in bars]
    persian = FuncFormatter(lambda value, _: to_persian_digits(f"{value:g}"))
    count = axes.xaxis if kind == "agency" else axes.yaxis
    count.set_major_locator(MaxNLocator(integer=True))
    count.set_major_formatter(persian)
    count.set_label_text(t.CHART_COUNT)
    if kind == "agency":
        axes.set_yticks(positions, labels)
        axes.set_ylim(len(bars) - 1 + EDGE, -EDGE)  # the first agency on top
    else:
        axes.set_xticks(positions, labels)
        axes.set_xlim(-EDGE, len(bars) - 1 + EDGE)
    axes.set_title(t.CHART_TITLE.format(title=title, today=format_jalali(today)))
    # Under the plot, so that it never hides a bar; the layout leaves it just the room it needs.
    figure.legend(loc="outside lower center", ncols=3)
    return figure
