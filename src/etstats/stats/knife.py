"""The knife as one weapon: the game moves counts between ids 0 (knife) and 1 (ka-bar).

Only the sum of both ids is a reliable counter (format doc §6), so every per-weapon
view shows them as one "knife" line under id 0.
"""

from __future__ import annotations

from collections.abc import Mapping

from etstats.gamestats.records import WeaponStats

KNIFE_ID = 0
KBAR_ID = 1


def merge_knives(weapons: Mapping[int, WeaponStats]) -> dict[int, WeaponStats]:
    """The weapons with the ka-bar's counts added to the knife's; other weapons unchanged."""
    merged = {weapon_id: w for weapon_id, w in weapons.items() if weapon_id != KBAR_ID}
    kbar = weapons.get(KBAR_ID)
    if kbar is not None:
        knife = weapons.get(KNIFE_ID)
        merged[KNIFE_ID] = kbar if knife is None else WeaponStats(*(a + b for a, b in zip(knife, kbar)))
    return dict(sorted(merged.items()))
