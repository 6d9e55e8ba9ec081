"""A webhook post whose answer is lost: looked up in the channel with a bot token, else flagged in status."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import update

from etstats.app import serve
from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.status_queries import read_status
from tests.fakes.discord_server import FakeDiscord
from tests.monitor.helpers import R1, drop, service_settings

KEY = f"round1:local:{R1.removesuffix('.txt')}"


def _settings(tmp_path: Path, discord_server: FakeDiscord, channel: int, **extra: Any):  # type: ignore[no-untyped-def]
    return service_settings(
        tmp_path,
        sink="webhook",
        discord_webhook_url=discord_server.add_webhook(channel),
        discord_api_base=discord_server.base_url,
        **extra,
    )


async def _twice_with_a_lost_answer(tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord, settings) -> None:  # type: ignore[no-untyped-def]
    drop(corpus_dir, tmp_path / "gamestats", R1)
    discord_server.lose_next_answers(1)
    await serve(settings, once=True)
    await asyncio.sleep(2.1)  # the retry is due after the first backoff step
    await serve(settings, once=True)


async def test_webhook_only_a_lost_answer_is_resent_and_shown_in_status(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord
) -> None:
    channel = discord_server.add_channel()
    settings = _settings(tmp_path, discord_server, channel)
    await _twice_with_a_lost_answer(tmp_path, corpus_dir, discord_server, settings)
    assert len(discord_server.messages(channel)) == 2  # what webhooks alone cannot rule out (see README)
    (delivery,) = read_status(settings.database_url).ambiguous
    assert (delivery.key, delivery.sink, delivery.status) == (KEY, "webhook", "sent")
    assert "answer" in delivery.reason


async def test_with_a_bot_token_a_lost_answer_is_found_in_the_channel_and_not_resent(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord
) -> None:
    channel = discord_server.add_channel()
    settings = _settings(tmp_path, discord_server, channel, discord_token=discord_server.token)
    await _twice_with_a_lost_answer(tmp_path, corpus_dir, discord_server, settings)
    (message,) = discord_server.messages(channel)
    assert message["embeds"][0]["title"].startswith("Round 1")
    assert read_status(settings.database_url).ambiguous == []
    assert read_status(settings.database_url).backlog == 0


async def test_with_a_bot_token_a_send_cut_by_a_crash_is_not_repeated(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord
) -> None:
    channel = discord_server.add_channel()
    settings = _settings(tmp_path, discord_server, channel, discord_token=discord_server.token)
    drop(corpus_dir, tmp_path / "gamestats", R1)
    await serve(settings, once=True)
    engine = open_database(settings.database_url)
    with engine.begin() as conn:  # as if killed after Discord stored the message, before it was recorded
        conn.execute(
            update(t.outbox_deliveries).values(status="pending", sending_since=datetime.now().replace(microsecond=0))
        )
    engine.dispose()
    await serve(settings, once=True)
    assert len(discord_server.messages(channel)) == 1
    assert read_status(settings.database_url).backlog == 0
