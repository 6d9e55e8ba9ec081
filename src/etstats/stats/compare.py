"""Two players side by side over the maps both played: plain data for ``!compare``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from etstats.stats import formulas


@dataclass(frozen=True, slots=True)
class MapLine:
    """One player's numbers over both rounds of one map."""

    kills: int = 0
    deaths: int = 0
    damage: int = 0
    minutes: float = 0.0

    def __add__(self, other: MapLine) -> MapLine:
        return MapLine(
            self.kills + other.kills,
            self.deaths + other.deaths,
            self.damage + other.damage,
            self.minutes + other.minutes,
        )

    @property
    def kd(self) -> float:
        return formulas.kd_ratio(self.kills, self.deaths)

    @property
    def dpm(self) -> float | None:
        return formulas.dpm(self.damage, self.minutes)


@dataclass(frozen=True, slots=True)
class SharedMap:
    """A map both played; ``result_a`` is the result for the first player's group."""

    map: str
    played_at: datetime
    together: bool
    result_a: str  # "won", "lost", "draw", "unknown"
    a: MapLine
    b: MapLine


@dataclass(frozen=True, slots=True)
class Record:
    maps: int = 0
    won: int = 0
    lost: int = 0
    draws: int = 0


@dataclass(slots=True)
class Comparison:
    name_a: str
    name_b: str
    maps: list[SharedMap]
    """Newest first."""

    def totals(self) -> tuple[MapLine, MapLine]:
        a, b = MapLine(), MapLine()
        for shared in self.maps:
            a, b = a + shared.a, b + shared.b
        return a, b

    def record(self, together: bool) -> Record:
        """Maps on the same side (``together``) or against each other, counted for the first player."""
        chosen = [m for m in self.maps if m.together is together]
        return Record(
            len(chosen),
            sum(m.result_a == "won" for m in chosen),
            sum(m.result_a == "lost" for m in chosen),
            sum(m.result_a == "draw" for m in chosen),
        )
