"""``etstats run`` with a Discord token: the bot logs in and posts; a bad token does not stop the service."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from discord.gateway import DiscordWebSocket

from tests.fakes.discord_gateway import FakeGateway
from tests.fakes.discord_server import FakeDiscord
from tests.monitor.helpers import (
    R1,
    drop,
    posts,
    running,
    service_settings,
    wait_for_posts,
)


async def _run_briefly(settings, until) -> None:  # type: ignore[no-untyped-def]
    async with running(settings):
        await until()


async def test_with_a_token_the_bot_logs_in_and_posts_the_round(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord
) -> None:
    channel = discord_server.add_channel()
    settings = service_settings(
        tmp_path,
        sink="discord",
        discord_token=discord_server.token,
        discord_channel_id=channel,
        discord_api_base=discord_server.base_url,
    )
    drop(corpus_dir, tmp_path / "gamestats", R1)

    async def posted() -> None:
        for _ in range(150):
            if discord_server.messages(channel):
                return
            await asyncio.sleep(0.1)

    await _run_briefly(settings, posted)
    (message,) = discord_server.messages(channel)
    assert message["embeds"][0]["title"] == "Round 1 — erdenberg_t2"
    assert discord_server.requests_to("GET", "/users/@me")


async def test_the_bot_connects_to_the_gateway_its_api_names(tmp_path: Path, discord_server: FakeDiscord) -> None:
    """With another API base, discord.py's built-in public gateway address is never used."""
    settings = service_settings(tmp_path, discord_token=discord_server.token, discord_api_base=discord_server.base_url)
    async with FakeGateway(discord_server) as gateway, running(settings):
        await gateway.wait_ready(timeout=30.0)
        assert str(DiscordWebSocket.DEFAULT_GATEWAY) == gateway.url
    (identify,) = gateway.identifies
    assert identify["token"] == discord_server.token
    assert discord_server.requests_to("GET", "/gateway/bot")


async def test_with_no_gateway_the_connection_fails_here(tmp_path: Path, discord_server: FakeDiscord) -> None:
    """The stand-in alone names itself as the gateway: the websocket is refused locally, not sent to Discord."""
    settings = service_settings(tmp_path, discord_token=discord_server.token, discord_api_base=discord_server.base_url)
    async with running(settings):
        for _ in range(150):
            if discord_server.requests_to("GET", "/no-gateway"):
                break
            await asyncio.sleep(0.1)
        assert str(DiscordWebSocket.DEFAULT_GATEWAY) == discord_server.no_gateway_url
    assert discord_server.requests_to("GET", "/no-gateway")


async def test_a_wrong_token_is_reported_and_the_other_sinks_still_post(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    settings = service_settings(tmp_path, discord_token="not-the-token", discord_api_base=discord_server.base_url)
    drop(corpus_dir, tmp_path / "gamestats", R1)
    with caplog.at_level(logging.ERROR):
        await _run_briefly(settings, lambda: wait_for_posts(tmp_path / "posts.jsonl", 1))
    assert [p["kind"] for p in posts(tmp_path / "posts.jsonl")] == ["round1"]
    assert any("ETSTATS_DISCORD_TOKEN" in r.getMessage() for r in caplog.records)
