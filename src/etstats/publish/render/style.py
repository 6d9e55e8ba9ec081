"""Shared look: colours, emoji, number and time formats, and the aligned player table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from etstats.gamestats.records import TEAM_ALLIES, TEAM_AXIS, Side
from etstats.publish.limits import clean_name, safe_name
from etstats.publish.render.table import Column, name_table
from etstats.stats.players import PlayerStats

COLOUR_ROUND1 = 0x3B82F6  # blue
COLOUR_ROUND2 = 0xF59E0B  # amber
COLOUR_MAP = 0x10B981  # green
COLOUR_WARNING = 0xEF4444  # red

SIDE_LABEL = {Side.AXIS: "Axis", Side.ALLIES: "Allies"}
TEAM_SIDE = {TEAM_AXIS: Side.AXIS, TEAM_ALLIES: Side.ALLIES}


def clock(seconds: int | None) -> str:
    """Game clock style ``7:50``."""
    if seconds is None:
        return "?"
    return f"{seconds // 60}:{seconds % 60:02d}"


TABLE_LEGEND = "K kills • D deaths • K/D kills per death • DPM damage per minute • REV revives given"


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


def duration(minutes: float | None) -> str:
    """A span of play in one notation: ``45 min``, ``1 h 58 min``, ``312 h`` past 100 hours.

    Round clocks are ``m:ss`` (:func:`clock`); a duration never uses colons, so the two
    cannot be mistaken for each other.
    """
    if minutes is None:
        return "–"
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    if whole < 100 * 60:
        return f"{whole // 60} h {whole % 60:02d} min"
    return f"{whole // 60:,} h"


def kd_text(kd: float) -> str:
    """K/D as a ratio with two decimals (never ``kills/deaths``, which reads as a fraction)."""
    return f"{kd:.2f}"


def _revives(p: PlayerStats) -> str:
    revives = p.values.get("revives_given")
    return "–" if revives is None else str(int(revives))


PLAYER_COLUMNS: tuple[Column[PlayerStats], ...] = (
    Column("K", 4, lambda p: str(p.kills)),
    Column("D", 4, lambda p: str(p.deaths)),
    Column("K/D", 6, lambda p: kd_text(p.kd)),
    Column("DPM", 5, lambda p: number(p.dpm)),
    Column("REV", 4, _revives),
)


def player_table(players: Sequence[PlayerStats]) -> str:
    """Name, kills, deaths, K/D, DPM and revives, most kills first, 40 columns wide."""
    ranked = sorted(players, key=lambda s: (-s.kills, s.deaths, s.display_name))
    return name_table(ranked, lambda p: p.display_name, PLAYER_COLUMNS)


def top_three(players: Sequence[PlayerStats]) -> str:
    medals = ("🥇", "🥈", "🥉")
    ranked = sorted((p for p in players if not p.is_bot), key=lambda p: (-(p.dpm or 0), -p.kills, p.display_name))[:3]
    return (
        "\n".join(
            f"{medal} **{shown_name(p)}** — {number(p.dpm)} DPM, K/D {kd_text(p.kd)}"
            for medal, p in zip(medals, ranked)
        )
        or "–"
    )
