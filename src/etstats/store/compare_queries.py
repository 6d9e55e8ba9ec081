"""The maps two people both played, with each one's numbers, for ``!compare``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, func, select

from etstats.stats.compare import Comparison, MapLine, SharedMap
from etstats.store import schema as t


def _result(grp: str, winner: str | None) -> str:
    if winner is None or grp not in ("A", "B"):
        return "unknown"
    if winner == "draw":
        return "draw"
    return "won" if winner == grp else "lost"


def _lines(conn: Connection, shared: Select, ids: Sequence[int]) -> dict[int, MapLine]:
    """Both rounds of every shared map summed for one person (his GUIDs), by match id."""
    m, s = t.matches.c, t.player_round_stats.c
    lines: dict[int, MapLine] = {}
    for round_column in (m.round1_id, m.round2_id):
        rows = conn.execute(
            select(
                m.id,
                func.sum(s.kills).label("kills"),
                func.sum(s.deaths).label("deaths"),
                func.sum(s.damage_given).label("damage"),
                func.sum(s.time_played_minutes).label("minutes"),
            )
            .join(t.player_round_stats, s.round_id == round_column)
            .where(m.id.in_(shared), s.player_id.in_(list(ids)))
            .group_by(m.id)
        )
        for row in rows:
            part = MapLine(int(row.kills or 0), int(row.deaths or 0), int(row.damage or 0), float(row.minutes or 0))
            lines[row.id] = lines[row.id] + part if row.id in lines else part
    return lines


def compare(conn: Connection, ids_a: Sequence[int], ids_b: Sequence[int], name_a: str, name_b: str) -> Comparison:
    """Every map both people played (newest first), whether on one side, and the result for the first."""
    m = t.matches.c
    mp_a, mp_b = t.match_players.alias("a"), t.match_players.alias("b")
    pairs = (
        select(m.id, m.map, m.played_at, m.winner, mp_a.c.grp.label("grp_a"), mp_b.c.grp.label("grp_b"))
        .join(mp_a, mp_a.c.match_id == m.id)
        .join(mp_b, mp_b.c.match_id == m.id)
        .where(mp_a.c.player_id.in_(list(ids_a)), mp_b.c.player_id.in_(list(ids_b)))
        .order_by(m.played_at.desc(), m.id.desc())
    )
    unique: dict[int, Any] = {}
    for row in conn.execute(pairs):
        unique.setdefault(row.id, row)
    shared = select(m.id).where(m.id.in_(list(unique)))
    a, b = _lines(conn, shared, ids_a), _lines(conn, shared, ids_b)
    maps = [
        SharedMap(
            row.map,
            row.played_at,
            row.grp_a == row.grp_b and row.grp_a in ("A", "B"),
            _result(row.grp_a, row.winner),
            a.get(row.id, MapLine()),
            b.get(row.id, MapLine()),
        )
        for row in unique.values()
    ]
    return Comparison(name_a, name_b, maps)
