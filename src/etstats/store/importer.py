"""Import round files into the database: idempotent, in time order, R2 re-derived when R1 arrives.

``import_batch`` runs inside the caller's transaction so the live monitor can write
the posts an import causes in the same transaction (the outbox).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, case, delete, insert, select, update

from etstats.clock import local_now
from etstats.gamestats import GameStatsFormatError, RoundFile, parse_file_name, parse_round
from etstats.gamestats.errors import GameStatsLimitError
from etstats.gamestats.names import RoundFileName
from etstats.stats.differential import derive_keyed
from etstats.stats.players import PlayerStats
from etstats.store import schema as t
from etstats.store.completion import completes, repoint_posts, retire_round
from etstats.store.content import StoredForm, pack, sha256_hex
from etstats.store.match_sync import repair_pairs
from etstats.store.player_sync import player_ids_of, upsert_players
from etstats.store.ratings import update_ratings
from etstats.store.round_loader import RoundLoader
from etstats.store.rows import (
    STATS_COLUMNS,
    WEAPON_COLUMNS,
    round_row,
    stats_values,
    weapon_values,
)
from etstats.store.session_sync import assign_sessions
from etstats.store.upsert import bulk_insert, insert_many, insert_returning_ids


@dataclass(frozen=True, slots=True)
class IncomingFile:
    name: str
    data: bytes
    stored: StoredForm | None = None
    """Hash and compressed copy, when a bulk import had them made ahead on another core."""

    def sha256(self) -> str:
        return sha256_hex(self.data) if self.stored is None else self.stored.sha256

    def packed(self) -> bytes:
        return pack(self.data) if self.stored is None else self.stored.packed


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
    completed_rounds: list[int] = field(default_factory=list)
    """Rounds read again because their file grew (see ``store.completion``); their posts already exist."""


@dataclass(frozen=True, slots=True)
class _Named:
    """A file whose name is a round file's: hashed, not yet read."""

    incoming: IncomingFile
    info: RoundFileName
    sha256: str

    @property
    def name(self) -> str:
        return self.info.name


@dataclass(frozen=True, slots=True)
class _Parsed:
    """A file that parsed and is new; ``file_id`` is its row when an earlier attempt failed.

    ``content`` is the file compressed for storage: made ahead by a bulk import's helper
    process when there is one, else here (a helper *thread* only waited for the GIL that
    parsing holds).
    """

    named: _Named
    file_id: int | None
    round: RoundFile
    content: bytes
    old_posts: tuple[int, ...] | None = None
    """Set when the file completes one imported cut short: the posts of the round it replaces."""


@dataclass(frozen=True, slots=True)
class _Failed:
    named: _Named
    file_id: int | None
    message: str
    final: bool = False
    """Beyond the limits: quarantined at once, since reading it again cannot help."""


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
        result = _import_batch(conn, source, incoming)
        update_ratings(conn)
        return result


def _import_batch(conn: Connection, source: str, incoming: Iterable[IncomingFile]) -> BatchResult:
    result = BatchResult()
    named = _named(incoming, result)
    now = local_now()
    parsed, failed = _classify(conn, source, named, result)
    _record_failures(conn, source, failed, now)
    if parsed:
        _persist(conn, source, parsed, now, result)
    return result


def _named(incoming: Iterable[IncomingFile], result: BatchResult) -> list[_Named]:
    """Files with a round file's name, hashed, in time order; the others fail at once."""
    found: list[tuple[IncomingFile, RoundFileName]] = []
    for item in incoming:
        try:
            found.append((item, parse_file_name(item.name)))
        except GameStatsFormatError as exc:
            result.files.append(FileResult(item.name, "failed", str(exc)))
    named = [_Named(item, info, item.sha256()) for item, info in found]
    named.sort(key=lambda n: (n.info.written_at, n.info.round, n.info.name))
    return named


