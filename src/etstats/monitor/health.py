"""Source health in the database, so ``etstats status`` (another process) can show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, Engine, select

from etstats.store import schema as t
from etstats.store.upsert import upsert_replace


@dataclass(slots=True)
class SourceState:
    source: str
    kind: str
    connected: bool = False
    since: datetime | None = None
    last_listing: datetime | None = None
    last_file_seen: str | None = None
    last_round_imported: str | None = None
    last_error: str | None = None
    attention: list[str] = field(default_factory=list)
    """Files the source cannot deal with on its own (incomplete, badly named), one line each."""


@dataclass(slots=True)
class TaskState:
    """A supervised task of the service (the publisher, a source's loop) and whether it fails."""

    task: str
    failing_since: datetime | None = None
    last_error: str | None = None
    restarts: int = 0

    def describe(self) -> str:
        if self.failing_since is None:
            return f"{self.task}: working"
        return f"{self.task} failing since {self.failing_since} ({self.last_error})"


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
