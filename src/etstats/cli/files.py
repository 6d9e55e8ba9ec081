"""Finding round files on disk for ``etstats import``, in the order they were written."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from etstats.gamestats import GameStatsFormatError, parse_file_name


def collect(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Round files under the given paths sorted by their name timestamps, plus rejects.

    A folder contributes only round-file names (siblings are silently skipped); a file
    named explicitly but not a round file is a reject with the reason.
    """
    found: list[tuple[object, Path]] = []
    rejects: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for child in _walk(path):
                try:
                    info = parse_file_name(child.name)
                except GameStatsFormatError:
                    continue
                found.append(((info.written_at, info.round, info.name), child))
        elif path.is_file():
            try:
                info = parse_file_name(path.name)
            except GameStatsFormatError as exc:
                rejects.append((path, str(exc)))
                continue
            found.append(((info.written_at, info.round, info.name), path))
        else:
            rejects.append((path, f"{path}: no such file or folder"))
    found.sort(key=lambda item: item[0])  # type: ignore[arg-type,return-value]
    return [p for _, p in found], rejects


def _walk(folder: Path) -> Iterator[Path]:
    for child in sorted(folder.rglob("*.txt")):
        if child.is_file():
            yield child


def batches(items: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
