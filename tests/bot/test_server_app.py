"""The bot registers ``!server`` and ``!notify``, and starts no live chore without its settings."""

from __future__ import annotations

import gc
from unittest.mock import AsyncMock

import pytest
from sqlalchemy import Engine

from etstats.bot.app import EtStatsBot
from etstats.config import Settings

pytestmark = pytest.mark.corpus


async def test_new_commands_are_registered_and_nothing_runs_unasked(stats_engine: Engine) -> None:
    bot = EtStatsBot(Settings(database_url=str(stats_engine.url)), stats_engine)
    bot.tree.sync = AsyncMock(return_value=[])  # type: ignore[method-assign]
    await bot.setup_hook()
    assert bot._warm_up is not None
    await bot._warm_up
    gc.unfreeze()
    try:
        assert {"server", "notify"} <= {c.name for c in bot.commands}
        assert {"server", "notify"} <= {c.name for c in bot.tree.get_commands()}
        assert bot.game_pollers == [] and bot.chores == []
    finally:
        await bot.close()
