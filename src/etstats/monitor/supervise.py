"""Keep a long-running task alive: log its failure loudly, record it as health, restart it with backoff.

A task that dies quietly is worse than one that crashes the service: imports went on
while the publisher was dead, so everything looked healthy. Health goes to memory first
and to the database when it can (the failure may be the database itself).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from etstats.clock import local_now
from etstats.monitor.db import Database
from etstats.stats.status_report import TaskState
from etstats.store.source_health import save_task

log = logging.getLogger(__name__)

BACKOFF_INITIAL_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:500] if text else type(exc).__name__


class TaskHealth:
    """Whether each supervised task works, and since when it does not."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.states: dict[str, TaskState] = {}

    async def failed(self, task: str, exc: BaseException) -> None:
        state = self.states.setdefault(task, TaskState(task))
        if state.failing_since is None:
            state.failing_since = local_now()
        state.last_error = _reason(exc)
        state.restarts += 1
        await self._save(state)

    async def working(self, task: str) -> None:
        """Called by a task after a round of work went well; writes only when it changes something."""
        state = self.states.get(task)
        if state is None:
            state = self.states[task] = TaskState(task)
        elif state.failing_since is None:
            return
        else:
            log.warning("%s works again (failing since %s)", task, state.failing_since)
            state.failing_since = None
            state.last_error = None
        await self._save(state)

    def describe(self) -> list[str]:
        return [state.describe() for state in self.states.values() if state.failing_since is not None]

    async def _save(self, state: TaskState) -> None:
        try:
            await self.db.run(save_task, self.db.engine, state, local_now())
        except Exception as exc:  # the database may be exactly what fails
            log.error("could not record the health of %s: %s", state.task, _reason(exc))


async def supervise(
    task: str,
    work: Callable[[], Awaitable[None]],
    stop: asyncio.Event,
    task_health: TaskHealth,
) -> None:
    """Run ``work`` until ``stop``; after an exception, log it, record it and start it again with backoff.

    ``work`` returning normally means it finished on purpose (e.g. the service stops).
    """
    delay = BACKOFF_INITIAL_SECONDS
    while not stop.is_set():
        try:
            await work()
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.critical("%s failed; restarting in %.1f s", task, delay, exc_info=exc)
            await task_health.failed(task, exc)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        delay = min(BACKOFF_MAX_SECONDS, delay * 2)
