"""Fixtures for the source tests: a real sshd, SFTP sources wired to it, round-file names."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from etstats.sources.sftp import SftpSource
from tests.sources.sshd_server import MISSING_MESSAGE, SSHD, SshdServer

FAST = dict(
    poll_seconds=0.1,
    connect_timeout=3.0,
    op_timeout=3.0,
    backoff_initial=0.05,
    backoff_max=0.3,
    keepalive_seconds=2.0,
)


def round_name(index: int, round_no: int = 1, map_name: str = "supply") -> str:
    """A strict round-file name whose timestamp grows with ``index``."""
    hours, rest = divmod(index, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"2025-03-01-{hours % 24:02d}{minutes:02d}{seconds:02d}-{map_name}-round-{round_no}.txt"


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[SshdServer]:
    """A running OpenSSH sshd on 127.0.0.1 with throw-away keys (see sshd_server.py)."""
    if not SSHD.exists():
        if os.environ.get("CI"):
            pytest.fail(MISSING_MESSAGE)
        pytest.skip(MISSING_MESSAGE)
    server = SshdServer(tmp_path / "sshd")
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def make_sftp(sshd: SshdServer) -> AsyncIterator[Callable[..., SftpSource]]:
    """Build SftpSources for the fixture's sshd with fast test timings; all closed after the test."""
    made: list[SftpSource] = []

    def make(**overrides: Any) -> SftpSource:
        source = sshd.source(**{**FAST, **overrides})
        made.append(source)
        return source

    yield make
    for source in made:
        await source.close()
