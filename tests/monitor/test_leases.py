"""A job guarded by a lease runs in one instance at a time and moves on when its holder goes."""

from __future__ import annotations

import asyncio

from etstats.monitor.leases import Leases
from etstats.store.database import open_database
from tests.waiting import until

TTL = 2.0


class Instance:
    """One would-be holder of the ``source:eu`` lease, with a job that notes when it runs."""

    def __init__(self, database_url: str, holder: str, running: set[str]) -> None:
        self.engine = open_database(database_url)
        self.holder = holder
        self.running = running
        self.stop = asyncio.Event()
        self.task = asyncio.create_task(Leases(self.engine, TTL, holder=holder).run("source:eu", self._job, self.stop))

    async def _job(self, lost: asyncio.Event) -> None:
        assert not self.running, f"{self.holder} started while {self.running} ran"
        self.running.add(self.holder)
        try:
            await lost.wait()
        finally:
            self.running.discard(self.holder)

    async def stop_cleanly(self) -> None:
        self.stop.set()
        await self.task
        self.engine.dispose()

    async def die(self) -> None:
        """Gone without a word, like SIGKILL: the lease is not released."""
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
        self.engine.dispose()


async def test_the_holder_keeps_the_job_and_a_clean_stop_hands_it_over(database_url: str) -> None:
    running: set[str] = set()
    a = Instance(database_url, "a", running)
    await until(lambda: running == {"a"}, TTL)
    b = Instance(database_url, "b", running)
    await asyncio.sleep(TTL * 2)
    assert running == {"a"}, "a renews its lease, so b waits"
    await a.stop_cleanly()
    await until(lambda: running == {"b"}, TTL)
    await b.stop_cleanly()
    assert running == set()


async def test_a_dead_holder_is_replaced_once_its_lease_runs_out(database_url: str) -> None:
    running: set[str] = set()
    a = Instance(database_url, "a", running)
    await until(lambda: running == {"a"}, TTL)
    b = Instance(database_url, "b", running)
    await a.die()
    await asyncio.sleep(TTL / 2)
    assert running == set(), "the lease is still a's until it expires"
    await until(lambda: running == {"b"}, TTL * 2)
    await b.stop_cleanly()
