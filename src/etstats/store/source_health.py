"""Source health in the database, so ``etstats status`` (another process) can show it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, select

from etstats.stats.status_report import SourceState
from etstats.store import schema as t
from etstats.store.upsert import upsert_replace


def save(engine: Engine, state: SourceState, now: datetime) -> None:
    with engine.begin() as conn:
        upsert_replace(
            conn,
            t.source_health,
            {
                "source": state.source,
                "kind": state.kind,
                "connected": state.connected,
                "since": state.since,
                "last_listing": state.last_listing,
                "last_file_seen": state.last_file_seen,
                "last_round_imported": state.last_round_imported,
                "last_error": state.last_error,
                "updated_at": now,
            },
            conflict=("source",),
        )


def load(conn: Connection) -> list[SourceState]:
    rows = conn.execute(select(t.source_health).order_by(t.source_health.c.source)).all()
    return [
        SourceState(
            source=r.source,
            kind=r.kind,
            connected=r.connected,
            since=r.since,
            last_listing=r.last_listing,
            last_file_seen=r.last_file_seen,
            last_round_imported=r.last_round_imported,
            last_error=r.last_error,
        )
        for r in rows
    ]
