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
from etstats.gamestats import GameStatsFormatError, parse_file_name
from etstats.gamestats.limits import MAX_FILE_BYTES, MAX_PLAYERS, describe_size
from etstats.monitor.db import Database
from etstats.monitor.ingest import Fetched, IngestReport, PostPolicy, ingest
from etstats.sources.archive import ArchiveError, archive_file
from etstats.sources.base import FileEntry, Source, SourceError, SourceFatalError
from etstats.sources.stability import StabilityTracker
from etstats.stats.status_report import SourceState
from etstats.store import schema as t
from etstats.store import source_health as health
from etstats.store.importer import refuse_unread

log = logging.getLogger(__name__)

RETRY_FAILED_SECONDS = 5.0
ERROR_PAUSE_SECONDS = 2.0
FETCH_BATCH = 200
HEALTH_SECONDS = 1.0
INCOMPLETE_HOLD_SECONDS = 10.0
"""How long a file that stopped changing before it was complete (empty) may hold back later files."""
STALLED_RECHECK_SECONDS = 5.0
PLAYERLESS_TRUST_SECONDS = 5.0
"""A file with a header and no player lines is read again until its mtime is this old."""


def _order(name: str) -> tuple[datetime, int, str]:
    info = parse_file_name(name)
    return info.written_at, info.round, name


def known_files(engine: Engine, source: str) -> tuple[dict[str, int], dict[str, int]]:
    """Imported names and quarantined ones with their size: looked at again only if the size changes
    (an imported file that grew may have been cut, see ``store.completion``)."""
    f = t.files.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(f.name, f.status, f.size).where(f.source == source, f.status.in_(("imported", "quarantined")))
        ).all()
    imported = {r.name: r.size for r in rows if r.status == "imported"}
    return imported, {r.name: r.size for r in rows if r.status == "quarantined"}


def newest_imported(engine: Engine, source: str) -> str | None:
    """The newest round file of the source in the database, so status has it right after a restart."""
    c = t.rounds.c
    with engine.connect() as conn:
        return conn.execute(
            select(c.name).where(c.source == source).order_by(c.written_at.desc(), c.round.desc()).limit(1)
        ).scalar()


