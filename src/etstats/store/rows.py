"""Turning parsed rounds and player numbers into table rows (pure, no I/O)."""

from __future__ import annotations

import zlib
from datetime import datetime
from typing import Any

from etstats.gamestats.records import RoundFile
from etstats.gamestats.weapons import WEAPON_IDS
from etstats.stats.outcome import is_shutdown_save, round_outcome
from etstats.stats.players import EXT_NAMES, PlayerStats


def pack(data: bytes) -> bytes:
    """Raw files are kept (compressed) so a Round 2 can be re-derived when its Round 1 arrives late."""
    return zlib.compress(data, 1)


def unpack(blob: bytes) -> bytes:
    return zlib.decompress(blob)


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
        "orphan": parsed.round == 2,
    }


def stats_row(round_id: int, player_id: int, line_no: int, stats: PlayerStats) -> dict[str, Any]:
    row: dict[str, Any] = {
        "round_id": round_id,
        "player_id": player_id,
        "line_no": line_no,
        "name": stats.display_name,
        "team": stats.team,
        "kills": stats.kills,
        "deaths": stats.deaths,
        "headshots": stats.headshots,
        "hits": stats.hits,
        "shots": stats.shots,
        "time_played_s": stats.time_played_s,
        "dpm": stats.dpm,
        "flags": ",".join(sorted(stats.flags)),
    }
    for name in EXT_NAMES:
        row[name] = stats.values[name]
    return row


def weapon_rows(round_id: int, player_id: int, stats: PlayerStats) -> list[dict[str, Any]]:
    return [
        {
            "round_id": round_id,
            "player_id": player_id,
            "weapon": WEAPON_IDS[weapon_id],
            "hits": w.hits,
            "shots": w.shots,
            "kills": w.kills,
            "deaths": w.deaths,
            "headshots": w.headshots,
        }
        for weapon_id, w in stats.weapons.items()
    ]


def local_now() -> datetime:
    """Naive local time, like the timestamps in file names."""
    return datetime.now().replace(microsecond=0)
