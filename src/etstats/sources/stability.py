"""Decide from successive listings when a file is complete enough to read.

A round file is written by the game server at the end of a round; reading it halfway
gives a truncated round. Neither inotify nor SFTP says "the writer is done", so a file
counts as complete once two consecutive looks agree on its size and mtime, or once its
mtime is old enough that no writer can still be busy with it. Empty files never count:
servers create the file before they write to it.
"""

from __future__ import annotations

from collections.abc import Iterable

from etstats.sources.base import FileEntry


class StabilityTracker:
    """Remembers the previous listing; pure logic, the caller supplies ``now``."""

    def __init__(self, min_age_seconds: float = 5.0) -> None:
        self._min_age = min_age_seconds
        self._previous: dict[str, FileEntry] = {}
        self._pending: frozenset[str] = frozenset()

    @property
    def pending(self) -> frozenset[str]:
        """Names seen in the last listing that were not ready yet."""
        return self._pending

    def ready(self, listing: Iterable[FileEntry], now: float) -> list[FileEntry]:
        """The entries of ``listing`` that look complete, in listing order.

        ``now`` is on the same clock as the entries' mtimes (epoch seconds); a file
        whose mtime is in the future (clock skew between hosts) is judged by the
        two-looks rule alone.
        """
        current = {entry.name: entry for entry in listing}
        ready = [entry for entry in current.values() if self._is_ready(entry, now)]
        ready_names = {entry.name for entry in ready}
        self._pending = frozenset(name for name in current if name not in ready_names)
        self._previous = current
        return ready

    def _is_ready(self, entry: FileEntry, now: float) -> bool:
        if entry.size <= 0:
            return False
        before = self._previous.get(entry.name)
        unchanged = before is not None and (before.size, before.mtime) == (entry.size, entry.mtime)
        return unchanged or now - entry.mtime >= self._min_age
