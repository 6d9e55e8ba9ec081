"""The live message of one source: read the live file, post it when a round starts, edit it in
place, and turn it into a pointer once the round's file is imported.

This loop stands apart from the watcher and the outbox: it reads the live file through the
source (never through the round importer), keeps its state in memory, writes to the
database only when it posts a new message (so a restart finds that message again), and
reads the database on its own connection. A slow Discord or a bad live file therefore
never delays a round post.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from etstats.clock import local_now
from etstats.gamestats import GameStatsFormatError
from etstats.gamestats.live import MAX_LIVE_BYTES, LiveSnapshot, parse_live
from etstats.publish.post import SinkError
from etstats.publish.render.live import ended_text, live_embed, no_live_embed, pointer_text
from etstats.publish.sinks.live_messages import LiveMessages, MessageGone
from etstats.sources.base import FileEntry, Source, SourceError
from etstats.stats.last_round import LastRound
from etstats.stats.live import LiveView, live_view, other_map
from etstats.store.bot_state import load_value, save_value
from etstats.store.server_queries import last_round

log = logging.getLogger(__name__)

Embed = dict[str, Any]


@dataclass(slots=True)
class LiveRecord:
    """The message a sink shows for one round; ``posted_at`` is local time, like ``imported_at``."""

    message_id: str
    round_key: str
    map: str
    round: int
    posted_at: str
    pointed: bool = False


class LiveBoard:
    """One source's live message on each live sink, refreshed every ``refresh_seconds``."""

    def __init__(
        self,
        source: Source,
        engine: Engine,
        messengers: Sequence[LiveMessages],
        refresh_seconds: float,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.source = source
        self.engine = engine
        self.messengers = list(messengers)
        self.refresh_seconds = refresh_seconds
        self.clock = clock
        self.snapshot: LiveSnapshot | None = None
        self.problem: str | None = None
        self._seen: FileEntry | None = None
        self._records: dict[str, LiveRecord | None] | None = None
        self._shown: dict[str, str] = {}
        self._logged: str | None = None
        self._failing: dict[str, str] = {}

    def current(self) -> tuple[str, LiveSnapshot, LiveView] | None:
        """This source's name, its newest good snapshot and the view of it now (the web site's feed)."""
        if self.snapshot is None:
            return None
        return self.source.name, self.snapshot, live_view(self.snapshot, self.clock(), problem=self.problem)

    def embed(self) -> Embed:
        """The view ``!live`` shows: the same the live message carries right now."""
        current = self.current()
        if current is None:
            return no_live_embed(self.source.name)
        return live_embed(current[2], self.refresh_seconds)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:  # the loop must outlive any bug in one look
                log.exception("%s: updating the live message failed", self.source.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.refresh_seconds)

    async def tick(self) -> None:
        """One look at the live file, then one post or edit per sink where something changed."""
        await self.look()
        if self._records is None:
            self._records = await asyncio.to_thread(self._load_records)
        latest = await asyncio.to_thread(self._last_round)
        if self.snapshot is not None and self.problem is None:
            mismatch = other_map(self.snapshot, latest.map if latest else None, latest.round if latest else None)
            if mismatch is not None:
                self._note(f"ignored: {mismatch}")
        for messenger in self.messengers:
            try:
                await self._update(messenger, latest)
            except SinkError as exc:
                if self._failing.get(messenger.name) != str(exc):
                    log.warning("%s: live message on %s: %s", self.source.name, messenger.name, exc)
                self._failing[messenger.name] = str(exc)
            else:
                self._failing.pop(messenger.name, None)

    async def look(self) -> None:
        """Read the newest live file if it changed; a bad one keeps the last good view, marked stale."""
        try:
            entries = await self.source.list_live_files()
        except SourceError as exc:
            self._note(f"cannot look for live files: {exc}")
            return
        if not entries:
            return
        newest = max(entries, key=lambda e: (e.mtime, e.name))
        if newest == self._seen:
            return
        self._seen = newest
        if newest.size > MAX_LIVE_BYTES:
            self._note(f"{newest.name}: live file too large ({newest.size} bytes), ignored")
            return
        try:
            snapshot = parse_live(await self.source.read(newest.name), newest.name)
        except (GameStatsFormatError, SourceError) as exc:
            self._note(f"ignored: {exc}")
            return
        self.snapshot, self.problem = snapshot, None
        self._logged = None

    def _note(self, problem: str) -> None:
        self.problem = problem
        if problem != self._logged:
            log.warning("%s: live data %s", self.source.name, problem)
            self._logged = problem

    async def _update(self, messenger: LiveMessages, latest: LastRound | None) -> None:
        assert self._records is not None
        record = self._records.get(messenger.name)
        if record is not None and not record.pointed and _round_file_in(record, latest):
            await messenger.edit(record.message_id, pointer_text(record.map, record.round), [])
            record.pointed = True
            await asyncio.to_thread(self._save_record, messenger.name, record)
            return
        snapshot = self.snapshot
        if snapshot is None:
            return
        view = live_view(snapshot, self.clock(), problem=self.problem)
        if record is None or record.round_key != snapshot.round_key:
            if view.stale is None and view.state == "playing":
                if record is not None and not record.pointed:
                    with contextlib.suppress(MessageGone):
                        await messenger.edit(record.message_id, ended_text(record.map, record.round), [])
                await self._post(messenger, snapshot)
            return
        if record.pointed:
            return
        embed = live_embed(view, self.refresh_seconds)
        shown = json.dumps(embed, sort_keys=True)
        if self._shown.get(messenger.name) == shown:
            return
        try:
            await messenger.edit(record.message_id, None, [embed])
        except MessageGone:
            log.info("%s: live message on %s was deleted; posting a new one", self.source.name, messenger.name)
            await self._post(messenger, snapshot)
            return
        self._shown[messenger.name] = shown

    async def _post(self, messenger: LiveMessages, snapshot: LiveSnapshot) -> None:
        embed = live_embed(live_view(snapshot, self.clock(), problem=self.problem), self.refresh_seconds)
        message_id = await messenger.post(None, [embed])
        record = LiveRecord(message_id, snapshot.round_key, snapshot.map, snapshot.round, local_now().isoformat())
        assert self._records is not None
        self._records[messenger.name] = record
        self._shown[messenger.name] = json.dumps(embed, sort_keys=True)
        await asyncio.to_thread(self._save_record, messenger.name, record)

    def _key(self, sink: str) -> str:
        return f"live_message:{self.source.name}:{sink}"

    def _load_records(self) -> dict[str, LiveRecord | None]:
        records: dict[str, LiveRecord | None] = {}
        with self.engine.connect() as conn:
            for messenger in self.messengers:
                value = load_value(conn, self._key(messenger.name))
                records[messenger.name] = LiveRecord(**json.loads(value)) if value else None
        return records

    def _save_record(self, sink: str, record: LiveRecord) -> None:
        with self.engine.begin() as conn:
            save_value(conn, self._key(sink), json.dumps(asdict(record)), local_now())

    def _last_round(self) -> LastRound | None:
        with self.engine.connect() as conn:
            return last_round(conn, self.source.name)


def _round_file_in(record: LiveRecord, latest: LastRound | None) -> bool:
    """The round the message shows has its file imported (after the message was posted)."""
    if latest is None or latest.imported_at is None:
        return False
    posted = datetime.fromisoformat(record.posted_at)
    return latest.map == record.map and latest.round == record.round and latest.imported_at >= posted
