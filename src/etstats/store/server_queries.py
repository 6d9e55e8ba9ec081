"""The newest imported round of a source, for saying what a live server is in the middle of."""

from __future__ import annotations

from sqlalchemy import Connection, select

from etstats.stats.last_round import LastRound
from etstats.store import schema as t


def last_round(conn: Connection, source: str | None) -> LastRound | None:
    """The newest round of ``source`` (of every source when None), or None before the first import."""
    r, f = t.rounds.c, t.files.c
    query = (
        select(r.name, r.map, r.round, r.written_at, f.imported_at)
        .join(t.files, f.id == r.file_id)
        .order_by(r.written_at.desc(), r.id.desc())
        .limit(1)
    )
    if source is not None:
        query = query.where(r.source == source)
    row = conn.execute(query).first()
    return None if row is None else LastRound(row.name, row.map, row.round, row.written_at, row.imported_at)
