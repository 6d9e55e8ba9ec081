"""Status tells the whole story: badly dated file names, and the last file seen across a restart."""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

from etstats.app import serve
from etstats.store.status_queries import read_status
from tests.monitor.helpers import R1, R2, drop, running, service_settings
from tests.waiting import until

_until = partial(until, timeout=15.0)

IMPOSSIBLE = "2025-13-01-120000-supply-round-1.txt"


async def test_a_name_with_an_impossible_date_is_shown_in_status(tmp_path: Path, corpus_dir: Path) -> None:
    settings = service_settings(tmp_path)
    (tmp_path / "gamestats" / IMPOSSIBLE).write_bytes((corpus_dir / R1).read_bytes())
    drop(corpus_dir, tmp_path / "gamestats", R1)
    await serve(settings, once=True)
    (source,) = read_status(settings.database_url).sources
    (line,) = [line for line in source.attention if IMPOSSIBLE in line]
    assert "impossible date" in line
    assert read_status(settings.database_url).rounds == 1


async def test_after_a_restart_status_shows_the_last_file_seen(tmp_path: Path, corpus_dir: Path) -> None:
    settings = service_settings(tmp_path)
    drop(corpus_dir, tmp_path / "gamestats", R1)
    drop(corpus_dir, tmp_path / "gamestats", R2)
    await serve(settings, once=True)
    async with running(settings):
        await asyncio.sleep(1.5)
        (source,) = read_status(settings.database_url).sources
    assert source.last_file_seen == R2
    assert source.last_round_imported == R2
