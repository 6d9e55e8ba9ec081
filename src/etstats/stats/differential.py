"""Round 2 files hold R1+R2 for session counters and R2 only for Lua counters (format doc §4).

These functions turn a paired R1/R2 into Round-2-only numbers and add rounds into
whole-map numbers. Ratios are recomputed from counts, never subtracted.
"""

from __future__ import annotations

from collections.abc import Iterable

from etstats.gamestats.records import EXT_FIELDS, Number, RoundFile, Scope, WeaponStats
from etstats.stats.players import (
    FLAG_COUNTER_RESET,
    FLAG_R1_ONLY,
    FLAG_R2_ONLY,
    PlayerStats,
    line_keys,
)

_CUMULATIVE = tuple(f.name for f in EXT_FIELDS if f.scope is Scope.CUMULATIVE)
_PER_ROUND = tuple(f.name for f in EXT_FIELDS if f.scope is Scope.PER_ROUND)
_MAXIMA = frozenset({"killing_spree", "death_spree"})
_RESET_PROBES = ("damage_given", "damage_received", "time_played_minutes")


def keyed_players(round_file: RoundFile) -> dict[str, PlayerStats]:
    """Players of a file by identity; a GUID seen twice (prefix collision) is split by name."""
    result: dict[str, PlayerStats] = {}
    for line, key in zip(round_file.players, line_keys(round_file.players)):
        if key not in result:
            stats = PlayerStats.from_line(line)
            stats.key = key
            result[key] = stats
    return result


def _sub(a: Number | None, b: Number | None) -> Number | None:
    if a is None or b is None:
        return None
    diff = a - b
    return round(diff, 1) if isinstance(diff, float) else diff


def _add(a: Number | None, b: Number | None) -> Number | None:
    if a is None or b is None:
        return a if b is None else b
    total = a + b
    return round(total, 1) if isinstance(total, float) else total


def counters_reset(r1: PlayerStats, r2: PlayerStats) -> bool:
    """True when a cumulative counter went down: the player reconnected and R2 restarted from 0."""
    early, late = r1.weapon_totals(), r2.weapon_totals()
    if late.kills < early.kills or late.deaths < early.deaths:
        return True
    for name in _RESET_PROBES:
        a, b = r1.values[name], r2.values[name]
        if a is not None and b is not None and b < a:
            return True
    return False


