"""One map's history for ``!mapstats``, and the maps there are.

The map's counted rounds are read once (through the map index) and summed up by the
pure rules in :mod:`etstats.stats.map_record`; only the best rounds need the player rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, Select, case, func, select

from etstats.stats.map_record import (
    ATTACKER,
    BestRound,
    MapRecord,
    MapRound,
    OutcomeCount,
    TimeSet,
    average_time_set,
    full_holds,
    side_results,
)
from etstats.store import schema as t

FASTEST_SHOWN = 5
BEST_WINDOW = timedelta(days=365)
"""Best rounds are looked for in the map's last year of play: records players still chase,
found without reading every round of years of history."""
BEST_SHOWN = 5
MIN_MINUTES_FOR_BEST = 3.0
NAMES_PER_TIME = 3


def map_names(conn: Connection) -> list[tuple[str, int]]:
    """Every map with how often it was played (complete maps), most played first."""
    m = t.matches.c
    played = func.count().label("played")
    rows = conn.execute(select(m.map, played).group_by(m.map).order_by(played.desc(), m.map))
    return [(row.map, int(row.played)) for row in rows]


def find_map(conn: Connection, text: str) -> list[str]:
    """Maps named exactly (case-insensitive), else those containing ``text``."""
    wanted = text.strip().casefold()
    names = [name for name, _ in map_names(conn)]
    exact = [name for name in names if name.casefold() == wanted]
    return exact or [name for name in names if wanted in name.casefold()]


def _counted(name: str) -> list[ColumnElement[bool]]:
    r = t.rounds.c
    return [r.map == name, r.orphan.is_(False), r.shutdown_save.is_(False)]


def _outcomes(conn: Connection, name: str) -> list[OutcomeCount]:
    r = t.rounds.c
    rows = conn.execute(
        select(
            r.round,
            r.defender,
            r.outcome,
            func.count().label("rounds"),
            func.sum(r.next_time_limit_s).label("time_sum"),
        )
        .where(*_counted(name))
        .group_by(r.round, r.defender, r.outcome)
    )
    return [OutcomeCount(row.round, row.defender, row.outcome, int(row.rounds), int(row.time_sum or 0)) for row in rows]


def _attackers(conn: Connection, rounds: list[MapRound]) -> dict[int, list[str]]:
    """The attackers with the most kills in each round, a few per round."""
    s, p = t.player_round_stats.c, t.players.c
    attacking = {r.id: 2 if r.defender == "axis" else 1 for r in rounds}
    rows = conn.execute(
        select(s.round_id, p.name, s.team)
        .join(t.players, p.id == s.player_id)
        .where(s.round_id.in_(list(attacking)))
        .order_by(s.round_id, s.kills.desc(), p.name)
    )
    names: dict[int, list[str]] = {}
    for row in rows:
        shown = names.setdefault(row.round_id, [])
        if row.team == attacking[row.round_id] and len(shown) < NAMES_PER_TIME:
            shown.append(row.name)
    return names


def _fastest(conn: Connection, name: str) -> list[TimeSet]:
    r = t.rounds.c
    fastest = [
        MapRound(row.id, row.round, row.defender, row.outcome, row.time_limit_s, row.next_time_limit_s, row.written_at)
        for row in conn.execute(
            select(r.id, r.round, r.defender, r.outcome, r.time_limit_s, r.next_time_limit_s, r.written_at)
            .where(*_counted(name), r.round == 1, r.outcome == "attackers_won")
            .order_by(r.next_time_limit_s, r.written_at)
            .limit(FASTEST_SHOWN)
        )
    ]
    names = _attackers(conn, fastest)
    return [
        TimeSet(
            r.written_at, r.next_time_limit_s, r.time_limit_s, ATTACKER.get(r.defender or "", "?"), names.get(r.id, [])
        )
        for r in fastest
    ]


def _recent_ids(name: str, since: datetime) -> Select[tuple[int]]:
    r = t.rounds.c
    return select(r.id).where(*_counted(name), r.written_at >= since)


def _best_rounds(conn: Connection, name: str, last: datetime) -> list[BestRound]:
    """The highest single-round DPMs of humans who played a few minutes, in the map's last year of play."""
    s, p, r = t.player_round_stats.c, t.players.c, t.rounds.c
    bots = select(p.id).where(p.is_bot.is_(True))
    ids = _recent_ids(name, last - BEST_WINDOW)
    best = conn.execute(
        select(s.round_id, s.player_id, s.kills, s.dpm)
        .where(
            s.round_id.in_(ids),
            s.time_played_minutes >= MIN_MINUTES_FOR_BEST,
            s.dpm.is_not(None),
            s.player_id.not_in(bots),
        )
        .order_by(s.dpm.desc(), s.round_id)
        .limit(BEST_SHOWN)
    ).all()
    names: dict[int, str] = {
        row.id: row.name for row in conn.execute(select(p.id, p.name).where(p.id.in_([row.player_id for row in best])))
    }
    rounds = {
        row.id: row
        for row in conn.execute(select(r.id, r.written_at, r.round).where(r.id.in_([row.round_id for row in best])))
    }
    return [
        BestRound(rounds[row.round_id].written_at, names[row.player_id], rounds[row.round_id].round, row.kills, row.dpm)
        for row in best
    ]


def map_record(conn: Connection, name: str) -> MapRecord:
    """Maps played and drawn, results per attacking side, times set, best rounds of one map."""
    m = t.matches.c
    maps = conn.execute(
        select(
            func.count().label("played"),
            func.sum(case((m.winner == "draw", 1), else_=0)).label("draws"),
            func.min(m.played_at).label("first"),
            func.max(m.played_at).label("last"),
        ).where(m.map == name)
    ).one()
    last: datetime | None = maps.last
    outcomes = _outcomes(conn, name)
    return MapRecord(
        map=name,
        maps_played=int(maps.played),
        rounds=sum(o.count for o in outcomes),
        first_played=maps.first,
        last_played=last,
        sides=side_results(outcomes),
        full_holds=full_holds(outcomes),
        average_time_set_s=average_time_set(outcomes),
        fastest=_fastest(conn, name),
        best_rounds=_best_rounds(conn, name, last) if last is not None else [],
        draws=int(maps.draws or 0),
    )
