"""Guarding the SQLite file a running service owns: one service per file, and the file must stay.

Two services on one SQLite file each remember sent posts only in their own process and
post twice; several instances are what PostgreSQL is for. A database deleted or replaced
under a running service would make it write into a file nobody can open again, and a
restart would post every recent round anew, so the service stops instead.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sqlalchemy.engine import make_url


class DatabaseFileError(RuntimeError):
    """The SQLite file is missing, locked by another service, or went away while running."""


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.database.startswith("file:"):
        return None
    return Path(parsed.database).absolute()


def require_existing(url: str) -> None:
    """Refuse, before anything opens it, a SQLite file that does not exist (read-only commands)."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise DatabaseFileError(
            f"no database at {path}; `etstats run` or `etstats import` creates it (check ETSTATS_DATABASE_URL)"
        )


class SqliteFileGuard:
    """An exclusive lock on ``<database>.lock`` for the service's lifetime, and the file's identity."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")
        self._fd: int | None = None
        self._identity: tuple[int, int] | None = None

    def acquire(self) -> None:
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise DatabaseFileError(
                f"another etstats service (pid {holder}) is already running on the SQLite database "
                f"{self.path}; only one may run per SQLite file (several instances need PostgreSQL)"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def remember_identity(self) -> None:
        """Call once the database file exists (after migrations created it)."""
        info = os.stat(self.path)
        self._identity = (info.st_dev, info.st_ino)

    def problem(self) -> str | None:
        """Why the file is no longer the one the service opened, or None while it is."""
        if self._identity is None:
            return None
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return f"the database file {self.path} was deleted while the service was running"
        except OSError as exc:
            return f"the database file {self.path} cannot be checked: {exc.strerror or exc}"
        if (info.st_dev, info.st_ino) != self._identity:
            return f"the database file {self.path} was replaced by another file while the service was running"
        return None

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
