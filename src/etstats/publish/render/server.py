"""The live game server as text: ``!server``, the self-updating status message, presence, voice name.

Everything the server reports (host name, map, player names, even the reason a reply
was rejected) comes from the network and is cleaned like a player name before use.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from etstats.gameserver import PlayerInfo, ServerState, ServerStatus
from etstats.publish.limits import clean_name, escape_markdown, neutralize_mentions, safe_name
from etstats.publish.post import Embed
from etstats.publish.render.style import COLOUR_MAP, COLOUR_WARNING
from etstats.publish.render.table import Column, name_table
from etstats.publish.text import truncate
from etstats.stats.last_round import LastRound
from etstats.stats.status_report import StatusReport

MAP_CHARS = 40
VOICE_NAME_LIMIT = 100
PROBLEM_CHARS = 160
ROUND2_WITHIN = timedelta(hours=1)
"""A Round 1 imported longer ago than this is from an earlier visit of the map, not the running one."""
SOURCES_SHOWN = 10


def ago(moment: datetime | None, now: datetime) -> str:
    """``just now``, ``5 min ago``, ``3 h ago``, ``2 days ago`` (``–`` for no moment)."""
    if moment is None:
        return "–"
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def _imported(last: LastRound) -> datetime:
    return last.imported_at or last.written_at


def _problem(text: str | None) -> str:
    return neutralize_mentions(escape_markdown(truncate(" ".join((text or "no reply").split()), PROBLEM_CHARS)))


def presence_text(state: ServerState) -> str:
    """``12/20 on supply``: what the bot shows as its status."""
    status = state.status
    if status is None:
        return "server not answering"
    return f"{status.player_count}/{status.max_players} on {clean_name(status.map, limit=MAP_CHARS)}"


def voice_channel_name(state: ServerState) -> str:
    return truncate(f"🎮 {presence_text(state)}", VOICE_NAME_LIMIT)


def round_line(status: ServerStatus, last: LastRound | None, now: datetime) -> str:
    """Whether a round is being played, and which: Round 2 when this map's Round 1 was just imported."""
    if not status.players:
        return "⏸️ No round is being played: the server is empty."
    if status.phase == "warmup":
        return "⏳ Warmup: the round has not started yet."
    if status.phase == "intermission":
        return "🏁 Intermission: the map has just ended."
    if status.phase == "waiting":
        return "⏸️ Waiting for more players before the round starts."
    if (
        last is not None
        and last.round == 1
        and last.map.casefold() == status.map.casefold()
        and now - _imported(last) <= ROUND2_WITHIN
    ):
        return f"▶️ Round 2 is being played (Round 1 ended {ago(_imported(last), now)})."
    return "▶️ Round 1 is being played."


_PLAYER_COLUMNS: tuple[Column[PlayerInfo], ...] = (
    Column("Score", 6, lambda p: str(p.score)),
    Column("Ping", 6, lambda p: str(p.ping)),
)


def player_table(players: Sequence[PlayerInfo]) -> str:
    """A code block of names, scores and pings, best score first."""
    ranked = sorted(players, key=lambda p: (-p.score, p.name.casefold()))
    return name_table(ranked, lambda p: p.name, _PLAYER_COLUMNS)


def _map_line(status: ServerStatus) -> str:
    return f"🗺️ **{safe_name(status.map, limit=MAP_CHARS)}** — **{status.player_count}/{status.max_players}** players"


def _down_line(state: ServerState) -> str:
    return f"🔴 **Not answering** since {state.since:%Y-%m-%d %H:%M} — {_problem(state.problem)}"


def _last_round_line(last: LastRound | None, now: datetime) -> str:
    if last is None:
        return "📥 No round imported yet."
    when = ago(_imported(last), now)
    return f"📥 Last round imported {when}: {safe_name(last.map, limit=MAP_CHARS)} round {last.round}"


def _title(state: ServerState) -> str:
    """The server's own name while it answers (it may be any text), else the configured one."""
    hostname = state.status.hostname if state.status is not None else ""
    return safe_name(hostname if hostname.strip() else state.server.name, limit=100)


def server_embed(state: ServerState, last: LastRound | None, now: datetime) -> Embed:
    """``!server``: map, players/slots, the players with score and ping, the round being played."""
    fields: list[Embed] = []
    status = state.status
    if status is None:
        description = [_down_line(state)]
    else:
        description = [_map_line(status), round_line(status, last, now)]
        if status.players:
            table = player_table(status.players)
            fields.append({"name": f"Players ({status.player_count})", "value": table, "inline": False})
    description.append(_last_round_line(last, now))
    return {
        "title": f"🎮 {_title(state)}",
        "description": "\n".join(description),
        "color": COLOUR_MAP if status is not None else COLOUR_WARNING,
        "fields": fields,
        "footer": {"text": f"{state.server.address} • checked {state.checked_at:%H:%M:%S}"},
    }


def health_lines(health: StatusReport, running: bool | None) -> list[str]:
    """The monitor's health in a few lines."""
    lines = []
    if running is not None:
        lines.append(f"Monitor loop: **{'running' if running else 'stopped'}**")
    sources = health.sources
    down = [s for s in sources if not s.connected]
    if not sources:
        lines.append("No source has reported yet.")
    elif not down:
        lines.append(f"🟢 {len(sources)} source{'s' if len(sources) != 1 else ''} connected")
    for s in down[:SOURCES_SHOWN]:
        since = f" since {s.since:%Y-%m-%d %H:%M}" if s.since else ""
        lines.append(f"🔴 {escape_markdown(s.source)} down{since}: {_problem(s.last_error)}")
    lines.append(f"Outbox backlog: {health.backlog} • quarantined files: {len(health.quarantined)}")
    return lines


def status_board_embed(
    servers: Sequence[tuple[ServerState, LastRound | None]],
    health: StatusReport,
    running: bool | None,
    now: datetime,
    every_seconds: float,
) -> Embed:
    """The message kept up to date in the status channel: each server, then the monitor's health."""
    fields: list[Embed] = []
    for state, last in servers:
        status = state.status
        if status is None:
            lines = [_down_line(state)]
        else:
            lines = [_map_line(status), round_line(status, last, now)]
        lines.append(_last_round_line(last, now))
        icon = "🟢" if status is not None else "🔴"
        fields.append({"name": f"{icon} {_title(state)}", "value": "\n".join(lines), "inline": False})
    fields.append({"name": "🛰️ Monitor", "value": "\n".join(health_lines(health, running)), "inline": False})
    healthy = all(state.up for state, _ in servers) and health.healthy
    return {
        "title": "📡 Server status",
        "description": "No game server is configured." if not servers else f"Updated every {every_seconds:g} s.",
        "color": COLOUR_MAP if healthy else COLOUR_WARNING,
        "fields": fields,
        "footer": {"text": f"Last update {now:%Y-%m-%d %H:%M:%S}"},
    }
