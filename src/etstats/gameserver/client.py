"""Asking a game server for its status over UDP, with a timeout per try and a few tries.

UDP loses packets and a server busy changing maps may skip a query, so one silent try
proves little; after the last try the server counts as not answering. Each query uses
its own connected socket, so only datagrams from the server's address are read. Every
datagram is checked as it arrives and junk is merely noted, so no amount of it can
push a good reply out of the way.
"""

from __future__ import annotations

import asyncio

from etstats.gameserver.protocol import STATUS_REQUEST, ServerStatus, StatusReplyError, parse_status_response

DEFAULT_TIMEOUT = 1.5
DEFAULT_TRIES = 3


class ServerNotAnswering(Exception):
    """No usable reply came; the message says why (silence, refusal, unreachable host, bad replies)."""


class _Replies(asyncio.DatagramProtocol):
    """Resolves ``waiter`` with the first well-formed reply, or fails it when the port is refused."""

    def __init__(self) -> None:
        self.waiter: asyncio.Future[ServerStatus] = asyncio.get_running_loop().create_future()
        self.problem: str | None = None

    def datagram_received(self, data: bytes, addr: object) -> None:
        if self.waiter.done():
            return
        try:
            self.waiter.set_result(parse_status_response(data))
        except StatusReplyError as exc:
            self.problem = f"bad reply: {exc}"

    def error_received(self, exc: Exception) -> None:
        if not self.waiter.done():
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            self.waiter.set_exception(ServerNotAnswering(f"refused ({reason})"))


async def _one_try(transport: asyncio.DatagramTransport, replies: _Replies, timeout: float) -> ServerStatus:
    replies.waiter = asyncio.get_running_loop().create_future()
    replies.problem = None
    transport.sendto(STATUS_REQUEST)
    try:
        return await asyncio.wait_for(replies.waiter, timeout)
    except TimeoutError:
        raise ServerNotAnswering(replies.problem or f"no reply within {timeout:g} s") from None


async def query_status(
    host: str, port: int, *, timeout: float = DEFAULT_TIMEOUT, tries: int = DEFAULT_TRIES
) -> ServerStatus:
    """The server's status; raise :class:`ServerNotAnswering` after ``tries`` tries without one."""
    loop = asyncio.get_running_loop()
    try:
        transport, replies = await loop.create_datagram_endpoint(_Replies, remote_addr=(host, port))
    except OSError as exc:
        raise ServerNotAnswering(f"cannot reach {host}:{port} ({exc.strerror or exc})") from None
    problem = "no tries made"
    try:
        for _ in range(tries):
            try:
                return await _one_try(transport, replies, timeout)
            except ServerNotAnswering as exc:
                problem = str(exc)
    finally:
        transport.close()
    raise ServerNotAnswering(f"{problem} (after {tries} {'try' if tries == 1 else 'tries'})")
