"""Server-rendered SVG charts: geometry in Python, markup in `templates/metrics/_chart.html`.

No JavaScript and no library: a chart is a few rectangles and texts. Every bar carries its
number as text beside it (readable without colour, and in high-contrast modes), hidden
numbers are written as "<5" or "x" with no bar, and the table beside each chart gives the
same numbers to screen readers and to anyone who prefers a table.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from metrics.suppression import Cell

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 180
PLOT_WIDTH = 260
VALUE_WIDTH = 60
TOP = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    bars: list[Bar]
    label_x: int
    vertical: bool = False


def _short(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def horizontal(
    chart_id: str, title: str, description: str, items: Sequence[tuple[str, Cell | float | None, str]]
) -> Chart:
    """One bar per item: (label, value (a Cell, a number or None), the value as text)."""
    numbers = [_number(value) for _label, value, _text in items]
    top = max([n for n in numbers if n is not None] or [0]) or 1
    bars = []
    for index, ((label, _value, text), number) in enumerate(zip(items, numbers, strict=True)):
        y = TOP + index * (BAR_HEIGHT + GAP)
        width = 0 if number is None else max(1.0, PLOT_WIDTH * number / top) if number else 0
        bars.append(
            Bar(
                label=_short(label),
                value_text=text,
                x=LABEL_WIDTH,
                y=y,
                width=round(width, 1),
                height=BAR_HEIGHT,
                text_x=LABEL_WIDTH + width + 6,
                text_y=y + BAR_HEIGHT * 0.7,
            )
        )
    height = TOP * 2 + len(items) * (BAR_HEIGHT + GAP)
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=max(height, 40),
        bars=bars,
        label_x=LABEL_WIDTH - 8,
    )


def columns(
    chart_id: str, title: str, description: str, items: Sequence[tuple[str, Cell | float | None, str]]
) -> Chart:
    """A column per item (months, left to right), the number above each and the label below."""
    numbers = [_number(value) for _label, value, _text in items]
    top = max([n for n in numbers if n is not None] or [0]) or 1
    slot = 44
    plot = 160
    bars = []
    for index, ((label, _value, text), number) in enumerate(zip(items, numbers, strict=True)):
        h = 0 if not number else max(1.0, plot * number / top)
        x = 10 + index * slot
        bars.append(
            Bar(
                label=label,
                value_text=text,
                x=x,
                y=20 + plot - h,
                width=slot - 10,
                height=round(h, 1),
                text_x=x + (slot - 10) / 2,
                text_y=20 + plot - h - 4,
            )
        )
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        width=max(20 + len(items) * slot, 200),
        height=20 + plot + 36,
        bars=bars,
        label_x=20 + plot + 16,
        vertical=True,
    )


def _number(value: Cell | float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, Cell):
        return None if value.hidden else float(value.value)
    return float(value)
