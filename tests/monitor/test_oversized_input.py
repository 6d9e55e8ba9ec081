"""An oversized round file is refused at once, never read whole, and stops nothing else."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from sqlalchemy import create_engine, select

from etstats.gamestats.limits import MAX_FILE_BYTES
from etstats.store import schema as t
from etstats.store.status_queries import read_status
from tests.monitor.helpers import R1, R2, drop, posts, running, service_settings, wait_for_posts
from tests.waiting import until

_until = partial(until, timeout=15.0)

HUGE = "2025-10-14-230000-supply-round-1.txt"
CROWDED = "2025-10-14-230100-supply-round-2.txt"


async def test_oversized_files_are_quarantined_at_once_and_the_rest_is_posted(tmp_path: Path, corpus_dir: Path) -> None:
    settings = service_settings(tmp_path)
    folder = tmp_path / "gamestats"
    good = (corpus_dir / R1).read_bytes()
    header, player = good.split(b"\n")[:2]
    (folder / HUGE).write_bytes(header + b"\n" + (player + b"\n") * (MAX_FILE_BYTES // len(player) + 10))
    lines = [player.replace(player[:8], f"{n:08X}".encode(), 1) for n in range(70)]
    (folder / CROWDED).write_bytes(header + b"\n" + b"".join(line + b"\n" for line in lines))
    async with running(settings):
        drop(corpus_dir, folder, R1)
        drop(corpus_dir, folder, R2)
        await wait_for_posts(tmp_path / "posts.jsonl", 3)
        await _until(lambda: len(read_status(settings.database_url).quarantined) == 2, timeout=4.0)
    assert [p["kind"] for p in posts(tmp_path / "posts.jsonl")] == ["round1", "round2", "map"]
    reasons = {file.name: file.error or "" for file in read_status(settings.database_url).quarantined}
    assert "bytes" in reasons[HUGE] and "not read" in reasons[HUGE]
    assert "at most 64" in reasons[CROWDED] and "field players" in reasons[CROWDED]
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        query = select(t.files.c.name, t.files.c.content).where(t.files.c.status == "quarantined")
        stored = {name: content for name, content in conn.execute(query)}
    engine.dispose()
    assert not stored[HUGE] and not stored[CROWDED]
