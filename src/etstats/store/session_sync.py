"""Game evenings kept in the ``sessions`` table as rounds arrive, in any order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from etstats.stats.sessions import SESSION_GAP, group_sessions
from etstats.store import schema as t


def refresh_sessions(conn: Connection, source: str, moments: list[datetime]) -> None:
    """Regroup the sessions the new rounds fall into or next to (they may merge two evenings)."""
    s, c = t.sessions.c, t.rounds.c
    low, high = min(moments) - SESSION_GAP, max(moments) + SESSION_GAP
    overlapping = conn.execute(
        select(s.id, s.started_at, s.ended_at).where(s.source == source, s.ended_at >= low, s.started_at <= high)
    ).all()
    start = min([min(moments)] + [r.started_at for r in overlapping])
    end = max([max(moments)] + [r.ended_at for r in overlapping])
    if overlapping:
        conn.execute(delete(t.sessions).where(s.id.in_([r.id for r in overlapping])))
    rows = conn.execute(
        select(c.id, c.written_at).where(c.source == source, c.written_at >= start, c.written_at <= end)
    ).all()
    groups = group_sessions(rows, lambda r: r.written_at)
    session_ids: Sequence[int] = (
        conn.execute(
            insert(t.sessions).returning(s.id, sort_by_parameter_order=True),
            [
                {
                    "source": source,
                    "started_at": g[0].written_at,
                    "ended_at": g[-1].written_at,
                    "round_count": len(g),
                }
                for g in groups
            ],
        )
        .scalars()
        .all()
    )
    in_session = (c.source == source) & c.written_at.between(bindparam("first"), bindparam("last"))
    conn.execute(
        update(t.rounds).where(in_session).values(session_id=bindparam("sid")),
        [{"first": g[0].written_at, "last": g[-1].written_at, "sid": sid} for g, sid in zip(groups, session_ids)],
    )
