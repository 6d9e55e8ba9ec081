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

from sqlalchemy import Connection, bindparam, case, delete, func, insert, select, update

from etstats.gamestats import GameStatsFormatError, RoundFile, parse_file_name, parse_round
from etstats.gamestats.names import RoundFileName
from etstats.stats.differential import derive_keyed, keyed_players
from etstats.stats.outcome import map_winner, player_groups, round_outcome, time_to_beat_s
from etstats.stats.pairing import RoundRef, pair_rounds
from etstats.stats.players import PlayerStats
from etstats.stats.sessions import SESSION_GAP, group_sessions
from etstats.store import schema as t
from etstats.store.rows import (
    STATS_COLUMNS,
    WEAPON_COLUMNS,
    local_now,
    pack,
    round_row,
    stats_values,
    unpack,
    weapon_values,
)
from etstats.store.upsert import insert_many, upsert


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
            if known["sha256"] == p.sha256:
                result.files.append(FileResult(p.info.name, "duplicate", round_id=None))
            else:
                message = (
                    f"{p.info.name}: a different file with this name was already imported "
                    f"(sha256 {known['sha256'][:12]}…, now {p.sha256[:12]}…); not merged"
                )
                result.files.append(FileResult(p.info.name, "failed", message))
            continue
        first = claimed.get(p.info.name)
        if first is None:
            claimed[p.info.name] = p.sha256
        else:
            if first == p.sha256:
                result.files.append(FileResult(p.info.name, "duplicate", round_id=None))
            else:
                message = (
                    f"{p.info.name}: another file with this name but different content "
                    f"(sha256 {first[:12]}…, now {p.sha256[:12]}…) is in the same batch; not merged"
                )
                result.files.append(FileResult(p.info.name, "failed", message))
            continue
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
    new_ids = {p.round_id for p in to_store}
    loader = _RoundLoader(conn, {p.round_id: p.parsed for p in to_store})  # type: ignore[misc]
    player_ids = _upsert_players(
        conn, [(p.parsed, loader.players(p.round_id)) for p in to_store], now  # type: ignore[arg-type,misc]
    )
    partner = _repair_pairs(conn, source, to_store, loader, player_ids, result)
    stats_rows: list[tuple[Any, ...]] = []
    weapon_row_list: list[tuple[Any, ...]] = []
    rederive = [r for r in result.rederived_rounds if r not in new_ids]
    if rederive:
        conn.execute(delete(t.player_round_stats).where(t.player_round_stats.c.round_id.in_(rederive)))
        conn.execute(delete(t.weapon_stats).where(t.weapon_stats.c.round_id.in_(rederive)))
    for round_id in [p.round_id for p in to_store] + rederive:
        assert round_id is not None
        stats = _round_stats(loader, round_id, partner.get(round_id))
        if not all(s.key in player_ids for s in stats):
            player_ids.update(_player_ids(conn, [s.key for s in stats]))
        _collect_rows(round_id, loader.get(round_id), stats, player_ids, stats_rows, weapon_row_list)
    insert_many(conn, t.player_round_stats, STATS_COLUMNS, stats_rows)
    insert_many(conn, t.weapon_stats, WEAPON_COLUMNS, weapon_row_list)
    _refresh_sessions(conn, source, [p.info.written_at for p in to_store])
    return result


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
            conn.execute(
                insert(t.files).values(source=source, name=p.info.name, attempts=1, first_seen=now, **values)
            )
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
        ids = conn.execute(
            insert(t.files).returning(t.files.c.id, sort_by_parameter_order=True),
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
        ).scalars().all()
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
    round_ids = conn.execute(
        insert(t.rounds).returning(t.rounds.c.id, sort_by_parameter_order=True),
        [round_row(p.existing_id, source, p.parsed) for p in items],  # type: ignore[arg-type]
    ).scalars().all()
    for p, round_id in zip(items, round_ids):
        p.round_id = round_id


class _RoundLoader:
    """Parsed rounds by id: from this batch, or re-parsed from the stored file."""

    def __init__(self, conn: Connection, cache: dict[int, RoundFile]):
        self._conn = conn
        self._cache = cache
        self._players: dict[int, dict[str, PlayerStats]] = {}

    def players(self, round_id: int) -> dict[str, PlayerStats]:
        """The round's players by key, computed once (read-only: callers must not change them)."""
        keyed = self._players.get(round_id)
        if keyed is None:
            keyed = self._players[round_id] = keyed_players(self.get(round_id))
        return keyed

    def get(self, round_id: int) -> RoundFile:
        parsed = self._cache.get(round_id)
        if parsed is None:
            row = self._conn.execute(
                select(t.files.c.name, t.files.c.content)
                .join(t.rounds, t.rounds.c.file_id == t.files.c.id)
                .where(t.rounds.c.id == round_id)
            ).one()
            parsed = parse_round(unpack(row.content), row.name)
            self._cache[round_id] = parsed
        return parsed


