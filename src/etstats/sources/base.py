"""The small interface every source satisfies, so the monitor does not care where files live."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One file as a listing shows it; size and mtime decide when it is complete."""

    name: str
    size: int
    mtime: float


@dataclass(slots=True)
class SourceHealth:
    """What ``etstats status`` and ``!monitor status`` show for a source."""

    connected: bool = False
    since: datetime | None = None
    last_listing: datetime | None = None
    last_error: str | None = None
    requests: int = 0
    bytes_received: int = 0
    extra: dict[str, str] = field(default_factory=dict)


class SourceError(RuntimeError):
    """A source cannot be used right now (unreachable, refused); the monitor retries later."""


class SourceFatalError(SourceError):
    """A source must not be used until an admin acts (e.g. host key mismatch)."""


class Source(abc.ABC):
    """A folder of round files.

    ``wait_for_change`` is the cheap part the monitor calls in a loop; ``list_files``
    is the expensive part it calls only after a change (or on a periodic full rescan).
    """

    name: str
    health: SourceHealth

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
        """All round-file names in the folder (siblings filtered out)."""

    @abc.abstractmethod
    async def read(self, name: str) -> bytes:
        """The file's whole content."""
