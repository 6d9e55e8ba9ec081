"""One ingest step: import fetched files and write the posts they cause, in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from etstats.monitor.corrections import enqueue_corrections, round2_post_keys, round_post_keys
from etstats.monitor.outbox import PlannedPost, enqueue, has_posts, posts_pending_for_round
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
class PostPlan:
    """What a batch causes: its posts, the rounds imported without one, and among those the
    rounds held back by the time in their names (a copied or restored folder)."""

    posts: list[PlannedPost] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)
    old_names: list[str] = field(default_factory=list)


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
        plan = plan_posts(conn, source, batch, mtimes, policy, now, now_epoch)
        report = IngestReport(batch, silent=plan.silent, old_names=plan.old_names)
        report.corrections = enqueue_corrections(
            conn, round2_post_keys(conn, batch.rederived_rounds) + round_post_keys(conn, batch.completed_rounds), now
        )
        report.posts = enqueue(conn, plan.posts, sinks, now, combined)
        _quarantine_repeated_failures(conn, source, report)
    return report


def plan_posts(
    conn: Connection,
    source: str,
    batch: BatchResult,
    mtimes: dict[str, float],
    policy: PostPolicy,
    now: datetime,
    now_epoch: float,
) -> PostPlan:
    """Round 1 → a round-1 post; Round 2 → a round-2 and a map post (held for the R1 grace).

    Files older than the post window are imported silently: by mtime (an absolute clock),
    and by the time in the name (server-local, zone unknown, so a day of slack), since a
    copied or restored folder has fresh mtimes; shutdown-path saves are never posted;
    an R1 that shows up after its map was already posted is not posted on its own;
    only the newest Round 2 of a source waits for its Round 1.
    """
    plan = PostPlan()
    window = policy.post_window.total_seconds()
    for item in batch.files:
        if item.status != "imported" or item.round_id is None:
            continue
        if now_epoch - mtimes.get(item.name, now_epoch) > window:
            plan.silent.append(item.name)
            continue
        r = conn.execute(select(t.rounds).where(t.rounds.c.id == item.round_id)).one()
        if r.written_at < now - policy.post_window - NAME_SLACK:
            plan.silent.append(item.name)
            plan.old_names.append(item.name)
            continue
        if r.shutdown_save:
            log.warning("%s: written mid-round by the shutdown path; imported, not posted", r.name)
            continue
        if r.round == 1:
            r2_id = conn.execute(select(t.matches.c.round2_id).where(t.matches.c.round1_id == r.id)).scalar()
            if r2_id is not None and has_posts(conn, r2_id) and not posts_pending_for_round(conn, r2_id):
                log.info("%s arrived after its map was posted; Round 2 re-derived and its posts corrected", r.name)
                continue
            plan.posts.append(PlannedPost("round1", source, r.map, r.id, [r.name], now))
            continue
        wait = policy.r1_grace if r.orphan and _newest_of_source(conn, r) else timedelta(0)
        for kind in ("round2", "map"):
            plan.posts.append(PlannedPost(kind, source, r.map, r.id, [r.name], now + wait))
    return plan


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
