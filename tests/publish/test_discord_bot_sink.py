import discord
import pytest

from etstats.publish.outgoing import message_nonce
from etstats.publish.post import SinkError
from etstats.publish.sinks.discord_bot import DiscordChannelSink
from tests.fakes.discord_server import FakeDiscord
from tests.publish.helpers import PNG, make_post, many_embeds


def _message_posts(fake: FakeDiscord, channel: int):
    return fake.requests_to("POST", f"/channels/{channel}/messages")


async def test_posts_through_discord_py_with_nonce_and_files(
    discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_server.add_channel()
    post = make_post(content="@here round over")
    (message_id,) = (await DiscordChannelSink(discord_client, channel).send(post)).message_ids

    (request,) = _message_posts(discord_server, channel)
    assert request.headers["Authorization"] == f"Bot {discord_server.token}"
    assert request.json["nonce"] == message_nonce(post.key) and request.json["enforce_nonce"] is True
    assert request.json["allowed_mentions"]["parse"] == []
    assert not request.json["allowed_mentions"].get("replied_user")
    assert [(f.filename, f.data) for f in request.files] == [("chart.png", PNG)]
    (message,) = discord_server.messages(channel)
    assert message["id"] == message_id
    assert message["embeds"][0]["title"] == "Supply · Round 1"
    assert message["embeds"][0]["fields"][1] == {"name": "MVP", "value": "**Alice**", "inline": True}


async def test_sending_the_same_post_twice_makes_one_message(
    discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_server.add_channel()
    sink = DiscordChannelSink(discord_client, channel)
    first = await sink.send(make_post("round-7"))
    again = await DiscordChannelSink(discord_client, channel).send(make_post("round-7"))
    other = await sink.send(make_post("round-8"))
    assert first == again != other
    assert len(_message_posts(discord_server, channel)) == 3
    assert [m["id"] for m in discord_server.messages(channel)] == [*first.message_ids, *other.message_ids]


async def test_large_post_becomes_several_messages_with_their_own_nonces(
    discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_server.add_channel()
    post = make_post(embeds=many_embeds(15))
    ids = list((await DiscordChannelSink(discord_client, channel).send(post)).message_ids)
    requests = _message_posts(discord_server, channel)
    assert [r.json["nonce"] for r in requests] == [message_nonce(post.key, 0), message_nonce(post.key, 1)]
    assert [len(m["embeds"]) for m in discord_server.messages(channel)] == [10, 5]
    assert ids == [m["id"] for m in discord_server.messages(channel)]


async def test_short_rate_limit_is_waited_out_by_discord_py(
    discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_server.add_channel()
    discord_server.fail_next(status=429, retry_after=0.05)
    await DiscordChannelSink(discord_client, channel).send(make_post())
    assert [r.status for r in discord_server.requests[-3:]] == [429, 200, 200]
    assert len(discord_server.messages(channel)) == 1


async def test_long_rate_limit_becomes_a_sink_error_with_retry_after(
    discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_server.add_channel()
    discord_client.http.max_ratelimit_timeout = 30.0
    discord_server.fail_next(status=429, retry_after=90)
    with pytest.raises(SinkError) as caught:
        await DiscordChannelSink(discord_client, channel).send(make_post())
    assert caught.value.retry_after == 90 and not caught.value.permanent


async def test_server_error_is_retryable(discord_server: FakeDiscord, discord_client: discord.Client) -> None:
    channel = discord_server.add_channel()
    discord_server.fail_next(status=503)
    with pytest.raises(SinkError) as caught:
        await DiscordChannelSink(discord_client, channel).send(make_post())
    assert not caught.value.permanent and "503" in str(caught.value)


async def test_rejected_post_is_permanent(discord_server: FakeDiscord, discord_client: discord.Client) -> None:
    channel = discord_server.add_channel()
    discord_server.fail_next(status=403, message="Missing Permissions", code=50013, after=1)
    with pytest.raises(SinkError, match="Missing Permissions") as caught:
        await DiscordChannelSink(discord_client, channel).send(make_post())
    assert caught.value.permanent


async def test_unknown_channel_is_permanent(discord_server: FakeDiscord, discord_client: discord.Client) -> None:
    with pytest.raises(SinkError, match="Unknown Channel") as caught:
        await DiscordChannelSink(discord_client, 123456789).send(make_post())
    assert caught.value.permanent


async def test_client_that_is_not_logged_in_is_refused() -> None:
    client = discord.Client(intents=discord.Intents.none())
    with pytest.raises(SinkError, match="not logged in") as caught:
        await DiscordChannelSink(client, 1).send(make_post())
    assert not caught.value.permanent
