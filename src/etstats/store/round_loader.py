"""Parsed rounds by id for one import: from the batch at hand, or re-parsed from the stored file."""

from __future__ import annotations

from sqlalchemy import Connection, select

from etstats.gamestats import RoundFile, parse_round
from etstats.stats.differential import keyed_players
from etstats.stats.players import PlayerStats
from etstats.store import schema as t
from etstats.store.content import unpack


class RoundLoader:
    """Keeps what it parsed, so a round used by several steps of a batch is parsed once."""

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
