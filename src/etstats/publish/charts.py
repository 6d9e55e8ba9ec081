"""PNG charts for the map post, the evening and ``!compare``, made to be read on a phone.

A phone shows an embed image about 360 pixels wide, so the charts are drawn narrow
(``WIDTH_INCHES``) and tall rather than wide, with large type, every bar's value written
next to it, and map names (not numbers) on the axes. Panels are stacked, never side by
side, so each one gets the full width.

Drawn on a ``matplotlib.figure.Figure`` with the Agg canvas, never through pyplot, so
no global figure state is created or leaked and charts can be drawn from worker
threads (callers run them with ``asyncio.to_thread``). The figure has its own dark
card background, so it reads the same on Discord's dark and light themes.
"""

from __future__ import annotations

import functools
import io
import math
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
from etstats.stats.compare import Comparison
from etstats.stats.players import PlayerStats
from etstats.stats.summary import MapSummary

if TYPE_CHECKING:
    from etstats.stats.session_summary import SessionSummary

BACKGROUND = "#2B2D31"
TEXT = "#DBDEE1"
GRID = "#4E5058"
CELL_TEXT = "#111214"
GROUP_COLOURS = {"A": f"#{COLOUR_ROUND1:06X}", "B": f"#{COLOUR_ROUND2:06X}", "other": "#8E9297"}
SESSION_COLOUR = f"#{COLOUR_MAP:06X}"
FONT = "DejaVu Sans"
NAME_CHARS = 16
MAP_CHARS = 14
DPI = 100
WIDTH_INCHES = 5.0
"""500 pixels: shown at 360 on a phone, so a 13-point label is still about 13 pixels tall there."""
TITLE_SIZE = 15
LABEL_SIZE = 13
VALUE_SIZE = 12
ROW_INCHES = 0.36
PANEL_TITLE_INCHES = 0.5
SUPTITLE_INCHES = 0.6
BOTTOM_INCHES = 0.35
RIGHT_INCHES = 0.1
CHAR_INCH = 0.1
HEAT_LABEL_INCHES = 0.6
HEAT_PLAYERS = 6
HEAT_NAME_CHARS = 11
LIGHT_CELLS = 0.55
"""Viridis is light above about this share of its range: dark text there, white below."""
COMPARE_MAPS = 10
CHART_ROWS = 40
"""Players drawn at most (the best by DPM): keeps any chart far below Discord's upload limit."""

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


def _map_label(name: str) -> str:
    return _drawable(clean_name(name, limit=MAP_CHARS))


