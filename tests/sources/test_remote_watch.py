"""``inotifywait`` over the SSH connection of a real sshd: events as they happen, and its absence."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import asyncssh
import pytest

from etstats.sources.remote_watch import FolderEvent, RemoteWatch, WatchUnavailable, parse_event_line
from tests.sources.sshd_server import SshdServer

pytestmark = pytest.mark.sshd


@contextlib.asynccontextmanager
async def connection(sshd: SshdServer) -> AsyncIterator[asyncssh.SSHClientConnection]:
    async with asyncssh.connect(
        "127.0.0.1",
        sshd.port,
        username=sshd.user,
        client_keys=[str(sshd.user_key_path)],
        known_hosts=str(sshd.known_hosts_path),
        agent_path=None,
        config=None,
    ) as conn:
        yield conn


async def test_events_arrive_for_files_closed_renamed_and_deleted(sshd: SshdServer) -> None:
    async with connection(sshd) as conn:
        watch = await RemoteWatch.start(conn, str(sshd.remote_dir))
        seen: list[FolderEvent] = []

        async def collect() -> None:
            async for event in watch.events():
                seen.append(event)

        task = asyncio.create_task(collect())
        (sshd.remote_dir / "a b.txt").write_bytes(b"x")
        (sshd.remote_dir / "live-1.json.tmp").write_bytes(b"{}\n")
        (sshd.remote_dir / "live-1.json.tmp").rename(sshd.remote_dir / "live-1.json")
        (sshd.remote_dir / "a b.txt").unlink()
        for _ in range(250):  # up to 5 s
            if len(seen) >= 5:
                break
            await asyncio.sleep(0.02)
        task.cancel()
        watch.close()
    assert [(sorted(e.events)[-1], e.name) for e in seen] == [
        ("CLOSE_WRITE", "a b.txt"),
        ("CLOSE_WRITE", "live-1.json.tmp"),
        ("MOVED_FROM", "live-1.json.tmp"),
        ("MOVED_TO", "live-1.json"),
        ("DELETE", "a b.txt"),
    ]


async def test_a_server_without_inotifywait_is_said_so(sshd: SshdServer) -> None:
    async with connection(sshd) as conn:
        with pytest.raises(WatchUnavailable, match="not installed"):
            await RemoteWatch.start(conn, str(sshd.remote_dir), program="inotifywait-missing")


async def test_a_missing_folder_cannot_be_watched(sshd: SshdServer) -> None:
    async with connection(sshd) as conn:
        with pytest.raises(WatchUnavailable, match="No such file"):
            await RemoteWatch.start(conn, str(sshd.remote_dir / "nope"))


def test_event_lines() -> None:
    assert parse_event_line("MOVED_TO live-1.json\n") == FolderEvent(frozenset({"MOVED_TO"}), "live-1.json")
    assert parse_event_line("CLOSE_WRITE,CLOSE a b.txt") == FolderEvent(frozenset({"CLOSE_WRITE", "CLOSE"}), "a b.txt")
    assert parse_event_line("garbage") is None and parse_event_line("") is None
