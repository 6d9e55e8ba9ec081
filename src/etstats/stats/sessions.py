"""Game evenings: rounds grouped by a gap of more than 60 minutes between consecutive files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

SESSION_GAP = timedelta(minutes=60)

T = TypeVar("T")


def group_sessions(items: Sequence[T], when: Callable[[T], datetime], gap: timedelta = SESSION_GAP) -> list[list[T]]:
    """Split time-ordered items wherever two neighbours are more than ``gap`` apart.

    Works on full timestamps, so an evening that crosses midnight stays one session.
    """
    ordered = sorted(items, key=when)
    sessions: list[list[T]] = []
    last: datetime | None = None
    for item in ordered:
        moment = when(item)
        if last is None or moment - last > gap:
            sessions.append([])
        sessions[-1].append(item)
        last = moment
    return sessions
