"""Asking a game server for its status over UDP, with a timeout per try and a few tries.

UDP loses packets and a server busy changing maps may skip a query, so one silent try
proves little; after the last try the server counts as not answering. Each query uses
its own connected socket, so only datagrams from the server's address are read and a
late reply to an earlier query cannot be taken for this one.
"""

from __future__ import annotations

import asyncio

from etstats.gameserver.protocol import STATUS_REQUEST, ServerStatus, StatusReplyError, parse_status_response

DEFAULT_TIMEOUT = 1.5
DEFAULT_TRIES = 3
_QUEUED_DATAGRAMS = 8


class ServerNotAnswering(Exception):
    """No usable reply came; the message says why (silence, refusal, unresolvable host, bad replies)."""


class _Replies(asyncio.DatagramProtocol):
    """Datagrams and socket errors in arrival order; a flood beyond a few is dropped."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[bytes | OSError] = asyncio.Queue(_QUEUED_DATAGRAMS)

    def _put(self, item: bytes | OSError) -> None:
        if not self.queue.full():
            self.queue.put_nowait(item)

    def datagram_received(self, data: bytes, addr: object) -> None:
        self._put(data)

    def error_received(self, exc: OSError) -> None:
        self._put(exc)


async def _one_try(transport: asyncio.DatagramTransport, replies: _Replies, timeout: float) -> ServerStatus:
    """Send the query once and return the first well-formed reply before the timeout."""
    transport.sendto(STATUS_REQUEST)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    problem = f"no reply within {timeout:g} s"
    while (left := deadline - loop.time()) > 0:
        try:
            item = await asyncio.wait_for(replies.queue.get(), left)
        except TimeoutError:
            break
        if isinstance(item, OSError):
            raise ServerNotAnswering(f"refused ({item.strerror or item})")
        try:
            return parse_status_response(item)
        except StatusReplyError as exc:
            problem = f"bad reply: {exc}"
    raise ServerNotAnswering(problem)


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
