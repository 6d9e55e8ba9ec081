"""The evening summary on its own: after a quiet time, once per evening, through every sink, across restarts."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import discord
from sqlalchemy import Engine, select

from etstats.bot.app import EtStatsBot
from etstats.monitor.db import Database
from etstats.monitor.evening import VOICE_QUIET, EveningWatch, due_evenings, evening_key, plan_evenings
from etstats.monitor.ingest import Fetched, PostPolicy, ingest
from etstats.publish.limits import validate_embeds
from etstats.store import schema as t
from etstats.store.database import open_database
from tests.fakes.discord_server import FakeDiscord
from tests.monitor.helpers import CORPUS_AGE_SECONDS, drop, posts, running, service_settings
from tests.publish.render.phone import assert_fits_phone

EVENING = "2025-10-14-"
EVENING_KEY = "evening:local:2025-10-14-212214"
POLICY = PostPolicy(post_window=timedelta(days=36500), r1_grace=timedelta(0))


def _evening(corpus_dir: Path) -> list[str]:
    return sorted(p.name for p in corpus_dir.iterdir() if p.name.startswith(EVENING))


def _imported(tmp_path: Path, corpus_dir: Path, *, post_window: timedelta = POLICY.post_window) -> Engine:
    engine = open_database(f"sqlite:///{tmp_path / 'etstats.db'}")
    files = [Fetched(n, (corpus_dir / n).read_bytes(), time.time()) for n in _evening(corpus_dir)]
    policy = PostPolicy(post_window=post_window, r1_grace=timedelta(0))
    ingest(engine, "local", files, ["jsonl"], policy, datetime.now(), time.time())
    return engine


def _evening_rows(engine: Engine) -> list[tuple[str, datetime]]:
    o = t.outbox.c
    with engine.connect() as conn:
        return [
            (row.key, row.not_before) for row in conn.execute(select(o.key, o.not_before).where(o.kind == "evening"))
        ]


def test_an_evening_is_due_only_after_the_quiet_time_and_only_once(tmp_path: Path, corpus_dir: Path) -> None:
    engine = _imported(tmp_path, corpus_dir)
    now = datetime.now()
    with engine.connect() as conn:
        assert due_evenings(conn, now, timedelta(hours=1)) == [], "the last round has just arrived"
        [due] = due_evenings(conn, now + timedelta(hours=1, seconds=1), timedelta(hours=1))
    assert evening_key(due.source, due.started_at) == EVENING_KEY
    assert due.maps == 12
    assert plan_evenings(engine, ["jsonl", "webhook"], now + timedelta(hours=2), timedelta(hours=1)) == 1
    assert plan_evenings(engine, ["jsonl", "webhook"], now + timedelta(hours=3), timedelta(hours=1)) == 0
    [(key, not_before)] = _evening_rows(engine)
    o = t.outbox.c
    with engine.connect() as conn:
        latest_round_post = conn.execute(
            select(o.not_before).where(o.kind != "evening").order_by(o.not_before.desc())
        ).scalar()
        sinks = conn.execute(select(t.outbox_deliveries.c.sink).order_by(t.outbox_deliveries.c.sink)).scalars().all()
    assert key == EVENING_KEY and not_before >= latest_round_post
    assert sinks.count("webhook") == 1, "the evening goes to every sink, once"


def test_an_evening_imported_silently_gets_no_summary(tmp_path: Path, corpus_dir: Path) -> None:
    engine = _imported(tmp_path, corpus_dir, post_window=timedelta(seconds=-1))
    assert plan_evenings(engine, ["jsonl"], datetime.now() + timedelta(days=1), timedelta(hours=1)) == 0


async def test_the_watch_posts_soon_after_the_voice_channel_emptied(tmp_path: Path, corpus_dir: Path) -> None:
    engine = _imported(tmp_path, corpus_dir)
    db = Database(engine)
    ready, now = asyncio.Event(), asyncio.Event()
    watch = EveningWatch(db, ["jsonl"], timedelta(hours=1), ready, now)
    soon = datetime.now() + VOICE_QUIET + timedelta(seconds=5)
    try:
        assert await watch.check(soon) == 0 and not ready.is_set(), "an hour has not passed"
        now.set()
        assert await watch.check() == 0, "the last map's Round 2 may still be on its way"
        assert not now.is_set()
        assert await watch.check(soon) == 1 and ready.is_set()
    finally:
        db.close()
    assert [key for key, _ in _evening_rows(engine)] == [EVENING_KEY]


async def test_the_bot_says_when_the_watched_voice_channel_empties(tmp_path: Path) -> None:
    emptied = asyncio.Event()
    bot = SimpleNamespace(settings=SimpleNamespace(voice_channel_id=42), voice_emptied=emptied)
    human, robot = SimpleNamespace(bot=False), SimpleNamespace(bot=True)
    voice = SimpleNamespace(id=42, members=[human])
    other = SimpleNamespace(id=7, members=[])
    leave = EtStatsBot.on_voice_state_update
    await leave(bot, human, SimpleNamespace(channel=voice), SimpleNamespace(channel=None))  # type: ignore[arg-type]
    assert not emptied.is_set(), "someone is still in the channel"
    await leave(bot, human, SimpleNamespace(channel=other), SimpleNamespace(channel=None))  # type: ignore[arg-type]
    assert not emptied.is_set(), "another channel does not count"
    voice.members = [robot]
    await leave(bot, human, SimpleNamespace(channel=voice), SimpleNamespace(channel=other))  # type: ignore[arg-type]
    assert emptied.is_set(), "only a bot is left"


def _summaries(server: FakeDiscord, channel: int) -> list[dict]:
    return [m for m in server.messages(channel) if m["embeds"][0]["title"].startswith("🎮 Game evening")]


async def test_the_summary_comes_once_through_webhook_and_bot_across_a_restart(
    tmp_path: Path, corpus_dir: Path, discord_server: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_server.add_channel()
    hook_channel = discord_server.add_channel("webhook-posts")
    settings = service_settings(
        tmp_path,
        sink="webhook,discord",
        discord_webhook_url=discord_server.add_webhook(hook_channel),
        discord_channel_id=channel,
        discord_api_base=discord_server.base_url,
        evening_summary_seconds=3.0,
        r1_grace_seconds=0.5,
    )
    evening = _evening(corpus_dir)
    for name in evening:
        drop(corpus_dir, tmp_path / "gamestats", name)
    async with running(settings, discord_client=discord_client):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60
        while loop.time() < deadline and not (
            _summaries(discord_server, channel) and _summaries(discord_server, hook_channel)
        ):
            await asyncio.sleep(0.2)
    async with running(settings, discord_client=discord_client):
        await asyncio.sleep(5.0)
    for where in (channel, hook_channel):
        messages = discord_server.messages(where)
        [summary] = _summaries(discord_server, where)
        assert messages[-1] is summary, "the summary comes after the last map"
        assert len(messages) == len(evening) + 1
        assert summary["embeds"][0]["description"].startswith("**12 maps** · 24 rounds")
        assert [a["filename"] for a in summary["attachments"]] == ["session.png"]
        assert validate_embeds(summary["embeds"]) == []
        assert_fits_phone(summary["embeds"])


def _start(tmp_path: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        ETSTATS_DATABASE_URL=f"sqlite:///{tmp_path / 'etstats.db'}",
        ETSTATS_WATCH_DIR=str(tmp_path / "gamestats"),
        ETSTATS_SINK=f"jsonl:{tmp_path / 'posts.jsonl'}",
        ETSTATS_R1_GRACE_SECONDS="0.5",
        ETSTATS_EVENING_SUMMARY_SECONDS="1",
        ETSTATS_POST_WINDOW=str(CORPUS_AGE_SECONDS),
    )
    log = (tmp_path / "service.log").open("ab")
    return subprocess.Popen([sys.executable, "-m", "etstats", "run"], cwd=tmp_path, env=env, stdout=log, stderr=log)


def test_sigkill_around_the_summary_neither_loses_nor_repeats_it(tmp_path: Path, corpus_dir: Path) -> None:
    folder = tmp_path / "gamestats"
    folder.mkdir()
    for name in _evening(corpus_dir):
        drop(corpus_dir, folder, name)
    chance = random.Random(20251014)
    for _ in range(5):
        service = _start(tmp_path)
        time.sleep(chance.uniform(1.0, 4.0))
        service.send_signal(signal.SIGKILL)
        service.wait()
    log = tmp_path / "service.log"
    started_before = log.read_text(errors="replace").count("monitor started")
    service = _start(tmp_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            EVENING_KEY not in {p["key"] for p in posts(tmp_path / "posts.jsonl")}
            or log.read_text(errors="replace").count("monitor started") == started_before
        ):
            time.sleep(0.2)
        time.sleep(2.0)
    finally:
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=20) == 0
    written = posts(tmp_path / "posts.jsonl")
    assert Counter(p["kind"] for p in written)["evening"] == 1
    assert written[-1]["key"] == EVENING_KEY
    assert len(written) == len(_evening(corpus_dir)) + 12 + 1
