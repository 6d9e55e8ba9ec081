"""Helpers for driving the service in tests: settings, copying rounds in, reading the jsonl sink."""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from etstats.app import serve
from etstats.config import Settings, load_settings
from etstats.publish.sinks.jsonl import read_records

R1 = "2025-10-14-231545-erdenberg_t2-round-1.txt"
R2 = "2025-10-14-232419-erdenberg_t2-round-2.txt"
CORPUS_AGE_SECONDS = 10**9
"""A post window wide enough that the corpus rounds (named 2024–2025) count as recent."""


def service_settings(tmp_path: Path, **extra: Any) -> Settings:
    """Settings for a service in ``tmp_path``; the database comes from ETSTATS_DATABASE_URL (see conftest)."""
    (tmp_path / "gamestats").mkdir(exist_ok=True)
    values: dict[str, Any] = {
        "watch_dir": tmp_path / "gamestats",
        "sink": f"jsonl:{tmp_path / 'posts.jsonl'}",
        "r1_grace_seconds": 3.0,
        "post_window": CORPUS_AGE_SECONDS,
    }
    values.update(extra)
    return load_settings(**values)


def drop(corpus_dir: Path, folder: Path, name: str) -> None:
    """Put a round file into the watched folder the way a server does: write, then rename."""
    temp = folder / f".{name}.part"
    shutil.copyfile(corpus_dir / name, temp)
    temp.rename(folder / name)


def posts(path: Path) -> list[dict[str, Any]]:
    return read_records(path)


async def wait_for_posts(path: Path, count: int, timeout: float = 15.0) -> list[dict[str, Any]]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        found = posts(path)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} posts in {path}, found {len(posts(path))}")


def table_row(embed: dict[str, Any], player: str) -> list[str]:
    """The cells of a player's row in the first code-block table that lists him."""
    for field in embed.get("fields", []):
        for line in field["value"].splitlines():
            if re.match(rf"^{re.escape(player)}\s", line):
                return line.split()
    raise AssertionError(f"{player} not found in {embed.get('title')}")


@contextlib.asynccontextmanager
async def running(settings: Settings, **options: Any) -> AsyncIterator[asyncio.Task[None]]:
    """The service running in this event loop for the ``async with`` block, then stopped cleanly."""
    stop = asyncio.Event()
    service = asyncio.create_task(serve(settings, stop=stop, **options))
    try:
        yield service
    finally:
        stop.set()
        await service
