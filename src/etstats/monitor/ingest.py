"""One ingest step: import fetched files and write the posts they cause, in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from etstats.monitor.corrections import enqueue_corrections
from etstats.monitor.outbox import PlannedPost, enqueue, has_posts, post_key, posts_pending_for_round
from etstats.store import schema as t
from etstats.store.importer import BatchResult, IncomingFile, import_batch

log = logging.getLogger(__name__)

MAX_PARSE_ATTEMPTS = 3
NAME_SLACK = timedelta(hours=24)
"""File names carry server-local time of unknown zone: a day of slack covers any zone."""


@dataclass(frozen=True, slots=True)
class Fetched:
    name: str
    data: bytes
    mtime: float


@dataclass(frozen=True, slots=True)
class PostPolicy:
    """When rounds are posted: inside the post window, R2 held back while its R1 may still come."""

    post_window: timedelta
    r1_grace: timedelta


@dataclass(slots=True)
class IngestReport:
    batch: BatchResult
    posts: int = 0
    corrections: int = 0
    silent: list[str] = field(default_factory=list)
    old_names: list[str] = field(default_factory=list)
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    retrying: list[tuple[str, str]] = field(default_factory=list)


def ingest(
    engine: Engine,
    source: str,
    files: Sequence[Fetched],
    sinks: Sequence[str],
    policy: PostPolicy,
    now: datetime,
    now_epoch: float,
    combined: frozenset[str] = frozenset(),
) -> IngestReport:
    mtimes = {f.name: f.mtime for f in files}
    with engine.begin() as conn:
        batch = import_batch(conn, source, [IncomingFile(f.name, f.data) for f in files])
        planned, silent, old_names = plan_posts(conn, source, batch, mtimes, policy, now, now_epoch)
        report = IngestReport(batch, silent=silent, old_names=old_names)
        changed = _rederived_post_keys(conn, batch) + _completed_post_keys(conn, batch)
        report.corrections = enqueue_corrections(conn, changed, now)
        report.posts = enqueue(conn, planned, sinks, now, combined)
        _quarantine_repeated_failures(conn, source, report)
    return report


def _rederived_post_keys(conn: Connection, batch: BatchResult) -> list[str]:
    """The Round 2 and map posts of every Round 2 whose numbers the batch changed."""
    if not batch.rederived_rounds:
        return []
    c = t.rounds.c
    rows = conn.execute(select(c.source, c.name).where(c.id.in_(batch.rederived_rounds)).order_by(c.written_at))
    return [post_key(kind, row.source, row.name) for row in rows for kind in ("round2", "map")]


def _completed_post_keys(conn: Connection, batch: BatchResult) -> list[str]:
    """The posts of every round read again because its file grew after import (it was cut)."""
    if not batch.completed_rounds:
        return []
    c = t.rounds.c
    rows = conn.execute(select(c.source, c.name, c.round).where(c.id.in_(batch.completed_rounds)))
    kinds = {1: ("round1",), 2: ("round2", "map")}
    return [post_key(kind, row.source, row.name) for row in rows for kind in kinds.get(row.round, ())]


def plan_posts(
    conn: Connection,
    source: str,
    batch: BatchResult,
    mtimes: dict[str, float],
    policy: PostPolicy,
    now: datetime,
    now_epoch: float,
) -> tuple[list[PlannedPost], list[str], list[str]]:
    """Round 1 → a round-1 post; Round 2 → a round-2 and a map post (held for the R1 grace).

    Files older than the post window are imported silently: by mtime (an absolute clock),
    and by the time in the name (server-local, zone unknown, so a day of slack), since a
    copied or restored folder has fresh mtimes; shutdown-path saves are never posted;
    an R1 that shows up after its map was already posted is not posted on its own;
    only the newest Round 2 of a source waits for its Round 1. Returns the posts, the
    names imported silently, and among those the ones held back by the name's time alone.
    """
    planned: list[PlannedPost] = []
    silent: list[str] = []
    old_names: list[str] = []
    window = policy.post_window.total_seconds()
    for item in batch.files:
        if item.status != "imported" or item.round_id is None:
            continue
        if now_epoch - mtimes.get(item.name, now_epoch) > window:
            silent.append(item.name)
            continue
        r = conn.execute(select(t.rounds).where(t.rounds.c.id == item.round_id)).one()
        if r.written_at < now - policy.post_window - NAME_SLACK:
            silent.append(item.name)
            old_names.append(item.name)
            continue
        if r.shutdown_save:
            log.warning("%s: written mid-round by the shutdown path; imported, not posted", r.name)
            continue
        if r.round == 1:
            r2_id = conn.execute(select(t.matches.c.round2_id).where(t.matches.c.round1_id == r.id)).scalar()
            if r2_id is not None and has_posts(conn, r2_id) and not posts_pending_for_round(conn, r2_id):
                log.info("%s arrived after its map was posted; Round 2 re-derived and its posts corrected", r.name)
                continue
            planned.append(PlannedPost("round1", source, r.map, r.id, [r.name], now))
            continue
        wait = policy.r1_grace if r.orphan and _newest_of_source(conn, r) else timedelta(0)
        for kind in ("round2", "map"):
            planned.append(PlannedPost(kind, source, r.map, r.id, [r.name], now + wait))
    return planned, silent, old_names


def _newest_of_source(conn: Connection, r: Any) -> bool:
    """Whether nothing was written after this round: only then can its Round 1 still come.

    Files arrive in time order, so in a backlog an orphan Round 2 followed by later
    rounds is posted at once instead of holding up the rounds after it.
    """
    c = t.rounds.c
    later = conn.execute(select(c.id).where(c.source == r.source, c.written_at > r.written_at).limit(1)).first()
    return later is None


def _quarantine_repeated_failures(conn: Connection, source: str, report: IngestReport) -> None:
    f = t.files.c
    for item in report.batch.files:
        if item.status != "failed":
            continue
        row = conn.execute(select(f.attempts, f.status).where(f.source == source, f.name == item.name)).first()
        if row is not None and row.status == "quarantined":
            report.quarantined.append((item.name, item.error or ""))
            continue
        if row is None or row.status != "failed":
            report.retrying.append((item.name, item.error or ""))
            continue
        if row.attempts >= MAX_PARSE_ATTEMPTS:
            conn.execute(update(t.files).where(f.source == source, f.name == item.name).values(status="quarantined"))
            report.quarantined.append((item.name, item.error or ""))
        else:
            report.retrying.append((item.name, item.error or ""))
