"""The /status chart: assignments done, open and overdue per agency or per meeting, as a PNG.

matplotlib 3.11 shapes Persian itself with its bundled DejaVu Sans (docs/dependencies.md: no reshaper, no bidi
library, they would reverse it again). Built on a bare Figure (no pyplot state), so it is safe in a
thread; the bot draws it in a worker process (bot.heavy), so its arguments and result are plain picklable
values. matplotlib is imported only when a chart is drawn (the worker's fork server has it loaded)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.domain.jalali import format_jalali
from bot.domain.persian import to_persian_digits
from bot.texts import status as t

ChartKind = Literal["agency", "meeting"]
COLOURS = {"done": "#2e7d32", "open": "#90a4ae", "overdue": "#c62828"}


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
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    title = (
        f"{t.CHART_AGENCIES_TITLE if kind == 'agency' else t.CHART_MEETINGS_TITLE} — {format_jalali(today)}"
    )
    height = max(3.0, 0.45 * len(bars) + 1.6) if kind == "agency" else 4.5
    figure = Figure(figsize=(9, height), dpi=110)
    axes = figure.add_subplot()
    labels = [bar.label for bar in bars]
    positions = list(range(len(bars)))
    start = [0] * len(bars)
    for part, name in (("done", t.CHART_DONE), ("open", t.CHART_OPEN), ("overdue", t.CHART_OVERDUE)):
        values = [getattr(bar, part) for bar in bars]
        if kind == "agency":
            axes.barh(positions, values, left=start, color=COLOURS[part], label=name)
        else:
            axes.bar(positions, values, bottom=start, color=COLOURS[part], label=name, width=0.6)
        start = [a + b for a, b in zip(start, values, strict=True)]
    persian = FuncFormatter(lambda value, _: to_persian_digits(f"{value:g}"))
    if kind == "agency":
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()  # the first agency on top
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.xaxis.set_major_formatter(persian)
        axes.set_xlabel(t.CHART_COUNT)
    else:
        axes.set_xticks(positions, labels)
        axes.set_xlim(-0.8, max(len(bars), 4) - 0.2)  # a few meetings keep a bar's width
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(persian)
        axes.set_ylabel(t.CHART_COUNT)
    axes.set_title(title)
    # Under the plot, so that it never hides a bar.
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14 if kind == "meeting" else -0.3), ncols=3)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