def _refuse(engine: Engine, source: str, name: str, size: int, reason: str) -> None:
    with engine.begin() as conn:
        refuse_unread(conn, source, name, size, reason)


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
        self.handled: dict[str, int] = {}
        self.playerless: set[str] = set()
        self.quarantined: dict[str, int] = {}
        self.failed: dict[str, tuple[int, float, float]] = {}
        self.notes: dict[str, str] = {}
        self.bad_names: dict[str, str] = {}
        self.stalled: frozenset[str] = frozenset()

    async def run(self, stop: asyncio.Event, *, once: bool = False) -> None:
        self.handled, self.quarantined = await self.db.run(known_files, self.db.engine, self.source.name)
        newest = await self.db.run(newest_imported, self.db.engine, self.source.name)
        self.state.last_file_seen = self.state.last_file_seen or newest
        self.state.last_round_imported = self.state.last_round_imported or newest
        try:
            await self.source.start()
        except SourceFatalError as exc:  # the source checks again by itself; the loop waits for it
            self._sync_health(error=str(exc))
            await self._save_health()
        reporter = asyncio.create_task(self._report_health(stop))
        try:
            first = True
            while not stop.is_set():
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
        timeout = min(self.rescan_seconds, STALLED_RECHECK_SECONDS) if self.stalled else self.rescan_seconds
        waiter = asyncio.create_task(self.source.wait_for_change(timeout))
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
                try:
                    await self._save_health()
                    saved = dataclasses.replace(self.state)
                except Exception:  # e.g. the database is locked: report again next time
                    log.exception("source %s: could not record its health", self.source.name)
            await asyncio.sleep(HEALTH_SECONDS)

    async def step(self) -> IngestReport | None:
        """One look at the folder; imports whatever is complete and next in time order."""
        try:
            listing = await self.source.list_files()
        except SourceError as exc:
            self._sync_health(error=str(exc))
            await self._save_health()
            await asyncio.sleep(ERROR_PAUSE_SECONDS)
            return None
        self.state.last_listing = local_now()
        self._sync_health()
        listing = self._drop_bad_names(listing)
        self.playerless &= {entry.name for entry in listing}
        await self._refuse_oversized(listing)
        ready = self._ready(listing)
        report = None
        for start in range(0, len(ready), FETCH_BATCH):
            report = await self._ingest(ready[start : start + FETCH_BATCH])
            if report is None:
                break
        self.source.pending = (set(self.tracker.pending) - self.stalled) | set(self.failed) | self.playerless
        await self._save_health()
        return report

    async def _refuse_oversized(self, listing: list[FileEntry]) -> None:
        """Quarantine files larger than any round from their listed size, without reading them."""
        for entry in listing:
            if entry.size <= MAX_FILE_BYTES or self.quarantined.get(entry.name) == entry.size:
                continue
            reason = (
                f"{entry.name}: file of {describe_size(entry.size)} is larger than any round file "
                f"(at most {describe_size(MAX_FILE_BYTES)}, a full server of {MAX_PLAYERS} players); not read"
            )
            await self.db.run(_refuse, self.db.engine, self.source.name, entry.name, entry.size, reason)
            self.quarantined[entry.name] = entry.size
            log.error("quarantined %s at once: %s", entry.name, reason)

    def _ready(self, listing: list[FileEntry]) -> list[FileEntry]:
        now = time.time()
        candidates = []
        for entry in listing:
            if entry.size <= self.handled.get(entry.name, -1) or self.quarantined.get(entry.name) == entry.size:
                continue
            if entry.size > MAX_FILE_BYTES:
                continue
            failed = self.failed.get(entry.name)
            if failed and failed[:2] == (entry.size, entry.mtime) and now - failed[2] < RETRY_FAILED_SECONDS:
                continue
            candidates.append(entry)
        ready = sorted(self.tracker.ready(candidates, now), key=lambda e: _order(e.name))
        self._note_stalled(self.tracker.stalled(now, INCOMPLETE_HOLD_SECONDS))
        pending = self.tracker.pending - self.stalled
        if pending:
            first_pending = min(_order(name) for name in pending)
            ready = [e for e in ready if _order(e.name) < first_pending]
        if ready:
            self.state.last_file_seen = ready[-1].name
        return ready

    def _drop_bad_names(self, listing: list[FileEntry]) -> list[FileEntry]:
        """Entries whose names parse; the others (e.g. month 13) are reported under attention, once."""
        good, bad = [], {}
        for entry in listing:
            try:
                parse_file_name(entry.name)
            except GameStatsFormatError as exc:
                bad[entry.name] = f"{exc}; not imported (the server wrote an impossible name)"
                continue
            good.append(entry)
        for name in bad.keys() - self.bad_names.keys():
            log.error("source %s: %s", self.source.name, bad[name])
        self.bad_names = bad
        self._refresh_attention()
        return good

    def _refresh_attention(self) -> None:
        self.state.attention = [text for _, text in sorted({**self.notes, **self.bad_names}.items())]

    def _note_stalled(self, stalled: dict[str, FileEntry]) -> None:
        """Let files that stopped short of complete stop holding the others, and say so."""
        for name in self.stalled - stalled.keys():
            self.notes.pop(name, None)
            log.info("source %s: %s is no longer incomplete", self.source.name, name)
        for name, entry in stalled.items():
            if name in self.stalled:
                continue
            what = "empty" if entry.size == 0 else f"{entry.size} bytes and unchanged"
            note = (
                f"{name}: {what} for {INCOMPLETE_HOLD_SECONDS:g}s; later files go ahead, it is imported if it completes"
            )
            self.notes[name] = note
            log.warning("source %s: %s", self.source.name, note)
        self.stalled = frozenset(stalled)
        self._refresh_attention()

    async def _ingest(self, entries: list[FileEntry]) -> IngestReport | None:
        fetched = []
        for entry in entries:
            try:
                data = await self.source.read(entry.name)
            except SourceError as exc:
                self._sync_health(error=str(exc))
                break
            if data.count(b"\n") <= 1 and time.time() - entry.mtime < PLAYERLESS_TRUST_SECONDS:
                self.playerless.add(entry.name)  # a writer may have paused after the header
                continue
            self.playerless.discard(entry.name)
            fetched.append(Fetched(entry.name, data, entry.mtime))
        if not fetched:
            return None
        now = local_now()
        report = await self.db.run(
            ingest, self.db.engine, self.source.name, fetched, self.sinks, self.policy, now, time.time(), self.combined
        )
        self._absorb(report, {e.name: e for e in entries})
        await self._archive(report, fetched)
        if report.posts or report.corrections:
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
                self.handled[item.name] = entries[item.name].size
                self.failed.pop(item.name, None)
                if item.status == "imported":
                    self.state.last_round_imported = item.name
        for name, error in report.quarantined:
            self.quarantined[name] = entries[name].size
            self.failed.pop(name, None)
            log.error("quarantined %s: %s", name, error)
        for name, error in report.retrying:
            entry = entries[name]
            if name in self.handled:  # grew after import, but not by appending: refused, not retried
                self.handled[name] = entry.size
                self.notes[name] = error
                self._refresh_attention()
                log.error("%s", error)
                continue
            self.failed[name] = (entry.size, entry.mtime, time.time())
            log.warning("will retry %s: %s", name, error)
        if report.silent:
            log.info("caught up %d older round(s) without posting", len(report.silent))
        if report.old_names:
            log.warning(
                "held back %d round(s) whose file names are older than the post window although their files are "
                "new (a copied or restored folder?); imported without posting",
                len(report.old_names),
            )

    def _sync_health(self, error: str | None = None) -> None:
        h = self.source.health
        self.state.connected = h.connected if error is None else False
        self.state.since = _local(h.since)
        self.state.last_error = error or h.last_error

    async def _save_health(self) -> None:
        await self.db.run(health.save, self.db.engine, self.state, local_now())
