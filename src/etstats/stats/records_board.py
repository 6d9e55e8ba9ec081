"""The all-time records of the community: what counts as one, and the minimums that keep them fair."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

MAP_DPM_MIN_MINUTES = 10.0
"""A map's DPM counts as a record only over at least this many minutes of play (both rounds),
so a player who joined for the last minute cannot hold it."""

RECORDS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class RecordEntry:
    """One holder of a record: who, the value, and where (``match_id`` None for a lone round)."""

    value: float
    guid: str | None
    name: str | None
    map: str
    played_at: datetime
    match_id: int | None


@dataclass(frozen=True, slots=True)
class RecordBoard:
    """One record with its best holders, best first; ``unit`` says how the value reads."""

    key: str
    title: str
    unit: str
    entries: list[RecordEntry]
    lower_is_better: bool = False

    def merged(self, newer: RecordBoard, limit: int = RECORDS_SHOWN) -> RecordBoard:
        """This board with the holders found in newer rows; on equal values the earlier holds it."""
        sign = 1.0 if self.lower_is_better else -1.0
        entries = sorted(self.entries + newer.entries, key=lambda e: (sign * e.value, e.played_at))
        return RecordBoard(self.key, self.title, self.unit, entries[:limit], self.lower_is_better)


def merge_boards(older: list[RecordBoard], newer: list[RecordBoard]) -> list[RecordBoard]:
    """Records over older rows merged with those over newer rows, board by board (same keys)."""
    by_key = {board.key: board for board in newer}
    return [board.merged(by_key[board.key]) if board.key in by_key else board for board in older]
