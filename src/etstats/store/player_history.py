"""A player's history for the web site: every map with his numbers, and extra sums.

Careers come from :func:`etstats.store.player_queries.career`; this adds what a page
shows beyond the bot's reply: the match id of each map (to link it), enough maps for a
form chart, and a few more sums (damage received…).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Select, func, select

from etstats.stats import formulas
from etstats.stats.career import map_result
from etstats.store import schema as t


def _uncounted() -> Select[tuple[int]]:
    """Rounds that count toward no total; tested with NOT IN so SQLite reads through the player index."""
    r = t.rounds.c
    return select(r.id).where(r.orphan.is_(True) | r.shutdown_save.is_(True))


@dataclass(frozen=True, slots=True)
class PlayedMap:
    """One map a player played: his numbers over both rounds and the result for his group."""

    match_id: int
    played_at: datetime
    map: str
    result: str
    kills: int
    deaths: int
    damage: int
    minutes: float

    @property
    def dpm(self) -> float | None:
        return formulas.dpm(self.damage, self.minutes)

    @property
    def kd(self) -> float:
        return formulas.kd_ratio(self.kills, self.deaths)


@dataclass(frozen=True, slots=True)
class ExtraTotals:
    """Sums a career page shows besides :class:`Totals`, over the same counted rounds."""

    damage_received: int
    team_damage_given: int
    team_kills: int
    self_kills: int
    times_revived: int
    xp: int


def played_maps(conn: Connection, player_ids: Sequence[int], count: int) -> list[PlayedMap]:
    """The newest ``count`` maps of the players (one person's GUIDs), newest first."""
    ids = list(player_ids)
    m, mp, s = t.matches.c, t.match_players.c, t.player_round_stats.c
    rows = conn.execute(
        select(m.id, m.map, m.played_at, m.winner, m.round1_id, m.round2_id, mp.grp)
        .join(t.matches, m.id == mp.match_id)
        .where(mp.player_id.in_(ids))
        .order_by(m.played_at.desc(), m.id.desc())
        .limit(count)
    ).all()
    round_ids = [r.round1_id for r in rows] + [r.round2_id for r in rows]
    sums: dict[int, tuple[int, int, int, float]] = {}
    for chunk in range(0, len(round_ids), 500):
        for row in conn.execute(
            select(s.round_id, s.kills, s.deaths, s.damage_given, s.time_played_minutes).where(
                s.round_id.in_(round_ids[chunk : chunk + 500]), s.player_id.in_(ids)
            )
        ):
            k, d, dmg, mins = sums.get(row.round_id, (0, 0, 0, 0.0))
            sums[row.round_id] = (
                k + row.kills,
                d + row.deaths,
                dmg + (row.damage_given or 0),
                mins + (row.time_played_minutes or 0),
            )
    result = []
    zero = (0, 0, 0, 0.0)
    # A map may come twice when two of the GUIDs played it; it is one map for the person.
    seen: set[int] = set()
    for r in rows:
        if r.id in seen:
            continue
        seen.add(r.id)
        k1, d1, g1, m1 = sums.get(r.round1_id, zero)
        k2, d2, g2, m2 = sums.get(r.round2_id, zero)
        result.append(
            PlayedMap(r.id, r.played_at, r.map, map_result(r.grp, r.winner), k1 + k2, d1 + d2, g1 + g2, m1 + m2)
        )
    return result


def extra_totals(conn: Connection, player_ids: Sequence[int]) -> ExtraTotals:
    s = t.player_round_stats.c
    columns = ("damage_received", "team_damage_given", "team_kills", "self_kills", "times_revived", "xp")
    row = conn.execute(
        select(*(func.sum(s[c]) for c in columns)).where(
            s.player_id.in_(list(player_ids)), s.round_id.not_in(_uncounted())
        )
    ).one()
    return ExtraTotals(*(int(v or 0) for v in row))
