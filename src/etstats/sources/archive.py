"""Keep a verified copy of every fetched round file.

The archive is the evidence behind the database: if a parse rule changes, rounds are
re-imported from here, so a copy must never be half-written (temporary name, fsync,
rename) and must be proven to hold exactly the bytes that were fetched (re-read and
compare SHA-256). A copy, once made, is never overwritten with other content: the same
name with other bytes is reported, as the reliability model asks.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class ArchiveError(OSError):
    """The copy could not be made or does not hold the fetched bytes."""


class ArchiveConflictError(ArchiveError):
    """The archive already holds this name with other content; nothing was replaced."""


def archive_file(archive_dir: Path, source_name: str, name: str, data: bytes) -> Path:
    """Store ``data`` as ``archive_dir/source_name/name`` atomically and verify it.

    Archiving the same bytes again is a no-op that returns the existing path; bytes that
    continue the archived ones (a file completed after a cut read) replace them. A copy
    that reads back wrong is removed, so a retry starts clean.
    """
    for part in (source_name, name):
        if not part or part in (".", "..") or "/" in part or os.sep in part:
            raise ArchiveError(f"not a plain file or folder name: {part!r}")
    folder = Path(archive_dir) / source_name
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    expected = hashlib.sha256(data).hexdigest()
    if target.exists():
        found = _sha256_of(target)
        if found == expected:
            return target
        if not data.startswith(target.read_bytes()):  # a longer file that starts the same completes it
            raise ArchiveConflictError(
                f"{target} already holds other content (sha256 {found}, fetched {expected}); kept as is"
            )
    _write_atomically(folder, target, data)
    found = _sha256_of(target)
    if found != expected:
        target.unlink(missing_ok=True)
        raise ArchiveError(f"{target} reads back as sha256 {found}, expected {expected}")
    return target


def _write_atomically(folder: Path, target: Path, data: bytes) -> None:
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _fsync_directory(folder)


def _fsync_directory(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