def _ratio_percent(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or whole <= 0:
        return None
    return round(100.0 * part / whole, 1)


def _weapon_diff(r2: dict[int, WeaponStats], r1: dict[int, WeaponStats]) -> dict[int, WeaponStats]:
    result: dict[int, WeaponStats] = {}
    for weapon_id, late in r2.items():
        early = r1.get(weapon_id)
        if early is None:
            diff = late
        elif early == late:
            continue
        else:
            hits, shots, kills, deaths, heads = late
            diff = WeaponStats(
                max(0, hits - early[0]),
                max(0, shots - early[1]),
                max(0, kills - early[2]),
                max(0, deaths - early[3]),
                max(0, heads - early[4]),
            )
        if diff[0] or diff[1] or diff[2] or diff[3]:
            result[weapon_id] = diff
    return result


def _weapon_sum(a: dict[int, WeaponStats], b: dict[int, WeaponStats]) -> dict[int, WeaponStats]:
    result = dict(a)
    for weapon_id, w in b.items():
        other = result.get(weapon_id)
        result[weapon_id] = w if other is None else WeaponStats(*(x + y for x, y in zip(w, other)))
    return result


def _with(
    base: PlayerStats, weapons: dict[int, WeaponStats], values: dict[str, Number | None], flags: set[str]
) -> PlayerStats:
    return PlayerStats(
        base.key, base.guid, base.name, base.display_name, base.team, base.is_bot, weapons, values, flags
    )


def round2_only(r1: PlayerStats | None, r2: PlayerStats) -> PlayerStats:
    """A player's Round-2-only numbers from his R1 line (if any) and his R2 line (§4.2, §4.4)."""
    if r1 is None:
        return _with(r2, dict(r2.weapons), dict(r2.values), r2.flags | {FLAG_R2_ONLY})
    if counters_reset(r1, r2):
        return _with(r2, dict(r2.weapons), dict(r2.values), r2.flags | {FLAG_COUNTER_RESET})
    values: dict[str, Number | None] = dict(r2.values)
    for name in _CUMULATIVE:
        diff = _sub(r2.values[name], r1.values[name])
        values[name] = diff if diff is None or diff >= 0 else 0
    t1, t2 = r1.minutes, r2.minutes
    span = None if t1 is None or t2 is None else t2 - t1
    a1, a2 = r1.values["alive_percent"], r2.values["alive_percent"]
    if span is not None and span > 0 and a1 is not None and a2 is not None:
        alive = (a2 * t2 - a1 * t1) / span  # type: ignore[operator]
        values["alive_percent"] = round(min(100.0, max(0.0, alive)), 1)
    else:
        values["alive_percent"] = None
    values["time_dead_ratio"] = _ratio_percent(r2.values["time_dead_minutes"], span)
    values["tank_meatshield"] = None
    values["lua_kd_ratio"] = None
    values["lua_dpm"] = None
    return _with(r2, _weapon_diff(r2.weapons, r1.weapons), values, set(r2.flags))


def combine(first: PlayerStats | None, second: PlayerStats | None) -> PlayerStats:
    """Add two rounds' numbers of one player into whole-map numbers (sprees: the maximum)."""
    if first is None or second is None:
        only = first or second
        assert only is not None
        flag = FLAG_R1_ONLY if second is None else FLAG_R2_ONLY
        return _with(only, dict(only.weapons), dict(only.values), only.flags | {flag})
    values: dict[str, Number | None] = {}
    for name in _CUMULATIVE + _PER_ROUND:
        a, b = first.values[name], second.values[name]
        if name in _MAXIMA:
            values[name] = max(a or 0, b or 0) if a is not None or b is not None else None
        else:
            values[name] = _add(a, b)
    t1, t2 = first.minutes, second.minutes
    total = _add(t1, t2)
    a1, a2 = first.values["alive_percent"], second.values["alive_percent"]
    alive_total = None
    if a1 is not None and a2 is not None and t1 is not None and t2 is not None:
        alive_total = a1 / 100 * t1 + a2 / 100 * t2
    values["alive_percent"] = _ratio_percent(alive_total, total)
    dead = _add(first.values["time_dead_minutes"], second.values["time_dead_minutes"])
    values["time_dead_ratio"] = _ratio_percent(dead, total)
    values["tank_meatshield"] = None
    values["lua_kd_ratio"] = None
    values["lua_dpm"] = None
    return _with(second, _weapon_sum(first.weapons, second.weapons), values, first.flags | second.flags)


def derive_round2(r1: RoundFile, r2: RoundFile) -> list[PlayerStats]:
    """Round-2-only numbers of every player in the R2 file, in file order."""
    return derive_keyed(keyed_players(r1), keyed_players(r2))


def derive_keyed(r1: dict[str, PlayerStats], r2: dict[str, PlayerStats]) -> list[PlayerStats]:
    """:func:`derive_round2` on players already keyed (the importer keys each file once)."""
    return [round2_only(r1.get(key), late) for key, late in r2.items()]


def whole_map(r1_players: Iterable[PlayerStats], r2_only: Iterable[PlayerStats]) -> list[PlayerStats]:
    """Both rounds per player, the union of both rosters (R1-only players are not lost)."""
    first = {p.key: p for p in r1_players}
    second = {p.key: p for p in r2_only}
    keys = list(first) + [k for k in second if k not in first]
    return [combine(first.get(k), second.get(k)) for k in keys]
