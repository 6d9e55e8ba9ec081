"""Drains the outbox through the sinks: in order, marked sent only after the sink confirms."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Engine

from etstats.clock import local_now
from etstats.monitor.compose import load_post
from etstats.monitor.db import Database
from etstats.monitor.outbox import claim_next, mark_failed, mark_sent
from etstats.publish.post import Post, Sink, SinkError

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 1.0
CLAIM = timedelta(seconds=60)  # longer than any one send; after a crash another instance sends it then


def _next(engine: Engine, sink: str, holder: str | None) -> tuple[int, bool] | None:
    with engine.begin() as conn:
        return claim_next(conn, sink, holder, local_now(), CLAIM)


def _load(engine: Engine, post_id: int, combine_round2: bool, milestones: bool) -> Post:
    with engine.begin() as conn:
        return load_post(conn, post_id, combine_round2=combine_round2, milestones=milestones)


def _sent(engine: Engine, post_id: int, sink: str, confirmation: str) -> None:
    with engine.begin() as conn:
        mark_sent(conn, post_id, sink, confirmation, local_now())


def _failed(
    engine: Engine, post_id: int, sink: str, error: str, retry_after: float | None, permanent: bool
) -> float | None:
    with engine.begin() as conn:
        delay = mark_failed(conn, post_id, sink, error, local_now(), retry_after, permanent=permanent)
        return None if delay is None else delay.total_seconds()


class Publisher:
    def __init__(
        self,
        db: Database,
        sinks: Sequence[Sink],
        wake: asyncio.Event,
        *,
        milestones: bool = False,
        holder: str | None = None,
    ) -> None:
        """``holder`` names this instance when several share the database: it claims each post before sending."""
        self.db = db
        self.holder = holder
        self.sinks = list(sinks)
        self.wake = wake
        self.milestones = milestones

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.wake.clear()
            for sink in self.sinks:
                await self.drain(sink)
            try:
                await asyncio.wait_for(self.wake.wait(), IDLE_CHECK_SECONDS)
            except TimeoutError:
                pass

    async def drain(self, sink: Sink) -> int:
        """Send this sink's due posts in order; stop at the first one that must wait."""
        sent = 0
        while True:
            nxt = await self.db.run(_next, self.db.engine, sink.name, self.holder)
            if nxt is None or not nxt[1]:
                return sent
            post_id = nxt[0]
            try:
                combine = sink.combines_round2
                post = await self.db.run(_load, self.db.engine, post_id, combine, self.milestones)
                confirmation = await sink.send(post)
            except SinkError as exc:
                delay = await self.db.run(
                    _failed, self.db.engine, post_id, sink.name, str(exc), exc.retry_after, exc.permanent
                )
                if delay is None:
                    log.error("%s: post %s refused for good (%s); held — see etstats status", sink.name, post_id, exc)
                    continue
                log.warning("%s: sending post %s failed (%s); retry in %.0f s", sink.name, post_id, exc, delay)
                return sent
            except Exception as exc:  # a renderer or sink bug must not stop the service
                log.exception("%s: post %s could not be sent", sink.name, post_id)
                await self.db.run(_failed, self.db.engine, post_id, sink.name, repr(exc), None, False)
                return sent
            await self.db.run(_sent, self.db.engine, post_id, sink.name, confirmation or "ok")
            sent += 1
