"""Game evenings kept in the ``sessions`` table as rounds arrive, in any order."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from etstats.stats.sessions import SESSION_GAP, group_sessions
from etstats.store import schema as t
from etstats.store.upsert import insert_returning_ids

_CHUNK = 500


def assign_sessions(conn: Connection, source: str, moments: list[datetime]) -> dict[datetime, int]:
    """Regroup the evenings that rounds written at ``moments`` fall into or next to, before those
    rounds are stored; returns the session of each moment.

    An evening keeps its id when it grows, so the rounds already stored in it are not
    written again; only when new rounds join two evenings do the later one's rounds move.
    """
    s, c = t.sessions.c, t.rounds.c
    low, high = min(moments) - SESSION_GAP, max(moments) + SESSION_GAP
    overlapping = conn.execute(
        select(s.id, s.started_at, s.ended_at).where(s.source == source, s.ended_at >= low, s.started_at <= high)
    ).all()
    start = min([min(moments)] + [r.started_at for r in overlapping])
    end = max([max(moments)] + [r.ended_at for r in overlapping])
    stored = conn.execute(
        select(c.written_at, c.id, c.session_id).where(c.source == source, c.written_at >= start, c.written_at <= end)
    ).all()
    items: list[tuple[datetime, int | None, int | None]] = [(r.written_at, r.id, r.session_id) for r in stored]
    items += [(moment, None, None) for moment in moments]
    groups = group_sessions(items, lambda item: item[0])
    old = {r.id for r in overlapping}
    ids = _session_ids(conn, source, groups, old)
    moves: dict[int, list[int]] = {}
    assigned: dict[datetime, int] = {}
    for group, session_id in zip(groups, ids, strict=True):
        for moment, round_id, current in group:
            if round_id is None:
                assigned[moment] = session_id
            elif current != session_id:
                moves.setdefault(session_id, []).append(round_id)
    for session_id, round_ids in moves.items():
        for i in range(0, len(round_ids), _CHUNK):
            chunk = round_ids[i : i + _CHUNK]
            conn.execute(update(t.rounds).where(c.id.in_(chunk)).values(session_id=session_id))
    gone = sorted(old - set(ids))
    if gone:
        conn.execute(delete(t.sessions).where(s.id.in_(gone)))
    return assigned


def _session_ids(
    conn: Connection, source: str, groups: list[list[tuple[datetime, int | None, int | None]]], old: set[int]
) -> list[int]:
    """One session per group: the first old session among its rounds, updated, else a new one."""
    s = t.sessions.c
    ids: list[int | None] = []
    fresh: list[dict[str, Any]] = []
    taken: set[int] = set()
    for group in groups:
        values = {"started_at": group[0][0], "ended_at": group[-1][0], "round_count": len(group)}
        candidates = sorted({current for _, _, current in group if current in old and current not in taken})
        if candidates:
            taken.add(candidates[0])
            conn.execute(update(t.sessions).where(s.id == candidates[0]).values(**values))
            ids.append(candidates[0])
        else:
            fresh.append({"source": source, **values})
            ids.append(None)
    new_ids = iter(insert_returning_ids(conn, t.sessions, fresh))
    return [next(new_ids) if i is None else i for i in ids]
