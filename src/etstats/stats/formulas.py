"""Every number shown to players is computed here, once, under a name (format doc §3.8, §4.5)."""

from __future__ import annotations

from collections.abc import Iterable

from etstats.gamestats.records import WeaponStats
from etstats.gamestats.weapons import FIREARM_IDS


def kd_ratio(kills: int, deaths: int) -> float:
    """Kills per death; with no deaths the kills themselves (a flawless round ranks by kills).

    Not the writer's ``X[26]``, which adds 1 when deaths are 0.
    """
    return kills / deaths if deaths else float(kills)


def dpm(damage_given: int | None, minutes: float | None) -> float | None:
    """Damage per minute of team time; undefined (None) without positive time (P-12)."""
    if damage_given is None or minutes is None or minutes <= 0:
        return None
    return damage_given / minutes


def percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole > 0 else None


def firearm_totals(weapons: dict[int, WeaponStats]) -> tuple[int, int, int]:
    """(hits, shots, head hits) over guns only: knives, explosives and the syringe excluded."""
    hits = shots = heads = 0
    for weapon_id, w in weapons.items():
        if weapon_id in FIREARM_IDS:
            hits += w.hits
            shots += w.shots
            heads += w.headshots
    return hits, shots, heads


def accuracy(weapons: dict[int, WeaponStats]) -> float | None:
    """Firearm accuracy in percent: gun hits / gun shots."""
    hits, shots, _ = firearm_totals(weapons)
    return percent(hits, shots)


def headshot_rate(weapons: dict[int, WeaponStats]) -> float | None:
    """Share of firearm hits that landed on the head, in percent (not headshot *kills*)."""
    hits, _, heads = firearm_totals(weapons)
    return percent(heads, hits)


def headshot_kill_share(headshot_kills: int | None, kills: int) -> float | None:
    """Share of kills made by a head hit (``X[14]``), in percent."""
    if headshot_kills is None:
        return None
    return percent(headshot_kills, kills)


def minutes_to_seconds(minutes: float | None) -> int | None:
    """Team time in whole seconds; ``X[22]`` is rounded to 0.1 min, so this is ±3 s."""
    return None if minutes is None else round(minutes * 60)


def alive_minutes(alive_percent: float | None, minutes: float | None) -> float | None:
    """Minutes alive on a team: ``X[8]`` % of ``X[22]`` (more reliable than X22 - X25 pre-v8)."""
    if alive_percent is None or minutes is None:
        return None
    return alive_percent / 100.0 * minutes


def sum_weapon(weapons: Iterable[WeaponStats], attr: str) -> int:
    return sum(getattr(w, attr) for w in weapons)


def dead_minutes(time_dead: float | None, minutes: float | None, alive_percent: float | None) -> float | None:
    """Minutes spent dead: ``X[25]``, but never more than the time not alive, (100 − ``X[8]``) % of
    team time (or the team time when ``X[8]`` is unknown).

    Writers before v8 add the time since death again at every snapshot (format doc P-23),
    so ``X[25]`` can be several times the real figure; v8's exact ``X[25]`` is within the
    time not alive and passes unchanged.
    """
    if time_dead is None:
        return None
    ceiling = minutes
    if minutes is not None and alive_percent is not None:
        ceiling = (100.0 - alive_percent) / 100.0 * minutes
    return float(time_dead) if ceiling is None else min(float(time_dead), ceiling)


MULTIKILL_FIELDS: tuple[str, ...] = ("multikill_2x", "multikill_3x", "multikill_4x", "multikill_5x", "multikill_6x")
"""``X[29]``–``X[33]``: kill chains (each kill within 3 s of the last) that ended at 2…6+ kills."""


def multikills(counts: Iterable[float | int | None]) -> int | None:
    """Kill chains of two or more kills (the sum of ``X[29]``–``X[33]``); None when not recorded."""
    known = [int(c) for c in counts if c is not None]
    return sum(known) if known else None
