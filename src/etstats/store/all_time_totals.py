"""A process-wide cache of all-time totals per player, so ``!top`` does not re-add years of rows."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select

from etstats.stats.career import Totals
from etstats.store import schema as t
from etstats.store.player_queries import counted_rounds, player_totals


class AllTimeTotals:
    """All-time totals per player without adding up years of rows on every ``!top``.

    Rounds written before a cut-off (some weeks before the newest round) are summed once
    and kept; rounds from the cut-off on are summed on each call. Only imports change
    rows, and an import touches rows of the rounds it adds and of Round 2s after them,
    so the old part is still valid as long as no round older than the cut-off was added
    — which the count and the highest id of those rounds tell cheaply.
    """

    def __init__(self, tail: timedelta = timedelta(days=35), max_tail: timedelta = timedelta(days=120)) -> None:
        self._tail = tail
        self._max_tail = max_tail
        self._lock = threading.Lock()
        self._cut: datetime | None = None
        self._fingerprint: tuple[int, int | None] | None = None
        self._history: dict[int, Totals] = {}

    def _fingerprint_of(self, conn: Connection, cut: datetime) -> tuple[int, int | None]:
        r = t.rounds.c
        row = conn.execute(
            select(func.count().label("rounds"), func.max(r.id).label("highest")).where(r.written_at < cut)
        ).one()
        return int(row.rounds), row.highest

    def totals(self, conn: Connection, newest: datetime) -> dict[int, Totals]:
        with self._lock:
            cut = self._cut
            if cut is None or newest - cut > self._max_tail:
                cut = datetime(newest.year, newest.month, newest.day) - self._tail
            fingerprint = self._fingerprint_of(conn, cut)
            if cut != self._cut or fingerprint != self._fingerprint:
                before = counted_rounds().where(t.rounds.c.written_at < cut)
                self._history = player_totals(conn, before)
                self._cut, self._fingerprint = cut, fingerprint
            history = self._history
        recent = player_totals(conn, counted_rounds().where(t.rounds.c.written_at >= cut))
        merged = dict(history)
        for player_id, part in recent.items():
            merged[player_id] = merged[player_id] + part if player_id in merged else part
        return merged
