"""Round 1 and Round 2 posts."""

from __future__ import annotations

from etstats.publish.post import Embed
from etstats.publish.render.style import (
    COLOUR_ROUND1,
    COLOUR_ROUND2,
    COLOUR_WARNING,
    SIDE_LABEL,
    TABLE_LEGEND,
    TEAM_SIDE,
    clock,
    footer,
    player_table,
    top_three,
)
from etstats.stats.outcome import RoundOutcome
from etstats.stats.summary import RoundSummary


def result_line(summary: RoundSummary) -> str:
    """The round in stopwatch words: who set or beat the time, or who held."""
    attackers = summary.attackers
    defender = summary.defender
    if summary.outcome is RoundOutcome.UNKNOWN or attackers is None or defender is None:
        return "Result unknown (the file does not name the sides)"
    if summary.round == 1:
        if summary.outcome is RoundOutcome.ATTACKERS_WON:
            return (
                f"⏱️ {SIDE_LABEL[attackers]} set the time: "
                f"**{clock(summary.next_time_limit_s)}** of {clock(summary.time_limit_s)}"
            )
        return f"🛡️ {SIDE_LABEL[defender]} held the full **{clock(summary.time_limit_s)}**"
    if summary.outcome is RoundOutcome.ATTACKERS_WON:
        return f"⏱️ {SIDE_LABEL[attackers]} beat the time of **{clock(summary.time_limit_s)}**"
    return f"🛡️ {SIDE_LABEL[defender]} held: the time of **{clock(summary.time_limit_s)}** stood"


def _team_fields(summary: RoundSummary) -> list[Embed]:
    fields = []
    for role, side in (("⚔️ Attack", summary.attackers), ("🛡️ Defence", summary.defender)):
        players = [p for p in summary.players if TEAM_SIDE.get(p.team) is side] if side else []
        if side is None:
            continue
        name = f"{role} — {SIDE_LABEL[side]} ({len(players)})"
        fields.append({"name": name, "value": player_table(players) if players else "–", "inline": False})
    if summary.attackers is None:
        fields.append({"name": "Players", "value": player_table(summary.players), "inline": False})
    spectators = [p for p in summary.players if p.team not in TEAM_SIDE]
    if spectators and summary.attackers is not None:
        fields.append({"name": "Spectators", "value": player_table(spectators), "inline": False})
    return fields


def round_embed(summary: RoundSummary) -> Embed:
    """Round 1 or Round 2 (Round-2-only numbers; marked when its Round 1 is missing)."""
    title = f"Round {summary.round} — {summary.map}"
    description = [result_line(summary)]
    colour = COLOUR_ROUND1 if summary.round == 1 else COLOUR_ROUND2
    fields = _team_fields(summary)
    if summary.round1_missing:
        colour = COLOUR_WARNING
        description.append(
            "⚠️ **Round 1 missing** — these are the Round 2 file's totals (both rounds for "
            "players who played both); no Round-2-only numbers can be given."
        )
    else:
        fields.append({"name": "Top performers", "value": top_three(summary.players), "inline": False})
    if summary.round == 1:
        beat = summary.next_time_limit_s if summary.outcome is RoundOutcome.ATTACKERS_WON else summary.time_limit_s
        fields.append({"name": "Time to beat in Round 2", "value": f"**{clock(beat)}**", "inline": True})
    return {
        "title": title,
        "description": "\n".join(description),
        "color": colour,
        "fields": fields,
        "footer": {"text": f"{TABLE_LEGEND}\n{footer(summary.server, summary.written_at)}"},
    }
