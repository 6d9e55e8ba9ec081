"""The evening summary, posted on its own once the evening is over.

An evening is over when no round has arrived from its source for a quiet time
(``ETSTATS_EVENING_SUMMARY_SECONDS``), or, after the bot saw the watched voice channel
empty, for two minutes. The post goes through the outbox under a key naming the source and the
evening's start, so it is sent once per sink whatever restarts or crashes happen. Only
evenings whose rounds were posted get a summary: a catch-up import stays silent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, func, select

from etstats.clock import local_now
from etstats.monitor.db import Database
from etstats.monitor.outbox import PlannedPost, enqueue, post_id_by_key, post_key
from etstats.store import schema as t
from etstats.store.session_queries import session_round_ids

log = logging.getLogger(__name__)

KIND = "evening"
MIN_CHECK_SECONDS = 0.2
MAX_CHECK_SECONDS = 30.0
VOICE_QUIET = timedelta(minutes=2)
VOICE_WINDOW = timedelta(minutes=10)


def evening_label(started_at: datetime) -> str:
    return f"{started_at:%Y-%m-%d-%H%M%S}"


def evening_key(source: str, started_at: datetime) -> str:
    """``evening:<source>:<start>``: one summary per evening and source, stable across restarts."""
    return post_key(KIND, source, evening_label(started_at))


@dataclass(frozen=True, slots=True)
class DueEvening:
    source: str
    session_id: int
    started_at: datetime
    last_map_round_id: int
    last_map_file: str
    maps: int
    last_post_at: datetime
    """When the evening's last round post may go: the summary never goes before it."""

    def planned(self, now: datetime) -> PlannedPost:
        return PlannedPost(
            KIND,
            self.source,
            f"{self.maps} maps",
            self.last_map_round_id,
            [self.last_map_file],
            max(now, self.last_post_at),
            label=evening_label(self.started_at),
        )


def _latest_rounds(conn: Connection) -> list[tuple[str, int | None, datetime | None]]:
    """(source, session id, arrival time) of the newest round of every source."""
    r, f = t.rounds.c, t.files.c
    newest = select(r.source, func.max(r.written_at).label("written_at")).group_by(r.source).subquery()
    rows = conn.execute(
        select(r.source, r.session_id, f.imported_at)
        .join(t.files, f.id == r.file_id)
        .join(newest, (newest.c.source == r.source) & (newest.c.written_at == r.written_at))
        .order_by(r.source, r.id.desc())
    ).all()
    latest: dict[str, tuple[str, int | None, datetime | None]] = {}
    for row in rows:
        latest.setdefault(row.source, (row.source, row.session_id, row.imported_at))
    return list(latest.values())


def _due(conn: Connection, source: str, session_id: int) -> DueEvening | None:
    s = conn.execute(select(t.sessions).where(t.sessions.c.id == session_id)).one()
    if post_id_by_key(conn, evening_key(source, s.started_at)) is not None:
        return None
    r, m, o = t.rounds.c, t.matches.c, t.outbox.c
    in_session = session_round_ids(s)
    maps = conn.execute(
        select(r.id, r.name).join(t.matches, m.round2_id == r.id).where(r.id.in_(in_session)).order_by(r.written_at)
    ).all()
    if not maps:
        return None
    last_post_at = conn.execute(
        select(func.max(o.not_before)).where(o.round_id.in_(in_session), o.kind != KIND)
    ).scalar()
    if last_post_at is None:
        return None
    last = maps[-1]
    return DueEvening(source, session_id, s.started_at, last.id, last.name, len(maps), last_post_at)


def due_evenings(conn: Connection, now: datetime, quiet: timedelta) -> list[DueEvening]:
    """The evenings to sum up now: per source, the newest one, when its last round arrived at
    least ``quiet`` ago, it has a complete map, its rounds were posted and it has no summary yet."""
    due = []
    for source, session_id, arrived in _latest_rounds(conn):
        if session_id is None or arrived is None or now - arrived < quiet:
            continue
        found = _due(conn, source, session_id)
        if found is not None:
            due.append(found)
    return due


def plan_evenings(engine: Engine, sinks: Sequence[str], now: datetime, quiet: timedelta) -> int:
    """Write the summaries that are due into the outbox (in one transaction); how many were added."""
    with engine.begin() as conn:
        due = due_evenings(conn, now, quiet)
        return enqueue(conn, [evening.planned(now) for evening in due], sinks, now)


class EveningWatch:
    """Checks now and then whether an evening is over.

    ``now`` is set when the watched voice channel empties: for a while after, the evening
    counts as over once no round has come for ``VOICE_QUIET`` — long enough for the last
    map's Round 2 file, written as players leave, to arrive and be posted first.
    """

    def __init__(
        self, db: Database, sinks: Sequence[str], quiet: timedelta, posts_ready: asyncio.Event, now: asyncio.Event
    ) -> None:
        self.db = db
        self.sinks = list(sinks)
        self.quiet = quiet
        self.posts_ready = posts_ready
        self.now = now
        self.every = min(MAX_CHECK_SECONDS, max(MIN_CHECK_SECONDS, min(quiet, VOICE_QUIET).total_seconds() / 4))
        self._short_until = 0.0

    def current_quiet(self) -> timedelta:
        """The quiet time that ends an evening now: shorter for a while after the voice channel emptied."""
        if self.now.is_set():
            self.now.clear()
            self._short_until = time.monotonic() + VOICE_WINDOW.total_seconds()
        return min(self.quiet, VOICE_QUIET) if time.monotonic() < self._short_until else self.quiet

    async def check(self, now: datetime | None = None) -> int:
        quiet = self.current_quiet()
        added = await self.db.run(plan_evenings, self.db.engine, self.sinks, now or local_now(), quiet)
        if added:
            log.info("evening over: %d summary post(s) queued", added)
            self.posts_ready.set()
        return added

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.check()
            except Exception:
                log.exception("could not check whether the evening is over")
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self.now.wait())]
            await asyncio.wait(waiters, timeout=self.every, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
