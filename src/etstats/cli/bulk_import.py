"""``etstats import``: many round files into the database, in batches of one transaction each.

The benchmark (``benchmarks/import_speed.py``) times this very function, so what it
prints is what an admin importing years of files gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from etstats.cli.files import batches
from etstats.gamestats.limits import MAX_FILE_BYTES, describe_size
from etstats.monitor.corrections import enqueue_corrections, round2_post_keys, round_post_keys
from etstats.store.database import refresh_planner_statistics
from etstats.store.importer import IncomingFile, import_batch

IMPORT_BATCH = 1000
"""Files per transaction: large enough that each batch's fixed queries cost little per
file, small enough that memory stays bounded (it grows with the batch, never with the import)."""


@dataclass(slots=True)
class ImportSummary:
    imported: int = 0
    duplicates: int = 0
    maps: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)

    def fail(self, file: str, error: str) -> None:
        self.failed.append({"file": file, "error": error})


def import_paths(
    engine: Engine, source: str, paths: list[Path], advance: Callable[[int], None] | None = None
) -> ImportSummary:
    """Import the files in the order given; ``advance`` hears how many files each batch took."""
    summary = ImportSummary()
    for number, chunk in enumerate(batches(paths, IMPORT_BATCH), start=1):
        incoming = _read(chunk, summary)
        with engine.begin() as conn:
            result = import_batch(conn, source, incoming)
            changed = round2_post_keys(conn, result.rederived_rounds)
            enqueue_corrections(conn, changed + round_post_keys(conn, result.completed_rounds))
        if number & (number - 1) == 0:
            refresh_planner_statistics(engine)
        for item in result.files:
            if item.status == "imported":
                summary.imported += 1
            elif item.status == "duplicate":
                summary.duplicates += 1
            else:
                summary.fail(item.name, item.error or "not imported")
        summary.maps += len(result.new_matches)
        if advance is not None:
            advance(len(chunk))
    return summary


def _read(chunk: list[Path], summary: ImportSummary) -> list[IncomingFile]:
    incoming = []
    for path in chunk:
        try:
            if (size := path.stat().st_size) > MAX_FILE_BYTES:
                too_big = f"larger than any round file ({describe_size(size)}); not read"
                summary.fail(str(path), f"{path}: {too_big}")
                continue
            incoming.append(IncomingFile(path.name, path.read_bytes()))
        except OSError as exc:
            summary.fail(str(path), f"{path}: cannot read ({exc.strerror})")
    return incoming
