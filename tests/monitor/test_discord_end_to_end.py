"""A whole real evening through the monitor to a local Discord: exactly the expected messages."""

from __future__ import annotations

import asyncio
from pathlib import Path

import discord

from etstats.publish.limits import validate_embeds
from tests.fakes.discord_server import FakeDiscord
from tests.monitor.helpers import drop, posts, running, service_settings

EVENING = "2025-10-14-"


def _evening(corpus_dir: Path) -> list[str]:
    return sorted(p.name for p in corpus_dir.iterdir() if p.name.startswith(EVENING))


def _check_evening(messages: list[dict], evening: list[str]) -> None:
    maps = [name for name in evening if name.endswith("round-2.txt")]
    assert len(messages) == len(evening)
    titles = [[embed["title"] for embed in m["embeds"]] for m in messages]
    for titles_of_one, files in zip(titles, messages):
        assert validate_embeds(files["embeds"]) == []
        if titles_of_one[0].startswith("Round 1"):
            assert len(titles_of_one) == 1
        else:
            assert titles_of_one[0].startswith("Round 2") and titles_of_one[1].startswith("Map complete")
            assert [a["filename"] for a in files["attachments"]] == ["map.png"]
    assert sum(1 for t in titles if t[0].startswith("Round 2")) == len(maps)
    posted_maps = [t[0].split(" — ")[1] for t in titles]
    assert posted_maps == [name.split("-")[4] for name in evening]


async def test_an_evening_through_the_webhook_and_the_bot(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_server.add_channel()
    hook_channel = discord_server.add_channel("webhook-posts")
    settings = service_settings(
        tmp_path,
        sink=f"webhook,discord,jsonl:{tmp_path / 'posts.jsonl'}",
        discord_webhook_url=discord_server.add_webhook(hook_channel),
        discord_channel_id=channel,
        discord_api_base=discord_server.base_url,
    )
    evening = _evening(corpus_dir)
    for name in evening:
        drop(corpus_dir, tmp_path / "gamestats", name)
    discord_server.fail_next(2, status=429, retry_after=0.2, after=5)
    discord_server.fail_next(1, status=503, after=12)
    async with running(settings, discord_client=discord_client):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60
        while loop.time() < deadline and (
            len(discord_server.messages(channel)) < len(evening)
            or len(discord_server.messages(hook_channel)) < len(evening)
        ):
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)
    _check_evening(discord_server.messages(channel), evening)
    _check_evening(discord_server.messages(hook_channel), evening)
    for request in discord_server.requests_to("POST", f"/channels/{channel}/messages"):
        assert request.json["allowed_mentions"]["parse"] == []
        assert request.json["enforce_nonce"] is True
    jsonl_kinds = posts(tmp_path / "posts.jsonl")
    assert len(jsonl_kinds) == len(evening) + len([n for n in evening if n.endswith("round-2.txt")])
