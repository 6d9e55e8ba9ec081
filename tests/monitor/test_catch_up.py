"""After an outage, old rounds are imported silently and only recent ones are posted.

"Old" is judged by the modification time and by the time in the file name: a copied or
restored folder has fresh mtimes but old names, and must not flood the channel.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from etstats.app import serve
from etstats.store import schema as t
from etstats.store.database import open_database
from tests.monitor.helpers import posts, running, service_settings

OLD = ["2025-10-14-212214-etl_adlernest-round-1.txt", "2025-10-14-212521-etl_adlernest-round-2.txt"]
NEW = ["2025-10-14-213838-supply-round-1.txt", "2025-10-14-214626-supply-round-2.txt"]


def _as_played_today(corpus_dir: Path, folder: Path, name: str) -> None:
    """Copy a round under today's date (its time of day kept), as a server writing it now would."""
    today = datetime.now() - timedelta(hours=1)
    played = datetime.strptime(name[:17], "%Y-%m-%d-%H%M%S")
    renamed = played.replace(year=today.year, month=today.month, day=today.day)
    shutil.copyfile(corpus_dir / name, folder / (renamed.strftime("%Y-%m-%d-%H%M%S") + name[17:]))


async def test_only_rounds_inside_the_post_window_are_posted(tmp_path: Path, corpus_dir: Path) -> None:
    settings = service_settings(tmp_path, post_window=3600)
    folder = tmp_path / "gamestats"
    three_hours_ago = time.time() - 3 * 3600
    for name in OLD:
        _as_played_today(corpus_dir, folder, name)
    for path in folder.iterdir():
        os.utime(path, (three_hours_ago, three_hours_ago))
    for name in NEW:
        _as_played_today(corpus_dir, folder, name)
    async with running(settings):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 15
        while len(posts(tmp_path / "posts.jsonl")) < 3 and loop.time() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
    found = posts(tmp_path / "posts.jsonl")
    assert [(p["kind"], p["map"]) for p in found] == [("round1", "supply"), ("round2", "supply"), ("map", "supply")]
    engine = open_database(settings.database_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.rounds)).scalar_one() == 4
        assert conn.execute(select(func.count()).select_from(t.matches)).scalar_one() == 2


async def test_a_copied_folder_of_old_rounds_is_imported_without_posting(
    tmp_path: Path, corpus_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The 201 shared files copied with fresh mtimes (a server move): every round imported, none posted."""
    settings = service_settings(tmp_path, post_window=7200)
    folder = tmp_path / "gamestats"
    for path in corpus_dir.iterdir():
        shutil.copyfile(path, folder / path.name)
    caplog.set_level(logging.INFO, logger="etstats")
    await serve(settings, once=True)
    assert posts(tmp_path / "posts.jsonl") == []
    engine = open_database(settings.database_url)
    with engine.connect() as conn:
        imported = conn.execute(select(func.count()).select_from(t.rounds)).scalar_one()
    engine.dispose()
    assert imported > 190
    held = [re.search(r"held back (\d+) round\(s\) whose file names are older", r.getMessage()) for r in caplog.records]
    assert sum(int(m.group(1)) for m in held if m) == imported
