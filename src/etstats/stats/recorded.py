"""What the Lua writer records beyond kills and damage: objectives, dynamite, time dead, denied
playtime, multikills and sprees — summed (sprees: the best) over any scope.

Which writer version carries which field (format doc §0.1, §8): objectives, dynamite,
sprees and time dead are in every version; denied playtime and multikills only in
files with 37 or 38 extended fields, and are None (unknown, shown as "–") before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from etstats.stats import formulas
from etstats.stats.players import PlayerStats

N = TypeVar("N", int, float)


def _add(a: N | None, b: N | None) -> N | None:
    if a is None:
        return b
    return a if b is None else a + b


def _most(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else max(a, b)


def _count(value: float | int | None) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True, slots=True)
class Recorded:
    """Sums over rounds; ``best_spree`` is the longest kill streak (a maximum, never summed)."""

    objectives_taken: int | None = None
    objectives_returned: int | None = None
    dynamites_planted: int | None = None
    dynamites_defused: int | None = None
    dead_minutes: float | None = None
    denied_seconds: int | None = None
    multikills: int | None = None
    best_spree: int | None = None

    def __add__(self, other: Recorded) -> Recorded:
        return Recorded(
            _add(self.objectives_taken, other.objectives_taken),
            _add(self.objectives_returned, other.objectives_returned),
            _add(self.dynamites_planted, other.dynamites_planted),
            _add(self.dynamites_defused, other.dynamites_defused),
            _add(self.dead_minutes, other.dead_minutes),
            _add(self.denied_seconds, other.denied_seconds),
            _add(self.multikills, other.multikills),
            _most(self.best_spree, other.best_spree),
        )

    @property
    def objectives(self) -> int | None:
        """Objectives taken plus returned: the objective work of a player in one number."""
        return _add(self.objectives_taken, self.objectives_returned)


def recorded(p: PlayerStats) -> Recorded:
    """The recorded fields of one player in one scope (a round, a map or an evening)."""
    v = p.values
    return Recorded(
        objectives_taken=_count(v.get("objectives_stolen")),
        objectives_returned=_count(v.get("objectives_returned")),
        dynamites_planted=_count(v.get("dynamites_planted")),
        dynamites_defused=_count(v.get("dynamites_defused")),
        dead_minutes=formulas.dead_minutes(v.get("time_dead_minutes"), p.minutes, v.get("alive_percent")),
        denied_seconds=_count(v.get("denied_playtime")),
        multikills=formulas.multikills(v.get(name) for name in formulas.MULTIKILL_FIELDS),
        best_spree=_count(v.get("killing_spree")),
    )


def total(parts: Iterable[Recorded]) -> Recorded:
    result = Recorded()
    for part in parts:
        result = result + part
    return result
