"""Presence ("12/20 on supply") and the opt-in voice channel name, within two renames per 10 minutes."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import AsyncMock

import discord
import pytest
from sqlalchemy import Engine

from etstats.bot.presence import Presence, RenameLog, VoiceRenamer, bot_status, channel_rename
from etstats.gameserver import GameServer, ServerPoller, query_status
from etstats.store.database import open_database
from tests.fakes.discord_server import FakeDiscord, discord_client, discord_server
from tests.fakes.game_server import FakeGameServer, game_server, status_reply

__all__ = ["discord_client", "discord_server", "game_server"]


class Clock:
    """Wall-clock seconds the test moves by hand, shared by the renamer and the fake Discord."""

    def __init__(self) -> None:
        self.seconds = 1_000_000.0

    def __call__(self) -> float:
        return self.seconds


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = open_database(f"sqlite:///{tmp_path / 'bot.db'}")
    yield engine  # type: ignore[misc]
    engine.dispose()


def poller(port: int) -> ServerPoller:
    query = partial(query_status, timeout=0.1, tries=2)
    return ServerPoller(GameServer("local", "127.0.0.1", port, "local"), max_age=0, query=query)


class Shown:
    """Records what the presence was set to."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    async def __call__(self, text: str) -> None:
        self.texts.append(text)


async def test_presence_shows_players_slots_and_map(game_server: FakeGameServer) -> None:
    shown = Shown()
    presence = Presence(poller(game_server.port), shown)
    await presence.refresh()
    game_server.reply = status_reply(mapname="radar", players=[(1, 5, "vid")])
    await presence.refresh()
    game_server.reply = None
    await presence.refresh()
    assert shown.texts == ["12/20 on supply", "1/20 on radar", "server not answering"]
    assert len(game_server.queries) == 2 + 2, "one query per answered turn, two tries for the silent one"


async def test_the_bot_status_is_a_custom_activity_with_the_text() -> None:
    client = SimpleNamespace(change_presence=AsyncMock())
    await bot_status(client)("12/20 on supply")  # type: ignore[arg-type]
    activity = client.change_presence.await_args.kwargs["activity"]
    assert isinstance(activity, discord.CustomActivity) and activity.name == "12/20 on supply"


def renames(fake: FakeDiscord, channel: int) -> list[int]:
    return [r.status for r in fake.requests_to("PATCH", f"/channels/{channel}")]


async def test_at_most_two_renames_per_ten_minutes_and_a_restart_remembers(
    discord_server: FakeDiscord, discord_client: discord.Client, engine: Engine
) -> None:
    clock = Clock()
    discord_server.clock = clock
    channel = discord_server.add_voice_channel()
    renamer = VoiceRenamer(channel_rename(discord_client, channel), RenameLog(engine, channel), clock=clock)

    assert await renamer.show("🎮 12/20 on supply")
    assert not await renamer.show("🎮 12/20 on supply"), "unchanged: no rename"
    clock.seconds += 10
    assert await renamer.show("🎮 13/20 on supply")
    clock.seconds += 10
    assert not await renamer.show("🎮 14/20 on supply"), "third within 10 minutes"
    clock.seconds += 579
    assert not await renamer.show("🎮 14/20 on supply"), "599 s after the first rename"
    clock.seconds += 1
    assert await renamer.show("🎮 14/20 on supply")
    assert renames(discord_server, channel) == [200, 200, 200]
    assert discord_server.channel(channel)["name"] == "🎮 14/20 on supply"

    restarted = VoiceRenamer(channel_rename(discord_client, channel), RenameLog(engine, channel), clock=clock)
    clock.seconds += 5
    assert not await restarted.show("🎮 15/20 on supply"), "the renames before the restart still count"
    clock.seconds += 5
    assert await restarted.show("🎮 15/20 on supply")
    assert renames(discord_server, channel) == [200, 200, 200, 200]


async def test_a_rate_limited_rename_backs_off_for_a_whole_window(
    discord_server: FakeDiscord, discord_client: discord.Client, engine: Engine
) -> None:
    """Someone else used up the renames: the 429 is not sat out in the call, and no rename follows too soon."""
    clock = Clock()
    discord_server.clock = clock
    channel = discord_server.add_voice_channel()
    voice = await discord_client.fetch_channel(channel)
    assert isinstance(voice, discord.VoiceChannel)
    await voice.edit(name="by hand")
    await voice.edit(name="by hand again")
    renamer = VoiceRenamer(
        channel_rename(discord_client, channel), RenameLog(engine, channel), clock=clock, timeout=0.3
    )
    clock.seconds += 1
    assert not await renamer.show("🎮 12/20 on supply")
    clock.seconds += 300
    assert not await renamer.show("🎮 12/20 on supply")
    assert renames(discord_server, channel) == [200, 200, 429]
    clock.seconds += 300
    assert await renamer.show("🎮 12/20 on supply")
    assert renames(discord_server, channel)[-1] == 200
    assert discord_server.channel(channel)["name"] == "🎮 12/20 on supply"


async def test_presence_renames_the_voice_channel_too(
    discord_server: FakeDiscord, discord_client: discord.Client, engine: Engine, game_server: FakeGameServer
) -> None:
    channel = discord_server.add_voice_channel()
    renamer = VoiceRenamer(channel_rename(discord_client, channel), RenameLog(engine, channel))
    shown = Shown()
    await Presence(poller(game_server.port), shown, renamer).refresh()
    assert shown.texts == ["12/20 on supply"]
    assert discord_server.channel(channel)["name"] == "🎮 12/20 on supply"


async def test_only_voice_channels_are_renamed(discord_server: FakeDiscord, discord_client: discord.Client) -> None:
    text_channel = discord_server.add_channel("general")
    with pytest.raises(TypeError, match="not a voice channel"):
        await channel_rename(discord_client, text_channel)("🎮 12/20 on supply")
    assert discord_server.channel(text_channel)["name"] == "general"
