"""The publisher outlives database errors and absurd retry delays, says so in status, and never posts twice."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from etstats.monitor import publisher, supervise
from etstats.monitor.outbox import MAX_BACKOFF, mark_failed
from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.status_queries import read_status
from tests.fakes.discord_server import FakeDiscord
from tests.monitor.helpers import R1, R2, drop, running, service_settings
from tests.waiting import until

_until = partial(until, timeout=20.0)


def _publisher_state(settings):  # type: ignore[no-untyped-def]
    return {task.task: task for task in read_status(settings.database_url).tasks}.get("publishing")


async def test_a_locked_database_while_recording_a_send_neither_stops_publishing_nor_posts_twice(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(supervise, "BACKOFF_INITIAL_SECONDS", 0.1)
    channel = discord_server.add_channel()
    settings = service_settings(
        tmp_path,
        sink="webhook",
        discord_webhook_url=discord_server.add_webhook(channel),
        discord_api_base=discord_server.base_url,
    )
    real_sent = publisher._sent
    locked = {"on": True}

    def flaky_sent(*args, **kwargs):  # type: ignore[no-untyped-def]
        if locked["on"]:
            raise OperationalError("UPDATE outbox_deliveries", {}, Exception("database is locked"))
        return real_sent(*args, **kwargs)

    monkeypatch.setattr(publisher, "_sent", flaky_sent)
    async with running(settings) as service:
        drop(corpus_dir, tmp_path / "gamestats", R1)
        await _until(lambda: len(discord_server.messages(channel)) == 1)
        await _until(lambda: getattr(_publisher_state(settings), "failing_since", None) is not None)
        state = _publisher_state(settings)
        assert "database is locked" in (state.last_error or "")
        await asyncio.sleep(0.5)
        locked["on"] = False
        drop(corpus_dir, tmp_path / "gamestats", R2)
        await _until(lambda: len(discord_server.messages(channel)) == 2)
        await _until(lambda: _publisher_state(settings).failing_since is None)
        assert not service.done()
    titles = [m["embeds"][0]["title"] for m in discord_server.messages(channel)]
    assert titles == ["Round 1 — erdenberg_t2", "Round 2 — erdenberg_t2"]
    assert read_status(settings.database_url).backlog == 0


def test_a_retry_delay_of_1e12_seconds_is_clamped(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'etstats.db'}")
    now = datetime(2025, 1, 1, 12, 0, 0)
    with engine.begin() as conn:
        conn.execute(
            t.outbox.insert().values(
                id=1,
                key="round1:x:y",
                kind="round1",
                source="x",
                map="m",
                round_id=None,
                round_files="[]",
                created_at=now,
                not_before=now,
            )  # fmt: skip
        )
        conn.execute(
            t.outbox_deliveries.insert().values(
                post_id=1, sink="webhook", status="pending", attempts=0, next_attempt_at=now
            )
        )
        delay = mark_failed(conn, 1, "webhook", "rate limited", now, 1e12)
        again = mark_failed(conn, 1, "webhook", "rate limited", now, float("inf"))
        nxt = conn.execute(select(t.outbox_deliveries.c.next_attempt_at)).scalar_one()
    assert delay == MAX_BACKOFF and again == MAX_BACKOFF
    assert nxt == now + MAX_BACKOFF
    assert MAX_BACKOFF <= timedelta(minutes=10)
    engine.dispose()
