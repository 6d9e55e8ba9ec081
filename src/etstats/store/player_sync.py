"""Players keyed by GUID (bots by GUID and name), with the history of the names they used."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, bindparam, case, select, update

from etstats.gamestats import RoundFile
from etstats.stats.players import PlayerStats
from etstats.store import schema as t
from etstats.store.upsert import insert_returning_ids, upsert


def player_ids_of(conn: Connection, keys: Sequence[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        ids.update(conn.execute(select(t.players.c.key, t.players.c.id).where(t.players.c.key.in_(chunk))).all())
    return ids


def upsert_players(
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
    ids = player_ids_of(conn, keys)
    new_keys = [k for k in keys if k not in ids]
    if new_keys:
        created = insert_returning_ids(
            conn,
            t.players,
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
        )
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
