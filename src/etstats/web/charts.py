"""Charts as SVG text made on the server: readable at 360 px, no script, no image files.

Each chart is drawn on a 360-unit-wide view box and scales to the width of the page, so
its text stays at least as large as on a phone held upright. Every text is XML-escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

WIDTH = 360
FONT = 12
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 14, 26


@dataclass(frozen=True, slots=True)
class FormPoint:
    """One map of a player's form: when, which map, and the value drawn (None: no time known)."""

    played_at: datetime
    map: str
    value: float | None


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float


def _svg(height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT}" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def nice_ceiling(value: float) -> float:
    """The next round number at or above ``value`` (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def rolling_mean(values: Sequence[float | None], window: int) -> list[float | None]:
    """Mean of the last ``window`` known values at each point (None until one is known)."""
    result: list[float | None] = []
    for index in range(len(values)):
        known = [v for v in values[max(0, index - window + 1) : index + 1] if v is not None]
        result.append(sum(known) / len(known) if known else None)
    return result


def form_chart(points: Sequence[FormPoint], *, label: str = "DPM", window: int = 5) -> str:
    """Value per map, oldest left, with the mean of the last ``window`` maps as a line."""
    height = 200
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    values = [p.value for p in points]
    top = nice_ceiling(max((v for v in values if v is not None), default=0.0))
    step = plot_w / max(1, len(points) - 1)

    def x(index: int) -> float:
        return LEFT + (index * step if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    body = [f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" class="plot"/>']
    for tick in (0.0, top / 2, top):
        body.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="grid"/>')
        body.append(f'<text x="{LEFT - 4}" y="{y(tick) + 4:.1f}" text-anchor="end" class="axis">{tick:.0f}</text>')
    for index, point in enumerate(points):
        if point.value is not None:
            tip = escape(f"{point.map} {point.played_at:%Y-%m-%d}: {point.value:.0f} {label}")
            body.append(
                f'<circle cx="{x(index):.1f}" cy="{y(point.value):.1f}" r="3" class="dot"><title>{tip}</title></circle>'
            )
    trend = [(x(i), y(v)) for i, v in enumerate(rolling_mean(values, window)) if v is not None]
    if len(trend) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in trend)
        body.append(f'<polyline points="{path}" class="trend"/>')
    if points:
        first, last = points[0].played_at, points[-1].played_at
        body.append(f'<text x="{LEFT}" y="{height - 8}" class="axis">{first:%Y-%m-%d}</text>')
        body.append(f'<text x="{WIDTH - RIGHT}" y="{height - 8}" text-anchor="end" class="axis">{last:%Y-%m-%d}</text>')
    title = f"{label} per map, last {len(points)} maps; line: mean of {window}"
    return _svg(height, title, body)


def bar_chart(bars: Sequence[Bar], *, title: str, digits: int = 0) -> str:
    """Horizontal bars, one labelled row each, largest value spanning the width."""
    row, label_w = 22, 120
    height = TOP + row * len(bars) + 8
    top = max((b.value for b in bars), default=0.0) or 1.0
    room = WIDTH - label_w - RIGHT - 44
    body = []
    for index, bar in enumerate(bars):
        y = TOP + index * row
        name = bar.label if len(bar.label) <= 16 else bar.label[:15] + "…"
        body.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" class="label">{escape(name)}</text>')
        width = max(1.0, bar.value / top * room)
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row - 8}" class="bar"/>')
        body.append(f'<text x="{label_w + width + 4:.1f}" y="{y + 15}" class="value">{bar.value:,.{digits}f}</text>')
    return _svg(height, title, body)
