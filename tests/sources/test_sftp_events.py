"""SftpSource with ``inotifywait`` on the server: no polling while idle, a new file seen at once,
live files routed apart; without it (or when it dies) the source polls instead."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest

from etstats.sources.sftp import SftpSource
from tests.sources.conftest import round_name
from tests.sources.sshd_server import SshdServer, _descendants
from tests.sources.test_sftp import MakeSftp, drain, upload, wait_until

pytestmark = pytest.mark.sshd


async def test_an_idle_source_makes_no_requests_and_a_new_file_is_seen_at_once(
    sshd: SshdServer, make_sftp: MakeSftp
) -> None:
    source = make_sftp(poll_seconds=0.1)
    await source.start()
    await wait_until(lambda: source._watch.active)
    await drain(source, quiet=0.5)
    assert source.health.extra["changes"] == "inotifywait events"
    before = source.health.requests
    assert not await source.wait_for_change(1.0)
    assert source.health.requests == before
    began = time.perf_counter()
    await upload(sshd, round_name(1), b"round\n")
    assert await source.wait_for_change(2.0)
    assert time.perf_counter() - began < 0.5
    assert [entry.name for entry in await source.list_files()] == [round_name(1)]


async def test_live_files_are_followed_apart_from_round_files(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    source = make_sftp(poll_seconds=0.1)
    await source.start()
    await wait_until(lambda: source._watch.active)
    await drain(source, quiet=0.5)
    temp = sshd.remote_dir / "live-27960.json.tmp"
    temp.write_bytes(b"{}\n")
    temp.rename(sshd.remote_dir / "live-27960.json")
    await wait_until(lambda: bool(source._live))
    assert [(e.name, e.size) for e in await source.list_live_files()] == [("live-27960.json", 3)]
    assert not await source.wait_for_change(0.5), "a live file must not make the watcher list round files"
    assert await source.list_files() == []
    (sshd.remote_dir / "live-27960.json").unlink()
    await wait_until(lambda: not source._live)


async def test_without_inotifywait_on_the_server_the_source_polls(sshd: SshdServer, make_sftp: MakeSftp) -> None:
    source = make_sftp(poll_seconds=0.1, watch_program="inotifywait-not-here")
    await source.start()
    await drain(source)
    assert source.health.extra["changes"] == "polling (inotifywait-not-here is not installed on the server)"
    before = source.health.requests
    assert not await source.wait_for_change(1.0)
    assert source.health.requests - before >= 5
    (sshd.remote_dir / "live-1.json").write_bytes(b"{}\n")
    await upload(sshd, round_name(1), b"round\n")
    assert await source.wait_for_change(2.0)
    assert [e.name for e in await source.list_files()] == [round_name(1)]
    assert [e.name for e in await source.list_live_files()] == ["live-1.json"]


def _inotifywait_pids(sshd: SshdServer) -> list[int]:
    assert sshd._process is not None
    found = []
    for pid in _descendants(sshd._process.pid):
        try:
            if b"inotifywait" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


async def test_when_inotifywait_dies_the_source_polls_and_still_sees_files(
    sshd: SshdServer, make_sftp: MakeSftp
) -> None:
    source = make_sftp(poll_seconds=0.1)
    await source.start()
    await wait_until(lambda: source._watch.active)
    await drain(source, quiet=0.5)
    [pid] = _inotifywait_pids(sshd)
    os.kill(pid, signal.SIGTERM)
    await wait_until(lambda: source.health.extra["changes"].startswith("polling"))
    await upload(sshd, round_name(1), b"round\n")
    assert await source.wait_for_change(3.0)
    assert [e.name for e in await source.list_files()] == [round_name(1)]


def test_the_watch_is_off_when_asked(sshd: SshdServer) -> None:
    source: SftpSource = sshd.source(watch_program=None)
    assert source._watch.state == "off"
    asyncio.run(source.close())
