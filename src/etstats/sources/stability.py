"""Decide from successive listings when a file is complete enough to read.

A round file is written by the game server at the end of a round; reading it halfway
gives a truncated round. Neither inotify nor SFTP says "the writer is done", so a file
counts as complete once looks at least ``settle_seconds`` apart agree on its size and
mtime (SFTP mtimes have whole-second resolution, so closer looks prove little), or once its
mtime is old enough that no writer can still be busy with it. Empty files never count:
servers create the file before they write to it.
"""

from __future__ import annotations

from collections.abc import Iterable

from etstats.sources.base import FileEntry


class StabilityTracker:
    """Remembers the previous listing; pure logic, the caller supplies ``now``."""

    def __init__(self, min_age_seconds: float = 5.0, settle_seconds: float = 1.0) -> None:
        self._min_age = min_age_seconds
        self._settle = settle_seconds
        self._previous: dict[str, tuple[FileEntry, float]] = {}
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
        current: dict[str, tuple[FileEntry, float]] = {}
        for entry in listing:
            before = self._previous.get(entry.name)
            same = before is not None and (before[0].size, before[0].mtime) == (entry.size, entry.mtime)
            current[entry.name] = (entry, before[1] if same else now)  # type: ignore[index]
        ready = [entry for entry, since in current.values() if self._is_ready(entry, since, now)]
        ready_names = {entry.name for entry in ready}
        self._pending = frozenset(name for name in current if name not in ready_names)
        self._previous = current
        return ready

    def stalled(self, now: float, after: float) -> dict[str, FileEntry]:
        """Pending files unchanged for ``after`` seconds: a writer that stopped without finishing.

        In practice these are empty files (a non-empty unchanged file is ready); the
        caller stops letting them hold back later files but keeps looking at them.
        """
        return {
            name: entry
            for name, (entry, since) in self._previous.items()
            if name in self._pending and now - since >= after
        }

    def _is_ready(self, entry: FileEntry, since: float, now: float) -> bool:
        """Unchanged for ``settle_seconds`` across at least two looks, or old enough."""
        if entry.size <= 0:
            return False
        settled = since < now and now - since >= self._settle
        return settled or now - entry.mtime >= self._min_age
