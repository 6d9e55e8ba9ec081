"""The Map complete post: winner as a group of players, both rounds combined, MVP, awards."""

from __future__ import annotations

from typing import Any

from etstats.publish.post import Embed
from etstats.publish.render.style import (
    COLOUR_MAP,
    COLOUR_WARNING,
    TABLE_LEGEND,
    clock,
    footer,
    number,
    player_table,
    shown_name,
)
from etstats.stats.awards import MVP_FORMULA, awards, mvp, mvp_score
from etstats.stats.outcome import MapWinner
from etstats.stats.players import PlayerStats
from etstats.stats.summary import MapSummary

CHART_NAME = "map.png"


def _names(players: list[PlayerStats]) -> str:
    return ", ".join(shown_name(p) for p in sorted(players, key=lambda p: p.display_name.lower())) or "–"


def winner_line(summary: MapSummary) -> str:
    if summary.winner is None:
        return "Winner unknown (a round result is missing)"
    if summary.winner is MapWinner.DRAW:
        return "🤝 **Draw** — both sides held the full time"
    team = summary.group_a if summary.winner is MapWinner.A else summary.group_b
    return f"🏆 **{_names(team)}** won the map"


def map_embed(summary: MapSummary, *, chart: bool = False) -> Embed:
    everyone = summary.players
    description = [winner_line(summary)]
    colour = COLOUR_MAP
    if summary.round1 is None:
        colour = COLOUR_WARNING
        description.append("⚠️ **Round 1 missing** — no winner can be named; totals are the Round 2 file's.")
    elif summary.time_to_beat_s is not None:
        description.append(f"Time to beat was **{clock(summary.time_to_beat_s)}**")
    fields: list[dict[str, Any]] = []
    if summary.round1 is not None:
        fields.append(
            {
                "name": f"Group A ({len(summary.group_a)}) — attacked first",
                "value": player_table(summary.group_a),
                "inline": False,
            }
        )
        fields.append(
            {
                "name": f"Group B ({len(summary.group_b)}) — defended first",
                "value": player_table(summary.group_b),
                "inline": False,
            }
        )
        if summary.others:
            fields.append({"name": "Others", "value": player_table(summary.others), "inline": False})
    else:
        fields.append({"name": "Players", "value": player_table(everyone), "inline": False})
    best = mvp(everyone)
    if best is not None and summary.round1 is not None:
        fields.append(
            {
                "name": "⭐ MVP",
                "value": f"**{shown_name(best)}** — score {mvp_score(best):.1f} "
                f"({best.kills} kills, {number(best.dpm)} DPM)",
                "inline": False,
            }
        )
    prizes = awards(everyone) if summary.round1 is not None else []
    if prizes:
        fields.append(
            {
                "name": "🎖️ Awards",
                "value": "\n".join(f"**{a.title}:** {shown_name(a.player)} ({a.value})" for a in prizes),
                "inline": False,
            }
        )
    embed: Embed = {
        "title": f"Map complete — {summary.map}",
        "description": "\n".join(description),
        "color": colour,
        "fields": fields,
        "footer": {
            "text": f"{MVP_FORMULA}\n{TABLE_LEGEND}\n{footer(summary.round2.server, summary.round2.written_at)}"
        },
    }
    if chart:
        embed["image"] = {"url": f"attachment://{CHART_NAME}"}
    return embed
