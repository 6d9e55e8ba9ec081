"""Sums a player's web page shows beyond the bot's career reply (damage received…).

Careers and their maps come from :mod:`etstats.store.player_queries`, the same for both faces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Select, func, select

from etstats.store import schema as t


def _uncounted() -> Select[tuple[int]]:
    """Rounds that count toward no total; tested with NOT IN so SQLite reads through the player index."""
    r = t.rounds.c
    return select(r.id).where(r.orphan.is_(True) | r.shutdown_save.is_(True))


@dataclass(frozen=True, slots=True)
class ExtraTotals:
    """Sums a career page shows besides :class:`Totals`, over the same counted rounds."""

    damage_received: int
    team_damage_given: int
    team_kills: int
    self_kills: int
    times_revived: int
    xp: int


def extra_totals(conn: Connection, player_ids: Sequence[int]) -> ExtraTotals:
    s = t.player_round_stats.c
    columns = ("damage_received", "team_damage_given", "team_kills", "self_kills", "times_revived", "xp")
    row = conn.execute(
        select(*(func.sum(s[c]) for c in columns)).where(
            s.player_id.in_(list(player_ids)), s.round_id.not_in(_uncounted())
        )
    ).one()
    return ExtraTotals(*(int(v or 0) for v in row))
