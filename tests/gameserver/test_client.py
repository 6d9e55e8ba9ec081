"""The UDP query against a responder on 127.0.0.1: good, silent, slow, lossy, broken and hostile servers."""

from __future__ import annotations

import socket
import time

import pytest

from etstats.gameserver import ServerNotAnswering, query_status
from etstats.gameserver.protocol import STATUS_REQUEST
from tests.fakes.game_server import FakeGameServer, garbage, oversized, status_reply, truncated

HOST = "127.0.0.1"
FAST = {"timeout": 0.15, "tries": 2}


async def test_a_live_server_answers_with_map_and_players(game_server: FakeGameServer) -> None:
    status = await query_status(HOST, game_server.port, **FAST)
    assert (status.map, status.player_count, status.max_players) == ("supply", 12, 20)
    assert max(status.players, key=lambda p: p.score).name == "vid"
    assert game_server.queries == [STATUS_REQUEST]


async def test_a_silent_server_is_not_answering_after_every_try() -> None:
    async with FakeGameServer(None) as server:
        started = time.monotonic()
        with pytest.raises(ServerNotAnswering, match=r"no reply within 0.15 s \(after 3 tries\)"):
            await query_status(HOST, server.port, timeout=0.15, tries=3)
        assert len(server.queries) == 3
        assert 0.4 < time.monotonic() - started < 1.5


async def test_a_lost_query_is_retried() -> None:
    async with FakeGameServer(status_reply(), ignore_first=1) as server:
        status = await query_status(HOST, server.port, **FAST)
    assert status.map == "supply" and len(server.queries) == 2


async def test_a_slow_server_within_the_timeout_is_waited_for() -> None:
    async with FakeGameServer(status_reply(mapname="goldrush"), delay=0.1) as server:
        assert (await query_status(HOST, server.port, timeout=0.5, tries=1)).map == "goldrush"


async def test_a_server_slower_than_the_timeout_counts_as_not_answering() -> None:
    async with FakeGameServer(status_reply(), delay=0.4) as server:
        with pytest.raises(ServerNotAnswering, match="no reply"):
            await query_status(HOST, server.port, timeout=0.1, tries=2)


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (truncated(status_reply(players=[(1, 2, "vid")])), "truncated"),
        (oversized(), "limit"),
        (garbage(), "header"),
        (b"\xff\xff\xff\xffprint\nbanned\n", "header"),
    ],
    ids=["truncated", "oversized", "garbage", "wrong-header"],
)
async def test_broken_replies_mean_not_answering_with_the_reason(reply: bytes, reason: str) -> None:
    async with FakeGameServer(reply) as server:
        with pytest.raises(ServerNotAnswering, match=f"bad reply: .*{reason}"):
            await query_status(HOST, server.port, **FAST)
        assert len(server.queries) == 2


async def test_a_closed_port_is_reported_as_refused() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    with pytest.raises(ServerNotAnswering, match="refused"):
        await query_status(HOST, port, timeout=1.0, tries=2)


async def test_a_flood_of_junk_does_not_hide_the_good_reply() -> None:
    junk = [oversized()] + [garbage(), truncated(status_reply())] * 20
    async with FakeGameServer(status_reply(mapname="radar"), noise=junk) as server:
        status = await query_status(HOST, server.port, timeout=1.0, tries=1)
    assert status.map == "radar"
