"""PNG charts for the map post and the session reply.

Drawn on a ``matplotlib.figure.Figure`` with the Agg canvas, never through pyplot, so
no global figure state is created or leaked and charts can be drawn from worker
threads (callers run them with ``asyncio.to_thread``). The figure has its own dark
card background, so it reads the same on Discord's dark and light themes.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from etstats.publish.limits import clean_name
from etstats.publish.render.style import COLOUR_MAP, COLOUR_ROUND1, COLOUR_ROUND2
from etstats.stats import formulas
from etstats.stats.players import PlayerStats
from etstats.stats.summary import MapSummary

if TYPE_CHECKING:
    from etstats.stats.session_summary import SessionSummary

BACKGROUND = "#2B2D31"
TEXT = "#DBDEE1"
GRID = "#4E5058"
GROUP_COLOURS = {"A": f"#{COLOUR_ROUND1:06X}", "B": f"#{COLOUR_ROUND2:06X}", "other": "#8E9297"}
SESSION_COLOUR = f"#{COLOUR_MAP:06X}"
FONT = "DejaVu Sans"
NAME_CHARS = 16
DPI = 100
ANNOTATED_CELLS = 48
CHART_ROWS = 40
"""Players drawn at most (the best by DPM): keeps any chart far below Discord's upload limit."""
CHAR_INCH = 0.075
LABEL_INCH = 0.25

_font_lock = threading.Lock()


@functools.cache
def _font() -> FT2Font:
    return FT2Font(font_manager.findfont(FONT))


def _drawable(text: str) -> str:
    """``text`` with characters the font lacks replaced by ``?`` and ``$`` kept out of mathtext.

    Filtering beforehand avoids matplotlib's missing-glyph warnings, which could only be
    silenced through the process-wide (thread-unsafe) warnings filters.
    """
    font = _font()
    with _font_lock:
        shown = "".join(ch if ch.isspace() or font.get_char_index(ord(ch)) else "?" for ch in text)
    return shown.replace("$", r"\$")


def _label(player: PlayerStats) -> str:
    return _drawable(clean_name(player.display_name, limit=NAME_CHARS))


def _figure(width: float, height: float, labels: Sequence[str]) -> Figure:
    """A figure with margins set from the longest name (a layout engine would double the time)."""
    figure = Figure(figsize=(width, height), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    name_inches = LABEL_INCH + CHAR_INCH * max((len(label) for label in labels), default=0)
    figure.subplots_adjust(
        left=name_inches / width, right=0.97, top=1 - 0.6 / height, bottom=0.55 / height, wspace=0.08
    )
    return figure


def _style(axes: Axes, title: str) -> None:
    axes.set_facecolor(BACKGROUND)
    axes.set_title(title, color=TEXT, fontsize=11, family=FONT)
    axes.tick_params(colors=TEXT, labelsize=9)
    for spine in axes.spines.values():
        spine.set_color(GRID)
    axes.grid(axis="x", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND)
    return buffer.getvalue()


def _bars(
    axes: Axes, labels: Sequence[str], values: Sequence[float], colours: Sequence[str], title: str, digits: int
) -> None:
    _style(axes, title)
    positions = range(len(labels))
    axes.barh(positions, values, color=colours, height=0.7)
    axes.set_yticks(list(positions), labels=list(labels), family=FONT)
    axes.set_ylim(max(len(labels), 1) - 0.5, -0.5)
    top = max(values, default=0) or 1
    axes.set_xlim(0, top * 1.18)
    for position, value in zip(positions, values):
        axes.text(value + top * 0.015, position, f"{value:.{digits}f}", va="center", color=TEXT, fontsize=8)


def _height(rows: int) -> float:
    return max(2.6, 0.9 + 0.3 * rows)


def map_chart(summary: MapSummary) -> bytes:
    """DPM and K/D per player over both rounds, grouped and coloured by player group."""
    rows: list[tuple[PlayerStats, str]] = []
    everyone = summary.group_a + summary.group_b + summary.others
    shown = {id(p) for p in sorted(everyone, key=lambda p: -(p.dpm or 0))[:CHART_ROWS]}
    for players, group in ((summary.group_a, "A"), (summary.group_b, "B"), (summary.others, "other")):
        rows += [(p, group) for p in sorted(players, key=lambda p: -(p.dpm or 0)) if id(p) in shown]
    labels = [_label(p) for p, _ in rows]
    colours = [GROUP_COLOURS[group] for _, group in rows]
    figure = _figure(9, _height(len(rows)), labels)
    dpm_axes, kd_axes = figure.subplots(1, 2, sharey=True)
    _bars(dpm_axes, labels, [p.dpm or 0.0 for p, _ in rows], colours, "DPM", 0)
    _bars(kd_axes, labels, [p.kd for p, _ in rows], colours, "K/D", 2)
    kd_axes.tick_params(axis="y", left=False)
    scope = "both rounds" if summary.round1 is not None else "Round 2 file totals"
    groups = "blue: group A (attacked first) · amber: group B" if summary.round1 is not None else ""
    figure.suptitle(f"{_drawable(summary.map)} — {scope}", color=TEXT, fontsize=12, family=FONT)
    if groups:
        figure.supxlabel(groups, color=TEXT, fontsize=8, family=FONT)
    return _png(figure)


def _map_dpm(summary: MapSummary) -> dict[str, float | None]:
    return {p.key: p.dpm for p in summary.players}


def session_chart(summary: SessionSummary) -> bytes:
    """The evening at a glance: session DPM per player (K/D inside the bar) and DPM map by map."""
    players = sorted(summary.players, key=lambda p: -(p.dpm or 0))[:CHART_ROWS]
    labels = [_label(p) for p in players]
    figure = _figure(11, _height(len(players)), labels)
    bars, heat = figure.subplots(1, 2, sharey=True, width_ratios=(1, 1.7))
    _bars(bars, labels, [p.dpm or 0.0 for p in players], [SESSION_COLOUR] * len(players), "DPM (K/D)", 0)
    for position, p in enumerate(players):
        kd = formulas.kd_ratio(p.kills, p.deaths)
        bars.text(0, position, f" {kd:.2f}", va="center", color=BACKGROUND, fontsize=7)
    per_map = [_map_dpm(m) for m in summary.maps]
    grid = [[float("nan") if (v := cells.get(p.key)) is None else v for cells in per_map] for p in players]
    _style(heat, "DPM map by map")
    heat.grid(False)
    heat.tick_params(axis="y", left=False)
    if per_map and players:
        image = heat.imshow(grid, aspect="auto", cmap="viridis", interpolation="nearest")
        if len(players) * len(per_map) <= ANNOTATED_CELLS:
            for row, values in enumerate(grid):
                for column, value in enumerate(values):
                    if value == value:
                        heat.text(column, row, f"{value:.0f}", ha="center", va="center", fontsize=7, color="white")
        colourbar = figure.colorbar(image, ax=heat, fraction=0.04, pad=0.01)
        colourbar.ax.tick_params(colors=TEXT, labelsize=8)
        heat.set_ylim(len(players) - 0.5, -0.5)
    heat.set_xticks(range(len(per_map)), labels=[str(n) for n in range(1, len(per_map) + 1)])
    day = summary.started_at
    figure.suptitle(f"Session {day:%Y-%m-%d} — {len(summary.maps)} maps", color=TEXT, fontsize=12, family=FONT)
    return _png(figure)
