"""One source's loop: notice files, wait until they are complete, ingest them in time order."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select

from etstats.clock import local_now
from etstats.gamestats import parse_file_name
from etstats.monitor.db import Database
from etstats.monitor.ingest import Fetched, IngestReport, PostPolicy, ingest
from etstats.sources.archive import ArchiveError, archive_file
from etstats.sources.base import FileEntry, Source, SourceError, SourceFatalError
from etstats.sources.stability import StabilityTracker
from etstats.stats.status_report import SourceState
from etstats.store import schema as t
from etstats.store import source_health as health

log = logging.getLogger(__name__)

RETRY_FAILED_SECONDS = 5.0
ERROR_PAUSE_SECONDS = 2.0
FETCH_BATCH = 200
HEALTH_SECONDS = 1.0


def _order(name: str) -> tuple[datetime, int, str]:
    info = parse_file_name(name)
    return info.written_at, info.round, name


def known_files(engine: Engine, source: str) -> tuple[set[str], dict[str, int]]:
    """Imported names (nothing more to do) and quarantined ones with their size (retried if it changes)."""
    f = t.files.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(f.name, f.status, f.size).where(f.source == source, f.status.in_(("imported", "quarantined")))
        ).all()
    imported = {r.name for r in rows if r.status == "imported"}
    return imported, {r.name: r.size for r in rows if r.status == "quarantined"}


def _local(moment: datetime | None) -> datetime | None:
    """Naive local time to the second, like every other time etstats stores."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


