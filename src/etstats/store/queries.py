"""Read-side queries used by the CLI, the monitor and the bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from etstats.store import schema as t
from etstats.store.ratings import predictions


@dataclass(frozen=True, slots=True)
class MatchRow:
    id: int
    source: str
    map: str
    played_at: datetime
    round1_file: str
    round2_file: str
    round1_outcome: str
    round2_outcome: str
    winner: str | None
    time_to_beat_s: int
    group_a: list[str]
    group_b: list[str]
    p_group_a: float | None


def list_matches(conn: Connection, limit: int | None = None) -> list[MatchRow]:
    """Every paired map, newest first, with the GUIDs of both player groups."""
    r1, r2 = aliased(t.rounds), aliased(t.rounds)
    m = t.matches.c
    query = (
        select(
            m.id, m.source, m.map, m.played_at, m.round1_outcome, m.round2_outcome, m.winner,
            m.time_to_beat_s, r1.c.name.label("r1_name"), r2.c.name.label("r2_name"),
        )
        .join(r1, r1.c.id == m.round1_id)
        .join(r2, r2.c.id == m.round2_id)
        .order_by(m.played_at.desc(), m.id.desc())
    )  # fmt: skip
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query).all()
    groups = _groups(conn, [r.id for r in rows])
    chances = predictions(conn, [r.id for r in rows])
    return [
        MatchRow(
            id=r.id,
            source=r.source,
            map=r.map,
            played_at=r.played_at,
            round1_file=r.r1_name,
            round2_file=r.r2_name,
            round1_outcome=r.round1_outcome,
            round2_outcome=r.round2_outcome,
            winner=r.winner,
            time_to_beat_s=r.time_to_beat_s,
            group_a=sorted(groups.get((r.id, "A"), [])),
            group_b=sorted(groups.get((r.id, "B"), [])),
            p_group_a=chances.get(r.id),
        )
        for r in rows
    ]


def _groups(conn: Connection, match_ids: list[int]) -> dict[tuple[int, str], list[str]]:
    result: dict[tuple[int, str], list[str]] = {}
    for start in range(0, len(match_ids), 500):
        chunk = match_ids[start : start + 500]
        rows = conn.execute(
            select(t.match_players.c.match_id, t.match_players.c.grp, t.players.c.guid)
            .join(t.players, t.players.c.id == t.match_players.c.player_id)
            .where(t.match_players.c.match_id.in_(chunk))
        )
        for row in rows:
            result.setdefault((row.match_id, row.grp), []).append(row.guid)
    return result
