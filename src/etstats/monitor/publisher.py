"""Drains the outbox through the sinks: in order, marked sent only after the sink confirms."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Engine

from etstats.clock import local_now
from etstats.monitor.compose import load_post
from etstats.monitor.corrections import Target, correction_target
from etstats.monitor.db import Database
from etstats.monitor.outbox import begin_send, claim_next, hold, mark_failed, mark_sent, note_ambiguous
from etstats.monitor.supervise import TaskHealth
from etstats.publish.post import Post, Sent, Sink, SinkError

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 1.0
CLAIM = timedelta(seconds=60)  # longer than any one send; after a crash another instance sends it then


def _next(engine: Engine, sink: str, holder: str | None) -> tuple[int, bool] | None:
    with engine.begin() as conn:
        return claim_next(conn, sink, holder, local_now(), CLAIM)


def _load(
    engine: Engine, post_id: int, sink: str, combine_round2: bool, milestones: bool
) -> tuple[Post, Target | None]:
    with engine.begin() as conn:
        post = load_post(conn, post_id, combine_round2=combine_round2, milestones=milestones)
        return post, correction_target(conn, post_id, sink)


def _sent(engine: Engine, post_id: int, sink: str, sent: Sent) -> None:
    with engine.begin() as conn:
        mark_sent(conn, post_id, sink, sent.receipt or "ok", local_now(), sent.message_ids)


def _begin(engine: Engine, post_id: int, sink: str) -> str | None:
    with engine.begin() as conn:
        return begin_send(conn, post_id, sink, local_now())


def _ambiguous(engine: Engine, post_id: int, sink: str, reason: str | None) -> None:
    with engine.begin() as conn:
        note_ambiguous(conn, post_id, sink, reason)


def _hold(engine: Engine, post_id: int, sink: str, error: str) -> None:
    with engine.begin() as conn:
        hold(conn, post_id, sink, error)


def _failed(
    engine: Engine, post_id: int, sink: str, error: str, retry_after: float | None, permanent: bool
) -> float | None:
    with engine.begin() as conn:
        delay = mark_failed(conn, post_id, sink, error, local_now(), retry_after, permanent=permanent)
        return None if delay is None else delay.total_seconds()


class Publisher:
    """Sends what the outbox holds; ``run`` is meant to be supervised (see ``supervise``).

    Any exception leaves ``run``: the supervisor logs it and starts it again. A send the
    sink confirmed but the database did not record is remembered here and recorded
    first on the next round, so a database error never causes a second post. ``holder``
    names this instance when several share the database: it claims each post before
    sending it.
    """

    TASK = "publishing"

    def __init__(
        self,
        db: Database,
        sinks: Sequence[Sink],
        wake: asyncio.Event,
        *,
        milestones: bool = False,
        task_health: TaskHealth | None = None,
        holder: str | None = None,
    ) -> None:
        self.db = db
        self.holder = holder
        self.sinks = list(sinks)
        self.wake = wake
        self.milestones = milestones
        self.task_health = task_health or TaskHealth(db)
        self._unrecorded: dict[tuple[int, str], Sent] = {}

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.wake.clear()
            for sink in self.sinks:
                await self.drain(sink)
            await self.task_health.working(self.TASK)
            try:
                await asyncio.wait_for(self.wake.wait(), IDLE_CHECK_SECONDS)
            except TimeoutError:
                pass

    async def drain(self, sink: Sink) -> int:
        """Send this sink's due posts in order; stop at the first one that must wait.

        A correction edits what the sink delivered; a correction of a post the sink holds
        is held too, so ``etstats resend`` sends the post and then corrects it.
        """
        sent = 0
        await self._record_unrecorded()
        while True:
            nxt = await self.db.run(_next, self.db.engine, sink.name, self.holder)
            if nxt is None or not nxt[1]:
                return sent
            post_id = nxt[0]
            try:
                combine = sink.combines_round2
                post, target = await self.db.run(_load, self.db.engine, post_id, sink.name, combine, self.milestones)
                if target is None:
                    receipt = await self._send(sink, post_id, post)
                elif target.status != "sent":
                    await self.db.run(_hold, self.db.engine, post_id, sink.name, f"{target.key} is not delivered")
                    log.error("%s: correction %s held: %s is not delivered", sink.name, post.key, target.key)
                    continue
                else:
                    receipt = await sink.edit(post, target.message_ids)
            except SinkError as exc:
                if exc.ambiguous:
                    await self.db.run(_ambiguous, self.db.engine, post_id, sink.name, str(exc))
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
            self._unrecorded[(post_id, sink.name)] = receipt
            await self._record_unrecorded()
            sent += 1

    async def _send(self, sink: Sink, post_id: int, post: Post) -> Sent:
        """Send, unless a sink that could post twice finds the post already in the channel.

        For such sinks (webhooks) the start of every send is recorded first: a send that
        never finished (crash, lost answer) is ambiguous, and is looked up before it is
        repeated when the sink can (a bot token); otherwise it stays flagged in status.
        """
        if not sink.may_duplicate:
            return await sink.send(post)
        ambiguous = await self.db.run(_begin, self.db.engine, post_id, sink.name)
        if ambiguous is None:
            return await sink.send(post)
        if sink.checks_deliveries:
            found = await sink.find_delivered(post)
            await self.db.run(_ambiguous, self.db.engine, post_id, sink.name, None)
            if found is not None:
                log.warning("%s: %s was delivered although its answer was lost; not sent again", sink.name, post.key)
                return found
            return await sink.send(post)
        log.warning("%s: sending %s again after %s; it may show twice", sink.name, post.key, ambiguous)
        return await sink.send(post)

    async def _record_unrecorded(self) -> None:
        for (post_id, sink_name), receipt in list(self._unrecorded.items()):
            await self.db.run(_sent, self.db.engine, post_id, sink_name, receipt)
            del self._unrecorded[(post_id, sink_name)]