class SourceWatcher:
    def __init__(
        self,
        source: Source,
        kind: str,
        db: Database,
        sinks: Sequence[str],
        policy: PostPolicy,
        posts_ready: asyncio.Event,
        *,
        archive_dir: Path | None = None,
        combined: frozenset[str] = frozenset(),
        min_age_seconds: float = 3.0,
        settle_seconds: float = 1.0,
        rescan_seconds: float = 60.0,
    ) -> None:
        self.source = source
        self.db = db
        self.sinks = list(sinks)
        self.policy = policy
        self.posts_ready = posts_ready
        self.archive_dir = archive_dir
        self.combined = combined
        self.rescan_seconds = rescan_seconds
        self.tracker = StabilityTracker(min_age_seconds, settle_seconds)
        self.state = SourceState(source=source.name, kind=kind)
        self.handled: set[str] = set()
        self.quarantined: dict[str, int] = {}
        self.failed: dict[str, tuple[int, float, float]] = {}
        self.fatal: str | None = None

    async def run(self, stop: asyncio.Event, *, once: bool = False) -> None:
        self.handled, self.quarantined = await self.db.run(known_files, self.db.engine, self.source.name)
        try:
            await self.source.start()
        except SourceFatalError as exc:
            self.fatal = str(exc)
            log.error("source %s stopped: %s", self.source.name, exc)
            self._sync_health(error=str(exc))
            await self._save_health()
            return
        reporter = asyncio.create_task(self._report_health(stop))
        try:
            first = True
            while not stop.is_set() and self.fatal is None:
                if not first and not await self._wait(stop):
                    break
                first = False
                try:
                    await self.step()
                except Exception:  # the loop must outlive any bug in one step
                    log.exception("source %s: step failed; trying again", self.source.name)
                    await asyncio.sleep(ERROR_PAUSE_SECONDS)
                if once and not self.source.pending:
                    break
        finally:
            reporter.cancel()
            await self.source.close()
            await self._save_health()

    async def _wait(self, stop: asyncio.Event) -> bool:
        """Wait for a change in the folder (or the rescan time); False when the service stops.

        A source error raised while waiting is left for the next step to report.
        """
        waiter = asyncio.create_task(self.source.wait_for_change(self.rescan_seconds))
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
        for task in (waiter, stopper):
            task.cancel()
        if waiter.done() and not waiter.cancelled():
            waiter.exception()
        return not stop.is_set()

    async def _report_health(self, stop: asyncio.Event) -> None:
        """Connection state changes while the loop waits (e.g. a server going down), so poll it."""
        saved: SourceState | None = None
        while not stop.is_set():
            self._sync_health()
            if self.state != saved:
                await self._save_health()
                saved = dataclasses.replace(self.state)
            await asyncio.sleep(HEALTH_SECONDS)

    async def step(self) -> IngestReport | None:
        """One look at the folder; imports whatever is complete and next in time order."""
        try:
            listing = await self.source.list_files()
        except SourceFatalError as exc:
            self.fatal = str(exc)
            log.error("source %s stopped: %s", self.source.name, exc)
            self._sync_health(error=str(exc))
            await self._save_health()
            return None
        except SourceError as exc:
            self._sync_health(error=str(exc))
            await self._save_health()
            await asyncio.sleep(ERROR_PAUSE_SECONDS)
            return None
        self.state.last_listing = local_now()
        self._sync_health()
        ready = self._ready(listing)
        report = None
        for start in range(0, len(ready), FETCH_BATCH):
            report = await self._ingest(ready[start : start + FETCH_BATCH])
            if report is None:
                break
        self.source.pending = set(self.tracker.pending) | set(self.failed)
        await self._save_health()
        return report

    def _ready(self, listing: list[FileEntry]) -> list[FileEntry]:
        now = time.time()
        candidates = []
        for entry in listing:
            if entry.name in self.handled or self.quarantined.get(entry.name) == entry.size:
                continue
            failed = self.failed.get(entry.name)
            if failed and failed[:2] == (entry.size, entry.mtime) and now - failed[2] < RETRY_FAILED_SECONDS:
                continue
            candidates.append(entry)
        ready = sorted(self.tracker.ready(candidates, now), key=lambda e: _order(e.name))
        pending = self.tracker.pending
        if pending:
            first_pending = min(_order(name) for name in pending)
            ready = [e for e in ready if _order(e.name) < first_pending]
        if ready:
            self.state.last_file_seen = ready[-1].name
        return ready

    async def _ingest(self, entries: list[FileEntry]) -> IngestReport | None:
        fetched = []
        for entry in entries:
            try:
                data = await self.source.read(entry.name)
            except SourceError as exc:
                self._sync_health(error=str(exc))
                break
            fetched.append(Fetched(entry.name, data, entry.mtime))
        if not fetched:
            return None
        now = local_now()
        report = await self.db.run(
            ingest, self.db.engine, self.source.name, fetched, self.sinks, self.policy, now, time.time(), self.combined
        )
        self._absorb(report, {e.name: e for e in entries})
        await self._archive(report, fetched)
        if report.posts:
            self.posts_ready.set()
        return report

    async def _archive(self, report: IngestReport, fetched: list[Fetched]) -> None:
        """Keep a verified copy of what was imported (only then: a half-written read is no evidence)."""
        if self.archive_dir is None:
            return
        accepted = {item.name for item in report.batch.files if item.status in ("imported", "duplicate")}
        for item in fetched:
            if item.name not in accepted:
                continue
            try:
                await asyncio.to_thread(archive_file, self.archive_dir, self.source.name, item.name, item.data)
            except (ArchiveError, OSError) as exc:
                log.error("%s: %s", item.name, exc)

    def _absorb(self, report: IngestReport, entries: dict[str, FileEntry]) -> None:
        for item in report.batch.files:
            if item.status in ("imported", "duplicate"):
                self.handled.add(item.name)
                self.failed.pop(item.name, None)
                if item.status == "imported":
                    self.state.last_round_imported = item.name
        for name, error in report.quarantined:
            self.quarantined[name] = entries[name].size
            self.failed.pop(name, None)
            log.error("quarantined %s after repeated failures: %s", name, error)
        for name, error in report.retrying:
            entry = entries[name]
            self.failed[name] = (entry.size, entry.mtime, time.time())
            log.warning("will retry %s: %s", name, error)
        if report.silent:
            log.info("caught up %d older round(s) without posting", len(report.silent))

    def _sync_health(self, error: str | None = None) -> None:
        h = self.source.health
        self.state.connected = h.connected if error is None else False
        self.state.since = _local(h.since)
        self.state.last_error = error or h.last_error

    async def _save_health(self) -> None:
        await self.db.run(health.save, self.db.engine, self.state, local_now())
