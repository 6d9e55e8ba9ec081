"""Errors around commands: one helpful line for the user, the trace in the log only."""

from __future__ import annotations

import inspect
import logging

import pytest
from discord.ext import commands
from sqlalchemy import Engine

from etstats.bot.cogs.admin import AdminCog
from etstats.bot.cogs.stats import StatsCog
from etstats.bot.reply import UserError
from etstats.config import Settings
from etstats.store.all_time_totals import AllTimeTotals
from tests.bot.fakes import FakeContext, no_mentions


@pytest.fixture
def cog() -> StatsCog:
    return StatsCog(None, AllTimeTotals())  # type: ignore[arg-type]


async def test_missing_argument_gives_the_usage(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.maps)
    param = commands.Parameter("count", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=int)
    await cog.cog_command_error(ctx, commands.MissingRequiredArgument(param))
    assert ctx.reply["content"] == "count is a required argument that is missing. Usage: `!maps [count=5]`"
    assert no_mentions(ctx.reply)


async def test_a_bad_monitor_action_gives_the_usage() -> None:
    cog = AdminCog(Settings(), None, None)
    ctx = FakeContext(command=cog.monitor)
    param = commands.Parameter("action", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    error = commands.BadLiteralArgument(param, ("start", "stop", "status"), [], "@everyone")
    await cog.cog_command_error(ctx, error)
    assert ctx.reply["content"] == (
        "Could not convert \"action\" into the literal 'start', 'stop' or 'status'. "
        'Usage: `!monitor ["start"|"stop"|"status"=status]`'
    )


async def test_a_user_error_is_answered_as_is(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.top)
    await cog.cog_command_error(ctx, commands.CommandInvokeError(UserError("Ask for 1 to 20 maps.")))
    assert ctx.reply["content"] == "Ask for 1 to 20 maps."


async def test_an_unexpected_error_is_logged_with_its_trace(cog: StatsCog, caplog: pytest.LogCaptureFixture) -> None:
    ctx = FakeContext(command=cog.stats)
    try:
        raise RuntimeError("database on fire")
    except RuntimeError as exc:
        error = commands.CommandInvokeError(exc)
    with caplog.at_level(logging.ERROR):
        await cog.cog_command_error(ctx, error)
    assert ctx.reply["content"] == "Sorry, `!stats` failed on our side; the details are in the bot's log."
    assert "database on fire" not in ctx.reply["content"]
    [record] = caplog.records
    assert record.exc_info is not None and record.exc_info[1] is error


async def test_a_refused_check_is_one_line(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.top)
    await cog.cog_command_error(ctx, commands.CheckFailure())
    assert ctx.reply["content"] == "You are not allowed to use this command here."


def test_every_command_is_a_hybrid_command(stats_engine: Engine) -> None:
    names = {c.name for c in StatsCog(stats_engine, AllTimeTotals()).get_commands()}
    assert names == {"last_session", "session", "stats", "compare", "top", "maps", "mapstats"}
    assert all(isinstance(c, commands.HybridCommand) for c in StatsCog(stats_engine, AllTimeTotals()).get_commands())


async def test_echoed_input_cannot_mention(cog: StatsCog) -> None:
    ctx = FakeContext(command=cog.stats)
    await cog.cog_command_error(ctx, commands.BadArgument('Member "@everyone" not found.'))
    assert "@everyone" not in ctx.reply["content"]
    assert no_mentions(ctx.reply)
