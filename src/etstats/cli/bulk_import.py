"""``etstats import``: many round files into the database, in batches of one transaction each.

The benchmark (``benchmarks/import_speed.py``) times this very function, so what it
prints is what an admin importing years of files gets.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from etstats.cli.files import batches
from etstats.gamestats.limits import MAX_FILE_BYTES, describe_size
from etstats.monitor.corrections import enqueue_corrections, round2_post_keys, round_post_keys
from etstats.store.content import stored_forms
from etstats.store.database import refresh_planner_statistics
from etstats.store.importer import IncomingFile, import_batch

log = logging.getLogger(__name__)

IMPORT_BATCH = 2000
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
    """Import the files in the order given; ``advance`` hears how many files each batch took.

    With more than one batch and a second core, a helper process hashes and compresses
    the next batch while this one imports the current one.
    """
    summary = ImportSummary()
    chunks = list(batches(paths, IMPORT_BATCH))
    with _helper(len(chunks) > 1) as helper:
        upcoming: Callable[[], list[IncomingFile]] | None = None
        for number, chunk in enumerate(chunks, start=1):
            incoming = _read(chunk, summary) if upcoming is None else upcoming()
            upcoming = None
            if helper is not None and number < len(chunks):
                upcoming = _ahead(helper, _read(chunks[number], summary))
            _import_one(engine, source, incoming, summary)
            if number & (number - 1) == 0:
                refresh_planner_statistics(engine)
            if advance is not None:
                advance(len(chunk))
    return summary


def _import_one(engine: Engine, source: str, incoming: list[IncomingFile], summary: ImportSummary) -> None:
    with engine.begin() as conn:
        result = import_batch(conn, source, incoming)
        changed = round2_post_keys(conn, result.rederived_rounds)
        enqueue_corrections(conn, changed + round_post_keys(conn, result.completed_rounds))
    for item in result.files:
        if item.status == "imported":
            summary.imported += 1
        elif item.status == "duplicate":
            summary.duplicates += 1
        else:
            summary.fail(item.name, item.error or "not imported")
    summary.maps += len(result.new_matches)


@contextmanager
def _helper(wanted: bool) -> Iterator[Executor | None]:
    """A process of its own (spawned: this one may have threads), or None on one core or
    where processes cannot be made (the import then does that work itself)."""
    if not wanted or (os.cpu_count() or 1) < 2:
        yield None
        return
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ImportError, NotImplementedError) as exc:
        log.info("importing without a helper process (%s)", exc)
        yield None
        return
    with pool:
        yield pool


def _ahead(helper: Executor, files: list[IncomingFile]) -> Callable[[], list[IncomingFile]]:
    """The files with their stored form made by the helper; as they are if the helper failed."""
    try:
        future = helper.submit(stored_forms, [item.data for item in files])
    except BrokenExecutor:
        return lambda: files

    def done() -> list[IncomingFile]:
        try:
            forms = future.result()
        except (BrokenExecutor, OSError) as exc:
            log.warning("the import's helper process failed (%s); hashing here instead", exc)
            return files
        return [IncomingFile(item.name, item.data, form) for item, form in zip(files, forms, strict=True)]

    return done


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
