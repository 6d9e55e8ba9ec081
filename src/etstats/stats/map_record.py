"""One map's history for ``!mapstats``: results per side, times set, best rounds."""

from __future__ import annotations

from collections.abc import Sequence
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


@dataclass(frozen=True, slots=True)
class MapRound:
    """What ``!mapstats`` needs of one counted round of the map."""

    id: int
    round: int
    defender: str | None
    outcome: str
    time_limit_s: int
    next_time_limit_s: int
    written_at: datetime


ATTACKER = {"axis": "allies", "allies": "axis"}


@dataclass(frozen=True, slots=True)
class OutcomeCount:
    """How many counted rounds of one map ended one way (round number, defending side,
    outcome), and the sum of their ``next_time_limit_s`` (the time set, in a Round 1 won)."""

    round: int
    defender: str | None
    outcome: str
    count: int
    time_sum_s: int


def side_results(outcomes: Sequence[OutcomeCount]) -> list[SideResults]:
    """Per attacking side: rounds attacked, objective taken (time set or beaten), held."""
    results = []
    for side in ("allies", "axis"):
        mine = [o for o in outcomes if o.defender is not None and ATTACKER.get(o.defender) == side]
        won = sum(o.count for o in mine if o.outcome == "attackers_won")
        held = sum(o.count for o in mine if o.outcome == "defenders_held")
        results.append(SideResults(side, sum(o.count for o in mine), won, held))
    return results


def average_time_set(outcomes: Sequence[OutcomeCount]) -> float | None:
    """The mean time Round 1 attackers set (rounds they took the objective in)."""
    done = [o for o in outcomes if o.round == 1 and o.outcome == "attackers_won"]
    count = sum(o.count for o in done)
    return sum(o.time_sum_s for o in done) / count if count else None


def full_holds(outcomes: Sequence[OutcomeCount]) -> int:
    """Round 1s in which the defence held the whole time."""
    return sum(o.count for o in outcomes if o.round == 1 and o.outcome == "defenders_held")
