"""Two instances with one bot token on one PostgreSQL database: only the holder of the ``bot`` lease connects."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from etstats.app import serve
from tests.fakes.discord_server import FakeDiscord, discord_server
from tests.monitor.helpers import service_settings
from tests.pg_server import PostgresServer
from tests.waiting import until

__all__ = ["discord_server"]


def _takers(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage().split()[1] for r in caplog.records if r.getMessage().endswith("took lease bot")]


async def test_the_bot_runs_in_one_instance_and_moves_when_it_stops(
    tmp_path: Path, discord_server: FakeDiscord, caplog: pytest.LogCaptureFixture, postgres: PostgresServer
) -> None:
    caplog.set_level(logging.INFO, logger="etstats.monitor.leases")
    options = dict(
        database_url=postgres.new_database(),
        discord_token=discord_server.token,
        discord_channel_id=discord_server.add_channel(),
        discord_api_base=discord_server.base_url,
        lease_seconds=2,
    )
    stops = {name: asyncio.Event() for name in ("a", "b")}
    tasks = {}
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        settings = service_settings(tmp_path / name, **options)
        tasks[name] = asyncio.create_task(serve(settings, stop=stops[name]))
        await until(lambda: len(_takers(caplog)) == 1, 15)
    try:  # "a" started first and holds the lease
        await asyncio.sleep(3)
        [holder] = _takers(caplog)
        stops["a"].set()
        await tasks["a"]
        await until(lambda: len(_takers(caplog)) == 2, 10)
        assert _takers(caplog)[1] != holder
    finally:
        for name, stop in stops.items():
            stop.set()
            await asyncio.gather(tasks[name], return_exceptions=True)
