"""The bot wires its cogs, registers slash commands and stays quiet about unknown commands."""

from __future__ import annotations

import gc
from unittest.mock import AsyncMock

import pytest
from discord.ext import commands
from sqlalchemy import Engine

from etstats.bot.app import EtStatsBot
from etstats.config import Settings
from tests.bot.fakes import FakeContext, FakeControl

pytestmark = pytest.mark.corpus


@pytest.fixture
async def bot(stats_engine: Engine) -> EtStatsBot:
    settings = Settings(admin_role="Stats admins", database_url=str(stats_engine.url))
    bot = EtStatsBot(settings, stats_engine, FakeControl())
    bot.tree.sync = AsyncMock(return_value=[])  # type: ignore[method-assign]
    await bot.setup_hook()
    assert bot._warm_up is not None
    await bot._warm_up
    gc.unfreeze()  # the bot froze the test process's objects; give them back to the collector
    yield bot
    await bot.close()


async def test_commands_are_registered_for_prefix_and_slash(bot: EtStatsBot) -> None:
    names = {"last_session", "stats", "top", "maps", "link", "unlink", "monitor"}
    assert names <= {c.name for c in bot.commands}
    assert names <= {c.name for c in bot.tree.get_commands()}
    assert bot.allowed_mentions is not None and bot.allowed_mentions.to_dict() == {"parse": []}
    bot.tree.sync.assert_awaited_once()  # type: ignore[attr-defined]


async def test_all_time_totals_are_ready_after_start(bot: EtStatsBot) -> None:
    assert bot.all_time._history, "summed at start"


async def test_unknown_commands_are_ignored(bot: EtStatsBot) -> None:
    ctx = FakeContext()
    await bot.on_command_error(ctx, commands.CommandNotFound("nope"))  # type: ignore[arg-type]
    assert ctx.sent == []


async def test_cog_errors_are_left_to_the_cog(bot: EtStatsBot) -> None:
    ctx = FakeContext(command=bot.get_command("top"))
    ctx.cog = bot.get_cog("Stats")
    await bot.on_command_error(ctx, commands.CheckFailure())  # type: ignore[arg-type]
    assert ctx.sent == []


async def test_errors_outside_cogs_get_one_line(bot: EtStatsBot) -> None:
    ctx = FakeContext(command=bot.get_command("help"))
    await bot.on_command_error(ctx, commands.CheckFailure())  # type: ignore[arg-type]
    assert ctx.reply["content"] == "You are not allowed to use this command here."
