"""The service against a real OpenSSH sshd on 127.0.0.1: posts, slow writes, outages, host keys."""

from __future__ import annotations

import asyncio
import hashlib
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from etstats.config import Settings
from etstats.store.sqlite_file import DatabaseFileError
from etstats.store.status_queries import read_status
from tests.monitor.helpers import (
    R1,
    R2,
    drop,
    posts,
    running,
    service_settings,
    table_row,
    wait_for_posts,
)
from tests.sources.sshd_server import SshdServer
from tests.waiting import until

_until = partial(until, timeout=20.0)


def sftp_settings(tmp_path: Path, sshd: SshdServer, **extra: Any) -> Settings:
    return service_settings(
        tmp_path,
        ssh_host="127.0.0.1",
        ssh_port=sshd.port,
        ssh_user=sshd.user,
        ssh_key=sshd.user_key_path,
        ssh_known_hosts=sshd.known_hosts_path,
        remote_path=str(sshd.remote_dir),
        archive_dir=tmp_path / "archive",
        poll_seconds=0.2,
        **extra,
    )


def _reported_error(settings: Settings) -> bool:
    """Whether the source reported an error; the service may still be creating the database."""
    try:
        sources = read_status(settings.database_url).sources
    except (DatabaseFileError, OperationalError):
        return False
    return bool(sources) and bool(sources[0].last_error)


async def test_round1_and_round2_over_sftp(tmp_path: Path, corpus_dir: Path, sshd: SshdServer) -> None:
    settings = sftp_settings(tmp_path, sshd)
    async with running(settings):
        drop(corpus_dir, sshd.remote_dir, R1)
        await wait_for_posts(tmp_path / "posts.jsonl", 1)
        drop(corpus_dir, sshd.remote_dir, R2)
        await wait_for_posts(tmp_path / "posts.jsonl", 3)
        await asyncio.sleep(1.0)
    found = posts(tmp_path / "posts.jsonl")
    assert [p["kind"] for p in found] == ["round1", "round2", "map"]
    assert all(p["source"] == "127.0.0.1" for p in found)
    assert table_row(found[1]["embeds"][0], "qmr")[1:3] == ["11", "15"]
    for name in (R1, R2):
        archived = tmp_path / "archive" / "127.0.0.1" / name
        assert (
            hashlib.sha256(archived.read_bytes()).digest() == hashlib.sha256((corpus_dir / name).read_bytes()).digest()
        )


async def test_a_file_written_slowly_over_sftp_is_imported_once_complete(
    tmp_path: Path, corpus_dir: Path, sshd: SshdServer
) -> None:
    settings = sftp_settings(tmp_path, sshd)
    data = (corpus_dir / R1).read_bytes()
    async with running(settings):
        await asyncio.sleep(1.0)
        with (sshd.remote_dir / R1).open("wb") as handle:
            for start in range(0, len(data), 300):
                handle.write(data[start : start + 300])
                handle.flush()
                await asyncio.sleep(0.3)
        await wait_for_posts(tmp_path / "posts.jsonl", 1)
        await asyncio.sleep(1.5)
    assert [p["kind"] for p in posts(tmp_path / "posts.jsonl")] == ["round1"]
    assert (tmp_path / "archive" / "127.0.0.1" / R1).read_bytes() == data
    assert read_status(settings.database_url).quarantined == []


async def test_sshd_stopped_and_restarted_loses_and_duplicates_nothing(
    tmp_path: Path, corpus_dir: Path, sshd: SshdServer
) -> None:
    settings = sftp_settings(tmp_path, sshd)
    async with running(settings):
        drop(corpus_dir, sshd.remote_dir, R1)
        await wait_for_posts(tmp_path / "posts.jsonl", 1)
        sshd.stop()
        await _until(lambda: not read_status(settings.database_url).sources[0].connected)
        drop(corpus_dir, sshd.remote_dir, R2)
        await asyncio.sleep(1.0)
        sshd.start()
        await wait_for_posts(tmp_path / "posts.jsonl", 3, timeout=30)
        await asyncio.sleep(1.5)
    found = posts(tmp_path / "posts.jsonl")
    assert [p["kind"] for p in found] == ["round1", "round2", "map"]
    assert read_status(settings.database_url).sources[0].connected


async def test_a_changed_host_key_is_refused_and_the_service_keeps_running(
    tmp_path: Path, corpus_dir: Path, sshd: SshdServer
) -> None:
    sshd.replace_host_key()
    settings = sftp_settings(tmp_path, sshd)
    drop(corpus_dir, sshd.remote_dir, R1)
    async with running(settings) as service:
        await _until(lambda: _reported_error(settings))
        await asyncio.sleep(1.0)
        assert not service.done()
    state = read_status(settings.database_url).sources[0]
    assert not state.connected
    assert "known_hosts" in state.last_error or str(sshd.known_hosts_path) in state.last_error
    assert posts(tmp_path / "posts.jsonl") == []
