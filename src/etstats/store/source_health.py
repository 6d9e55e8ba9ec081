"""Source health in the database, so ``etstats status`` (another process) can show it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, select

from etstats.stats.status_report import SourceState, TaskState
from etstats.store import schema as t
from etstats.store.upsert import upsert_replace


def save_task(engine: Engine, state: TaskState, now: datetime) -> None:
    with engine.begin() as conn:
        upsert_replace(
            conn,
            t.task_health,
            {
                "task": state.task,
                "failing_since": state.failing_since,
                "last_error": state.last_error,
                "restarts": state.restarts,
                "updated_at": now,
            },
            conflict=("task",),
        )


def load_tasks(conn: Connection) -> list[TaskState]:
    rows = conn.execute(select(t.task_health).order_by(t.task_health.c.task)).all()
    return [TaskState(r.task, r.failing_since, r.last_error, r.restarts) for r in rows]


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
                "attention": "\n".join(state.attention) or None,
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
            attention=r.attention.splitlines() if r.attention else [],
        )
        for r in rows
    ]