def _classify(
    conn: Connection, source: str, named: list[_Named], result: BatchResult
) -> tuple[list[_Parsed], list[_Failed]]:
    """Sort out files already imported, second files of one name and copies; parse the rest."""
    existing = _existing_files(conn, source, [n.name for n in named])
    copies = _imported_copies(conn, [n.sha256 for n in named if _has_players(n.incoming.data)])
    parsed: list[_Parsed] = []
    failed: list[_Failed] = []
    claimed: dict[str, str] = {}  # name -> sha256 of the first file of that name in this batch
    for n in named:
        known = existing.get(n.name)
        completion = False
        if known is not None and known["status"] == "imported":
            if known["sha256"] == n.sha256 or not completes(conn, known["id"], n.incoming.data):
                result.files.append(_same_name(n, known["sha256"], "was already imported"))
                continue
            completion = True
        first = claimed.get(n.name)
        if first is not None:
            result.files.append(_same_name(n, first, "is in the same batch"))
            continue
        claimed[n.name] = n.sha256
        copy = copies.get(n.sha256)
        if copy is not None and copy != (source, n.name):
            note = f"{n.name}: same content as {copy[0]}/{copy[1]}, already imported"
            result.files.append(FileResult(n.name, "duplicate", note))
            continue
        file_id = None if known is None else known["id"]
        try:
            round_file = parse_round(n.incoming.data, n.name, name_info=n.info)
        except GameStatsFormatError as exc:
            if not completion:  # the imported round stays until its completion parses
                failed.append(_Failed(n, file_id, str(exc), isinstance(exc, GameStatsLimitError)))
            result.files.append(FileResult(n.name, "failed", str(exc)))
            continue
        old_posts = tuple(retire_round(conn, file_id)) if completion and file_id is not None else None
        parsed.append(_Parsed(n, file_id, round_file, n.incoming.packed(), old_posts))
        if _has_players(n.incoming.data):
            copies.setdefault(n.sha256, (source, n.name))
    return parsed, failed


def _persist(conn: Connection, source: str, parsed: list[_Parsed], now: datetime, result: BatchResult) -> None:
    """Store files, rounds and players, pair maps (re-deriving Round 2s), then the per-player rows."""
    sessions = assign_sessions(conn, source, [p.named.info.written_at for p in parsed])
    round_ids = _store_files_and_rounds(conn, source, parsed, now, sessions)
    for p, round_id in zip(parsed, round_ids, strict=True):
        result.files.append(FileResult(p.named.name, "imported", round_id=round_id))
        if p.old_posts is not None:
            repoint_posts(conn, list(p.old_posts), round_id)
            result.completed_rounds.append(round_id)
    result.new_rounds.extend(round_ids)
    loader = RoundLoader(conn, {round_id: p.round for p, round_id in zip(parsed, round_ids, strict=True)})
    player_ids = upsert_players(
        conn, [(p.round, loader.players(round_id)) for p, round_id in zip(parsed, round_ids, strict=True)], now
    )
    arrived = {round_id: p.named.info.written_at for p, round_id in zip(parsed, round_ids, strict=True)}
    repair = repair_pairs(conn, source, arrived, loader, player_ids)
    result.rederived_rounds.extend(repair.rederived)
    result.new_matches.extend(repair.new_matches)
    rederive = repair.rederived
    if rederive:
        conn.execute(delete(t.player_round_stats).where(t.player_round_stats.c.round_id.in_(rederive)))
        conn.execute(delete(t.weapon_stats).where(t.weapon_stats.c.round_id.in_(rederive)))
    _store_rows(conn, loader, round_ids + rederive, repair.partner, player_ids)


def _store_rows(
    conn: Connection, loader: RoundLoader, round_ids: list[int], partner: dict[int, int], player_ids: dict[str, int]
) -> None:
    """The per-player and per-weapon rows of the rounds. Weapon rows go to the database as
    they are made (on PostgreSQL a COPY the server stores while the next are made), so
    everything the loop reads is loaded first: nothing else may use the connection meanwhile."""
    keys: set[str] = set()
    for round_id in round_ids:
        keys.update(loader.players(round_id))
        if round_id in partner:
            loader.players(partner[round_id])
    missing = sorted(keys - player_ids.keys())
    if missing:
        player_ids.update(player_ids_of(conn, missing))
    stats_rows: list[tuple[Any, ...]] = []
    with bulk_insert(conn, t.weapon_stats, WEAPON_COLUMNS) as add_weapon_rows:
        for round_id in round_ids:
            stats = _round_stats(loader, round_id, partner.get(round_id))
            _collect_rows(round_id, loader.get(round_id), stats, player_ids, stats_rows, add_weapon_rows)
    insert_many(conn, t.player_round_stats, STATS_COLUMNS, stats_rows)


def _same_name(n: _Named, other_sha256: str, where: str) -> FileResult:
    """A second file of one name: the same bytes are a duplicate, other bytes are reported, never merged."""
    if other_sha256 == n.sha256:
        return FileResult(n.name, "duplicate")
    message = (
        f"{n.name}: a different file with this name {where} "
        f"(sha256 {other_sha256[:12]}…, now {n.sha256[:12]}…); not merged"
    )
    return FileResult(n.name, "failed", message)


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
        for row in rows:
            found.setdefault(row.sha256, (row.source, row.name))
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


