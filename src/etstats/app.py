"""``etstats run``: wire settings, sources, the database, sinks and the bot into the service.

The composition root: the one module that names every part, so the parts need not name each other.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import timedelta

import discord
from sqlalchemy import Engine

from etstats.bot.app import EtStatsBot
from etstats.config import Settings, SettingsError, SourceSettings, parse_bind
from etstats.monitor import heartbeat
from etstats.monitor.db import Database
from etstats.monitor.evening import EveningWatch
from etstats.monitor.ingest import PostPolicy
from etstats.monitor.leases import Leases
from etstats.monitor.live import LiveBoard
from etstats.monitor.loop import Monitor
from etstats.monitor.publisher import Publisher
from etstats.monitor.supervise import TaskHealth, supervise
from etstats.monitor.watcher import SourceWatcher
from etstats.publish.post import Sink
from etstats.publish.sinks import build_sinks
from etstats.publish.sinks.discord_api import follow_api_gateway, set_api_base
from etstats.publish.sinks.live_messages import build_live_messages
from etstats.sources.base import Source
from etstats.sources.local import LocalFolderSource
from etstats.sources.sftp import SftpSource
from etstats.sources.sftp_settings import SftpSettings
from etstats.store.database import open_database
from etstats.store.sqlite_file import DatabaseFileError, SqliteFileGuard, sqlite_path

log = logging.getLogger(__name__)

DATABASE_CHECK_SECONDS = 1.0
LOCAL_PENDING_POLL_SECONDS = 0.1
LOCAL_SETTLE_SECONDS = 0.2  # local mtimes have nanoseconds and the game writes a file at once
SFTP_SETTLE_SECONDS = 0.5  # a size unchanged for half a second; the parser rejects cut lines
GATEWAY_RETRY_SECONDS = 30.0


def build_source(spec: SourceSettings, settings: Settings) -> Source:
    if spec.kind == "local":
        return LocalFolderSource(spec.name, spec.path, rescan_seconds=60.0, poll_seconds=LOCAL_PENDING_POLL_SECONDS)
    assert spec.ssh_host and spec.ssh_user and spec.ssh_key
    login = SftpSettings(
        host=spec.ssh_host,
        port=spec.ssh_port,
        user=spec.ssh_user,
        key_path=spec.ssh_key.expanduser(),
        key_passphrase=spec.ssh_key_passphrase,
        known_hosts=spec.ssh_known_hosts.expanduser(),
        remote_path=spec.remote_path,
        trust_on_first_use=spec.ssh_trust_on_first_use,
        poll_seconds=settings.poll_seconds,
        watch_program="inotifywait" if spec.ssh_inotifywait else None,
    )
    return SftpSource(spec.name, login)


def make_sinks(settings: Settings, discord_client: discord.Client | None = None) -> list[Sink]:
    try:
        return build_sinks(
            settings.sink,
            webhook_url=settings.discord_webhook_url,
            api_base=settings.discord_api_base,
            discord_client=discord_client,
            channel_id=settings.discord_channel_id,
            bot_token=settings.discord_token,
        )
    except ValueError as exc:
        raise SettingsError(f"setting {exc}") from None


async def _start_bot(
    settings: Settings,
    engine: Engine,
    monitor: Monitor,
    leases: Leases | None,
    stop: asyncio.Event,
    evening_now: asyncio.Event,
    live: list[LiveBoard],
) -> tuple[discord.Client, asyncio.Task[None] | None] | None:
    """Log the bot in (so the channel sink can post from any instance) and, in the background,
    connect to the gateway; with several instances only while this one holds the ``bot``
    lease: two gateway sessions of one token would answer every command twice.
    """
    bot = EtStatsBot(settings, engine, monitor, voice_emptied=evening_now, live_boards=live)
    try:
        await bot.login(settings.discord_token or "")
    except (discord.LoginFailure, discord.HTTPException) as exc:
        log.error("Discord login failed (%s); running without the bot — check ETSTATS_DISCORD_TOKEN", exc)
        await bot.close()
        return None
    if not await follow_api_gateway(bot.http):
        log.error(
            "the Discord API at %s names no gateway (GET /gateway/bot); the bot posts but answers no commands",
            settings.discord_api_base,
        )
        return bot, None
    session = _gateway(bot, stop) if leases is None else leases.run("bot", lambda lost: _gateway(bot, lost), stop)
    gateway = asyncio.create_task(session, name="discord gateway")
    return bot, gateway


async def _gateway(bot: discord.Client, lost: asyncio.Event) -> None:
    """Gateway sessions until the lease is lost or the service stops; a session that dies is logged and retried."""
    while not lost.is_set():
        session = asyncio.create_task(bot.connect(reconnect=True))
        ending = asyncio.create_task(lost.wait())
        await asyncio.wait({session, ending}, return_when=asyncio.FIRST_COMPLETED)
        ending.cancel()
        if not session.done():
            session.cancel()
            await asyncio.gather(session, return_exceptions=True)
            if bot.ws is not None:
                await bot.ws.close(code=1000)
            return
        problem = session.exception() if not session.cancelled() else None
        log.error("Discord gateway session ended (%r); connecting again in %.0f s", problem, GATEWAY_RETRY_SECONDS)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(lost.wait(), GATEWAY_RETRY_SECONDS)


def _watchers(
    settings: Settings,
    db: Database,
    sinks: list[Sink],
    policy: PostPolicy,
    posts_ready: asyncio.Event,
    *,
    once: bool,
) -> list[SourceWatcher]:
    combined = frozenset(s.name for s in sinks if s.combines_round2)
    watchers = []
    for spec in settings.resolved_sources():
        watchers.append(
            SourceWatcher(
                build_source(spec, settings),
                spec.kind,
                db,
                [s.name for s in sinks],
                policy,
                posts_ready,
                archive_dir=settings.archive_dir if spec.kind == "sftp" else None,
                combined=combined,
                min_age_seconds=0.0 if once else 3.0,
                settle_seconds=LOCAL_SETTLE_SECONDS if spec.kind == "local" else SFTP_SETTLE_SECONDS,
            )  # fmt: skip
        )
        where = spec.path if spec.kind == "local" else f"{spec.ssh_user}@{spec.ssh_host}:{spec.remote_path}"
        log.info("watching %s (%s) at %s", spec.name, spec.kind, where)
    return watchers


async def _live(board: LiveBoard, leases: Leases | None, stop: asyncio.Event) -> None:
    """A source's live message; with several instances only where the source's live lease is held,
    so two instances never post or edit the same live message."""
    if leases is None:
        await board.run(stop)
    else:
        await leases.run(f"live:{board.source.name}", board.run, stop)


async def _serve_site(settings: Settings, engine: Engine, stop: asyncio.Event, live: list[LiveBoard]) -> None:
    """The web site beside the service when ETSTATS_WEB_BIND is set; it shows the live boards' matches."""
    try:
        from etstats.web.live_boards import BoardsFeed
        from etstats.web.server import serve_site
    except ImportError as exc:
        log.error("ETSTATS_WEB_BIND is set but the web extra is missing (pip install 'etstats[web]'): %s", exc)
        return
    host, port = parse_bind(settings.web_bind or "")
    await serve_site(engine, host, port, stop, live=BoardsFeed(live))


