import dataclasses
import time

import pytest

from etstats.publish.post import SinkError
from etstats.publish.sinks.webhook import WebhookSink
from tests.fakes.discord_server import FakeDiscord
from tests.publish.helpers import PNG, make_post, many_embeds


def _sink(fake: FakeDiscord, channel_id: int, **kwargs: float) -> WebhookSink:
    options = {"backoff": 0.01, "max_backoff": 0.05, **kwargs}
    return WebhookSink(fake.add_webhook(channel_id), api_base=fake.base_url, **options)


async def test_posts_embeds_and_files_without_mentions(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    post = make_post(content="@everyone round over")
    (message_id,) = (await _sink(discord_server, channel).send(post)).message_ids

    (request,) = discord_server.requests
    assert request.method == "POST" and request.path.startswith("/webhooks/")
    assert request.query == {"wait": "true"}
    assert "Authorization" not in request.headers
    assert request.json["allowed_mentions"] == {"parse": []}
    assert request.json["embeds"] == post.embeds
    assert request.json["attachments"] == [{"id": 0, "filename": "chart.png"}]
    assert [(f.field, f.filename, f.data) for f in request.files] == [("files[0]", "chart.png", PNG)]
    (message,) = discord_server.messages(channel)
    assert message["id"] == message_id
    assert message["content"] == "@everyone round over"
    assert [a["filename"] for a in message["attachments"]] == ["chart.png"]


async def test_only_opted_in_users_may_be_pinged(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    post = dataclasses.replace(make_post(content="🏅 <@42>"), mention_user_ids=["42"])
    await _sink(discord_server, channel).send(post)
    (request,) = discord_server.requests
    assert request.json["allowed_mentions"] == {"parse": [], "users": ["42"]}


async def test_post_without_files_is_sent_as_json(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    await _sink(discord_server, channel).send(make_post(attachments=[]))
    (request,) = discord_server.requests
    assert request.headers["Content-Type"].startswith("application/json") and not request.files


async def test_waits_out_429_then_succeeds(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    discord_server.fail_next(2, status=429, retry_after=0.15)
    started = time.monotonic()
    await _sink(discord_server, channel).send(make_post())
    assert time.monotonic() - started >= 0.3
    assert [r.status for r in discord_server.requests] == [429, 429, 200]
    assert len(discord_server.messages(channel)) == 1


async def test_retry_after_header_alone_is_honoured(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    discord_server.fail_next(status=429, retry_after=0.2, in_body=False)
    started = time.monotonic()
    await _sink(discord_server, channel).send(make_post())
    assert time.monotonic() - started >= 0.2
    assert [r.status for r in discord_server.requests] == [429, 200]


async def test_long_rate_limit_is_handed_back_instead_of_waited(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    discord_server.fail_next(status=429, retry_after=120)
    with pytest.raises(SinkError) as caught:
        await _sink(discord_server, channel, max_wait=5).send(make_post())
    assert caught.value.retry_after == 120 and not caught.value.permanent
    assert len(discord_server.requests) == 1


async def test_retries_server_errors_then_succeeds(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    discord_server.fail_next(2, status=502)
    await _sink(discord_server, channel).send(make_post())
    assert [r.status for r in discord_server.requests] == [502, 502, 200]
    assert len(discord_server.messages(channel)) == 1


async def test_gives_up_after_repeated_server_errors(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    discord_server.fail_next(10, status=503)
    with pytest.raises(SinkError) as caught:
        await _sink(discord_server, channel, max_attempts=3).send(make_post())
    assert not caught.value.permanent and "503" in str(caught.value)
    assert len(discord_server.requests) == 3
    assert discord_server.messages(channel) == []


async def test_unreachable_server_is_a_retryable_error(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    url = discord_server.add_webhook(channel)
    sink = WebhookSink(url, api_base="http://127.0.0.1:9/api/v10", backoff=0.01, max_attempts=2)
    with pytest.raises(SinkError, match="network error") as caught:
        await sink.send(make_post())
    assert not caught.value.permanent


async def test_client_errors_are_permanent_with_discords_message(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    discord_server.fail_next(status=400, message="Invalid Form Body", code=50035)
    with pytest.raises(SinkError) as caught:
        await _sink(discord_server, channel).send(make_post())
    assert caught.value.permanent and "Invalid Form Body (50035)" in str(caught.value)
    assert len(discord_server.requests) == 1


async def test_deleted_webhook_is_permanent(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    url = discord_server.add_webhook(channel).rsplit("/", 1)[0] + "/wrong-token"
    with pytest.raises(SinkError, match="Unknown Webhook") as caught:
        await WebhookSink(url, api_base=discord_server.base_url).send(make_post())
    assert caught.value.permanent


async def test_large_post_is_split_and_resumes_after_a_partial_failure(discord_server: FakeDiscord) -> None:
    channel = discord_server.add_channel()
    embeds = many_embeds(12)
    embeds[11]["image"] = {"url": "attachment://chart.png"}
    post = make_post(embeds=embeds)
    sink = _sink(discord_server, channel, max_attempts=1)
    discord_server.fail_next(status=503, after=1)
    with pytest.raises(SinkError):
        await sink.send(post)
    assert len(discord_server.messages(channel)) == 1

    ids = list((await sink.send(post)).message_ids)
    messages = discord_server.messages(channel)
    assert [m["id"] for m in messages] == ids
    assert [len(m["embeds"]) for m in messages] == [10, 2]
    assert [a["filename"] for a in messages[1]["attachments"]] == ["chart.png"]
    assert messages[0]["attachments"] == []
