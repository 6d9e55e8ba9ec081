"""What a live file means for players: the clock, a DPM leaderboard with K/D, and the attackers' pace.

Everything here is a plain function of one ``LiveSnapshot`` and the time it is judged at,
so the live message, ``!live`` and the tests all see the same view.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from etstats.gamestats.live import LivePlayer, LiveSnapshot
from etstats.gamestats.records import TEAM_ALLIES, TEAM_AXIS
from etstats.stats.formulas import dpm, kd_ratio

STALE_AFTER_INTERVALS = 3
STALE_AFTER_MIN_SECONDS = 20
ACTIVE_STATES = frozenset({"playing", "warmup", "warmup_countdown", "waiting"})


class Side(StrEnum):
    ATTACK = "attack"
    DEFEND = "defend"


class Pace(StrEnum):
    """Round 2 only: can the attackers still beat the time set in Round 1?"""

    ON_PACE = "on_pace"
    BEHIND = "behind"
    OUT_OF_TIME = "out_of_time"


@dataclass(frozen=True, slots=True)
class LiveRow:
    name: str
    side: Side
    kills: int
    deaths: int
    kd: float
    dpm: float | None
    damage_given: int
    alive: bool


@dataclass(frozen=True, slots=True)
class LiveView:
    server: str
    map: str
    round: int
    state: str
    elapsed_s: int
    time_left_s: int
    time_to_beat_s: int | None
    rows: tuple[LiveRow, ...]
    pace: Pace | None
    alive: dict[Side, int]
    stale: str | None


def attackers_pace(attack_damage: int, defend_damage: int, elapsed_s: int, time_to_beat_s: int) -> Pace:
    """The attackers are on pace while time to beat is left and they win the fights.

    The game tells a module nothing about objective progress, so the pace is judged by the
    fights: attackers who deal at least as much damage as they take from the defenders are
    pushing; with less they are behind; once the clock passes the time to beat they are out
    of time whatever the damage.
    """
    if elapsed_s >= time_to_beat_s:
        return Pace.OUT_OF_TIME
    return Pace.ON_PACE if attack_damage >= defend_damage else Pace.BEHIND


def stale_reason(snapshot: LiveSnapshot, now_unix: float) -> str | None:
    """Why the snapshot no longer describes the game (server stopped writing, round over), or None."""
    age = now_unix - snapshot.written_at
    if age > max(STALE_AFTER_MIN_SECONDS, STALE_AFTER_INTERVALS * snapshot.interval_s):
        return f"no update from the server for {int(age)}s"
    if snapshot.state not in ACTIVE_STATES:
        return f"the server says {snapshot.state.replace('_', ' ')}"
    return None


def other_map(snapshot: LiveSnapshot, last_map: str | None, last_round: int | None) -> str | None:
    """Why a Round 2 live file cannot be the round in progress: the last round file here was a
    Round 1 of another map (a Round 2 follows the Round 1 of its own map), or None."""
    if snapshot.round == 2 and last_round == 1 and last_map is not None and last_map != snapshot.map:
        return f"{snapshot.file} says Round 2 of {snapshot.map}, but the last Round 1 was {last_map}"
    return None


def _side(player: LivePlayer, defender_team: int) -> Side | None:
    if player.team not in (TEAM_AXIS, TEAM_ALLIES):
        return None
    return Side.DEFEND if player.team == defender_team else Side.ATTACK


def live_view(snapshot: LiveSnapshot, now_unix: float, *, problem: str | None = None) -> LiveView:
    """The view of ``snapshot`` at ``now_unix``; ``problem`` (e.g. a newer file that did not
    parse) marks it stale even when the snapshot itself is recent."""
    elapsed = snapshot.elapsed_ms // 1000 if snapshot.state == "playing" else 0
    minutes = elapsed / 60
    rows = []
    for player in snapshot.players:
        side = _side(player, snapshot.defender_team)
        if side is None:
            continue
        rows.append(
            LiveRow(
                name=player.name,
                side=side,
                kills=player.kills,
                deaths=player.deaths,
                kd=kd_ratio(player.kills, player.deaths),
                dpm=dpm(player.damage_given, minutes),
                damage_given=player.damage_given,
                alive=player.alive,
            )
        )
    rows.sort(key=lambda r: (-r.damage_given, -r.kills, r.name))
    clock = snapshot.time_to_beat_s if snapshot.round == 2 and snapshot.time_to_beat_s else snapshot.time_limit_s
    pace = None
    if snapshot.round == 2 and snapshot.time_to_beat_s and snapshot.state == "playing":
        damage = {s: sum(r.damage_given for r in rows if r.side is s) for s in Side}
        pace = attackers_pace(damage[Side.ATTACK], damage[Side.DEFEND], elapsed, snapshot.time_to_beat_s)
    return LiveView(
        server=snapshot.server,
        map=snapshot.map,
        round=snapshot.round,
        state=snapshot.state,
        elapsed_s=elapsed,
        time_left_s=max(0, clock - elapsed),
        time_to_beat_s=snapshot.time_to_beat_s if snapshot.round == 2 else None,
        rows=tuple(rows),
        pace=pace,
        alive={s: sum(1 for r in rows if r.side is s and r.alive) for s in Side},
        stale=problem or stale_reason(snapshot, now_unix),
    )
