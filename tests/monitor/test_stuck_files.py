"""A file that stays incomplete (empty: the server died after creating it) never holds the others for long."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from etstats.monitor import watcher
from etstats.store.status_queries import read_status
from tests.monitor.helpers import R1, R2, drop, posts, running, service_settings, wait_for_posts
from tests.monitor.test_sftp_end_to_end import sftp_settings
from tests.sources.sshd_server import SshdServer
from tests.waiting import until

_until = partial(until, timeout=20.0)

EMPTY = "2025-10-14-230000-supply-round-1.txt"
LATE = "2025-10-14-213838-supply-round-1.txt"  # other bytes, to fill the empty file with later


def _attention(settings) -> str:  # type: ignore[no-untyped-def]
    sources = read_status(settings.database_url).sources
    return "\n".join(sources[0].attention) if sources else ""


async def _empty_file_does_not_block(tmp_path: Path, corpus_dir: Path, folder: Path, settings) -> None:  # type: ignore[no-untyped-def]
    (folder / EMPTY).write_bytes(b"")
    async with running(settings):
        drop(corpus_dir, folder, R1)
        drop(corpus_dir, folder, R2)
        await wait_for_posts(tmp_path / "posts.jsonl", 3, timeout=20)
        await _until(lambda: EMPTY in _attention(settings))
        assert "empty" in _attention(settings)
        (folder / EMPTY).write_bytes((corpus_dir / LATE).read_bytes())
        await _until(lambda: read_status(settings.database_url).rounds == 3)
        await _until(lambda: EMPTY not in _attention(settings))
    assert [p["kind"] for p in posts(tmp_path / "posts.jsonl")][:3] == ["round1", "round2", "map"]


async def test_an_empty_local_file_does_not_block_the_files_after_it(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watcher, "INCOMPLETE_HOLD_SECONDS", 1.0)
    settings = service_settings(tmp_path)
    await _empty_file_does_not_block(tmp_path, corpus_dir, tmp_path / "gamestats", settings)


async def test_an_empty_sftp_file_does_not_block_the_files_after_it(
    tmp_path: Path, corpus_dir: Path, sshd: SshdServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watcher, "INCOMPLETE_HOLD_SECONDS", 1.0)
    monkeypatch.setattr(watcher, "STALLED_RECHECK_SECONDS", 0.5)
    settings = sftp_settings(tmp_path, sshd)
    await _empty_file_does_not_block(tmp_path, corpus_dir, sshd.remote_dir, settings)
