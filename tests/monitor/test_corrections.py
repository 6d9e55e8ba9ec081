"""A Round 1 that arrives after its Round 2 was posted "Round 1 missing" corrects the posted messages in place."""

from __future__ import annotations

import asyncio
from pathlib import Path

import discord
import pytest

from etstats.app import serve
from etstats.cli import main
from etstats.monitor import outbox
from etstats.store.status_queries import read_status
from tests.fakes.discord_server import FakeDiscord
from tests.monitor.helpers import R1, R2, drop, posts, running, service_settings, table_row, wait_for_posts

R2_KEY = R2.removesuffix(".txt")


async def test_jsonl_gets_a_marked_correction_of_round2_and_map(tmp_path: Path, corpus_dir: Path) -> None:
    settings = service_settings(tmp_path, r1_grace_seconds=1.0)
    async with running(settings):
        await asyncio.sleep(0.5)
        drop(corpus_dir, tmp_path / "gamestats", R2)
        await wait_for_posts(tmp_path / "posts.jsonl", 2)
        drop(corpus_dir, tmp_path / "gamestats", R1)
        found = await wait_for_posts(tmp_path / "posts.jsonl", 4)
        await asyncio.sleep(1.0)
    found = posts(tmp_path / "posts.jsonl")
    assert [(p["kind"], p.get("corrects")) for p in found] == [
        ("round2", None),
        ("map", None),
        ("round2", f"round2:local:{R2_KEY}"),
        ("map", f"map:local:{R2_KEY}"),
    ]
    assert "Round 1 missing" in found[0]["embeds"][0]["description"]
    corrected = found[2]["embeds"][0]
    assert "Round 1 missing" not in corrected["description"]
    assert table_row(corrected, "qmr")[1:3] == ["11", "15"]
    assert "won the map" in found[3]["embeds"][0]["description"]
    assert found[2]["round_files"] == [R1, R2]


def _only_message(fake: FakeDiscord, channel: int) -> dict:
    (message,) = fake.messages(channel)
    return message


async def test_webhook_and_bot_edit_their_message_instead_of_posting_again(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_server.add_channel()
    hook_channel = discord_server.add_channel("webhook-posts")
    settings = service_settings(
        tmp_path,
        sink="webhook,discord",
        r1_grace_seconds=0.5,
        discord_webhook_url=discord_server.add_webhook(hook_channel),
        discord_channel_id=channel,
        discord_api_base=discord_server.base_url,
    )
    drop(corpus_dir, tmp_path / "gamestats", R2)
    await serve(settings, once=True, discord_client=discord_client)
    before = {c: _only_message(discord_server, c) for c in (channel, hook_channel)}
    for message in before.values():
        assert "Round 1 missing" in message["embeds"][0]["description"]

    drop(corpus_dir, tmp_path / "gamestats", R1)
    await serve(settings, once=True, discord_client=discord_client)
    for where in (channel, hook_channel):
        message = _only_message(discord_server, where)
        assert message["id"] == before[where]["id"]
        assert message["edited_timestamp"] is not None
        round2, whole = message["embeds"]
        assert "Round 1 missing" not in round2["description"]
        assert table_row(round2, "qmr")[1:3] == ["11", "15"]
        assert "won the map" in whole["description"]
        assert [a["filename"] for a in message["attachments"]] == ["map.png"]
    webhook_id = before[hook_channel]["webhook_id"]
    (hook_edit,) = discord_server.requests_to("PATCH", f"/webhooks/{webhook_id}/")
    assert hook_edit.path.endswith(f"/messages/{before[hook_channel]['id']}")
    assert hook_edit.json["allowed_mentions"]["parse"] == []
    (bot_edit,) = discord_server.requests_to("PATCH", f"/channels/{channel}/messages/")
    assert bot_edit.path.endswith(f"/messages/{before[channel]['id']}")

    await serve(settings, once=True, discord_client=discord_client)
    assert len(discord_server.requests_to("PATCH", "/")) == 2


async def test_an_edit_discord_refuses_is_held_and_later_posts_still_go(
    tmp_path: Path,
    corpus_dir: Path,
    discord_server: FakeDiscord,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outbox, "HOLD_AFTER", 1)
    channel = discord_server.add_channel()
    settings = service_settings(
        tmp_path,
        sink="webhook",
        r1_grace_seconds=0.5,
        discord_webhook_url=discord_server.add_webhook(channel),
        discord_api_base=discord_server.base_url,
    )
    drop(corpus_dir, tmp_path / "gamestats", R2)
    await serve(settings, once=True)
    posted = _only_message(discord_server, channel)
    discord_server.delete_message(channel, posted["id"])

    drop(corpus_dir, tmp_path / "gamestats", R1)
    drop(corpus_dir, tmp_path / "gamestats", "2025-10-14-232828-etl_ice-round-1.txt")
    await serve(settings, once=True)
    (held,) = read_status(settings.database_url).held
    assert held.key == f"edit:map:local:{R2_KEY}:1" and "Unknown Message" in held.error
    (later,) = discord_server.messages(channel)
    assert later["embeds"][0]["title"].startswith("Round 1")


async def test_a_failed_edit_is_retried_and_sent_once(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord
) -> None:
    channel = discord_server.add_channel()
    settings = service_settings(
        tmp_path,
        sink="webhook",
        r1_grace_seconds=0.5,
        discord_webhook_url=discord_server.add_webhook(channel),
        discord_api_base=discord_server.base_url,
    )
    drop(corpus_dir, tmp_path / "gamestats", R2)
    await serve(settings, once=True)
    discord_server.fail_next(10, status=503)
    drop(corpus_dir, tmp_path / "gamestats", R1)
    await serve(settings, once=True)
    assert "Round 1 missing" in _only_message(discord_server, channel)["embeds"][0]["description"]
    assert read_status(settings.database_url).backlog == 1

    discord_server.clear_failures()
    async with running(settings):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while loop.time() < deadline and read_status(settings.database_url).backlog:
            await asyncio.sleep(0.2)
    message = _only_message(discord_server, channel)
    assert "Round 1 missing" not in message["embeds"][0]["description"]
    assert len([r for r in discord_server.requests_to("PATCH", "/webhooks/") if r.status == 200]) == 1


async def test_a_late_round1_imported_by_hand_corrects_the_posts_too(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = service_settings(tmp_path, r1_grace_seconds=0.5)
    drop(corpus_dir, tmp_path / "gamestats", R2)
    await serve(settings, once=True)
    monkeypatch.setenv("ETSTATS_DATABASE_URL", settings.database_url)
    assert main(["import", str(corpus_dir / R1)]) == 0
    await serve(settings, once=True)
    found = posts(tmp_path / "posts.jsonl")
    assert [(p["kind"], p.get("corrects")) for p in found] == [
        ("round2", None),
        ("map", None),
        ("round2", f"round2:local:{R2_KEY}"),
        ("map", f"map:local:{R2_KEY}"),
    ]
    assert "Round 1 missing" not in found[2]["embeds"][0]["description"]
