"""One map's history for ``!mapstats``: results per side, times set, best rounds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SideResults:
    """Rounds a side attacked: how often it set or beat the time, how often it was held."""

    side: str  # "axis" or "allies"
    attacked: int
    succeeded: int
    held: int


@dataclass(frozen=True, slots=True)
class TimeSet:
    played_at: datetime
    seconds: int
    limit_s: int
    side: str
    names: list[str]


@dataclass(frozen=True, slots=True)
class BestRound:
    played_at: datetime
    name: str
    round: int
    kills: int
    dpm: float


@dataclass(slots=True)
class MapRecord:
    map: str
    maps_played: int
    rounds: int
    first_played: datetime | None
    last_played: datetime | None
    sides: list[SideResults]
    full_holds: int
    """Round 1s in which the defence held the whole time."""
    average_time_set_s: float | None
    fastest: list[TimeSet] = field(default_factory=list)
    best_rounds: list[BestRound] = field(default_factory=list)
    draws: int = 0
