"""Import round files into the database: idempotent, in time order, R2 re-derived when R1 arrives.

``import_batch`` runs inside the caller's transaction so the live monitor can write
the posts an import causes in the same transaction (the outbox).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, case, delete, insert, select, update

from etstats.gamestats import GameStatsFormatError, RoundFile, parse_file_name, parse_round
from etstats.gamestats.names import RoundFileName
from etstats.stats.differential import derive_keyed
from etstats.stats.players import PlayerStats
from etstats.store import schema as t
from etstats.store.match_sync import repair_pairs
from etstats.store.player_sync import player_ids_of, upsert_players
from etstats.store.round_loader import RoundLoader
from etstats.store.rows import (
    STATS_COLUMNS,
    WEAPON_COLUMNS,
    local_now,
    pack,
    round_row,
    stats_values,
    weapon_values,
)
from etstats.store.session_sync import refresh_sessions
from etstats.store.upsert import insert_many, insert_returning_ids


@dataclass(frozen=True, slots=True)
class IncomingFile:
    name: str
    data: bytes


@dataclass(slots=True)
class FileResult:
    name: str
    status: str  # "imported", "duplicate", "failed"
    error: str | None = None
    round_id: int | None = None


@dataclass(slots=True)
class BatchResult:
    files: list[FileResult] = field(default_factory=list)
    new_rounds: list[int] = field(default_factory=list)
    new_matches: list[int] = field(default_factory=list)
    rederived_rounds: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Pending:
    incoming: IncomingFile
    info: RoundFileName
    sha256: str
    parsed: RoundFile | None = None
    existing_id: int | None = None
    round_id: int | None = None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one batch.

    A batch allocates a great many small objects without reference cycles (refcounting
    frees them); the collector would walk them again and again, about a third of the
    import time, and find nothing. Batches are bounded, so memory stays bounded too.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_batch(conn: Connection, source: str, incoming: Iterable[IncomingFile]) -> BatchResult:
    """Import files of one source; results come back in time order of the file names."""
    with _gc_paused():
        return _import_batch(conn, source, incoming)


def _import_batch(conn: Connection, source: str, incoming: Iterable[IncomingFile]) -> BatchResult:
    result = BatchResult()
    pending: list[_Pending] = []
    for item in incoming:
        try:
            info = parse_file_name(item.name)
        except GameStatsFormatError as exc:
            result.files.append(FileResult(item.name, "failed", str(exc)))
            continue
        pending.append(_Pending(item, info, sha256_hex(item.data)))
    pending.sort(key=lambda p: (p.info.written_at, p.info.round, p.info.name))
    now = local_now()
    existing = _existing_files(conn, source, [p.info.name for p in pending])
    copies = _imported_copies(conn, [p.sha256 for p in pending if _has_players(p.incoming.data)])
    to_store: list[_Pending] = []
    failures: list[tuple[_Pending, str]] = []
    claimed: dict[str, str] = {}  # name -> sha256 of the first file of that name in this batch
    for p in pending:
        known = existing.get(p.info.name)
        if known is not None and known["status"] == "imported":
            result.files.append(_same_name(p, known["sha256"], "was already imported"))
            continue
        first = claimed.get(p.info.name)
        if first is not None:
            result.files.append(_same_name(p, first, "is in the same batch"))
            continue
        claimed[p.info.name] = p.sha256
        copy = copies.get(p.sha256)
        if copy is not None and copy != (source, p.info.name):
            note = f"{p.info.name}: same content as {copy[0]}/{copy[1]}, already imported"
            result.files.append(FileResult(p.info.name, "duplicate", note))
            continue
        p.existing_id = None if known is None else known["id"]
        try:
            p.parsed = parse_round(p.incoming.data, p.info.name, name_info=p.info)
        except GameStatsFormatError as exc:
            failures.append((p, str(exc)))
            result.files.append(FileResult(p.info.name, "failed", str(exc)))
            continue
        to_store.append(p)
        if _has_players(p.incoming.data):
            copies.setdefault(p.sha256, (source, p.info.name))
    _record_failures(conn, source, failures, now)
    if not to_store:
        return result
    _store_files_and_rounds(conn, source, to_store, now)
    for p in to_store:
        result.files.append(FileResult(p.info.name, "imported", round_id=p.round_id))
        result.new_rounds.append(p.round_id)  # type: ignore[arg-type]
    loader = RoundLoader(conn, {p.round_id: p.parsed for p in to_store})  # type: ignore[misc]
    player_ids = upsert_players(
        conn,
        [(p.parsed, loader.players(p.round_id)) for p in to_store],
        now,  # type: ignore[arg-type,misc]
    )
    arrived = {p.round_id: p.info.written_at for p in to_store}
    repair = repair_pairs(conn, source, arrived, loader, player_ids)  # type: ignore[arg-type]
    result.rederived_rounds.extend(repair.rederived)
    result.new_matches.extend(repair.new_matches)
    stats_rows: list[tuple[Any, ...]] = []
    weapon_row_list: list[tuple[Any, ...]] = []
    rederive = repair.rederived
    if rederive:
        conn.execute(delete(t.player_round_stats).where(t.player_round_stats.c.round_id.in_(rederive)))
        conn.execute(delete(t.weapon_stats).where(t.weapon_stats.c.round_id.in_(rederive)))
    for round_id in [p.round_id for p in to_store] + rederive:
        assert round_id is not None
        stats = _round_stats(loader, round_id, repair.partner.get(round_id))
        if not all(s.key in player_ids for s in stats):
            player_ids.update(player_ids_of(conn, [s.key for s in stats]))
        _collect_rows(round_id, loader.get(round_id), stats, player_ids, stats_rows, weapon_row_list)
    insert_many(conn, t.player_round_stats, STATS_COLUMNS, stats_rows)
    insert_many(conn, t.weapon_stats, WEAPON_COLUMNS, weapon_row_list)
    refresh_sessions(conn, source, [p.info.written_at for p in to_store])
    return result


def _same_name(p: _Pending, other_sha256: str, where: str) -> FileResult:
    """A second file of one name: the same bytes are a duplicate, other bytes are reported, never merged."""
    if other_sha256 == p.sha256:
        return FileResult(p.info.name, "duplicate")
    message = (
        f"{p.info.name}: a different file with this name {where} "
        f"(sha256 {other_sha256[:12]}…, now {p.sha256[:12]}…); not merged"
    )
    return FileResult(p.info.name, "failed", message)


def _has_players(data: bytes) -> bool:
    """Header-only files of one map can be byte-identical without being the same round."""
    return data.count(b"\n") > 1


def _imported_copies(conn: Connection, digests: Sequence[str]) -> dict[str, tuple[str, str]]:
    """(source, name) of an imported file with each content: a copy under another name or source is a duplicate."""
    found: dict[str, tuple[str, str]] = {}
    f = t.files.c
    for start in range(0, len(digests), 500):
        rows = conn.execute(
            select(f.sha256, f.source, f.name).where(f.sha256.in_(digests[start : start + 500]), f.status == "imported")
        )
        for digest, other_source, name in rows:
            found.setdefault(digest, (other_source, name))
    return found


def _existing_files(conn: Connection, source: str, names: Sequence[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        rows = conn.execute(
            select(t.files.c.id, t.files.c.name, t.files.c.sha256, t.files.c.status).where(
                t.files.c.source == source, t.files.c.name.in_(chunk)
            )
        )
        for row in rows:
            found[row.name] = row._asdict()
    return found


def _record_failures(conn: Connection, source: str, failures: list[tuple[_Pending, str]], now: datetime) -> None:
    """Count failures of the same bytes only: a file still being written starts again at 1."""
    for p, message in failures:
        values = {
            "sha256": p.sha256,
            "size": len(p.incoming.data),
            "content": pack(p.incoming.data),
            "status": "failed",
            "error": message,
        }
        if p.existing_id is None:
            conn.execute(insert(t.files).values(source=source, name=p.info.name, attempts=1, first_seen=now, **values))
        else:
            same_bytes = t.files.c.sha256 == p.sha256
            conn.execute(
                update(t.files)
                .where(t.files.c.id == p.existing_id)
                .values(attempts=case((same_bytes, t.files.c.attempts + 1), else_=1), **values)
            )


def _store_files_and_rounds(conn: Connection, source: str, items: list[_Pending], now: datetime) -> None:
    fresh = [p for p in items if p.existing_id is None]
    retried = [p for p in items if p.existing_id is not None]
    if fresh:
        ids = insert_returning_ids(
            conn,
            t.files,
            [
                {
                    "source": source,
                    "name": p.info.name,
                    "sha256": p.sha256,
                    "size": len(p.incoming.data),
                    "content": pack(p.incoming.data),
                    "status": "imported",
                    "error": None,
                    "attempts": 1,
                    "first_seen": now,
                    "imported_at": now,
                }
                for p in fresh
            ],
        )
        for p, file_id in zip(fresh, ids):
            p.existing_id = file_id
    if retried:
        conn.execute(
            update(t.files)
            .where(t.files.c.id == bindparam("fid"))
            .values(
                sha256=bindparam("new_sha256"),
                size=bindparam("new_size"),
                content=bindparam("new_content"),
                status="imported",
                error=None,
                attempts=t.files.c.attempts + 1,
                imported_at=now,
            ),
            [
                {
                    "fid": p.existing_id,
                    "new_sha256": p.sha256,
                    "new_size": len(p.incoming.data),
                    "new_content": pack(p.incoming.data),
                }
                for p in retried
            ],
        )
    round_ids = insert_returning_ids(
        conn,
        t.rounds,
        [round_row(p.existing_id, source, p.parsed) for p in items],  # type: ignore[arg-type]
    )
    for p, round_id in zip(items, round_ids):
        p.round_id = round_id


def _round_stats(loader: RoundLoader, round_id: int, r1_id: int | None) -> list[PlayerStats]:
    """A round's stored numbers: an R2 with its R1 as R2-only values, any other round as written."""
    late = loader.players(round_id)
    if r1_id is None:
        return list(late.values())
    return derive_keyed(loader.players(r1_id), late)


def _collect_rows(
    round_id: int,
    parsed: RoundFile,
    stats: list[PlayerStats],
    player_ids: dict[str, int],
    stats_rows: list[tuple[Any, ...]],
    weapon_row_list: list[tuple[Any, ...]],
) -> None:
    lines: dict[tuple[str, str], int] = {}
    for line in parsed.players:
        lines.setdefault((line.guid, line.display_name), line.line_no)
    for index, s in enumerate(stats):
        player_id = player_ids[s.key]
        stats_rows.append(stats_values(round_id, player_id, lines.get((s.guid, s.display_name), index), s))
        weapon_row_list.extend(weapon_values(round_id, player_id, s))
