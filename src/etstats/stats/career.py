"""A person's career as the bot shows it: who he is, his additive totals, his recent maps.

Totals are sums only; every ratio shown is derived from them by :mod:`etstats.stats.formulas`,
never averaged, so a career and a leaderboard agree on every number.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from etstats.gamestats.records import WeaponStats
from etstats.gamestats.weapons import WEAPON_IDS, WEAPON_LABELS
from etstats.stats import formulas
from etstats.stats.recorded import Recorded


@dataclass(frozen=True, slots=True)
class PlayerRef:
    """Who a player is; ``matched_name`` is the past name a lookup matched, if not the current one."""

    id: int
    guid: str
    name: str
    is_bot: bool
    discord_user_id: str | None
    last_seen: datetime
    matched_name: str | None = None


@dataclass(slots=True)
class Totals:
    """Additive sums over counted rounds; every ratio is derived from them by a formula."""

    rounds: int = 0
    kills: int = 0
    deaths: int = 0
    damage: int = 0
    timed_damage: int = 0
    minutes: float = 0.0
    revives: int = 0
    head_hits: int = 0
    gibs: int = 0
    firearm_hits: int = 0
    firearm_shots: int = 0
    maps: int = 0
    wins: int = 0
    draws: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def kd(self) -> float:
        return formulas.kd_ratio(self.kills, self.deaths)

    @property
    def dpm(self) -> float | None:
        """Damage per minute over the rounds whose time is known (total damage / total minutes)."""
        return formulas.dpm(self.timed_damage, self.minutes)

    @property
    def accuracy(self) -> float | None:
        return formulas.percent(self.firearm_hits, self.firearm_shots)

    @property
    def losses(self) -> int:
        return self.maps - self.wins - self.draws


@dataclass(frozen=True, slots=True)
class ExtraTotals:
    """Sums a career page shows besides :class:`Totals`, over the same counted rounds."""

    damage_received: int
    team_damage_given: int
    team_kills: int
    self_kills: int
    times_revived: int
    xp: int


@dataclass(frozen=True, slots=True)
class RecentMap:
    """One map a player played, with his numbers over both rounds and the result for his group."""

    match_id: int
    played_at: datetime
    map: str
    result: str  # "won", "lost", "draw", "unknown", "switched"
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
class NameUse:
    """A colour-stripped name and when it was in use (spellings with other colours merge)."""

    name: str
    first_seen: datetime
    last_seen: datetime


@dataclass(slots=True)
class Career:
    """One person's career; ``players`` are his GUIDs (one, or all those linked to his account)."""

    players: list[PlayerRef]
    totals: Totals
    evenings: int
    first_seen: datetime | None
    last_seen: datetime | None
    favourite_weapon: tuple[str, int] | None
    recent: list[RecentMap]
    names: list[NameUse] = field(default_factory=list)
    weapons: dict[int, WeaponStats] = field(default_factory=dict)
    """Per weapon id over the career, as stored (the knife's two ids apart)."""
    recorded: Recorded = field(default_factory=Recorded)


def map_result(group: str, winner: str | None) -> str:
    """A map's result for a player of ``group``: a player who switched groups has none."""
    if group not in ("A", "B"):
        return "switched"
    if winner is None:
        return "unknown"
    if winner == "draw":
        return "draw"
    return "won" if winner == group else "lost"


def favourite_weapon(weapons: dict[int, WeaponStats]) -> tuple[str, int] | None:
    """The weapon with the most kills (ties: the lower weapon id)."""
    best = max(weapons.items(), key=lambda item: (item[1].kills, -item[0]), default=None)
    if best is None or not best[1].kills:
        return None
    return WEAPON_LABELS[WEAPON_IDS[best[0]]], best[1].kills
