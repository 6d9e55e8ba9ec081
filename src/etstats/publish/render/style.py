"""Shared look: colours, emoji, number and time formats, and the aligned player table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from etstats.gamestats.records import TEAM_ALLIES, TEAM_AXIS, Side
from etstats.publish.limits import clean_name, code_safe_name, safe_name
from etstats.stats.players import PlayerStats

COLOUR_ROUND1 = 0x3B82F6  # blue
COLOUR_ROUND2 = 0xF59E0B  # amber
COLOUR_MAP = 0x10B981  # green
COLOUR_WARNING = 0xEF4444  # red

SIDE_LABEL = {Side.AXIS: "Axis", Side.ALLIES: "Allies"}
TEAM_SIDE = {TEAM_AXIS: Side.AXIS, TEAM_ALLIES: Side.ALLIES}
NAME_WIDTH = 14


def clock(seconds: int | None) -> str:
    """Game clock style ``7:50``."""
    if seconds is None:
        return "?"
    return f"{seconds // 60}:{seconds % 60:02d}"


TABLE_LEGEND = "K/D kills per death • DPM damage per minute • DMG/RCV damage given/received • REV revives • GIB gibs"


def footer(server: str, when: datetime) -> str:
    """Server and the server's local time (the files carry no zone, so no Discord timestamp)."""
    return f"{clean_name(server)} • {when:%Y-%m-%d %H:%M} server time"


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def shown_name(stats: PlayerStats) -> str:
    return safe_name(stats.display_name)


def plain_name(stats: PlayerStats) -> str:
    return clean_name(stats.display_name)


_COLUMNS = ("K", "D", "K/D", "DPM", "DMG", "RCV", "REV", "GIB")
_WIDTHS = (3, 3, 4, 4, 5, 5, 3, 3)


def _cells(p: PlayerStats) -> tuple[str, ...]:
    revives = p.values.get("revives_given")
    return (
        str(p.kills),
        str(p.deaths),
        f"{p.kd:.1f}",
        number(p.dpm),
        str(p.damage_given),
        str(int(p.values.get("damage_received") or 0)),
        "–" if revives is None else str(int(revives)),
        str(int(p.values.get("gibs") or 0)),
    )


def player_table(players: Sequence[PlayerStats]) -> str:
    """A code block aligned for up to a dozen players: name, kills, deaths, K/D, DPM, damage."""
    header = "Player".ljust(NAME_WIDTH) + " ".join(c.rjust(w) for c, w in zip(_COLUMNS, _WIDTHS))
    lines = [header]
    for p in sorted(players, key=lambda s: (-s.kills, s.deaths, s.display_name)):
        name = code_safe_name(p.display_name, limit=NAME_WIDTH - 1)
        lines.append(name.ljust(NAME_WIDTH) + " ".join(c.rjust(w) for c, w in zip(_cells(p), _WIDTHS)))
    return "```\n" + "\n".join(lines) + "\n```"


def top_three(players: Sequence[PlayerStats]) -> str:
    medals = ("🥇", "🥈", "🥉")
    ranked = sorted((p for p in players if not p.is_bot), key=lambda p: (-(p.dpm or 0), -p.kills, p.display_name))[:3]
    return (
        "\n".join(
            f"{medal} **{shown_name(p)}** — {number(p.dpm)} DPM, {p.kills}/{p.deaths} K/D"
            for medal, p in zip(medals, ranked)
        )
        or "–"
    )
