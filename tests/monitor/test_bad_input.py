"""Garbage, truncated files and siblings in the folder never stop the good rounds."""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

import pytest

from etstats.monitor import watcher
from etstats.store.status_queries import read_status
from tests.monitor.helpers import (
    R1,
    R2,
    drop,
    posts,
    running,
    service_settings,
    wait_for_posts,
)
from tests.waiting import until

_wait_until = partial(until, timeout=15.0)

GARBAGE = "2025-10-14-230000-supply-round-1.txt"
TRUNCATED = "2025-10-14-230500-etl_ice-round-1.txt"
SIBLING = "2025-10-14-231545-erdenberg_t2-round-1_ws.txt"


async def test_bad_files_are_quarantined_and_good_ones_posted(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watcher, "RETRY_FAILED_SECONDS", 0.2)
    settings = service_settings(tmp_path)
    folder = tmp_path / "gamestats"
    (folder / GARBAGE).write_bytes(b"\x00\x01garbage\xff" * 50)
    good = (corpus_dir / R1).read_bytes()
    (folder / TRUNCATED).write_bytes(good[: len(good) // 2])
    (folder / SIBLING).write_bytes(b"652EB4A6\tqmr\t1\t1\t\n")
    async with running(settings):
        drop(corpus_dir, folder, R1)
        drop(corpus_dir, folder, R2)
        await wait_for_posts(tmp_path / "posts.jsonl", 3)
        await _wait_until(lambda: len(read_status(settings.database_url).quarantined) == 2)
    assert [p["kind"] for p in posts(tmp_path / "posts.jsonl")] == ["round1", "round2", "map"]
    quarantined = {f.name: f.error for f in read_status(settings.database_url).quarantined}
    assert set(quarantined) == {GARBAGE, TRUNCATED}
    assert "binary content" in quarantined[GARBAGE]
    assert "not terminated by LF" in quarantined[TRUNCATED]


async def test_a_file_written_slowly_is_imported_once_complete(tmp_path: Path, corpus_dir: Path) -> None:
    settings = service_settings(tmp_path)
    folder = tmp_path / "gamestats"
    data = (corpus_dir / R1).read_bytes()
    async with running(settings):
        await asyncio.sleep(0.5)
        with (folder / R1).open("wb") as handle:
            for start in range(0, len(data), 200):
                handle.write(data[start : start + 200])
                handle.flush()
                await asyncio.sleep(0.1)
        found = await wait_for_posts(tmp_path / "posts.jsonl", 1)
        await asyncio.sleep(1.0)
    assert [p["kind"] for p in posts(tmp_path / "posts.jsonl")] == ["round1"]
    assert "Allies set the time" in found[0]["embeds"][0]["description"]
    assert read_status(settings.database_url).quarantined == []
