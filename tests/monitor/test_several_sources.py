"""Several servers from a TOML file: each source is watched, and rounds keep their source."""

from __future__ import annotations

import asyncio
from pathlib import Path

from etstats.config import Settings, load_settings
from etstats.store.status_queries import read_status
from tests.monitor.helpers import CORPUS_AGE_SECONDS, R1, R2, drop, posts, running, wait_for_posts

SUPPLY = ("2025-10-14-213838-supply-round-1.txt", "2025-10-14-214626-supply-round-2.txt")


def _two_sources(tmp_path: Path) -> Settings:
    for name in ("eu", "us"):
        (tmp_path / name).mkdir()
    config = tmp_path / "etstats.toml"
    config.write_text(
        f'sink = "jsonl:{tmp_path / "posts.jsonl"}"\n'
        f"post_window = {CORPUS_AGE_SECONDS}\n"
        f'[[sources]]\nname = "eu"\npath = "{tmp_path / "eu"}"\n'
        f'[[sources]]\nname = "us"\npath = "{tmp_path / "us"}"\n'
    )
    return load_settings(config=config)


async def test_two_sources_from_a_toml_file(tmp_path: Path, corpus_dir: Path) -> None:
    settings = _two_sources(tmp_path)
    async with running(settings):
        for name in (R1, R2):
            drop(corpus_dir, tmp_path / "eu", name)
        for name in SUPPLY:
            drop(corpus_dir, tmp_path / "us", name)
        await wait_for_posts(tmp_path / "posts.jsonl", 6)
        await asyncio.sleep(1.0)
    by_source = sorted((p["source"], p["map"], p["kind"]) for p in posts(tmp_path / "posts.jsonl"))
    assert by_source == [
        ("eu", "erdenberg_t2", "map"), ("eu", "erdenberg_t2", "round1"), ("eu", "erdenberg_t2", "round2"),
        ("us", "supply", "map"), ("us", "supply", "round1"), ("us", "supply", "round2"),
    ]  # fmt: skip
    assert sorted(s.source for s in read_status(settings.database_url).sources) == ["eu", "us"]


async def test_a_round_both_sources_hold_is_posted_once(tmp_path: Path, corpus_dir: Path) -> None:
    settings = _two_sources(tmp_path)
    async with running(settings):
        drop(corpus_dir, tmp_path / "eu", R1)
        drop(corpus_dir, tmp_path / "us", R1)
        await wait_for_posts(tmp_path / "posts.jsonl", 1)
        await asyncio.sleep(1.5)
    assert [p["kind"] for p in posts(tmp_path / "posts.jsonl")] == ["round1"]
