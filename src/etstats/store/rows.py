"""Turning parsed rounds and player numbers into table rows (pure, no I/O)."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from etstats.gamestats.records import RoundFile
from etstats.gamestats.weapons import WEAPON_IDS
from etstats.stats.outcome import is_shutdown_save, round_outcome
from etstats.stats.players import EXT_NAMES, PlayerStats


def round_row(file_id: int, source: str, parsed: RoundFile) -> dict[str, Any]:
    header = parsed.header
    counts = [p.ext_count for p in parsed.players]
    return {
        "file_id": file_id,
        "source": source,
        "name": parsed.file.name,
        "map": parsed.map,
        "round": parsed.round,
        "written_at": parsed.file.written_at,
        "server": header.server,
        "server_raw": header.server_raw,
        "config": header.config,
        "defender": header.defender.value if header.defender else None,
        "winner": header.winner.value if header.winner else None,
        "outcome": round_outcome(header, parsed.round).value,
        "time_limit_s": header.time_limit_s,
        "next_time_limit_s": header.next_time_limit_s,
        "playtime_ms": header.playtime_ms,
        "header_fields": header.field_count,
        "ext_fields": max(counts) if counts else None,
        "player_count": len(parsed.players),
        "shutdown_save": is_shutdown_save(header, parsed.round),
        "orphan": False,  # repair_pairs marks the unpaired Round 2s, in the same transaction
    }


STATS_COLUMNS: tuple[str, ...] = (
    "round_id", "player_id", "line_no", "name", "team", "kills", "deaths", "headshots", "hits",
    "shots", "time_played_s", "dpm", "flags", *EXT_NAMES,
)  # fmt: skip
WEAPON_COLUMNS: tuple[str, ...] = ("round_id", "player_id", "weapon", "hits", "shots", "kills", "deaths", "headshots")


_ext_values = itemgetter(*EXT_NAMES)


def stats_values(round_id: int, player_id: int, line_no: int, stats: PlayerStats) -> tuple[Any, ...]:
    """One ``player_round_stats`` row in :data:`STATS_COLUMNS` order."""
    hits, shots, kills, deaths, heads = stats.weapon_totals()
    values = stats.values
    return (
        round_id, player_id, line_no, stats.display_name, stats.team, kills, deaths, heads, hits,
        shots, stats.time_played_s, stats.dpm, ",".join(sorted(stats.flags)),
        *_ext_values(values),
    )  # fmt: skip


def stats_row(round_id: int, player_id: int, line_no: int, stats: PlayerStats) -> dict[str, Any]:
    return dict(zip(STATS_COLUMNS, stats_values(round_id, player_id, line_no, stats)))


def weapon_values(round_id: int, player_id: int, stats: PlayerStats) -> list[tuple[Any, ...]]:
    """The ``weapon_stats`` rows of one player in :data:`WEAPON_COLUMNS` order."""
    return [(round_id, player_id, WEAPON_IDS[weapon_id], *w) for weapon_id, w in stats.weapons.items()]
