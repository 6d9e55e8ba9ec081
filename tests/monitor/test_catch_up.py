"""After an outage, old rounds are imported silently and only recent ones are posted."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from sqlalchemy import func, select

from etstats.store import schema as t
from etstats.store.database import open_database
from tests.monitor.helpers import drop, posts, running, service_settings

OLD = ["2025-10-14-212214-etl_adlernest-round-1.txt", "2025-10-14-212521-etl_adlernest-round-2.txt"]
NEW = ["2025-10-14-213838-supply-round-1.txt", "2025-10-14-214626-supply-round-2.txt"]


async def test_only_rounds_inside_the_post_window_are_posted(tmp_path: Path, corpus_dir: Path) -> None:
    settings = service_settings(tmp_path, post_window=3600)
    folder = tmp_path / "gamestats"
    three_hours_ago = time.time() - 3 * 3600
    for name in OLD:
        drop(corpus_dir, folder, name)
        os.utime(folder / name, (three_hours_ago, three_hours_ago))
    for name in NEW:
        drop(corpus_dir, folder, name)
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
