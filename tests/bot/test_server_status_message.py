"""The status message: posted once, then edited in place through the local Discord API — across restarts."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from functools import partial
from unittest.mock import AsyncMock

import discord
import pytest
from sqlalchemy import Engine

from etstats.bot.app import EtStatsBot
from etstats.bot.repeat import repeat
from etstats.bot.status_message import StatusBoard, StatusMessage
from etstats.config import Settings
from etstats.gameserver import GameServer, ServerPoller, query_status
from etstats.publish.sinks.discord_api import set_api_base
from etstats.store.bot_state import load_value
from tests.fakes.discord_server import FakeDiscord, discord_client, discord_server
from tests.fakes.game_server import FakeGameServer, game_server, status_reply

__all__ = ["discord_client", "discord_server", "game_server"]

pytestmark = pytest.mark.corpus

NOW = datetime(2025, 11, 12, 21, 0)


def settings_for(engine: Engine, **more: object) -> Settings:
    return Settings(database_url=engine.url.render_as_string(hide_password=False), **more)


def board(client: discord.Client, engine: Engine, channel: int, port: int) -> StatusBoard:
    query = partial(query_status, timeout=0.1, tries=2)
    poller = ServerPoller(GameServer("local", "127.0.0.1", port, "local"), max_age=0, query=query)
    message = StatusMessage(client, engine, channel)
    return StatusBoard(message, [poller], settings_for(engine), lambda: True, now=lambda: NOW)


def stored_id(engine: Engine, channel: int) -> int:
    with engine.connect() as conn:
        return int(load_value(conn, f"status_message:{channel}") or 0)


def posts(fake: FakeDiscord, channel: int) -> int:
    return len(fake.requests_to("POST", f"/channels/{channel}/messages"))


def edits(fake: FakeDiscord, channel: int, message: int) -> int:
    return len([r for r in fake.requests_to("PATCH", f"/channels/{channel}/messages/{message}") if r.status == 200])


def field_values(fake: FakeDiscord, channel: int) -> str:
    [message] = fake.messages(channel)
    return "\n".join(f["value"] for f in message["embeds"][0]["fields"])


async def test_posted_once_then_edited_in_place(
    discord_server: FakeDiscord, discord_client: discord.Client, link_engine: Engine, game_server: FakeGameServer
) -> None:
    channel = discord_server.add_channel("server-status")
    status = board(discord_client, link_engine, channel, game_server.port)
    first = await status.refresh()
    assert posts(discord_server, channel) == 1 and stored_id(link_engine, channel) == first
    assert "**12/20** players" in field_values(discord_server, channel)
    assert "Last round imported" in field_values(discord_server, channel)
    assert "Monitor loop: **running**" in field_values(discord_server, channel)

    game_server.reply = status_reply(mapname="radar", players=[(5, 40, "vid")])
    assert await status.refresh() == first
    game_server.reply = None
    assert await status.refresh() == first
    assert posts(discord_server, channel) == 1 and edits(discord_server, channel, first) == 2
    [message] = discord_server.messages(channel)
    assert message["edited_timestamp"] is not None
    assert "🔴 **Not answering** since" in field_values(discord_server, channel)


async def test_a_deleted_message_is_replaced_and_the_new_id_kept(
    discord_server: FakeDiscord, discord_client: discord.Client, link_engine: Engine, game_server: FakeGameServer
) -> None:
    channel = discord_server.add_channel("server-status")
    status = board(discord_client, link_engine, channel, game_server.port)
    first = await status.refresh()
    discord_server.delete_message(channel, first)
    second = await status.refresh()
    assert second != first and stored_id(link_engine, channel) == second
    assert posts(discord_server, channel) == 2
    assert await status.refresh() == second and edits(discord_server, channel, second) == 1


async def test_other_failures_never_cause_a_repost(
    discord_server: FakeDiscord, discord_client: discord.Client, link_engine: Engine, game_server: FakeGameServer
) -> None:
    channel = discord_server.add_channel("server-status")
    status = board(discord_client, link_engine, channel, game_server.port)
    first = await status.refresh()
    discord_server.fail_next(status=403, message="Missing Permissions", code=50013)
    with pytest.raises(discord.Forbidden):
        await status.refresh()
    assert await status.refresh() == first
    assert posts(discord_server, channel) == 1 and len(discord_server.messages(channel)) == 1


async def test_a_missing_channel_posts_nothing(
    discord_server: FakeDiscord, discord_client: discord.Client, link_engine: Engine, game_server: FakeGameServer
) -> None:
    status = board(discord_client, link_engine, 4242, game_server.port)
    with pytest.raises(discord.NotFound):
        await status.refresh()
    assert stored_id(link_engine, 4242) == 0


async def _until(check: Callable[[], bool], what: str) -> None:
    for _ in range(200):
        if check():
            return
        await asyncio.sleep(0.025)
    raise AssertionError(f"timed out waiting for {what}")


async def _run_bot(settings: Settings, engine: Engine, token: str, until: Callable[[], bool], what: str) -> list[str]:
    """Log a fresh bot in, let its chores run until ``until``, close it; the names of its chores."""
    bot = EtStatsBot(settings, engine)
    bot.tree.sync = AsyncMock(return_value=[])  # type: ignore[method-assign]
    try:
        await bot.login(token)
        await _until(until, what)
        assert bot._warm_up is not None
        await bot._warm_up
        return [chore.get_name() for chore in bot.chores]
    finally:
        gc.unfreeze()
        await bot.close()
        assert all(chore.done() for chore in bot.chores)


@pytest.fixture
async def api(discord_server: FakeDiscord) -> AsyncIterator[FakeDiscord]:
    previous = set_api_base(discord_server.base_url)
    yield discord_server
    set_api_base(previous)


async def test_a_restarted_bot_edits_the_same_message(
    api: FakeDiscord, link_engine: Engine, game_server: FakeGameServer
) -> None:
    channel = api.add_channel("server-status")
    settings = settings_for(
        link_engine, status_channel_id=channel, game_host="127.0.0.1", game_port=game_server.port, status_seconds=60
    )
    chores = await _run_bot(settings, link_engine, api.token, lambda: len(api.messages(channel)) == 1, "the post")
    assert chores == ["status message", "presence"]
    first = stored_id(link_engine, channel)
    assert first and posts(api, channel) == 1

    game_server.reply = status_reply(mapname="goldrush")
    await _run_bot(settings, link_engine, api.token, lambda: edits(api, channel, first) == 1, "the edit")
    assert posts(api, channel) == 1 and stored_id(link_engine, channel) == first
    assert "**goldrush** — **0/20** players" in field_values(api, channel)


async def test_a_failing_chore_keeps_its_turns() -> None:
    turns: list[int] = []

    async def chore() -> None:
        turns.append(len(turns))
        if len(turns) == 1:
            raise RuntimeError("Discord is down")

    task = asyncio.create_task(repeat(0.01, chore, "test chore"))
    await _until(lambda: len(turns) >= 3, "three turns")
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert turns[:3] == [0, 1, 2]
