"""Weapons as players name them: the two knife slots are one knife.

The engine moves knife kills between slot 0 (knife) and slot 1 (KA-BAR) from round to
round (format doc §8), so only their sum means something; every view merges them here.
"""

from __future__ import annotations

from collections.abc import Mapping

from etstats.gamestats.records import WeaponStats

KNIFE, KNIFE_KBAR = 0, 1
SHOWN_AS: dict[int, int] = {KNIFE_KBAR: KNIFE}
"""Weapon ids counted under another id in every view (KA-BAR under knife)."""


def merged_weapons(weapons: Mapping[int, WeaponStats]) -> dict[int, WeaponStats]:
    """Per-weapon numbers with the knife slots added into one (id 0)."""
    merged: dict[int, WeaponStats] = {}
    for weapon_id, w in weapons.items():
        shown = SHOWN_AS.get(weapon_id, weapon_id)
        have = merged.get(shown)
        merged[shown] = w if have is None else WeaponStats(*(a + b for a, b in zip(have, w)))
    return merged
