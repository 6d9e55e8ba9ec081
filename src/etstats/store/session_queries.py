"""Game evenings for the bot: the maps of a session, per-player totals and the running score.

A session's totals add the stored round-only rows of its rounds that count (no orphan
Round 2, no shutdown save); the maps are the whole-map summaries the map posts use.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Select, select

from etstats.stats.differential import combine
from etstats.stats.players import PlayerStats
from etstats.stats.session_summary import SessionSummary, score_runs
from etstats.stats.summary import MapSummary
from etstats.store import schema as t
from etstats.store.summaries import map_summary, round_players


def latest_session_id(conn: Connection) -> int | None:
    """The newest evening with at least one complete map, else simply the newest session.

    Found through the newest map (indexed by time) so that a lone round started after
    the evening ended does not hide the evening.
    """
    m, r = t.matches.c, t.rounds.c
    session_id = conn.execute(
        select(r.session_id)
        .join(t.matches, m.round2_id == r.id)
        .where(r.session_id.is_not(None))
        .order_by(m.played_at.desc(), m.id.desc())
        .limit(1)
    ).scalar()
    if session_id is None:
        s = t.sessions.c
        session_id = conn.execute(select(s.id).order_by(s.ended_at.desc(), s.id.desc()).limit(1)).scalar()
    return session_id


def session_round_ids(session: Any) -> Select:
    """Ids of a session's rounds: its source's time span (indexed), checked against ``session_id``."""
    r = t.rounds.c
    return select(r.id).where(
        r.source == session.source,
        r.written_at >= session.started_at,
        r.written_at <= session.ended_at,
        r.session_id == session.id,
    )


def session_summary(conn: Connection, session_id: int) -> SessionSummary:
    """Maps in order (each R2 with its R1 when paired), per-player totals and the running score."""
    s = conn.execute(select(t.sessions).where(t.sessions.c.id == session_id)).one()
    r = t.rounds.c
    rounds = conn.execute(
        select(r.id, r.name, r.round, r.orphan, r.shutdown_save, r.server)
        .where(r.id.in_(session_round_ids(s)))
        .order_by(r.written_at, r.round, r.id)
    ).all()
    maps = [map_summary(conn, row.id) for row in rounds if row.round == 2 and not row.shutdown_save]
    loaded: dict[str, list[PlayerStats]] = {}
    for summary in maps:
        if summary.round1 is not None:
            loaded[summary.round1.file] = summary.round1.players
            loaded[summary.round2.file] = summary.round2.players
    totals: dict[str, PlayerStats] = {}
    for row in rounds:
        if row.orphan or row.shutdown_save:
            continue
        players = loaded[row.name] if row.name in loaded else round_players(conn, row.id)
        for p in players:
            totals[p.key] = combine(totals[p.key], p) if p.key in totals else p
    maps_played: dict[str, int] = {}
    for summary in maps:
        if summary.round1 is not None:
            for p in summary.players:
                maps_played[p.key] = maps_played.get(p.key, 0) + 1
    shown = {key: p.display_name for key, p in totals.items()}
    return SessionSummary(
        id=s.id,
        source=s.source,
        server=rounds[-1].server if rounds else s.source,
        started_at=s.started_at,
        ended_at=s.ended_at,
        round_count=len(rounds),
        maps=maps,
        players=sorted(totals.values(), key=lambda p: (-p.kills, p.deaths, p.display_name.casefold())),
        maps_played=maps_played,
        runs=score_runs(maps, shown),
    )


def latest_session(conn: Connection) -> SessionSummary | None:
    session_id = latest_session_id(conn)
    return None if session_id is None else session_summary(conn, session_id)


def session_on(conn: Connection, day: date) -> int | None:
    """The evening that started on ``day`` with the most rounds (several servers may have played)."""
    s = t.sessions.c
    start = datetime.combine(day, time())
    return conn.execute(
        select(s.id)
        .where(s.started_at >= start, s.started_at < start + timedelta(days=1))
        .order_by(s.round_count.desc(), s.started_at)
        .limit(1)
    ).scalar()


def evening_days_near(conn: Connection, day: date, count: int = 3) -> list[date]:
    """Days with an evening before and after ``day`` (at most ``count`` each side), in order."""
    s = t.sessions.c
    start = datetime.combine(day, time())
    before = conn.execute(select(s.started_at).where(s.started_at < start).order_by(s.started_at.desc()).limit(count))
    after = conn.execute(select(s.started_at).where(s.started_at >= start).order_by(s.started_at).limit(count))
    return sorted({moment.date() for moment in [*before.scalars(), *after.scalars()]})


def recent_map_ids(conn: Connection, count: int) -> list[int]:
    """The Round 2 ids of the newest ``count`` complete maps, newest first."""
    m = t.matches.c
    ids: Sequence[int] = (
        conn.execute(select(m.round2_id).order_by(m.played_at.desc(), m.id.desc()).limit(count)).scalars().all()
    )
    return list(ids)


def recent_maps(conn: Connection, count: int) -> list[MapSummary]:
    """The newest ``count`` complete maps, newest first."""
    return [map_summary(conn, round2_id) for round2_id in recent_map_ids(conn, count)]
