"""The records board, summed once per change of the database rather than once per visit.

Finding a record reads every stored row; rows change only when rounds are imported, which
the count and highest id of the rounds tell cheaply.
"""

from __future__ import annotations

import threading

from sqlalchemy import Connection

from etstats.stats.records_board import RecordBoard
from etstats.store.record_queries import all_records, records_fingerprint


class RecordsCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fingerprint: tuple[int, int | None] | None = None
        self._boards: list[RecordBoard] = []

    def boards(self, conn: Connection) -> list[RecordBoard]:
        with self._lock:
            fingerprint = records_fingerprint(conn)
            if fingerprint != self._fingerprint:
                self._boards = all_records(conn)
                self._fingerprint = fingerprint
            return self._boards
