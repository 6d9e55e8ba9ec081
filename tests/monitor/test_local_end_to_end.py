"""The service on a local folder: a real R1 then its R2 give exactly three posts, right numbers."""

from __future__ import annotations

import asyncio
from pathlib import Path

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


async def test_round1_then_round2_give_one_post_each_with_round_two_only_numbers(
    tmp_path: Path, corpus_dir: Path
) -> None:
    settings = service_settings(tmp_path)
    async with running(settings):
        await asyncio.sleep(0.5)
        drop(corpus_dir, tmp_path / "gamestats", R1)
        first = await wait_for_posts(tmp_path / "posts.jsonl", 1)
        assert [p["kind"] for p in first] == ["round1"]
        drop(corpus_dir, tmp_path / "gamestats", R2)
        found = await wait_for_posts(tmp_path / "posts.jsonl", 3)
        await asyncio.sleep(1.5)
    found = posts(tmp_path / "posts.jsonl")
    assert [p["kind"] for p in found] == ["round1", "round2", "map"]
    assert len({p["key"] for p in found}) == 3
    round1, round2, whole = (p["embeds"][0] for p in found)
    assert found[1]["round_files"] == [R1, R2]
    assert "Allies set the time: **7:50** of 12:00" in round1["description"]
    # qmr: 14 kills / 11 deaths in R1; the R2 file holds 25 / 26, so Round 2 alone is 11 / 15.
    assert table_row(round1, "qmr")[1:3] == ["14", "11"]
    assert table_row(round2, "qmr")[1:3] == ["11", "15"]
    assert table_row(whole, "qmr")[1:3] == ["25", "26"]
    assert "won the map" in whole["description"]


async def test_round2_waits_for_a_late_round1_then_posts_round2_only(tmp_path: Path, corpus_dir: Path) -> None:
    settings = service_settings(tmp_path, r1_grace_seconds=4.0)
    async with running(settings):
        await asyncio.sleep(0.5)
        drop(corpus_dir, tmp_path / "gamestats", R2)
        await asyncio.sleep(1.5)
        assert posts(tmp_path / "posts.jsonl") == []
        drop(corpus_dir, tmp_path / "gamestats", R1)
        found = await wait_for_posts(tmp_path / "posts.jsonl", 3, timeout=20)
    assert [p["kind"] for p in found] == ["round1", "round2", "map"]
    round2 = found[1]["embeds"][0]
    assert "Round 1 missing" not in round2["description"]
    assert table_row(round2, "qmr")[1:3] == ["11", "15"]


async def test_round2_without_round1_is_posted_marked_after_the_grace(tmp_path: Path, corpus_dir: Path) -> None:
    settings = service_settings(tmp_path, r1_grace_seconds=1.0)
    async with running(settings):
        await asyncio.sleep(0.5)
        drop(corpus_dir, tmp_path / "gamestats", R2)
        found = await wait_for_posts(tmp_path / "posts.jsonl", 2)
        drop(corpus_dir, tmp_path / "gamestats", R1)
        await asyncio.sleep(2.0)
    found = [p for p in posts(tmp_path / "posts.jsonl") if "corrects" not in p]
    assert [p["kind"] for p in found] == ["round2", "map"]
    assert "Round 1 missing" in found[0]["embeds"][0]["description"]
    assert "Top performers" not in str(found[0]["embeds"][0]["fields"])
