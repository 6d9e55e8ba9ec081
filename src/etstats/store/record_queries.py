"""The all-time records: best map DPM, the most of something in one round, the longest hold.

Rounds that do not count toward totals (an orphan Round 2 holds R1+R2 numbers, a shutdown
save is cut short) hold no record; neither do bots.
"""

from __future__ import annotations

from sqlalchemy import Connection, Subquery, func, select, union_all

from etstats.stats.outcome import RoundOutcome
from etstats.stats.records_board import MAP_DPM_MIN_MINUTES, RECORDS_SHOWN, RecordBoard, RecordEntry
from etstats.store import schema as t
from etstats.store.player_queries import counted_rounds

ROUND_RECORDS: tuple[tuple[str, str, str], ...] = (
    ("kills", "Most kills in a round", "kills"),
    ("damage_given", "Most damage in a round", "damage"),
    ("revives_given", "Most revives in a round", "revives"),
    ("gibs", "Most gibs in a round", "gibs"),
)


def _match_of_round() -> Subquery:
    m = t.matches.c
    return union_all(
        select(m.round1_id.label("round_id"), m.id.label("match_id")),
        select(m.round2_id.label("round_id"), m.id.label("match_id")),
    ).subquery()


def best_map_dpm(conn: Connection, limit: int = RECORDS_SHOWN) -> RecordBoard:
    """Damage per minute over both rounds of one map, at least MAP_DPM_MIN_MINUTES of play."""
    s, p, m = t.player_round_stats.c, t.players.c, t.matches.c
    rm = _match_of_round()
    damage, minutes = func.sum(s.damage_given), func.sum(s.time_played_minutes)
    best = (
        select(rm.c.match_id, s.player_id, damage.label("damage"), minutes.label("minutes"))
        .join(rm, rm.c.round_id == s.round_id)
        .where(
            s.round_id.in_(counted_rounds()),
            s.player_id.in_(select(p.id).where(p.is_bot.is_(False))),
            s.time_played_minutes > 0,
        )
        .group_by(rm.c.match_id, s.player_id)
        .having(minutes >= MAP_DPM_MIN_MINUTES)
        .order_by((damage * 1.0 / minutes).desc(), rm.c.match_id)
        .limit(limit)
        .subquery()
    )
    rows = conn.execute(
        select(best.c.damage, best.c.minutes, p.guid, p.name, m.map, m.played_at, m.id)
        .join(t.players, p.id == best.c.player_id)
        .join(t.matches, m.id == best.c.match_id)
    ).all()
    entries = [RecordEntry(r.damage / r.minutes, r.guid, r.name, r.map, r.played_at, r.id) for r in rows]
    entries.sort(key=lambda e: -e.value)
    return RecordBoard("map_dpm", f"Best DPM on a map (≥ {MAP_DPM_MIN_MINUTES:.0f} min)", "dpm", entries)


def best_in_a_round(conn: Connection, column: str, title: str, unit: str, limit: int = RECORDS_SHOWN) -> RecordBoard:
    """The highest value of one stored per-round column, one row per player and round."""
    s, p, r = t.player_round_stats.c, t.players.c, t.rounds.c
    value = s[column]
    rm = _match_of_round()
    rows = conn.execute(
        select(value.label("value"), p.guid, p.name, r.map, r.written_at, rm.c.match_id)
        .join(t.players, p.id == s.player_id)
        .join(t.rounds, r.id == s.round_id)
        .outerjoin(rm, rm.c.round_id == s.round_id)
        .where(s.round_id.in_(counted_rounds()), p.is_bot.is_(False), value > 0)
        .order_by(value.desc(), r.written_at, s.id)
        .limit(limit)
    ).all()
    entries = [RecordEntry(float(r.value), r.guid, r.name, r.map, r.written_at, r.match_id) for r in rows]
    return RecordBoard(column, title, unit, entries)


def time_set(conn: Connection, *, longest: bool, limit: int = RECORDS_SHOWN) -> RecordBoard:
    """Round 1 times set: the longest a defence held before falling, or the fastest attack."""
    m = t.matches.c
    order = m.time_to_beat_s.desc() if longest else m.time_to_beat_s.asc()
    rows = conn.execute(
        select(m.time_to_beat_s, m.map, m.played_at, m.id)
        .where(m.round1_outcome == RoundOutcome.ATTACKERS_WON.value, m.time_to_beat_s > 0)
        .order_by(order, m.played_at)
        .limit(limit)
    ).all()
    entries = [RecordEntry(float(r.time_to_beat_s), None, None, r.map, r.played_at, r.id) for r in rows]
    if longest:
        return RecordBoard("longest_hold", "Longest hold before the time was set", "clock", entries)
    return RecordBoard("fastest_attack", "Fastest time set in Round 1", "clock", entries)


def all_records(conn: Connection) -> list[RecordBoard]:
    boards = [best_map_dpm(conn)]
    boards += [best_in_a_round(conn, column, title, unit) for column, title, unit in ROUND_RECORDS]
    boards += [time_set(conn, longest=True), time_set(conn, longest=False)]
    return boards


def data_version(conn: Connection) -> tuple[int | None, int | None]:
    """Changes whenever rounds are imported (the only way stored numbers change), read through primary keys."""
    newest_round = conn.execute(select(func.max(t.rounds.c.id))).scalar()
    newest_match = conn.execute(select(func.max(t.matches.c.id))).scalar()
    return newest_round, newest_match