def _figure(panels: Sequence[tuple[int, float]], labels: Sequence[str]) -> tuple[Figure, list[Axes]]:
    """A narrow figure with full-width panels stacked top to bottom, laid out in inches.

    Each panel is (bar rows, extra inches above its plot for column labels). The left
    margin comes from the longest label; a layout engine would double the drawing time.
    """
    heights = [ROW_INCHES * max(rows, 1) for rows, _ in panels]
    above = [PANEL_TITLE_INCHES + extra for _, extra in panels]
    total = SUPTITLE_INCHES + sum(heights) + sum(above) + BOTTOM_INCHES
    figure = Figure(figsize=(WIDTH_INCHES, total), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    left = min(0.55 * WIDTH_INCHES, 0.15 + CHAR_INCH * max((len(label) for label in labels), default=0))
    width = WIDTH_INCHES - left - RIGHT_INCHES
    axes = []
    top = total - SUPTITLE_INCHES
    for height, space in zip(heights, above):
        top -= space
        bottom = top - height
        axes.append(figure.add_axes((left / WIDTH_INCHES, bottom / total, width / WIDTH_INCHES, height / total)))
        top = bottom
    return figure, axes


def _suptitle(figure: Figure, text: str) -> None:
    height = figure.get_figheight()
    figure.text(0.5, 1 - 0.3 / height, text, ha="center", va="center", color=TEXT, fontsize=TITLE_SIZE + 1, family=FONT)


def _style(axes: Axes, title: str) -> None:
    axes.set_facecolor(BACKGROUND)
    axes.set_title(title, color=TEXT, fontsize=TITLE_SIZE, family=FONT, loc="left")
    axes.tick_params(colors=TEXT, labelsize=LABEL_SIZE)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.grid(axis="x", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    axes.tick_params(axis="x", labelbottom=False, bottom=False)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND)
    return buffer.getvalue()


def _bars(
    axes: Axes,
    labels: Sequence[str],
    values: Sequence[float],
    colours: Sequence[str],
    title: str,
    texts: Sequence[str],
) -> None:
    """Horizontal bars, one per label, each with its value written at its end."""
    _style(axes, title)
    positions = range(len(labels))
    axes.barh(positions, values, color=colours, height=0.72)
    axes.set_yticks(list(positions), labels=list(labels), family=FONT)
    axes.set_ylim(max(len(labels), 1) - 0.5, -0.5)
    top = max(values, default=0) or 1
    axes.set_xlim(0, top * 1.32)
    for position, value, text in zip(positions, values, texts):
        axes.text(value + top * 0.02, position, text, va="center", color=TEXT, fontsize=VALUE_SIZE, family=FONT)


def map_chart(summary: MapSummary) -> bytes:
    """DPM, then K/D, per player over both rounds, coloured by player group."""
    rows: list[tuple[PlayerStats, str]] = []
    everyone = summary.group_a + summary.group_b + summary.others
    shown = {id(p) for p in sorted(everyone, key=lambda p: -(p.dpm or 0))[:CHART_ROWS]}
    for players, group in ((summary.group_a, "A"), (summary.group_b, "B"), (summary.others, "other")):
        rows += [(p, group) for p in sorted(players, key=lambda p: -(p.dpm or 0)) if id(p) in shown]
    labels = [_label(p) for p, _ in rows]
    colours = [GROUP_COLOURS[group] for _, group in rows]
    figure, (dpm_axes, kd_axes) = _figure([(len(rows), 0.0), (len(rows), 0.0)], labels)
    dpm = [p.dpm or 0.0 for p, _ in rows]
    _bars(dpm_axes, labels, dpm, colours, "DPM", [f"{v:.0f}" for v in dpm])
    kd = [p.kd for p, _ in rows]
    _bars(kd_axes, labels, kd, colours, "K/D", [f"{v:.2f}" for v in kd])
    scope = "both rounds" if summary.round1 is not None else "Round 2 file totals"
    _suptitle(figure, f"{_map_label(summary.map)} — {scope}")
    if summary.round1 is not None:
        figure.text(
            0.5, 0.12 / figure.get_figheight(), "blue: group A (attacked first) · amber: group B",
            ha="center", color=TEXT, fontsize=11, family=FONT,
        )  # fmt: skip
    return _png(figure)


def _map_dpm(summary: MapSummary) -> dict[str, float | None]:
    return {p.key: p.dpm for p in summary.players}


def _staggered(labels: Sequence[str]) -> list[str]:
    """Column labels on two alternating lines, so neighbouring names never run into each other."""
    return [f"{label}\n" if index % 2 == 0 else f"\n{label}" for index, label in enumerate(labels)]


def _heat(axes: Axes, players: Sequence[PlayerStats], maps: Sequence[MapSummary]) -> None:
    """DPM per map (rows, named) and player (columns, named above), every cell labelled."""
    _style(axes, "DPM map by map")
    axes.title.set_position((0, 1 + HEAT_LABEL_INCHES / max(axes.bbox.height / DPI, 1)))
    axes.grid(False)
    per_map = [_map_dpm(m) for m in maps]
    grid = [[math.nan if (v := cells.get(p.key)) is None else v for p in players] for cells in per_map]
    axes.imshow(grid, aspect="auto", cmap="viridis", interpolation="nearest")
    known = [value for values in grid for value in values if not math.isnan(value)]
    low, span = min(known, default=0.0), (max(known, default=0.0) - min(known, default=0.0)) or 1.0
    for row, values in enumerate(grid):
        for column, value in enumerate(values):
            if math.isnan(value):
                axes.text(column, row, "–", ha="center", va="center", fontsize=VALUE_SIZE, color=TEXT)
                continue
            colour = CELL_TEXT if (value - low) / span > LIGHT_CELLS else "white"
            axes.text(column, row, f"{value:.0f}", ha="center", va="center", fontsize=VALUE_SIZE, color=colour)
    axes.set_yticks(range(len(maps)), labels=[f"{n} {_map_label(m.map)}" for n, m in enumerate(maps, 1)])
    axes.set_xticks(range(len(players)), labels=_staggered([_label(p)[:HEAT_NAME_CHARS].strip() for p in players]))
    axes.tick_params(axis="x", top=False, bottom=False, labeltop=True, labelbottom=False, labelsize=LABEL_SIZE - 3)
    axes.tick_params(axis="y", left=False)


def session_chart(summary: SessionSummary) -> bytes:
    """The evening: DPM per player, K/D per player, then DPM map by map for the top players."""
    players = sorted(summary.players, key=lambda p: -(p.dpm or 0))[:CHART_ROWS]
    labels = [_label(p) for p in players]
    heat_players = [p for p in players if not p.is_bot][:HEAT_PLAYERS]
    map_labels = [f"{n} {_map_label(m.map)}" for n, m in enumerate(summary.maps, 1)]
    panels = [(len(players), 0.0), (len(players), 0.0)]
    if summary.maps and heat_players:
        panels.append((len(summary.maps), HEAT_LABEL_INCHES))
    figure, axes = _figure(panels, labels + map_labels)
    colours = [SESSION_COLOUR] * len(players)
    dpm = [p.dpm or 0.0 for p in players]
    _bars(axes[0], labels, dpm, colours, "DPM", [f"{v:.0f}" for v in dpm])
    kd = [p.kd for p in players]
    _bars(axes[1], labels, kd, colours, "K/D", [f"{v:.2f}" for v in kd])
    if len(axes) > 2:
        _heat(axes[2], heat_players, summary.maps)
    _suptitle(figure, f"{summary.started_at:%a %d %b %Y} — {len(summary.maps)} maps")
    return _png(figure)


def compare_chart(comparison: Comparison) -> bytes:
    """DPM of both players on each of their last shared maps (named, dated), values at the bars."""
    maps = comparison.maps[:COMPARE_MAPS]
    labels = [f"{_map_label(m.map)}\n{m.played_at:%d %b}" for m in maps]
    figure, (axes,) = _figure([(2 * len(maps), 0.0)], [_map_label(m.map) for m in maps])
    _style(axes, "")
    a = [m.a.dpm or 0.0 for m in maps]
    b = [m.b.dpm or 0.0 for m in maps]
    top = max(a + b, default=0) or 1
    positions = range(len(maps))
    name_a = _drawable(clean_name(comparison.name_a, limit=NAME_CHARS))
    name_b = _drawable(clean_name(comparison.name_b, limit=NAME_CHARS))
    axes.barh([p - 0.2 for p in positions], a, height=0.38, color=GROUP_COLOURS["A"], label=name_a)
    axes.barh([p + 0.2 for p in positions], b, height=0.38, color=GROUP_COLOURS["B"], label=name_b)
    for position, left, right in zip(positions, a, b):
        for offset, value in ((-0.2, left), (0.2, right)):
            axes.text(
                value + top * 0.02, position + offset, f"{value:.0f}", va="center", color=TEXT, fontsize=VALUE_SIZE
            )
    axes.set_yticks(list(positions), labels=labels, family=FONT)
    axes.set_ylim(max(len(maps), 1) - 0.5, -0.6)
    axes.set_xlim(0, top * 1.2)
    legend = axes.legend(
        loc="lower left", bbox_to_anchor=(0, 1), ncol=2, frameon=False, fontsize=LABEL_SIZE, borderaxespad=0.2
    )
    for text in legend.get_texts():
        text.set_color(TEXT)
    _suptitle(figure, "DPM on the last maps both played")
    return _png(figure)
