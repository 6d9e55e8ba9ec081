"""``!top``: which metrics and periods exist, who has played enough to rank, and the ranking."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from etstats.stats.awards import MIN_SHOTS_FOR_ACCURACY
from etstats.stats.career import PlayerRef, Totals

METRICS: tuple[str, ...] = ("kills", "kd", "dpm", "damage", "revives", "accuracy", "headshots", "wins")
PERIODS: tuple[str, ...] = ("all", "month", "week", "session")
PERIOD_DAYS = {"month": 30, "week": 7}
MIN_MINUTES = 30.0
MIN_MAPS = 3


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int
    player: PlayerRef
    totals: Totals
    value: float


@dataclass(slots=True)
class Leaderboard:
    metric: str
    period: str
    since: datetime | None
    until: datetime | None
    standings: list[Standing]
    unqualified: int
    """Players who played in the period but below the minimum."""


METRIC_VALUE: dict[str, Callable[[Totals], float | None]] = {
    "kills": lambda x: x.kills,
    "kd": lambda x: x.kd,
    "dpm": lambda x: x.dpm,
    "damage": lambda x: x.damage,
    "revives": lambda x: x.revives,
    "accuracy": lambda x: x.accuracy,
    "headshots": lambda x: x.head_hits,
    "wins": lambda x: x.wins,
}


def qualifies(metric: str, totals: Totals) -> bool:
    """Enough play to rank: 3 maps for wins, 30 minutes otherwise (and 50 gun shots for accuracy)."""
    if metric == "wins":
        return totals.maps >= MIN_MAPS
    if metric == "accuracy" and totals.firearm_shots < MIN_SHOTS_FOR_ACCURACY:
        return False
    return totals.minutes >= MIN_MINUTES


def ranked_values(metric: str, totals: Mapping[int, Totals]) -> dict[int, float]:
    """The metric's value of every player who qualifies and has one (accuracy needs shots)."""
    value_of = METRIC_VALUE[metric]
    values = {pid: value_of(x) for pid, x in totals.items() if qualifies(metric, x)}
    return {pid: float(v) for pid, v in values.items() if v is not None}


def standings(
    values: Mapping[int, float], totals: Mapping[int, Totals], people: Mapping[int, PlayerRef], limit: int
) -> list[Standing]:
    """The best ``limit`` by value, ties sharing a rank and ordered by name."""
    ordered = sorted(values, key=lambda pid: (-values[pid], people[pid].name.casefold(), pid))
    result: list[Standing] = []
    for index, player_id in enumerate(ordered[:limit]):
        value = values[player_id]
        previous = result[-1] if result else None
        rank = previous.rank if previous is not None and previous.value == value else index + 1
        result.append(Standing(rank, people[player_id], totals[player_id], value))
    return result
