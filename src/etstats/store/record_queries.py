"""The all-time records: best map DPM, the most of something in one round, the longest hold.

Rounds that do not count toward totals (an orphan Round 2 holds R1+R2 numbers, a shutdown
save is cut short) hold no record; neither do bots.

Finding a record reads every stored row, so after an import only what it added is read
(``since``, the :func:`data_version` the previous records were built from) and merged
with the previous records. An import adds rounds; the one change to older rows, a Round 2
re-derived when its late Round 1 arrives, comes with a new map, whose rounds are read too.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Connection, Subquery, func, select, union, union_all
from sqlalchemy.sql.base import ReadOnlyColumnCollection

from etstats.stats.outcome import RoundOutcome
from etstats.stats.records_board import MAP_DPM_MIN_MINUTES, RECORDS_SHOWN, RecordBoard, RecordEntry
from etstats.store import schema as t

DataVersion = tuple[int, int]
"""(highest round id, highest map id): grows with every import."""

ROUND_RECORDS: tuple[tuple[str, str, str], ...] = (
    ("kills", "Most kills in a round", "kills"),
    ("damage_given", "Most damage in a round", "damage"),
    ("revives_given", "Most revives in a round", "revives"),
    ("gibs", "Most gibs in a round", "gibs"),
)


def data_version(conn: Connection) -> DataVersion:
    """Changes whenever rounds are imported (the only way stored numbers change), read through primary keys."""
    newest_round = conn.execute(select(func.max(t.rounds.c.id))).scalar()
    newest_match = conn.execute(select(func.max(t.matches.c.id))).scalar()
    return int(newest_round or 0), int(newest_match or 0)


def _match_of_round(since: DataVersion | None = None) -> Subquery:
    """(round id, map id) of both rounds of every map (paired after ``since``)."""
    m = t.matches.c
    first = select(m.round1_id.label("round_id"), m.id.label("match_id"))
    second = select(m.round2_id.label("round_id"), m.id.label("match_id"))
    if since is not None:
        first, second = first.where(m.id > since[1]), second.where(m.id > since[1])
    return union_all(first, second).subquery()


def _new_rounds(since: DataVersion) -> CompoundSelect:
    """Ids of the rounds added after ``since``, and of the rounds of maps paired after it."""
    r, m = t.rounds.c, t.matches.c
    return union(
        select(r.id).where(r.id > since[0]),
        select(m.round1_id).where(m.id > since[1]),
        select(m.round2_id).where(m.id > since[1]),
    )


def _counted(r: ReadOnlyColumnCollection[str, Any]) -> list[ColumnElement[bool]]:
    """The round counts toward totals and records (as :func:`counted_rounds` selects), tested on a joined row."""
    return [r.orphan.is_(False), r.shutdown_save.is_(False)]


def best_map_dpm(conn: Connection, since: DataVersion | None = None, limit: int = RECORDS_SHOWN) -> RecordBoard:
    """Damage per minute over both rounds of one map, at least MAP_DPM_MIN_MINUTES of play."""
    s, p, m, r = t.player_round_stats.c, t.players.c, t.matches.c, t.rounds.c
    rm = _match_of_round(since)
    damage, minutes = func.sum(s.damage_given), func.sum(s.time_played_minutes)
    best = (
        select(rm.c.match_id, s.player_id, damage.label("damage"), minutes.label("minutes"))
        .select_from(rm)
        .join(t.player_round_stats, s.round_id == rm.c.round_id)
        .join(t.rounds, r.id == s.round_id)
        .join(t.players, p.id == s.player_id)
        .where(*_counted(r), p.is_bot.is_(False), s.time_played_minutes > 0)
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
    entries.sort(key=lambda e: (-e.value, e.played_at))
    return RecordBoard("map_dpm", f"Best DPM on a map (≥ {MAP_DPM_MIN_MINUTES:.0f} min)", "dpm", entries)


def best_in_a_round(
    conn: Connection, column: str, title: str, unit: str, since: DataVersion | None = None, limit: int = RECORDS_SHOWN
) -> RecordBoard:
    """The highest value of one stored per-round column, one row per player and round."""
    s, p, r = t.player_round_stats.c, t.players.c, t.rounds.c
    value = s[column]
    rm = _match_of_round(since)
    terms = [*_counted(r), p.is_bot.is_(False), value > 0]
    if since is not None:
        terms.append(s.round_id.in_(_new_rounds(since)))
    rows = conn.execute(
        select(value.label("value"), p.guid, p.name, r.map, r.written_at, rm.c.match_id)
        .join(t.players, p.id == s.player_id)
        .join(t.rounds, r.id == s.round_id)
        .outerjoin(rm, rm.c.round_id == s.round_id)
        .where(*terms)
        .order_by(value.desc(), r.written_at, s.id)
        .limit(limit)
    ).all()
    entries = [RecordEntry(float(r.value), r.guid, r.name, r.map, r.written_at, r.match_id) for r in rows]
    return RecordBoard(column, title, unit, entries)


def time_set(
    conn: Connection, *, longest: bool, since: DataVersion | None = None, limit: int = RECORDS_SHOWN
) -> RecordBoard:
    """Round 1 times set: the longest a defence held before falling, or the fastest attack."""
    m = t.matches.c
    order = m.time_to_beat_s.desc() if longest else m.time_to_beat_s.asc()
    terms = [m.round1_outcome == RoundOutcome.ATTACKERS_WON.value, m.time_to_beat_s > 0]
    if since is not None:
        terms.append(m.id > since[1])
    rows = conn.execute(
        select(m.time_to_beat_s, m.map, m.played_at, m.id).where(*terms).order_by(order, m.played_at).limit(limit)
    ).all()
    entries = [RecordEntry(float(r.time_to_beat_s), None, None, r.map, r.played_at, r.id) for r in rows]
    if longest:
        return RecordBoard("longest_hold", "Longest hold before the time was set", "clock", entries)
    return RecordBoard("fastest_attack", "Fastest time set in Round 1", "clock", entries, lower_is_better=True)


def all_records(conn: Connection, since: DataVersion | None = None) -> list[RecordBoard]:
    """Every record; with ``since``, only what rows added after that version hold (merge them)."""
    boards = [best_map_dpm(conn, since)]
    boards += [best_in_a_round(conn, column, title, unit, since) for column, title, unit in ROUND_RECORDS]
    boards += [time_set(conn, longest=True, since=since), time_set(conn, longest=False, since=since)]
    return boards
