"""Sums a player's web page shows beyond the bot's career reply (damage received…).

Careers and their maps come from :mod:`etstats.store.player_queries`, the same for both faces.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from etstats.stats.career import ExtraTotals
from etstats.store import schema as t
from etstats.store.player_queries import uncounted_rounds


def extra_totals(conn: Connection, player_ids: Sequence[int]) -> ExtraTotals:
    s = t.player_round_stats.c
    columns = ("damage_received", "team_damage_given", "team_kills", "self_kills", "times_revived", "xp")
    row = conn.execute(
        select(*(func.sum(s[c]) for c in columns)).where(
            s.player_id.in_(list(player_ids)), s.round_id.not_in(uncounted_rounds())
        )
    ).one()
    return ExtraTotals(*(int(v or 0) for v in row))
