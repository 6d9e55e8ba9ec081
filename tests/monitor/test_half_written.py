"""Half-written files: a header alone is not trusted soon, and a file that grows after import completes it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from sqlalchemy import create_engine, func, select

from etstats.store import schema as t
from etstats.store.status_queries import read_status
from tests.monitor.helpers import R1, posts, running, service_settings, wait_for_posts

KEY = f"round1:local:{R1.removesuffix('.txt')}"


def _player_rows(settings) -> int:  # type: ignore[no-untyped-def]
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(t.player_round_stats)).scalar_one()
    engine.dispose()
    return count


async def _write_in_two_parts(path: Path, data: bytes, cut: int, pause: float) -> None:
    with path.open("wb") as handle:
        handle.write(data[:cut])
        handle.flush()
        await asyncio.sleep(pause)
        handle.write(data[cut:])


async def test_a_writer_pausing_after_the_header_gets_its_whole_round_posted(tmp_path: Path, corpus_dir: Path) -> None:
    settings = service_settings(tmp_path)
    data = (corpus_dir / R1).read_bytes()
    async with running(settings):
        await asyncio.sleep(0.5)
        await _write_in_two_parts(tmp_path / "gamestats" / R1, data, data.index(b"\n") + 1, 1.0)
        await wait_for_posts(tmp_path / "posts.jsonl", 1)
        await asyncio.sleep(1.0)
    (post,) = posts(tmp_path / "posts.jsonl")
    text = json.dumps(post["embeds"])
    assert "qmr" in text and "(0)" not in text
    assert read_status(settings.database_url).quarantined == []


async def test_a_file_that_grows_after_import_is_reimported_and_its_post_corrected(
    tmp_path: Path, corpus_dir: Path
) -> None:
    settings = service_settings(tmp_path)
    data = (corpus_dir / R1).read_bytes()
    lines = data.split(b"\n")
    cut = len(b"\n".join(lines[:3])) + 1  # the header and two players
    async with running(settings):
        await asyncio.sleep(0.5)
        writer = asyncio.create_task(_write_in_two_parts(tmp_path / "gamestats" / R1, data, cut, 2.0))
        await wait_for_posts(tmp_path / "posts.jsonl", 1)
        assert _player_rows(settings) == 2
        await writer
        found = await wait_for_posts(tmp_path / "posts.jsonl", 2)
        await asyncio.sleep(1.0)
    assert [(p["kind"], p.get("corrects")) for p in found] == [("round1", None), ("round1", KEY)]
    late_player = lines[-2].split(b"\\")[1].decode()[-3:]
    assert late_player not in json.dumps(found[0]["embeds"]) and late_player in json.dumps(found[1]["embeds"])
    assert _player_rows(settings) == len([line for line in lines[1:] if line.strip()])
    status = read_status(settings.database_url)
    assert status.quarantined == [] and status.rounds == 1
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        row = conn.execute(select(t.files.c.status, t.files.c.size, t.files.c.error)).one()
    engine.dispose()
    assert (row.status, row.size, row.error) == ("imported", len(data), None)