def _record_failures(conn: Connection, source: str, failures: list[_Failed], now: datetime) -> None:
    """Count failures of the same bytes only: a file still being written starts again at 1.

    A file beyond the limits (``final``) is quarantined at once. The bytes of a file that
    is not a round are never kept: its hash, size and the reason say enough.
    """
    for f in failures:
        values = {
            "sha256": f.named.sha256,
            "size": len(f.named.incoming.data),
            "content": None,
            "status": "quarantined" if f.final else "failed",
            "error": f.message,
        }
        if f.file_id is None:
            conn.execute(insert(t.files).values(source=source, name=f.named.name, attempts=1, first_seen=now, **values))
        else:
            same_bytes = t.files.c.sha256 == f.named.sha256
            conn.execute(
                update(t.files)
                .where(t.files.c.id == f.file_id)
                .values(attempts=case((same_bytes, t.files.c.attempts + 1), else_=1), **values)
            )


def refuse_unread(conn: Connection, source: str, name: str, size: int, reason: str) -> None:
    """Quarantine a file that was judged from its listing alone (e.g. too large to read)."""
    values = {"sha256": "", "size": size, "content": None, "status": "quarantined", "error": reason}
    f = t.files.c
    existing = conn.execute(select(f.id).where(f.source == source, f.name == name)).scalar()
    if existing is None:
        conn.execute(insert(t.files).values(source=source, name=name, attempts=1, first_seen=local_now(), **values))
    else:
        conn.execute(update(t.files).where(f.id == existing).values(attempts=f.attempts + 1, **values))


def _file_values(source: str, p: _Parsed, now: datetime) -> dict[str, Any]:
    n = p.named
    return {
        "source": source,
        "name": n.name,
        "sha256": n.sha256,
        "size": len(n.incoming.data),
        "content": p.content,
        "status": "imported",
        "error": None,
        "attempts": 1,
        "first_seen": now,
        "imported_at": now,
    }


def _store_files_and_rounds(
    conn: Connection, source: str, items: list[_Parsed], now: datetime, sessions: dict[datetime, int]
) -> list[int]:
    """File rows (new, or the failed ones now imported) and round rows; the round ids, in order."""
    fresh = [p for p in items if p.file_id is None]
    retried = [p for p in items if p.file_id is not None]
    new_ids: list[int] = []
    if fresh:
        new_ids = insert_returning_ids(conn, t.files, [_file_values(source, p, now) for p in fresh])
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
                    "fid": p.file_id,
                    "new_sha256": p.named.sha256,
                    "new_size": len(p.named.incoming.data),
                    "new_content": p.content,
                }
                for p in retried
            ],
        )
    fresh_ids = iter(new_ids)
    file_ids = [next(fresh_ids) if p.file_id is None else p.file_id for p in items]
    rows = [
        {**round_row(file_id, source, p.round), "session_id": sessions[p.named.info.written_at]}
        for p, file_id in zip(items, file_ids, strict=True)
    ]
    return insert_returning_ids(conn, t.rounds, rows)


def rederive_round2s(conn: Connection, chunk: int = 200) -> int:
    """Derive the stored numbers of every paired Round 2 again from the files (after the rule changed)."""
    m = t.matches.c
    pairs = conn.execute(select(m.round1_id, m.round2_id).order_by(m.id)).all()
    for start in range(0, len(pairs), chunk):
        part = pairs[start : start + chunk]
        round2_ids = [pair.round2_id for pair in part]
        conn.execute(delete(t.player_round_stats).where(t.player_round_stats.c.round_id.in_(round2_ids)))
        conn.execute(delete(t.weapon_stats).where(t.weapon_stats.c.round_id.in_(round2_ids)))
        loader = RoundLoader(conn, {})
        player_ids: dict[str, int] = {}
        stats_rows: list[tuple[Any, ...]] = []
        weapon_row_list: list[tuple[Any, ...]] = []
        for pair in part:
            stats = _round_stats(loader, pair.round2_id, pair.round1_id)
            player_ids.update(player_ids_of(conn, [s.key for s in stats if s.key not in player_ids]))
            _collect_rows(
                pair.round2_id, loader.get(pair.round2_id), stats, player_ids, stats_rows, weapon_row_list.extend
            )
        insert_many(conn, t.player_round_stats, STATS_COLUMNS, stats_rows)
        insert_many(conn, t.weapon_stats, WEAPON_COLUMNS, weapon_row_list)
    return len(pairs)


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
    add_weapon_rows: Callable[[list[tuple[Any, ...]]], None],
) -> None:
    lines: dict[tuple[str, str], int] = {}
    for line in parsed.players:
        lines.setdefault((line.guid, line.display_name), line.line_no)
    for index, s in enumerate(stats):
        player_id = player_ids[s.key]
        stats_rows.append(stats_values(round_id, player_id, lines.get((s.guid, s.display_name), index), s))
        add_weapon_rows(weapon_values(round_id, player_id, s))
