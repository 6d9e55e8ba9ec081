"""A UDP responder on 127.0.0.1 that answers ``getstatus`` like an ET: Legacy server — or badly.

The reply is whatever bytes the test sets (see :func:`status_reply` for a good one and
the helpers below it for broken ones); ``None`` keeps the server silent. ``delay`` makes
it slow, ``ignore_first`` drops the first queries, as a lossy network would, and
``noise`` datagrams go out before each reply, as from a hostile or confused sender.

Usage::

    async with FakeGameServer(status_reply(players=[(12, 34, "^1vid")])) as server:
        status = await query_status("127.0.0.1", server.port)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence

import pytest

HEADER = b"\xff\xff\xff\xffstatusResponse\n"


def status_reply(
    *,
    hostname: str = "^1Fake ^7Legacy",
    mapname: str = "supply",
    max_clients: int = 20,
    players: Iterable[tuple[int, int, str]] = (),
    extra: Mapping[str, str] | None = None,
) -> bytes:
    """A reply as ET: Legacy sends it: info string, then ``score ping "name"`` per player."""
    info = {
        "sv_hostname": hostname,
        "mapname": mapname,
        "sv_maxclients": str(max_clients),
        "g_gametype": "4",
        "gamename": "legacy",
        "version": "ET Legacy v2.83.1 linux-x86_64",
        "protocol": "84",
        **(extra or {}),
    }
    text = "".join(f"\\{key}\\{value}" for key, value in info.items()) + "\n"
    text += "".join(f'{score} {ping} "{name}"\n' for score, ping, name in players)
    return HEADER + text.encode("utf-8")


def truncated(reply: bytes) -> bytes:
    """The reply cut in the middle of its last line, as a lost fragment would leave it."""
    return reply[: len(reply) - 5]


def oversized() -> bytes:
    """A well-formed start followed by far more than any status reply holds (one 60 KB datagram)."""
    return HEADER + b"\\mapname\\supply\\sv_maxclients\\20\\junk\\" + b"A" * 60_000 + b"\n"


def garbage() -> bytes:
    """Binary noise with no header at all."""
    return bytes(range(256)) * 4


class _Responder(asyncio.DatagramProtocol):
    def __init__(self, server: FakeGameServer) -> None:
        self.server = server
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.server.queries.append(data)
        if len(self.server.queries) <= self.server.ignore_first or self.server.reply is None:
            return
        datagrams = [*self.server.noise, self.server.reply]
        asyncio.get_running_loop().call_later(self.server.delay, self._send, datagrams, addr)

    def _send(self, datagrams: list[bytes], addr: tuple[str, int]) -> None:
        if self.transport is not None and not self.transport.is_closing():
            for datagram in datagrams:
                self.transport.sendto(datagram, addr)


class FakeGameServer:
    """The responder; ``port`` is where it listens, ``queries`` what it was sent."""

    def __init__(
        self, reply: bytes | None = None, *, delay: float = 0.0, ignore_first: int = 0, noise: Sequence[bytes] = ()
    ) -> None:
        self.reply = reply
        self.delay = delay
        self.ignore_first = ignore_first
        self.noise = list(noise)
        self.queries: list[bytes] = []
        self.port = 0
        self._transport: asyncio.DatagramTransport | None = None

    async def __aenter__(self) -> FakeGameServer:
        loop = asyncio.get_running_loop()
        self._transport, _ = await loop.create_datagram_endpoint(lambda: _Responder(self), local_addr=("127.0.0.1", 0))
        self.port = self._transport.get_extra_info("sockname")[1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._transport is not None:
            self._transport.close()


@pytest.fixture
async def game_server() -> AsyncIterator[FakeGameServer]:
    """A responder that answers like a busy ET: Legacy server on supply (12 of 20 slots)."""
    players = [(30 - i, 20 + i, f"^{i % 10}player{i}") for i in range(11)] + [(42, 35, "^1v^7id")]
    async with FakeGameServer(status_reply(players=players)) as server:
        yield server
