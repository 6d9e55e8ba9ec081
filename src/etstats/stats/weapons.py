"""Weapons as players name them: the two knife ids are one knife (``SAME_WEAPON``).

Views merge them so that rows stored before the ids were merged at import still show
one knife.
"""

from __future__ import annotations

from collections.abc import Mapping

from etstats.gamestats.records import WeaponStats
from etstats.gamestats.weapons import SAME_WEAPON


def merged_weapons(weapons: Mapping[int, WeaponStats]) -> dict[int, WeaponStats]:
    """Per-weapon numbers with the ids of one weapon added up (the knife slots into id 0)."""
    merged: dict[int, WeaponStats] = {}
    for weapon_id, w in weapons.items():
        shown = SAME_WEAPON.get(weapon_id, weapon_id)
        have = merged.get(shown)
        merged[shown] = w if have is None else WeaponStats(*(a + b for a, b in zip(have, w)))
    return merged
