"""The watch-import loop of every source, which ``!monitor start|stop`` drives."""

from __future__ import annotations

import asyncio
import logging

from etstats.monitor.leases import Leases
from etstats.monitor.supervise import TaskHealth, supervise
from etstats.monitor.watcher import SourceWatcher

log = logging.getLogger(__name__)


class Monitor:
    """The watch-import loop of every source; ``!monitor start|stop`` drives it.

    Stopping it stops noticing and importing files; posts already in the outbox still go out.
    """

    def __init__(self, task_health: TaskHealth | None = None, leases: Leases | None = None) -> None:
        self.task_health = task_health
        self.leases = leases
        self.watchers: list[SourceWatcher] = []
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def running(self) -> bool:
        return any(not task.done() for task in self._tasks)

    async def start(self) -> None:
        if self.running:
            return
        self._stop = asyncio.Event()
        self._tasks = [asyncio.create_task(self._supervised(w), name=f"watch {w.source.name}") for w in self.watchers]
        log.info("monitor started")

    async def _supervised(self, watcher: SourceWatcher) -> None:
        """Watch a source; with several instances only while this one holds the source's lease."""
        if self.leases is None:
            await self._watch(watcher, self._stop)
        else:
            await self.leases.run(f"source:{watcher.source.name}", lambda lost: self._watch(watcher, lost), self._stop)

    async def _watch(self, watcher: SourceWatcher, stop: asyncio.Event) -> None:
        if self.task_health is None:
            await watcher.run(stop)
            return
        await supervise(f"source {watcher.source.name}", lambda: watcher.run(stop), stop, self.task_health)

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        log.info("monitor stopped")

    async def run_once(self) -> None:
        await asyncio.gather(*(w.run(self._stop, once=True) for w in self.watchers))
