"""The live message as Discord shows it: 40 characters wide so a phone needs no scrolling.

Names, server and map come from the game server and are cleaned, escaped and cut like
every other player name; inside the code block a name is cut at 16 visible characters.
"""

from __future__ import annotations

from typing import Any

from etstats.publish.limits import clean_name, escape_markdown, neutralize_mentions
from etstats.publish.render.style import COLOUR_ROUND1, COLOUR_ROUND2, clock
from etstats.publish.render.table import PHONE_WIDTH, pad, table_name
from etstats.stats.live import LiveRow, LiveView, Pace, Side

Embed = dict[str, Any]

NAME_WIDTH = 16
ROWS_SHOWN = 24
COLOUR_STALE = 0x6B7280  # grey
_SIDE_MARK = {Side.ATTACK: "A", Side.DEFEND: "D"}
_PACE = {
    Pace.ON_PACE: "✅ attackers on pace (winning the fights)",
    Pace.BEHIND: "⏳ attackers behind (losing the fights)",
    Pace.OUT_OF_TIME: "❌ attackers out of time",
}
_HEADER = f"  {'NAME':<{NAME_WIDTH}} {'K':>3} {'D':>3} {'K/D':>4} {'DPM':>4}"


def _plain(text: str, limit: int) -> str:
    return neutralize_mentions(escape_markdown(clean_name(text, limit=limit)))


def _row(row: LiveRow) -> str:
    name = pad(table_name(row.name, NAME_WIDTH), NAME_WIDTH)
    shown_dpm = "–" if row.dpm is None else str(min(9999, round(row.dpm)))
    kd = f"{min(row.kd, 99.9):.1f}"
    line = f"{_SIDE_MARK[row.side]} {name} {row.kills:>3} {row.deaths:>3} {kd:>4} {shown_dpm:>4}"
    return line if row.alive else line[:1] + "†" + line[2:]


def _clock_lines(view: LiveView) -> list[str]:
    if view.state != "playing":
        return [f"⏸ {view.state.replace('_', ' ')}"]
    if view.round == 2 and view.time_to_beat_s:
        lines = [f"⏱ {clock(view.elapsed_s)} of {clock(view.time_to_beat_s)} to beat · {clock(view.time_left_s)} left"]
        if view.pace is not None:
            lines.append(_PACE[view.pace])
        return lines
    return [f"⏱ {clock(view.elapsed_s)} played · {clock(view.time_left_s)} left"]


def live_lines(view: LiveView) -> list[str]:
    """The table: one line per player, DPM order; ``†`` marks the dead, A/D the side."""
    rows = view.rows[:ROWS_SHOWN]
    return [_HEADER, *(_row(r) for r in rows)] if rows else ["no players on a team yet"]


def live_embed(view: LiveView, refresh_seconds: float) -> Embed:
    """The live message: map and round, the clock, (Round 2) the pace, the table, and staleness."""
    lines = _clock_lines(view)
    lines.append(f"alive: attack {view.alive[Side.ATTACK]} · defend {view.alive[Side.DEFEND]}")
    if view.stale is not None:
        lines.insert(0, f"⚠️ data stale: {_plain(view.stale, 120)}")
    table = "\n".join(live_lines(view))
    colour = COLOUR_STALE if view.stale else COLOUR_ROUND2 if view.round == 2 else COLOUR_ROUND1
    return {
        "title": f"🔴 Live: {_plain(view.map, 24)} · Round {view.round}",
        "description": "\n".join(lines) + f"\n```\n{table}\n```",
        "color": colour,
        "footer": {
            "text": f"{neutralize_mentions(clean_name(view.server, limit=PHONE_WIDTH))} · updates every {refresh_seconds:g}s"
        },
    }


def pointer_text(map_name: str, round_number: int) -> str:
    """What the live message becomes once the round's file is in: one line pointing at the round post."""
    return f"🏁 {_plain(map_name, 24)} Round {round_number} is over: the round post below has the results."


def ended_text(map_name: str, round_number: int) -> str:
    """What an older live message becomes when another round starts before its round file came."""
    return f"⏹ The live view of {_plain(map_name, 24)} Round {round_number} has ended."


def no_live_embed(server: str) -> Embed:
    """``!live`` when a server has not written a live file (or none that could be read)."""
    return {
        "title": "🔴 Live",
        "description": f"No live data from {_plain(server, PHONE_WIDTH)}: is etstats_live.lua loaded? See `etstats lua`.",
        "color": COLOUR_STALE,
    }