def _ref(row: Any) -> RoundRef:
    return RoundRef(
        id=row.id,
        source=row.source,
        name=row.name,
        map=row.map,
        round=row.round,
        written_at=row.written_at,
        time_limit_s=row.time_limit_s,
        next_time_limit_s=row.next_time_limit_s,
        shutdown_save=row.shutdown_save,
    )


_REF_COLUMNS = (
    t.rounds.c.id, t.rounds.c.source, t.rounds.c.name, t.rounds.c.map, t.rounds.c.round,
    t.rounds.c.written_at, t.rounds.c.time_limit_s, t.rounds.c.next_time_limit_s,
    t.rounds.c.shutdown_save,
)  # fmt: skip


def _neighbour(conn: Connection, source: str, moment: datetime, before: bool) -> datetime | None:
    c = t.rounds.c
    condition = c.written_at < moment if before else c.written_at > moment
    pick = func.max(c.written_at) if before else func.min(c.written_at)
    return conn.execute(
        select(pick).where(c.source == source, condition, c.shutdown_save.is_(False))
    ).scalar()


def _repair_pairs(
    conn: Connection,
    source: str,
    new: list[_Pending],
    loader: _RoundLoader,
    player_ids: dict[str, int],
    result: BatchResult,
) -> dict[int, int]:
    """Re-pair the stretch of rounds the new files touch; return R2 id → R1 id for that stretch.

    An R2's partner depends only on the round just before it, so the stretch from the
    last round before the new ones to the first round after them is enough.
    """
    c = t.rounds.c
    low = min(p.info.written_at for p in new)
    high = max(p.info.written_at for p in new)
    start = _neighbour(conn, source, low, before=True) or low
    end = _neighbour(conn, source, high, before=False) or high
    rows = conn.execute(
        select(*_REF_COLUMNS).where(c.source == source, c.written_at >= start, c.written_at <= end)
    ).all()
    refs = [_ref(r) for r in rows]
    first_at = min(r.written_at for r in refs)
    judged = {r.id for r in refs if r.round == 2 and (r.written_at > first_at or start == low)}
    pairing = pair_rounds(refs)
    partner = {r2.id: r1.id for r1, r2 in pairing.matches if r2.id in judged}
    current = dict(
        conn.execute(
            select(t.matches.c.round2_id, t.matches.c.round1_id).where(t.matches.c.round2_id.in_(judged))
        ).all()
    )
    new_ids = {p.round_id for p in new}
    changed = sorted(r2 for r2 in judged if current.get(r2) != partner.get(r2) or r2 in new_ids)
    stale = [r2 for r2 in changed if r2 in current]
    if stale:
        conn.execute(delete(t.matches).where(t.matches.c.round2_id.in_(stale)))
    moved_r1 = [partner[r2] for r2 in changed if r2 in partner]
    if moved_r1:
        conn.execute(delete(t.matches).where(t.matches.c.round1_id.in_(moved_r1)))
    if changed:
        conn.execute(
            update(t.rounds).where(c.id == bindparam("rid")).values(orphan=bindparam("is_orphan")),
            [{"rid": r2, "is_orphan": r2 not in partner} for r2 in changed],
        )
    result.rederived_rounds.extend(r2 for r2 in changed if r2 not in new_ids)
    pairs = [(partner[r2], r2) for r2 in changed if r2 in partner]
    result.new_matches.extend(_insert_matches(conn, source, pairs, loader, player_ids))
    return partner


def _insert_matches(
    conn: Connection,
    source: str,
    pairs: list[tuple[int, int]],
    loader: _RoundLoader,
    player_ids: dict[str, int],
) -> list[int]:
    """One ``matches`` row per (R1 id, R2 id) and the players' groups; returns the match ids."""
    if not pairs:
        return []
    rows: list[dict[str, Any]] = []
    members: list[list[tuple[str, str]]] = []
    for r1_id, r2_id in pairs:
        r1, r2 = loader.get(r1_id), loader.get(r2_id)
        o1, o2 = round_outcome(r1.header, 1), round_outcome(r2.header, 2)
        winner = map_winner(o1, o2)
        rows.append(
            {
                "source": source,
                "map": r1.map,
                "round1_id": r1_id,
                "round2_id": r2_id,
                "played_at": r1.file.written_at,
                "round1_outcome": o1.value,
                "round2_outcome": o2.value,
                "winner": None if winner is None else winner.value,
                "time_to_beat_s": time_to_beat_s(r1.header),
            }
        )
        groups = player_groups(r1.header, r1.players, r2.header, r2.players)
        group_members: list[tuple[str, str]] = []
        if groups is not None:
            group_members += [(k, "A") for k in sorted(groups.a)] + [(k, "B") for k in sorted(groups.b)]
            group_members += [(k, "switcher") for k in sorted(groups.switchers)]
        members.append(group_members)
    match_ids = list(
        conn.execute(insert(t.matches).returning(t.matches.c.id, sort_by_parameter_order=True), rows).scalars()
    )
    missing = sorted({k for group in members for k, _ in group if k not in player_ids})
    if missing:
        player_ids.update(_player_ids(conn, missing))
    member_rows = [
        {"match_id": match_id, "player_id": player_ids[k], "grp": g}
        for match_id, group in zip(match_ids, members)
        for k, g in group
    ]
    if member_rows:
        conn.execute(insert(t.match_players), member_rows)
    return match_ids


