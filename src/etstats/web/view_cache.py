"""Views built from the database, kept until the database changes.

An evening or a career takes tens of milliseconds to add up on years of play, yet it
only changes when rounds are imported. Every import adds a round (a late Round 1 too,
which is when stored numbers are re-derived), so the highest round and map ids tell
cheaply, through their primary keys, whether anything a page shows may have changed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Connection

from etstats.store.record_queries import data_version

T = TypeVar("T")


class ViewCache:
    def __init__(self, size: int = 128) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._version: tuple[Any, ...] | None = None
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, conn: Connection, key: Hashable, build: Callable[[], T]) -> T:
        """The view under ``key`` as of the database now; ``build`` makes it (with ``conn``) when missing."""
        version = data_version(conn)
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._version = version
            if key in self._items:
                self._items.move_to_end(key)
                found: T = self._items[key]
                return found
        value = build()
        with self._lock:
            if self._version == version:
                self._items[key] = value
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
        return value
