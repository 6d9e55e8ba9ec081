"""Keeping the ``matches`` table right as rounds arrive in any order (format doc §4.3, §5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, func, select, update

from etstats.stats.outcome import map_winner, player_groups, round_outcome, time_to_beat_s
from etstats.stats.pairing import RoundRef, pair_rounds
from etstats.store import schema as t
from etstats.store.player_sync import player_ids_of
from etstats.store.round_loader import RoundLoader
from etstats.store.upsert import insert_many, insert_returning_ids


def _ref(row: Any) -> RoundRef[int]:
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
    return conn.execute(select(pick).where(c.source == source, condition, c.shutdown_save.is_(False))).scalar()


@dataclass(slots=True)
class Repair:
    """What re-pairing changed: each judged R2's partner, R2s to re-derive, new match ids."""

    partner: dict[int, int] = field(default_factory=dict)
    rederived: list[int] = field(default_factory=list)
    new_matches: list[int] = field(default_factory=list)


def repair_pairs(
    conn: Connection,
    source: str,
    new: dict[int, datetime],
    loader: RoundLoader,
    player_ids: dict[str, int],
) -> Repair:
    """Re-pair the stretch of rounds the new ones (id → written_at) touch.

    An R2's partner depends only on the round just before it, so the stretch from the
    last round before the new ones to the first round after them is enough.
    """
    c = t.rounds.c
    low = min(new.values())
    high = max(new.values())
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
    m = t.matches.c
    current: dict[int, int] = {
        row.round2_id: row.round1_id
        for row in conn.execute(select(m.round2_id, m.round1_id).where(m.round2_id.in_(judged)))
    }
    new_ids = set(new)
    changed = sorted(r2 for r2 in judged if current.get(r2) != partner.get(r2) or r2 in new_ids)
    stale = [r2 for r2 in changed if r2 in current]
    if stale:
        delete_matches(conn, m.round2_id.in_(stale))
    moved_r1 = [partner[r2] for r2 in changed if r2 in partner]
    if moved_r1:
        delete_matches(conn, m.round1_id.in_(moved_r1))
    _mark_orphans(
        conn,
        orphans=[r2 for r2 in changed if r2 not in partner],
        paired=[r2 for r2 in changed if r2 in partner and r2 not in new_ids],
    )
    pairs = [(partner[r2], r2) for r2 in changed if r2 in partner]
    return Repair(
        partner=partner,
        rederived=[r2 for r2 in changed if r2 not in new_ids],
        new_matches=_insert_matches(conn, source, pairs, loader, player_ids),
    )


def _mark_orphans(conn: Connection, orphans: list[int], paired: list[int]) -> None:
    """Set the flag where it changes; new rounds were stored as paired, so most need nothing."""
    for ids, value in ((orphans, True), (paired, False)):
        for start in range(0, len(ids), 500):
            conn.execute(update(t.rounds).where(t.rounds.c.id.in_(ids[start : start + 500])).values(orphan=value))


def delete_matches(conn: Connection, which: ColumnElement[bool]) -> None:
    """Delete maps with their per-map rows, which no foreign key cascades (migration 0014)."""
    ids: list[int] = list(conn.execute(select(t.matches.c.id).where(which)).scalars())
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for rows in (t.match_players, t.match_ratings, t.match_predictions):
            conn.execute(delete(rows).where(rows.c.match_id.in_(chunk)))
        conn.execute(delete(t.matches).where(t.matches.c.id.in_(chunk)))


def _insert_matches(
    conn: Connection,
    source: str,
    pairs: list[tuple[int, int]],
    loader: RoundLoader,
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
    match_ids = insert_returning_ids(conn, t.matches, rows)
    missing = sorted({k for group in members for k, _ in group if k not in player_ids})
    if missing:
        player_ids.update(player_ids_of(conn, missing))
    member_rows = [
        (match_id, player_ids[k], g) for match_id, group in zip(match_ids, members, strict=True) for k, g in group
    ]
    insert_many(conn, t.match_players, ("match_id", "player_id", "grp"), member_rows)
    return match_ids