async def serve(
    settings: Settings,
    *,
    once: bool = False,
    stop: asyncio.Event | None = None,
    discord_client: discord.Client | None = None,
) -> None:
    """Run watchers, the publisher and (with a token) the bot until ``stop`` is set.

    With ``once``, import what is there, send the posts and return. ``discord_client``
    is an already logged-in client to post through instead of starting the bot.
    """
    set_api_base(settings.discord_api_base)
    stop = stop or asyncio.Event()
    path = sqlite_path(settings.database_url)
    guard = SqliteFileGuard(path) if path is not None else None
    if guard is not None:
        guard.acquire()
    try:
        engine = await asyncio.to_thread(open_database, settings.database_url)
        if guard is not None:
            guard.remember_identity()
        await _serve(settings, engine, stop, once=once, discord_client=discord_client, guard=guard)
    finally:
        if guard is not None:
            guard.release()


async def _watch_database_file(guard: SqliteFileGuard, stop: asyncio.Event, gone: list[str]) -> None:
    """Stop the service, loudly, once its SQLite file was deleted or replaced."""
    while not stop.is_set():
        problem = guard.problem()
        if problem is not None:
            log.critical("%s; stopping the service (restore the file or start afresh deliberately)", problem)
            gone.append(problem)
            stop.set()
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), DATABASE_CHECK_SECONDS)


