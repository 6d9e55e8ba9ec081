"""A player's numbers for one scope (a round, Round 2 only, or a whole map), by name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from etstats.gamestats.records import EXT_FIELDS, Number, PlayerLine, WeaponStats
from etstats.gamestats.weapons import SAME_WEAPON
from etstats.stats import formulas

EXT_NAMES: tuple[str, ...] = tuple(f.name for f in EXT_FIELDS)

FLAG_COUNTER_RESET = "r2_counter_reset_fallback"
FLAG_R1_ONLY = "r1_only"
FLAG_R2_ONLY = "r2_only"


def player_key(guid: str, display_name: str, is_bot: bool) -> str:
    """Identity of a player: the GUID, plus the clean name for bots (all bots share OMNIBOT0)."""
    return f"{guid}:{display_name}" if is_bot else guid


def one_per_weapon(weapons: Mapping[int, WeaponStats]) -> dict[int, WeaponStats]:
    """A file's weapon groups with the ids of one weapon added up (``SAME_WEAPON``: the two knife ids).

    Every number and view starts from these, so Round 2 differences and per-weapon rows
    never see the counts the game moves between the ids.
    """
    if SAME_WEAPON.keys().isdisjoint(weapons):
        return dict(weapons)
    merged: dict[int, WeaponStats] = {}
    for weapon_id, w in weapons.items():
        target = SAME_WEAPON.get(weapon_id, weapon_id)
        other = merged.get(target)
        merged[target] = w if other is None else WeaponStats(*(x + y for x, y in zip(other, w)))
    return merged


def line_keys(lines: Sequence[PlayerLine]) -> list[str]:
    """The identity of each line of one file; a GUID on two lines (prefix collision) gets the name too."""
    keys = [player_key(line.guid, line.display_name, line.is_bot) for line in lines]
    if len(set(keys)) == len(keys):
        return keys
    counts = Counter(keys)
    return [f"{line.guid}:{line.display_name}" if counts[key] > 1 else key for line, key in zip(lines, keys)]


@dataclass(slots=True)
class PlayerStats:
    """Numbers of one player in one scope. ``values`` holds the 38 extended fields by name."""

    key: str
    guid: str
    name: str
    display_name: str
    team: int
    is_bot: bool
    weapons: dict[int, WeaponStats]
    values: dict[str, Number | None]
    flags: set[str] = field(default_factory=set)

    @classmethod
    def from_line(cls, line: PlayerLine) -> PlayerStats:
        is_bot = line.is_bot
        return cls(
            key=player_key(line.guid, line.display_name, is_bot),
            guid=line.guid,
            name=line.name,
            display_name=line.display_name,
            team=line.team,
            is_bot=is_bot,
            weapons=one_per_weapon(line.weapons),
            values=dict(zip(EXT_NAMES, line.ext)),
        )

    def value(self, name: str) -> Number | None:
        return self.values[name]

    def _total(self, index: int) -> int:
        return sum(w[index] for w in self.weapons.values())

    def weapon_totals(self) -> WeaponStats:
        """Hits, shots, kills, deaths and head hits summed over all weapons, in one pass."""
        if not self.weapons:
            return WeaponStats(0, 0, 0, 0, 0)
        return WeaponStats(*map(sum, zip(*self.weapons.values())))

    @property
    def kills(self) -> int:
        """Enemy kills: the sum over weapons (there is no kills column)."""
        return self._total(2)

    @property
    def deaths(self) -> int:
        """Deaths by an enemy: the sum over weapons; self-kills are separate."""
        return self._total(3)

    @property
    def hits(self) -> int:
        return self._total(0)

    @property
    def shots(self) -> int:
        return self._total(1)

    @property
    def headshots(self) -> int:
        """Head hits (not headshot kills)."""
        return self._total(4)

    @property
    def minutes(self) -> float | None:
        value = self.values["time_played_minutes"]
        return None if value is None else float(value)

    @property
    def damage_given(self) -> int:
        return int(self.values["damage_given"] or 0)

    @property
    def kd(self) -> float:
        return formulas.kd_ratio(self.kills, self.deaths)

    @property
    def dpm(self) -> float | None:
        return formulas.dpm(self.values["damage_given"], self.minutes)  # type: ignore[arg-type]

    @property
    def accuracy(self) -> float | None:
        return formulas.accuracy(self.weapons)

    @property
    def headshot_rate(self) -> float | None:
        return formulas.headshot_rate(self.weapons)

    @property
    def time_played_s(self) -> int | None:
        return formulas.minutes_to_seconds(self.minutes)
