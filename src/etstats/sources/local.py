"""A folder on this machine, watched with inotify (watchfiles) and rescanned as a safety net.

inotify reports a finished round within milliseconds, but it misses writes made by
another host on a network mount and dies with the folder if the folder is removed or
replaced. The periodic rescan and the folder check below cover those cases, so a
missing or recreated folder is a state shown in health, never a crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from watchfiles import awatch

from etstats.gamestats import is_round_file_name
from etstats.gamestats.names import looks_like_round_file_name
from etstats.sources.base import FileEntry, Source, SourceError, SourceHealth

logger = logging.getLogger(__name__)


class LocalFolderSource(Source):
    """Round files in a local folder.

    ``wait_for_change`` returns True when inotify reports a round file added, changed
    or removed, when the folder (re)appears, every ``poll_seconds`` while ``pending``
    is non-empty, and at least every ``rescan_seconds``.
    """

    def __init__(
        self,
        name: str,
        path: Path | str,
        rescan_seconds: float = 60.0,
        poll_seconds: float = 1.0,
        folder_check_seconds: float = 1.0,
    ) -> None:
        self.name = name
        self.path = Path(path)
        self.health = SourceHealth()
        self.pending: set[str] = set()
        self._rescan_seconds = rescan_seconds
        self._poll_seconds = poll_seconds
        self._folder_check_seconds = folder_check_seconds
        self._changed = asyncio.Event()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last_signal = 0.0

    async def start(self) -> None:
        self._stop.clear()
        self._changed.set()
        identity = self._check_folder()
        self._task = asyncio.create_task(self._watch(identity), name=f"watch {self.name}")

    async def close(self) -> None:
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def wait_for_change(self, timeout: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            now = loop.time()
            due = self._last_signal + (self._poll_seconds if self.pending else self._rescan_seconds)
            if self._changed.is_set() or now >= due:
                self._changed.clear()
                self._last_signal = now
                return True
            if now >= deadline:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(deadline, due) - now)

    async def list_files(self) -> list[FileEntry]:
        try:
            entries = await asyncio.to_thread(_scan, self.path)
        except OSError as exc:
            self._down(_describe(self.path, exc))
            raise SourceError(f"{self.name}: {self.health.last_error}") from exc
        self.health.requests += 1
        self.health.last_listing = datetime.now(UTC)
        return entries

    async def read(self, name: str) -> bytes:
        if not name or "/" in name or os.sep in name or name in (".", ".."):
            raise SourceError(f"{self.name}: not a plain file name: {name!r}")
        try:
            data = await asyncio.to_thread(_read_regular, self.path / name)
        except OSError as exc:
            raise SourceError(f"{self.name}: cannot read {name}: {exc.strerror or exc}") from exc
        self.health.requests += 1
        self.health.bytes_received += len(data)
        return data

    async def _watch(self, identity: tuple[int, int] | None) -> None:
        """Watch while the folder exists; wait for it to (re)appear otherwise.

        A folder that appears or is replaced may already hold files nobody reported,
        so its arrival is a change too.
        """
        while not self._stop.is_set():
            if identity is None or not await self._watch_folder(identity):
                await self._sleep(self._folder_check_seconds)
            identity = self._check_folder()
            if identity is not None:
                self._changed.set()

    async def _watch_folder(self, identity: tuple[int, int]) -> bool:
        """Signal round-file changes until the folder goes away or is replaced.

        Returns False if inotify itself failed (e.g. the watch limit is reached); the
        caller then signals once per folder check, which degrades to polling instead
        of going blind.
        """
        try:
            async for changes in awatch(
                self.path,
                watch_filter=None,
                recursive=False,
                stop_event=self._stop,
                rust_timeout=int(self._folder_check_seconds * 1000),
                yield_on_timeout=True,
            ):
                self.health.extra.pop("watcher", None)
                if any(is_round_file_name(os.path.basename(path)) for _, path in changes):
                    self._changed.set()
                if self._check_folder() != identity:
                    return True
        except Exception as exc:
            if self._check_folder() != identity:
                return True
            self.health.extra["watcher"] = f"inotify failed, polling instead: {exc}"
            logger.warning("%s: watching %s failed, polling instead: %s", self.name, self.path, exc)
            return False
        return True

    def _check_folder(self) -> tuple[int, int] | None:
        """The folder's (device, inode), recording in health whether it is usable."""
        try:
            info = os.stat(self.path)
        except OSError as exc:
            self._down(_describe(self.path, exc))
            return None
        if not stat.S_ISDIR(info.st_mode):
            self._down(f"{self.path} is not a folder")
            return None
        if not self.health.connected:
            logger.info("%s: watching folder %s", self.name, self.path)
        self.health.mark_up()
        return info.st_dev, info.st_ino

    def _down(self, error: str) -> None:
        if self.health.connected or self.health.last_error != error:
            logger.warning("%s: %s", self.name, error)
        self.health.mark_down(error)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)


def _scan(path: Path) -> list[FileEntry]:
    with os.scandir(path) as scan:
        entries = []
        for entry in scan:
            if looks_like_round_file_name(entry.name) and entry.is_file(follow_symlinks=False):
                info = entry.stat()
                entries.append(FileEntry(entry.name, info.st_size, info.st_mtime))
    return entries


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file right in the folder: a symlink (which could point anywhere,
    e.g. /etc/passwd) or a FIFO (which would block the read) is refused without being read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "not a regular file (a symbolic link); not read") from None
        raise
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file; not read")
        return handle.read()


def _describe(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"folder {path} does not exist; waiting for it to appear"
    return f"folder {path}: {exc.strerror or exc}"