def _background(
    settings: Settings,
    publisher: Publisher,
    task_health: TaskHealth,
    guard: SqliteFileGuard | None,
    stop: asyncio.Event,
    gone: list[str],
) -> list[asyncio.Task[None]]:
    """The publisher (supervised), the SQLite file watch and the heartbeat, until ``stop``."""
    tasks = [asyncio.create_task(supervise(Publisher.TASK, lambda: publisher.run(stop), stop, task_health))]
    if guard is not None:
        tasks.append(asyncio.create_task(_watch_database_file(guard, stop, gone)))
    if settings.heartbeat_file is not None:
        tasks.append(asyncio.create_task(heartbeat.beat(settings.heartbeat_file, stop), name="heartbeat"))
    return tasks


def _evening_watch(
    settings: Settings,
    db: Database,
    sinks: list[str],
    posts_ready: asyncio.Event,
    voice_emptied: asyncio.Event,
    stop: asyncio.Event,
) -> list[asyncio.Task[None]]:
    """The task that posts the evening summary once an evening is over; none when it is turned off."""
    if settings.evening_summary_seconds <= 0:
        return []
    quiet = timedelta(seconds=settings.evening_summary_seconds)
    evenings = EveningWatch(db, sinks, quiet, posts_ready, voice_emptied)
    return [asyncio.create_task(evenings.run(stop), name="evening summary")]


async def _serve(
    settings: Settings,
    engine: Engine,
    stop: asyncio.Event,
    *,
    once: bool,
    discord_client: discord.Client | None,
    guard: SqliteFileGuard | None,
) -> None:
    db = Database(engine)
    posts_ready = asyncio.Event()
    policy = PostPolicy(
        post_window=timedelta(seconds=settings.post_window),
        r1_grace=timedelta(0) if once else timedelta(seconds=settings.r1_grace_seconds),
    )
    task_health = TaskHealth(db)
    leases = None if once or engine.dialect.name == "sqlite" else Leases(engine, settings.lease_seconds)
    monitor = Monitor(task_health, leases)
    evening_now = asyncio.Event()
    live: list[LiveBoard] = []
    bot = gateway = None
    if discord_client is None and settings.discord_token and not once:
        started = await _start_bot(settings, engine, monitor, leases, stop, evening_now, live)
        if started is not None:
            bot, gateway = started
            discord_client = bot
    sinks = make_sinks(settings, discord_client)
    monitor.watchers = _watchers(settings, db, sinks, policy, posts_ready, once=once)
    messengers = build_live_messages(
        settings.sink,
        webhook_url=settings.discord_webhook_url,
        api_base=settings.discord_api_base,
        client=discord_client,
        channel_id=settings.discord_channel_id,
    )
    live += [LiveBoard(w.source, engine, messengers, settings.live_seconds) for w in monitor.watchers]
    log.info("database %s; posting to %s", engine.url.render_as_string(), ", ".join(s.name for s in sinks))
    if not settings.discord_token:
        log.info("no ETSTATS_DISCORD_TOKEN: running without the Discord bot")
    holder = None if leases is None else leases.holder
    publisher = Publisher(
        db, sinks, posts_ready, milestones=settings.milestones, task_health=task_health, holder=holder
    )
    site = None if once or not settings.web_bind else asyncio.create_task(_serve_site(settings, engine, stop, live))
    try:
        if once:
            await monitor.run_once()
            for sink in sinks:
                await publisher.drain(sink)
            return
        gone: list[str] = []
        await monitor.start()
        chores = _background(settings, publisher, task_health, guard, stop, gone)
        chores += _evening_watch(settings, db, [s.name for s in sinks], posts_ready, evening_now, stop)
        chores += [asyncio.create_task(_live(board, leases, stop), name=f"live {board.source.name}") for board in live]
        await stop.wait()
        await monitor.stop()
        await asyncio.gather(*chores, return_exceptions=True)
        if gone:
            raise DatabaseFileError(gone[0])
    finally:
        await _shut_down(stop, site, sinks, gateway, bot)
        db.close()


async def _shut_down(
    stop: asyncio.Event,
    site: asyncio.Task[None] | None,
    sinks: list[Sink],
    gateway: asyncio.Task[None] | None,
    bot: discord.Client | None,
) -> None:
    """The web site, the sinks, the gateway session and the bot, in that order."""
    if site is not None:
        stop.set()
        await asyncio.gather(site, return_exceptions=True)
    for sink in sinks:
        await sink.close()
    if gateway is not None:
        stop.set()
        await asyncio.gather(gateway, return_exceptions=True)
    if bot is not None:
        await bot.close()


def run_service(settings: Settings, *, once: bool = False) -> int:
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(settings, once=once, stop=stop)

    asyncio.run(main())
    return 0
