"""Views built from the database, kept until the database changes.

An evening or a career takes tens of milliseconds to add up on years of play, the
records and leaderboards seconds, yet they only change when rounds are imported. Every
import adds a round (a late Round 1 too, which is when stored numbers are re-derived), so
the highest round and map ids tell cheaply, through their primary keys, whether anything
a page shows may have changed.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

from etstats.store.record_queries import data_version

T = TypeVar("T")
Build = Callable[[Connection], T]
log = logging.getLogger(__name__)


class ViewCache:
    """Views by key, each with the database version it was built from; the least recently used go first."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, tuple[Any, Any]] = OrderedDict()
        self._refreshing: set[Hashable] = set()

    def _lookup(self, key: Hashable) -> tuple[Any, Any] | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
            return entry

    def _store(self, key: Hashable, version: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = (version, value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def get(self, conn: Connection, key: Hashable, build: Build[T]) -> T:
        """The view as of the database now; built with ``conn`` when missing or out of date."""
        version = data_version(conn)
        entry = self._lookup(key)
        if entry is not None and entry[0] == version:
            kept: T = entry[1]
            return kept
        value = build(conn)
        self._store(key, version, value)
        return value

    def get_or_stale(self, engine: Engine, conn: Connection, key: Hashable, build: Build[T]) -> T:
        """Like :meth:`get`, but an out-of-date view is answered at once and rebuilt in the background.

        For views that take seconds on a large database (records, leaderboards) and may
        lag one import behind for the moment of their rebuild.
        """
        version = data_version(conn)
        entry = self._lookup(key)
        if entry is None:
            return self.get(conn, key, build)
        if entry[0] != version:
            with self._lock:
                start = key not in self._refreshing
                self._refreshing.add(key)
            if start:
                threading.Thread(target=self._rebuild, args=(engine, key, build), daemon=True).start()
        stale: T = entry[1]
        return stale

    def _rebuild(self, engine: Engine, key: Hashable, build: Build[Any]) -> None:
        try:
            with engine.connect() as conn:
                version = data_version(conn)
                self._store(key, version, build(conn))
        except Exception:
            log.exception("rebuilding the %r view failed; the previous one is still shown", key)
        finally:
            with self._lock:
                self._refreshing.discard(key)
