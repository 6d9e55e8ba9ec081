"""The live match end to end: the Lua module (Lua 5.4 via lupa) plays a round, ``etstats run``
posts the live message through the webhook into the local Discord stand-in, edits it while
the numbers move, and turns it into a pointer when the round file arrives; locally and over SFTP."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path
from typing import Any

import discord

from etstats.config import Settings
from tests.fakes.discord_server import FakeDiscord
from tests.gameserver.lua_game import StandInGame
from tests.monitor.helpers import R1, drop, running, service_settings
from tests.monitor.test_sftp_end_to_end import sftp_settings
from tests.sources.sshd_server import SshdServer
from tests.waiting import until

_until = partial(until, timeout=30.0)

LIVE_SECONDS = 5.0
GAME_SPEED_STEP = 1.0  # game seconds played per 0.2 s of real time


@contextlib.asynccontextmanager
async def playing(game: StandInGame) -> AsyncIterator[None]:
    """The round being played in the background, faster than real time, until the block ends."""

    async def play() -> None:
        while True:
            game.play(GAME_SPEED_STEP)
            await asyncio.sleep(0.2)

    task = asyncio.create_task(play())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _dpm_total(description: str) -> int:
    table = description.split("```\n", 1)[1]
    return sum(int(m.group(1)) for m in re.finditer(r" (\d+)$", table, re.MULTILINE))


async def _live_round(
    settings: Settings,
    game: StandInGame,
    fake: FakeDiscord,
    channel: int,
    corpus_dir: Path,
    folder: Path,
    bot_channel: int | None = None,
    **options: Any,
) -> None:
    game.add_players(6)
    game.init_game()
    game.start_round()
    async with running(settings, **options):
        async with playing(game):
            await _until(lambda: fake.messages(channel))
            live = fake.requests_to("POST", "/webhooks/")[0].json
            live["id"] = fake.messages(channel)[0]["id"]
            path = f"/messages/{live['id']}"
            await _until(
                lambda: len([r for r in fake.requests_to("PATCH", "/webhooks/") if r.path.endswith(path)]) >= 2
            )
        edits = [r.json for r in fake.requests_to("PATCH", "/webhooks/") if r.path.endswith(path)]
        game.end_round()
        game.play(6)
        drop(corpus_dir, folder, R1)
        await _until(lambda: fake.messages(channel)[0]["embeds"] == [])
        await _until(lambda: len(fake.messages(channel)) == 2)
        if bot_channel is not None:
            await _until(lambda: len(fake.messages(bot_channel)) == 2 and fake.messages(bot_channel)[0]["embeds"] == [])
    if bot_channel is not None:
        pointer, round_post = fake.messages(bot_channel)
        assert "Round 1 is over" in pointer["content"] and pointer["edited_timestamp"] is not None
        assert round_post["embeds"][0]["title"].startswith("Round 1")
        bot_edits = fake.requests_to("PATCH", f"/channels/{bot_channel}/messages/{pointer['id']}")
        assert len(bot_edits) >= 2 and len(fake.requests_to("POST", f"/channels/{bot_channel}/messages")) == 2
    messages = fake.messages(channel)
    assert len([m for m in messages if "Live" in str(m["embeds"]) or "is over" in m["content"]]) == 1
    assert messages[0]["id"] == live["id"]
    assert live["embeds"][0]["title"] == "🔴 Live: erdenberg\\_t2 · Round 1"
    assert "erdenberg\\_t2 Round 1 is over" in messages[0]["content"]
    assert messages[1]["embeds"][0]["title"].startswith("Round 1")
    totals = [_dpm_total(live["embeds"][0]["description"])] + [_dpm_total(e["embeds"][0]["description"]) for e in edits]
    assert len(set(totals)) >= 2, totals
    clocks = [re.search(r"⏱ (\d+:\d\d) played", e["embeds"][0]["description"]) for e in edits]
    assert all(clocks) and len({c.group(1) for c in clocks if c}) == len(clocks)
    for request in fake.requests_to("PATCH", "/webhooks/") + fake.requests_to("POST", "/webhooks/"):
        assert request.json["allowed_mentions"] == {"parse": []}


async def test_a_live_round_through_the_webhook_and_the_bot_on_a_local_folder(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_server.add_channel()
    bot_channel = discord_server.add_channel("bot-posts")
    settings = service_settings(
        tmp_path,
        sink="webhook,discord",
        discord_webhook_url=discord_server.add_webhook(channel),
        discord_channel_id=bot_channel,
        discord_api_base=discord_server.base_url,
        live_seconds=LIVE_SECONDS,
    )
    game = StandInGame(tmp_path / "server", map="erdenberg_t2", folder=tmp_path / "gamestats")
    folder = tmp_path / "gamestats"
    await _live_round(
        settings, game, discord_server, channel, corpus_dir, folder, bot_channel, discord_client=discord_client
    )


async def test_a_live_round_through_the_webhook_over_sftp(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord, sshd: SshdServer
) -> None:
    channel = discord_server.add_channel()
    settings = sftp_settings(
        tmp_path,
        sshd,
        sink="webhook",
        discord_webhook_url=discord_server.add_webhook(channel),
        discord_api_base=discord_server.base_url,
        live_seconds=LIVE_SECONDS,
    )
    game = StandInGame(tmp_path / "server", map="erdenberg_t2", folder=sshd.remote_dir)
    await _live_round(settings, game, discord_server, channel, corpus_dir, sshd.remote_dir)
