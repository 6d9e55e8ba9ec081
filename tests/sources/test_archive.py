"""archive_file: atomic, verified, never silently replacing other content."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from etstats.sources import archive
from etstats.sources.archive import ArchiveConflictError, ArchiveError, archive_file

NAME = "2025-03-01-210000-supply-round-1.txt"
DATA = b"header\nplayer line\n"


def test_writes_verified_copy_without_leftovers(tmp_path: Path) -> None:
    path = archive_file(tmp_path, "main", NAME, DATA)
    assert path == tmp_path / "main" / NAME
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(DATA).digest()
    assert sorted(p.name for p in path.parent.iterdir()) == [NAME]


def test_same_bytes_again_is_a_no_op(tmp_path: Path) -> None:
    first = archive_file(tmp_path, "main", NAME, DATA)
    mtime = first.stat().st_mtime_ns
    assert archive_file(tmp_path, "main", NAME, DATA) == first
    assert first.stat().st_mtime_ns == mtime


def test_other_bytes_under_same_name_are_refused(tmp_path: Path) -> None:
    archive_file(tmp_path, "main", NAME, DATA)
    with pytest.raises(ArchiveConflictError, match="already holds other content"):
        archive_file(tmp_path, "main", NAME, b"other" + DATA)
    assert (tmp_path / "main" / NAME).read_bytes() == DATA


def test_bytes_that_continue_the_archived_ones_complete_the_copy(tmp_path: Path) -> None:
    archive_file(tmp_path, "main", NAME, DATA)
    archive_file(tmp_path, "main", NAME, DATA + b"more\n")
    assert (tmp_path / "main" / NAME).read_bytes() == DATA + b"more\n"


def test_mismatch_on_read_back_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = archive._write_atomically

    def corrupting_write(folder: Path, target: Path, data: bytes) -> None:
        real_write(folder, target, data[:-1] + b"X")

    monkeypatch.setattr(archive, "_write_atomically", corrupting_write)
    with pytest.raises(ArchiveError, match="reads back as sha256"):
        archive_file(tmp_path, "main", NAME, DATA)
    assert list((tmp_path / "main").iterdir()) == []


def test_failed_rename_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_replace(src: str, dst: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        archive_file(tmp_path, "main", NAME, DATA)
    assert list((tmp_path / "main").iterdir()) == []


@pytest.mark.parametrize(("source", "name"), [("main", "../escape.txt"), ("..", NAME), ("a/b", NAME), ("main", "")])
def test_refuses_names_that_are_paths(tmp_path: Path, source: str, name: str) -> None:
    with pytest.raises(ArchiveError, match="not a plain"):
        archive_file(tmp_path, source, name, DATA)
