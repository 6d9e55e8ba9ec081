"""The JSON shapes other programs rely on (``parse --json``, ``matches --json``)."""

from __future__ import annotations

from typing import Any

from etstats.gamestats.records import TEAM_ALLIES, TEAM_AXIS, RoundFile
from etstats.gamestats.weapons import WEAPON_IDS
from etstats.stats.outcome import round_outcome
from etstats.stats.players import PlayerStats

TEAM_NAMES = {TEAM_AXIS: "axis", TEAM_ALLIES: "allies", 3: "spectator"}


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def player_json(stats: PlayerStats) -> dict[str, Any]:
    v = stats.values
    dpm = stats.dpm
    return {
        "guid": stats.guid,
        "name": stats.display_name,
        "team": TEAM_NAMES.get(stats.team, str(stats.team)),
        "kills": stats.kills,
        "deaths": stats.deaths,
        "kd": round(stats.kd, 2),
        "headshots": stats.headshots,
        "hits": stats.hits,
        "shots": stats.shots,
        "accuracy": None if stats.accuracy is None else round(stats.accuracy, 1),
        "damage_given": _int_or_none(v["damage_given"]),
        "damage_received": _int_or_none(v["damage_received"]),
        "team_damage_given": _int_or_none(v["team_damage_given"]),
        "gibs": _int_or_none(v["gibs"]),
        "self_kills": _int_or_none(v["self_kills"]),
        "team_kills": _int_or_none(v["team_kills"]),
        "revives_given": _int_or_none(v["revives_given"]),
        "times_revived": _int_or_none(v["times_revived"]),
        "xp": _int_or_none(v["xp"]),
        "time_played_s": stats.time_played_s,
        "dpm": None if dpm is None else round(dpm, 1),
        "flags": sorted(stats.flags),
        "weapons": {WEAPON_IDS[weapon_id]: w._asdict() for weapon_id, w in sorted(stats.weapons.items())},
    }


def round_json(parsed: RoundFile, players: list[PlayerStats], *, round1: RoundFile | None = None) -> dict[str, Any]:
    header = parsed.header
    return {
        "file": parsed.file.name,
        "map": parsed.map,
        "round": parsed.round,
        "server": header.server,
        "started_at": parsed.file.written_at.isoformat(),
        "defender_team": header.defender.value if header.defender else None,
        "winner_team": header.winner.value if header.winner else None,
        "outcome": round_outcome(header, parsed.round).value,
        "time_limit_s": header.time_limit_s,
        "next_time_limit_s": header.next_time_limit_s,
        "playtime_ms": header.playtime_ms,
        "round1_file": None if round1 is None else round1.file.name,
        "round2_only": round1 is not None,
        "warnings": list(parsed.warnings),
        "players": [player_json(p) for p in players],
    }
