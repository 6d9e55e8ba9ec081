"""Run a one-at-a-time job (a source's watcher, the Discord gateway) only while this instance holds its lease.

Every instance sharing a database runs the same jobs through here: the one holding a
job's lease does it and renews the lease every ``ttl / 4``; the others try to take the
lease just as often, so a dead holder is replaced within ``ttl`` plus one heartbeat.
A holder that cannot renew in time (lost to another instance, or the database gone for
longer than the lease) stops its job before another instance can start it. Lease calls
run on threads of their own, not in the queue of the service's database thread, so a
long import cannot hold a renewal back until the lease runs out.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine

from etstats.store import leases

log = logging.getLogger(__name__)

Job = Callable[[asyncio.Event], Awaitable[None]]


def instance_id() -> str:
    """Host, process and a random part: unique even across containers that all run as pid 1."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _acquire(engine: Engine, name: str, holder: str, ttl: timedelta) -> bool:
    with engine.begin() as conn:
        return leases.try_acquire(conn, name, holder, leases.utc_now(), ttl)


def _release(engine: Engine, name: str, holder: str) -> None:
    with engine.begin() as conn:
        leases.release(conn, name, holder)


@dataclass(slots=True)
class Leases:
    engine: Engine
    ttl_seconds: float = 20.0
    holder: str = field(default_factory=instance_id)

    @property
    def heartbeat(self) -> float:
        return self.ttl_seconds / 4

    async def run(self, name: str, job: Job, stop: asyncio.Event) -> None:
        """Do ``job`` whenever this instance holds lease ``name``, until ``stop`` is set or the job ends by itself."""
        while not stop.is_set():
            if not await self._wait_for(name, stop):
                return
            log.info("instance %s took lease %s", self.holder, name)
            lost = asyncio.Event()
            keeper = asyncio.create_task(self._keep(name, lost, stop), name=f"lease {name}")
            try:
                await job(lost)
            finally:
                keeper.cancel()
                await asyncio.gather(keeper, return_exceptions=True)
            if stop.is_set() or not lost.is_set():
                await self._give_up(name)
                return
            log.warning("instance %s lost lease %s; %s stopped here", self.holder, name, name)

    async def _try(self, name: str) -> bool | None:
        """Whether the lease is ours now; None when the database could not say."""
        try:
            ttl = timedelta(seconds=self.ttl_seconds)
            return await asyncio.to_thread(_acquire, self.engine, name, self.holder, ttl)
        except Exception as exc:  # the database may be away for a while; the callers cope
            log.error("lease %s: database unreachable (%s)", name, exc)
            return None

    async def _wait_for(self, name: str, stop: asyncio.Event) -> bool:
        while not stop.is_set():
            if await self._try(name):
                return True
            if await _sleep_or_stop(stop, self.heartbeat):
                return False
        return False

    async def _keep(self, name: str, lost: asyncio.Event, stop: asyncio.Event) -> None:
        """Renew until stopped; stop the job when the lease is gone or may have run out unrenewed."""
        renewed = time.monotonic()
        while True:
            if await _sleep_or_stop(stop, self.heartbeat):
                lost.set()
                return
            held = await self._try(name)
            if held:
                renewed = time.monotonic()
            elif held is False or time.monotonic() - renewed > self.ttl_seconds - 2 * self.heartbeat:
                lost.set()
                return

    async def _give_up(self, name: str) -> None:
        try:
            await asyncio.to_thread(_release, self.engine, name, self.holder)
        except Exception as exc:  # it expires by itself
            log.warning("lease %s not released (%s); it expires in %.0f s", name, exc, self.ttl_seconds)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> bool:
    """Wait ``seconds``; True when ``stop`` was set meanwhile."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        return False
    return True
