"""The shared poller: one query per ``max_age`` however many ask, and since when the server is up or down."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from functools import partial

from etstats.gameserver import GameServer, ServerNotAnswering, ServerPoller, ServerStatus, current_states, query_status
from tests.fakes.game_server import FakeGameServer, status_reply

T0 = datetime(2025, 11, 11, 21, 0)


class Scripted:
    """A query function whose answers the test scripts; counts the calls."""

    def __init__(self) -> None:
        self.up = True
        self.calls = 0

    async def __call__(self, host: str, port: int) -> ServerStatus:
        self.calls += 1
        await asyncio.sleep(0.01)
        if not self.up:
            raise ServerNotAnswering("no reply within 1.5 s (after 3 tries)")
        return ServerStatus("Fake", "supply", 20, [])


class Clock:
    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return T0 + timedelta(seconds=self.seconds)


def poller(query: Scripted, clock: Clock) -> ServerPoller:
    server = GameServer("game", "127.0.0.1", 27960, "game")
    return ServerPoller(server, max_age=15, query=query, clock=clock, now=clock.now)


async def test_concurrent_askers_share_one_query() -> None:
    query, clock = Scripted(), Clock()
    p = poller(query, clock)
    states = await asyncio.gather(*(p.state() for _ in range(5)))
    assert query.calls == 1 and all(s is states[0] for s in states)
    clock.seconds = 14.9
    await p.state()
    assert query.calls == 1
    clock.seconds = 15.0
    await p.state()
    assert query.calls == 2


async def test_up_and_down_keep_the_moment_they_started() -> None:
    query, clock = Scripted(), Clock()
    p = poller(query, clock)
    first = await p.state()
    assert first.up and first.since == T0 and first.problem is None
    clock.seconds = 30
    assert (await p.state()).since == T0, "still up since the first check"
    query.up = False
    clock.seconds = 60
    down = await p.state()
    assert not down.up and down.status is None
    assert down.since == T0 + timedelta(seconds=60) and "no reply" in (down.problem or "")
    clock.seconds = 90
    assert (await p.state()).since == down.since
    query.up = True
    clock.seconds = 120
    back = await p.state()
    assert back.up and back.since == T0 + timedelta(seconds=120) and back.checked_at == back.since


async def test_servers_are_asked_in_parallel_over_udp() -> None:
    fast = partial(query_status, timeout=0.3, tries=1)
    async with FakeGameServer(status_reply(mapname="radar")) as up, FakeGameServer(None) as silent:
        pollers = [
            ServerPoller(GameServer("a", "127.0.0.1", up.port, None), query=fast),
            ServerPoller(GameServer("b", "127.0.0.1", silent.port, None), query=fast),
        ]
        loop = asyncio.get_running_loop()
        started = loop.time()
        a, b = await current_states(pollers)
        assert loop.time() - started < 0.55
    assert a.status is not None and a.status.map == "radar"
    assert b.status is None and b.problem == "no reply within 0.3 s (after 1 try)"
