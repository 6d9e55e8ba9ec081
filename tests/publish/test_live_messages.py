"""Posting and editing the live message through the webhook and as the bot, against the Discord stand-in."""

from __future__ import annotations

import discord
import pytest

from etstats.publish.post import SinkError
from etstats.publish.sinks.live_messages import (
    ChannelLiveMessages,
    LiveMessages,
    MessageGone,
    WebhookLiveMessages,
    build_live_messages,
)
from tests.fakes.discord_server import FakeDiscord

EMBED = {"title": "🔴 Live: supply · Round 1", "description": "⏱ 1:00 played · 9:00 left"}


@pytest.fixture(params=["webhook", "discord"])
def messenger(request: pytest.FixtureRequest, discord_server: FakeDiscord) -> tuple[LiveMessages, int]:
    channel = discord_server.add_channel()
    if request.param == "webhook":
        return WebhookLiveMessages(discord_server.add_webhook(channel), api_base=discord_server.base_url), channel
    client: discord.Client = request.getfixturevalue("discord_client")
    return ChannelLiveMessages(client, channel), channel


async def test_post_then_edit_in_place_then_a_pointer(
    messenger: tuple[LiveMessages, int], discord_server: FakeDiscord
) -> None:
    live, channel = messenger
    message_id = await live.post(None, [EMBED])
    await live.edit(message_id, None, [EMBED | {"description": "⏱ 1:10 played · 8:50 left"}])
    [message] = discord_server.messages(channel)
    assert message["id"] == message_id and "1:10 played" in message["embeds"][0]["description"]
    await live.edit(message_id, "🏁 supply Round 1 is over", [])
    [message] = discord_server.messages(channel)
    assert message["embeds"] == [] and message["content"] == "🏁 supply Round 1 is over"
    [posted] = [r for r in discord_server.requests if r.method == "POST"]
    assert posted.json["allowed_mentions"]["parse"] == []


async def test_editing_a_deleted_message_says_it_is_gone(
    messenger: tuple[LiveMessages, int], discord_server: FakeDiscord
) -> None:
    live, channel = messenger
    message_id = await live.post(None, [EMBED])
    discord_server.delete_message(channel, message_id)
    with pytest.raises(MessageGone):
        await live.edit(message_id, None, [EMBED])


async def test_a_refused_edit_is_an_error_with_the_wait(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    live = WebhookLiveMessages(discord_server.add_webhook(channel), api_base=discord_server.base_url)
    message_id = await live.post(None, [EMBED])
    discord_server.fail_next(1, status=429, retry_after=3.5)
    with pytest.raises(SinkError) as caught:
        await live.edit(message_id, None, [EMBED])
    assert caught.value.retry_after == 3.5 and not isinstance(caught.value, MessageGone)


def test_only_discord_sinks_get_a_live_message() -> None:
    url = "https://discord.com/api/webhooks/1/abc"
    found = build_live_messages(
        "console,jsonl:x.jsonl,webhook", webhook_url=url, api_base="http://x", client=None, channel_id=None
    )
    assert [m.name for m in found] == ["webhook"]
    assert build_live_messages("console", webhook_url=url, api_base="http://x", client=None, channel_id=1) == []
