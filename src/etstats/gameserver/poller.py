"""One game server's state for everyone who asks: queried at most once per ``max_age``.

``!server``, the status message, the presence and the voice channel all want the same
answer; sharing it keeps the server from being queried once per consumer, and the
up/down history (since when) lives in one place.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from etstats.clock import local_now
from etstats.gameserver.client import ServerNotAnswering, query_status
from etstats.gameserver.protocol import ServerStatus
from etstats.gameserver.servers import GameServer

Query = Callable[[str, int], Awaitable[ServerStatus]]


@dataclass(frozen=True, slots=True)
class ServerState:
    """The last answer (``status``) or why there was none (``problem``), and since when that holds."""

    server: GameServer
    status: ServerStatus | None
    problem: str | None
    since: datetime
    checked_at: datetime

    @property
    def up(self) -> bool:
        return self.status is not None


class ServerPoller:
    """Cached, serialised queries of one server; ``state()`` never raises for a dead server."""

    def __init__(
        self,
        server: GameServer,
        *,
        max_age: float = 15.0,
        query: Query = query_status,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = local_now,
    ) -> None:
        self.server = server
        self.max_age = max_age
        self._query = query
        self._clock = clock
        self._now = now
        self._lock = asyncio.Lock()
        self._state: ServerState | None = None
        self._checked = 0.0

    async def state(self) -> ServerState:
        async with self._lock:
            if self._state is None or self._clock() - self._checked >= self.max_age:
                self._state = await self._refresh(self._state)
                self._checked = self._clock()
            return self._state

    async def _refresh(self, previous: ServerState | None) -> ServerState:
        try:
            status: ServerStatus | None = await self._query(self.server.host, self.server.port)
            problem = None
        except ServerNotAnswering as exc:
            status, problem = None, str(exc)
        now = self._now()
        since = previous.since if previous is not None and previous.up == (status is not None) else now
        return ServerState(self.server, status, problem, since, now)


async def current_states(pollers: Sequence[ServerPoller]) -> list[ServerState]:
    """Every server's state, asked in parallel so one dead server does not delay the others."""
    return list(await asyncio.gather(*(poller.state() for poller in pollers)))
