"""What a post is about: one round, or one whole map. Plain data the renderers turn into text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from etstats.gamestats.records import Side
from etstats.stats.outcome import MapWinner, RoundOutcome
from etstats.stats.players import PlayerStats


@dataclass(slots=True)
class RoundSummary:
    source: str
    map: str
    round: int
    server: str
    file: str
    written_at: datetime
    defender: Side | None
    outcome: RoundOutcome
    time_limit_s: int
    next_time_limit_s: int
    players: list[PlayerStats]
    round1_missing: bool = False

    @property
    def attackers(self) -> Side | None:
        if self.defender is None:
            return None
        return Side.ALLIES if self.defender is Side.AXIS else Side.AXIS


@dataclass(slots=True)
class MapSummary:
    source: str
    map: str
    played_at: datetime
    round1: RoundSummary | None
    round2: RoundSummary
    winner: MapWinner | None
    time_to_beat_s: int | None
    group_a: list[PlayerStats] = field(default_factory=list)
    group_b: list[PlayerStats] = field(default_factory=list)
    others: list[PlayerStats] = field(default_factory=list)

    @property
    def players(self) -> list[PlayerStats]:
        """Everyone on the map: group A, group B, then the others."""
        return self.group_a + self.group_b + self.others
