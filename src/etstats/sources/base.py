"""The small interface every source satisfies, so the monitor does not care where files live."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One file as a listing shows it; size and mtime decide when it is complete."""

    name: str
    size: int
    mtime: float


@dataclass(slots=True)
class SourceHealth:
    """What ``etstats status`` and ``!monitor status`` show for a source.

    ``since`` is when ``connected`` last changed; ``fatal`` means the source stopped
    trying until an admin acts (``last_error`` says what to do); ``retry_at`` is when a
    disconnected source tries next.
    """

    connected: bool = False
    since: datetime | None = None
    last_listing: datetime | None = None
    last_error: str | None = None
    requests: int = 0
    bytes_received: int = 0
    fatal: bool = False
    retry_at: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def mark_up(self) -> None:
        """Record that the source works; ``since`` moves only on a change of state."""
        if not self.connected:
            self.connected = True
            self.since = datetime.now(UTC)
        self.last_error = None
        self.retry_at = None

    def mark_down(self, error: str) -> None:
        """Record why the source does not work; ``since`` keeps the time it stopped."""
        if self.connected or self.since is None:
            self.since = datetime.now(UTC)
        self.connected = False
        self.last_error = error


class SourceError(RuntimeError):
    """A source cannot be used right now (unreachable, refused); the monitor retries later."""


class SourceFatalError(SourceError):
    """A source must not be used until an admin acts (e.g. host key mismatch)."""


class Source(abc.ABC):
    """A folder of round files.

    ``wait_for_change`` is the cheap part the monitor calls in a loop; ``list_files``
    is the expensive part it calls only after a change (or on a periodic full rescan).

    ``pending`` is filled by the monitor with the names it has seen but that are not
    complete yet (see ``StabilityTracker``). While it is non-empty, ``wait_for_change``
    also returns True once per poll interval: a file appended to in place changes
    neither the directory mtime nor, once the writer stops, anything inotify reports,
    yet the monitor needs another look to see that it has become stable.

    The first ``wait_for_change`` after ``start`` (and after an SFTP reconnect) returns
    True at once, since nothing has been looked at yet.
    """

    name: str
    health: SourceHealth
    pending: set[str]

    @abc.abstractmethod
    async def start(self) -> None:
        """Begin watching/connecting. Must not raise for an unreachable server."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Release connections and watchers."""

    @abc.abstractmethod
    async def wait_for_change(self, timeout: float) -> bool:
        """Return True as soon as the folder may have changed, False after ``timeout``."""

    @abc.abstractmethod
    async def list_files(self) -> list[FileEntry]:
        """Every file named like a round file (siblings filtered out; dates are checked by the caller)."""

    @abc.abstractmethod
    async def read(self, name: str) -> bytes:
        """The file's whole content."""
