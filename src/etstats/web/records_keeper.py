"""The records as of the last build, so that after an import only the new rows are read."""

from __future__ import annotations

import threading

from sqlalchemy import Connection

from etstats.stats.records_board import RecordBoard, merge_boards
from etstats.store.record_queries import DataVersion, all_records, data_version


class RecordsKeeper:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: DataVersion | None = None
        self._boards: list[RecordBoard] = []

    def build(self, conn: Connection) -> list[RecordBoard]:
        """The records now: read in full the first time (or if the database shrank), else merged."""
        with self._lock:
            version = data_version(conn)
            kept = self._version
            if kept is None or version[0] < kept[0] or version[1] < kept[1]:
                self._boards = all_records(conn)
            elif version != kept:
                self._boards = merge_boards(self._boards, all_records(conn, since=kept))
            self._version = version
            return self._boards
