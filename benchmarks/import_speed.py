"""How fast round files parse and import, and whether import memory stays flat in the file count.

The real corpus is replicated with shifted dates: every evening (rounds less than an
hour apart) keeps its relative times and moves to a day of its own, so names stay
unique and in order and R1/R2 pairs still pair. Then:

* parse only: ``parse_round`` over all files held in memory, one core; files/s by the
  wall clock and by this process's CPU time (the honest figure on a shared machine);
* import: end to end from disk into a fresh SQLite file, and into a fresh PostgreSQL
  database (a throw-away cluster from Debian's binaries, or ``--postgresql URL``), through
  the loop ``etstats import`` runs (``IMPORT_BATCH`` files per transaction);
* memory: a second SQLite import with tracemalloc, its peak so far after every 5,000
  files: flat when memory does not grow with the number of files.

Usage: ``python benchmarks/import_speed.py [--files N] [--corpus DIR] [--postgresql URL | --no-postgresql]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

from etstats.cli.bulk_import import IMPORT_BATCH, import_paths
from etstats.gamestats import is_round_file_name, parse_file_name, parse_round
from etstats.stats.sessions import group_sessions
from etstats.store.database import open_database

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pg_server import PostgresServer, server_bin  # noqa: E402

PARSE_TARGET = 10_000
IMPORT_TARGET = 2_000
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "gamestats"


def load_corpus(folder: Path) -> list[tuple[datetime, str, bytes]]:
    """(written_at, name without timestamp, bytes) of every round file in the folder."""
    result = []
    for path in sorted(folder.iterdir()):
        if not is_round_file_name(path.name):
            continue
        info = parse_file_name(path.name)
        result.append((info.written_at, path.name[len("YYYY-MM-DD-HHMMSS") :], path.read_bytes()))
    return result


def distinct_copy(data: bytes, tag: int) -> bytes:
    """The copy with its own bytes (the server name carries ``tag``): the same content under
    another name would be imported as a duplicate, not as a new round."""
    return f"[{tag}]".encode() + data


def replicate(corpus: list[tuple[datetime, str, bytes]], count: int) -> list[tuple[str, bytes]]:
    """``count`` (name, bytes) in name order: evenings copied onto consecutive days, times kept."""
    evenings = group_sessions(corpus, lambda item: item[0])
    start_day = datetime(2030, 1, 1)
    files: list[tuple[str, bytes]] = []
    day = 0
    while len(files) < count:
        for evening in evenings:
            first = evening[0][0]
            shift = start_day + timedelta(days=day) - datetime(first.year, first.month, first.day)
            for written_at, rest, data in evening:
                files.append(((written_at + shift).strftime("%Y-%m-%d-%H%M%S") + rest, distinct_copy(data, day)))
                if len(files) == count:
                    break
            day += 1
            if len(files) == count:
                break
    names = [name for name, _ in files]
    assert len(set(names)) == len(names), "shifted names collide"
    assert names == sorted(names), "shifted names are out of order"
    return files


def write_files(files: list[tuple[str, bytes]], folder: Path) -> list[Path]:
    paths = []
    for name, data in files:
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def parse_speed(files: list[tuple[str, bytes]]) -> tuple[float, float]:
    """Files/s by the wall clock and by CPU time."""
    started, cpu = time.perf_counter(), time.process_time()
    for name, data in files:
        parse_round(data, name)
    return len(files) / (time.perf_counter() - started), len(files) / (time.process_time() - cpu)


def import_all(paths: list[Path], url: str, after_batch: Callable[[int], None] | None = None) -> tuple[float, int, int]:
    """Files/s from disk into a fresh database through ``etstats import``'s own loop, files that
    did not import, and maps paired. Closing the database (SQLite's last checkpoint) is timed too."""
    engine = open_database(url)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if after_batch is not None:
            after_batch(done)

    started = time.perf_counter()
    summary = import_paths(engine, "bench", paths, advance)
    engine.dispose()
    elapsed = time.perf_counter() - started
    return len(paths) / elapsed, len(summary.failed), summary.maps


def import_memory(paths: list[Path], database: Path, every: int) -> list[tuple[int, int, int]]:
    """(files done, bytes still held, peak bytes so far) by tracemalloc after every ``every`` files."""
    marks: list[tuple[int, int, int]] = []

    def note(done: int) -> None:
        if done // every > len(marks) or done == len(paths):
            marks.append((done, *tracemalloc.get_traced_memory()))

    tracemalloc.start()
    try:
        import_all(paths, f"sqlite:///{database}", note)
    finally:
        tracemalloc.stop()
    return marks


@contextlib.contextmanager
def _databases(folder: Path, postgresql: str | None, with_postgresql: bool) -> Iterator[list[tuple[str, str]]]:
    """(label, URL) of the fresh databases to import into; a throw-away cluster when no URL is given."""
    databases = [("SQLite", f"sqlite:///{folder / 'speed.db'}")]
    if not with_postgresql:
        yield databases
    elif postgresql:
        yield [*databases, ("PostgreSQL", postgresql)]
    else:
        bin_dir = server_bin()
        if bin_dir is None:
            print("PostgreSQL binaries not found: importing into SQLite only (or pass --postgresql URL)")
            yield databases
            return
        server = PostgresServer(bin_dir)
        server.start()
        try:
            yield [*databases, ("PostgreSQL", server.new_database())]
        finally:
            server.stop()


def _mib(size: float) -> str:
    return f"{size / 2**20:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000, help="number of round files (default 20000)")
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("ETSTATS_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--checkpoint", type=int, default=5_000, help="report memory every N files (default 5000)")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument("--postgresql", metavar="URL", help="an empty PostgreSQL database to import into")
    parser.add_argument("--no-postgresql", action="store_true", help="import into SQLite only")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} not found (use --corpus or ETSTATS_CORPUS)", file=sys.stderr)
        return 2

    corpus = load_corpus(args.corpus)
    files = replicate(corpus, args.files)
    print(f"{len(files)} files replicated from {len(corpus)} real ones ({files[0][0]} … {files[-1][0]})")
    with tempfile.TemporaryDirectory(prefix="etstats-bench-") as tmp:
        folder = Path(tmp) / "gamestats"
        folder.mkdir()
        paths = write_files(files, folder)

        wall_rate, cpu_rate = parse_speed(files)
        verdict = "ok" if cpu_rate >= PARSE_TARGET else "BELOW TARGET"
        print(f"parse only:  {cpu_rate:10,.0f} files/s of CPU time, {wall_rate:,.0f} by the wall clock "
              f"(target {PARSE_TARGET:,}: {verdict})")  # fmt: skip
        del files

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with _databases(Path(tmp), args.postgresql, not args.no_postgresql) as databases:
            for label, url in databases:
                import_rate, failed, matches = import_all(paths, url)
                verdict = "ok" if import_rate >= IMPORT_TARGET else "BELOW TARGET"
                print(f"import {label:<10} {import_rate:7,.0f} files/s  (target {IMPORT_TARGET:,}: {verdict}); "
                      f"batch {IMPORT_BATCH}, {failed} not imported, {matches:,} maps paired")  # fmt: skip
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"ru_maxrss:   {_mib(rss_before * 1024)} before import, {_mib(rss_after * 1024)} after")

        if not args.no_memory:
            marks = import_memory(paths, Path(tmp) / "memory.db", max(args.checkpoint, IMPORT_BATCH))
            print("tracemalloc during import (files: held / peak so far):")
            for done, held, peak in marks:
                print(f"  {done:>8,}: {_mib(held):>10} / {_mib(peak)}")
            ratio = marks[-1][2] / marks[0][2]
            print(f"  peak at {marks[-1][0]:,} files / peak at {marks[0][0]:,} files = {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
