"""``inotifywait`` on the game server, streamed over an exec channel of the SFTP connection.

Polling a remote folder costs a round trip per look and finds a new file only at the
next look. Where the server has inotify-tools, one long-running ``inotifywait -m`` tells
us the moment a file is closed after writing or renamed into the folder, so the source
looks only when told. It shares the SSH connection (no second login) and ends with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import asyncssh

logger = logging.getLogger(__name__)
EVENTS = ("close_write", "moved_to", "moved_from", "delete")
READY_LINE = "Watches established."
MAX_LINE = 4096


class WatchUnavailable(RuntimeError):
    """The server cannot run the watch (no inotifywait, folder missing); the source polls instead."""


@dataclass(frozen=True, slots=True)
class FolderEvent:
    """One inotify event: its names (e.g. ``MOVED_TO``) and the file's name in the folder."""

    events: frozenset[str]
    name: str


def parse_event_line(line: str) -> FolderEvent | None:
    """``CLOSE_WRITE,CLOSE name with spaces`` as printed by ``--format '%e %f'``; None for anything else."""
    kinds, _, name = line.rstrip("\n").partition(" ")
    if not kinds or not name or "/" in name:
        return None
    return FolderEvent(frozenset(kinds.split(",")), name)


def watch_command(program: str, folder: str) -> str:
    events = " ".join(f"-e {event}" for event in EVENTS)
    return f"exec {shlex.quote(program)} -m {events} --format '%e %f' -- {shlex.quote(folder)}"


class RemoteWatch:
    """One ``inotifywait -m`` process on the server; ``events()`` yields until it ends."""

    def __init__(self, process: asyncssh.SSHClientProcess[str]) -> None:
        self._process = process

    @classmethod
    async def start(
        cls, conn: asyncssh.SSHClientConnection, folder: str, *, program: str = "inotifywait", timeout: float = 10.0
    ) -> RemoteWatch:
        """Start watching ``folder``; returns once the watch is in place (events before it are missed)."""
        process = await conn.create_process(watch_command(program, folder), encoding="utf-8", errors="replace")
        said: list[str] = []
        try:
            async with asyncio.timeout(timeout):
                while True:
                    line = await process.stderr.readline()
                    if not line:
                        break
                    if line.strip() == READY_LINE:
                        return cls(process)
                    said.append(line.strip())
        except TimeoutError:
            said.append(f"no answer within {timeout:g}s")
        process.close()
        with contextlib.suppress(TimeoutError, asyncssh.Error, OSError):
            await asyncio.wait_for(process.wait_closed(), 2.0)
        status = process.exit_status
        reason = "; ".join(s for s in said if s) or f"exit status {status}"
        if status == 127:
            reason = f"{program} is not installed on the server"
        raise WatchUnavailable(reason[:300])

    async def events(self) -> AsyncIterator[FolderEvent]:
        while True:
            line = await self._process.stdout.readline()
            if not line:
                return
            event = parse_event_line(line[:MAX_LINE])
            if event is not None:
                yield event

    def close(self) -> None:
        self._process.close()


class WatchFollower:
    """Keeps one ``RemoteWatch`` per connection and hands its events on.

    ``on_event`` gets every event; the source decides what a name means. Starting runs in
    the background, so connecting never waits for it. While the watch is not (yet) in
    place, ``active`` is False and the source polls; the next connection tries again.
    """

    def __init__(self, program: str | None, on_event: Callable[[FolderEvent], Awaitable[None]]) -> None:
        self.program = program
        self.state = "not started" if program else "off"
        self.active = False
        self._on_event = on_event
        self._watch: RemoteWatch | None = None
        self._task: asyncio.Task[None] | None = None

    def begin(self, conn: asyncssh.SSHClientConnection, folder: str, timeout: float, ready: Callable[[], None]) -> None:
        """Start watching ``folder`` over ``conn``; ``ready`` is called once the watch is in place."""
        self.stop()
        if self.program is not None:
            self._task = asyncio.create_task(self._run(conn, folder, timeout, ready), name=f"{self.program} events")

    def stop(self) -> None:
        self.active = False
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    async def _run(
        self, conn: asyncssh.SSHClientConnection, folder: str, timeout: float, ready: Callable[[], None]
    ) -> None:
        assert self.program is not None
        try:
            self._watch = await RemoteWatch.start(conn, folder, program=self.program, timeout=timeout)
        except WatchUnavailable as exc:
            self._fall_back(str(exc))
            return
        except (asyncssh.Error, OSError) as exc:
            self._fall_back(str(exc) or type(exc).__name__)
            return
        self.active = True
        self.state = f"{self.program} events"
        logger.info("following %s events for %s", self.program, folder)
        ready()
        try:
            async for event in self._watch.events():
                await self._on_event(event)
        except (asyncssh.Error, OSError) as exc:
            self._fall_back(f"{self.program} stopped: {exc}")
            return
        finally:
            self.active = False
        self._fall_back(f"{self.program} ended")

    def _fall_back(self, reason: str) -> None:
        if self.state != f"polling ({reason})":
            logger.info("not following folder events, polling instead: %s", reason)
        self.state = f"polling ({reason})"