def _round_stats(loader: _RoundLoader, round_id: int, r1_id: int | None) -> list[PlayerStats]:
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


def _player_ids(conn: Connection, keys: Sequence[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        ids.update(conn.execute(select(t.players.c.key, t.players.c.id).where(t.players.c.key.in_(chunk))).all())
    return ids


def _upsert_players(
    conn: Connection, rounds: list[tuple[RoundFile, dict[str, PlayerStats]]], now: datetime
) -> dict[str, int]:
    """Create unknown players, move ``last_seen``/``name`` forward, record every name used."""
    latest: dict[str, tuple[datetime, PlayerStats, bytes]] = {}
    names: dict[tuple[str, bytes], tuple[datetime, datetime, str]] = {}
    for parsed, keyed in rounds:
        seen = parsed.file.written_at
        raw_by_id: dict[tuple[str, str], bytes] = {}
        for line in parsed.players:
            raw_by_id.setdefault((line.guid, line.display_name), line.raw_name)
        for stats in keyed.values():
            raw = raw_by_id.get((stats.guid, stats.display_name), stats.name.encode())
            if stats.key not in latest or latest[stats.key][0] <= seen:
                latest[stats.key] = (seen, stats, raw)
            first, last, clean = names.get((stats.key, raw), (seen, seen, stats.display_name))
            names[(stats.key, raw)] = (min(first, seen), max(last, seen), clean)
    if not latest:
        return {}
    first_seen: dict[str, datetime] = {}
    for (key, _), (first, _, _) in names.items():
        first_seen[key] = min(first, first_seen.get(key, first))
    keys = list(latest)
    ids: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        ids.update(conn.execute(select(t.players.c.key, t.players.c.id).where(t.players.c.key.in_(chunk))).all())
    new_keys = [k for k in keys if k not in ids]
    if new_keys:
        created = conn.execute(
            insert(t.players).returning(t.players.c.id, sort_by_parameter_order=True),
            [
                {
                    "key": k,
                    "guid": latest[k][1].guid,
                    "name": latest[k][1].display_name,
                    "is_bot": latest[k][1].is_bot,
                    "first_seen": first_seen[k],
                    "last_seen": latest[k][0],
                }
                for k in new_keys
            ],
        ).scalars().all()
        ids.update(zip(new_keys, created))
    known = [k for k in keys if k not in new_keys]
    if known:
        pc = t.players.c
        newer = pc.last_seen <= bindparam("seen")
        conn.execute(
            update(t.players)
            .where(pc.id == bindparam("pid"))
            .values(
                name=case((newer, bindparam("new_name")), else_=pc.name),
                last_seen=case((newer, bindparam("seen")), else_=pc.last_seen),
                first_seen=case((pc.first_seen > bindparam("first"), bindparam("first")), else_=pc.first_seen),
            ),
            [
                {"pid": ids[k], "seen": latest[k][0], "first": first_seen[k], "new_name": latest[k][1].display_name}
                for k in known
            ],
        )
    upsert(
        conn,
        t.player_names,
        [
            {"player_id": ids[key], "raw_name": raw, "name": clean, "first_seen": first, "last_seen": last}
            for (key, raw), (first, last, clean) in names.items()
        ],
        conflict=("player_id", "raw_name"),
        keep_min=("first_seen",),
        keep_max=("last_seen",),
    )
    return ids


def _refresh_sessions(conn: Connection, source: str, moments: list[datetime]) -> None:
    """Regroup the sessions the new rounds fall into or next to (they may merge two evenings)."""
    s, c = t.sessions.c, t.rounds.c
    low, high = min(moments) - SESSION_GAP, max(moments) + SESSION_GAP
    overlapping = conn.execute(
        select(s.id, s.started_at, s.ended_at).where(
            s.source == source, s.ended_at >= low, s.started_at <= high
        )
    ).all()
    start = min([min(moments)] + [r.started_at for r in overlapping])
    end = max([max(moments)] + [r.ended_at for r in overlapping])
    if overlapping:
        conn.execute(delete(t.sessions).where(s.id.in_([r.id for r in overlapping])))
    rows = conn.execute(
        select(c.id, c.written_at).where(c.source == source, c.written_at >= start, c.written_at <= end)
    ).all()
    groups = group_sessions(rows, lambda r: r.written_at)
    session_ids = conn.execute(
        insert(t.sessions).returning(s.id, sort_by_parameter_order=True),
        [
            {
                "source": source,
                "started_at": g[0].written_at,
                "ended_at": g[-1].written_at,
                "round_count": len(g),
            }
            for g in groups
        ],
    ).scalars().all()
    conn.execute(
        update(t.rounds).where(c.id == bindparam("rid")).values(session_id=bindparam("sid")),
        [{"rid": r.id, "sid": sid} for g, sid in zip(groups, session_ids) for r in g],
    )

