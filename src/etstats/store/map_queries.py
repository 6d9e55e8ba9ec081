"""One map's history for ``!mapstats``, and the maps there are."""

from __future__ import annotations

from sqlalchemy import Connection, case, func, select

from etstats.stats import formulas
from etstats.stats.map_record import BestRound, MapRecord, SideResults, TimeSet
from etstats.store import schema as t
from etstats.store.player_queries import counted_rounds

FASTEST_SHOWN = 5
BEST_SHOWN = 5
MIN_MINUTES_FOR_BEST = 3.0
NAMES_PER_TIME = 3


def map_names(conn: Connection) -> list[tuple[str, int]]:
    """Every map with how often it was played (complete maps), most played first."""
    m = t.matches.c
    rows = conn.execute(select(m.map, func.count()).group_by(m.map).order_by(func.count().desc(), m.map))
    return [(name, int(count)) for name, count in rows]


def find_map(conn: Connection, text: str) -> list[str]:
    """Maps named exactly (case-insensitive), else those containing ``text``."""
    wanted = text.strip().casefold()
    names = [name for name, _ in map_names(conn)]
    exact = [name for name in names if name.casefold() == wanted]
    return exact or [name for name in names if wanted in name.casefold()]


def _sides(conn: Connection, name: str) -> list[SideResults]:
    r = t.rounds.c
    rows = conn.execute(
        select(r.defender, r.outcome, func.count())
        .where(r.map == name, r.id.in_(counted_rounds()), r.defender.is_not(None))
        .group_by(r.defender, r.outcome)
    ).all()
    results = []
    for attacker, defender in (("allies", "axis"), ("axis", "allies")):
        mine = {outcome: int(count) for side, outcome, count in rows if side == defender}
        won, held = mine.get("attackers_won", 0), mine.get("defenders_held", 0)
        results.append(SideResults(attacker, sum(mine.values()), won, held))
    return results


def _attackers(conn: Connection, round_ids: list[int]) -> dict[int, list[str]]:
    """The best-scoring attackers' names of each round (by kills), a few per round."""
    r, s, p = t.rounds.c, t.player_round_stats.c, t.players.c
    rows = conn.execute(
        select(s.round_id, p.name, s.kills, s.team, r.defender)
        .join(t.players, p.id == s.player_id)
        .join(t.rounds, r.id == s.round_id)
        .where(s.round_id.in_(round_ids))
        .order_by(s.round_id, s.kills.desc(), p.name)
    )
    names: dict[int, list[str]] = {}
    for round_id, player, _kills, team, defender in rows:
        attacking_team = 2 if defender == "axis" else 1
        if team == attacking_team and len(names.setdefault(round_id, [])) < NAMES_PER_TIME:
            names[round_id].append(player)
    return names


def _fastest(conn: Connection, name: str) -> tuple[list[TimeSet], float | None, int]:
    r = t.rounds.c
    base = select(r.id, r.written_at, r.next_time_limit_s, r.time_limit_s, r.defender).where(
        r.map == name, r.round == 1, r.id.in_(counted_rounds())
    )
    average = conn.execute(
        select(func.avg(r.next_time_limit_s)).where(
            r.map == name, r.round == 1, r.outcome == "attackers_won", r.id.in_(counted_rounds())
        )
    ).scalar()
    holds = conn.execute(
        select(func.count()).where(
            r.map == name, r.round == 1, r.outcome == "defenders_held", r.id.in_(counted_rounds())
        )
    ).scalar_one()
    rows = conn.execute(
        base.where(r.outcome == "attackers_won").order_by(r.next_time_limit_s, r.written_at).limit(FASTEST_SHOWN)
    ).all()
    names = _attackers(conn, [row.id for row in rows])
    fastest = [
        TimeSet(
            row.written_at,
            row.next_time_limit_s,
            row.time_limit_s,
            "allies" if row.defender == "axis" else "axis",
            names.get(row.id, []),
        )
        for row in rows
    ]
    return fastest, None if average is None else float(average), int(holds)


def _best_rounds(conn: Connection, name: str) -> list[BestRound]:
    r, s, p = t.rounds.c, t.player_round_stats.c, t.players.c
    dpm = s.damage_given / s.time_played_minutes
    rows = conn.execute(
        select(r.written_at, p.name, r.round, s.kills, s.damage_given, s.time_played_minutes)
        .join(t.rounds, r.id == s.round_id)
        .join(t.players, p.id == s.player_id)
        .where(
            r.map == name,
            r.id.in_(counted_rounds()),
            s.time_played_minutes >= MIN_MINUTES_FOR_BEST,
            p.is_bot.is_(False),
        )
        .order_by(dpm.desc())
        .limit(BEST_SHOWN)
    )
    return [
        BestRound(
            row.written_at,
            row.name,
            row.round,
            row.kills,
            formulas.dpm(row.damage_given, row.time_played_minutes) or 0.0,
        )
        for row in rows
    ]


def map_record(conn: Connection, name: str) -> MapRecord:
    m, r = t.matches.c, t.rounds.c
    played, draws, first, last = conn.execute(
        select(
            func.count(),
            func.sum(case((m.winner == "draw", 1), else_=0)),
            func.min(m.played_at),
            func.max(m.played_at),
        ).where(m.map == name)
    ).one()
    rounds = conn.execute(select(func.count()).where(r.map == name, r.id.in_(counted_rounds()))).scalar_one()
    fastest, average, holds = _fastest(conn, name)
    return MapRecord(
        map=name,
        maps_played=int(played),
        rounds=int(rounds),
        first_played=first,
        last_played=last,
        sides=_sides(conn, name),
        full_holds=holds,
        average_time_set_s=average,
        fastest=fastest,
        best_rounds=_best_rounds(conn, name),
        draws=int(draws or 0),
    )
