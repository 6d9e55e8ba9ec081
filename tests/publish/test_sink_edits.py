"""Every sink corrects a post it delivered: Discord messages edited in place, a marked record elsewhere."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import discord
import pytest
from rich.console import Console

from etstats.publish.post import Attachment, Post, Sink, SinkError
from etstats.publish.sinks import ConsoleSink, DiscordChannelSink, JsonlSink, WebhookSink
from tests.fakes.discord_server import FakeDiscord
from tests.publish.helpers import PNG, make_post, many_embeds

FIXED = [{"title": "Supply · Round 1", "description": "Allies won in 7:42"}]


def _correction(post: Post, **changes: object) -> Post:
    return dataclasses.replace(post, key=f"edit:{post.key}:1", corrects=post.key, **changes)  # type: ignore[arg-type]


def _sinks(fake: FakeDiscord, client: discord.Client, channel: int) -> list[Sink]:
    return [
        WebhookSink(fake.add_webhook(channel), api_base=fake.base_url, backoff=0.01),
        DiscordChannelSink(client, channel),
    ]


async def test_discord_sinks_edit_the_message_they_sent(
    discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    for index in (0, 1):
        channel = discord_server.add_channel()
        sink = _sinks(discord_server, discord_client, channel)[index]
        post = make_post()
        sent = await sink.send(post)
        new_png = PNG + b"new"
        edited = await sink.edit(
            _correction(post, embeds=FIXED, attachments=[Attachment("chart.png", new_png)]), sent.message_ids
        )
        assert edited.message_ids == sent.message_ids
        (message,) = discord_server.messages(channel)
        assert message["id"] == sent.message_ids[0]
        assert [e["description"] for e in message["embeds"]] == ["Allies won in 7:42"]
        assert [a["size"] for a in message["attachments"]] == [len(new_png)]
        assert message["edited_timestamp"] is not None


async def test_a_correction_longer_or_shorter_than_the_post_keeps_the_channel_one_post(
    discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    for index in (0, 1):
        channel = discord_server.add_channel()
        sink = _sinks(discord_server, discord_client, channel)[index]
        post = make_post(embeds=many_embeds(12), attachments=[])
        sent = await sink.send(post)
        assert len(sent.message_ids) == 2
        shorter = await sink.edit(_correction(post, embeds=FIXED), sent.message_ids)
        assert shorter.message_ids == sent.message_ids[:1]
        assert [m["id"] for m in discord_server.messages(channel)] == list(shorter.message_ids)
        longer = await sink.edit(_correction(post, embeds=many_embeds(15)), shorter.message_ids)
        assert longer.message_ids[0] == sent.message_ids[0] and len(longer.message_ids) == 2
        assert [m["id"] for m in discord_server.messages(channel)] == list(longer.message_ids)


async def test_editing_a_deleted_message_is_refused_for_good(
    discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    for index in (0, 1):
        channel = discord_server.add_channel()
        sink = _sinks(discord_server, discord_client, channel)[index]
        post = make_post()
        sent = await sink.send(post)
        discord_server.delete_message(channel, sent.message_ids[0])
        with pytest.raises(SinkError, match="Unknown Message") as refused:
            await sink.edit(_correction(post), sent.message_ids)
        assert refused.value.permanent


async def test_discord_sinks_cannot_edit_without_message_ids(
    discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    for sink in _sinks(discord_server, discord_client, discord_server.add_channel()):
        with pytest.raises(SinkError, match="no message id") as refused:
            await sink.edit(_correction(make_post()), ())
        assert refused.value.permanent


async def test_jsonl_writes_a_correction_record_once(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    sink = JsonlSink(path)
    post = make_post("round2:local:x")
    await sink.send(post)
    correction = _correction(post, embeds=FIXED)
    await sink.edit(correction, ())
    await JsonlSink(path).edit(correction, ())
    first, second = (json.loads(line) for line in path.read_text().splitlines())
    assert "corrects" not in first
    assert second["key"] == "edit:round2:local:x:1" and second["corrects"] == "round2:local:x"
    assert second["embeds"] == FIXED


async def test_console_marks_a_correction() -> None:
    out = io.StringIO()
    sink = ConsoleSink(Console(file=out, width=100, color_system=None))
    await sink.edit(_correction(make_post(), embeds=FIXED), ())
    text = out.getvalue()
    assert "correction of supply:r1:2024-05-01-203000" in text
    assert "Allies won in 7:42" in text
