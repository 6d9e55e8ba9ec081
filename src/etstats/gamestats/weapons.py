"""Weapon ids 0-27 of the engine's weapon-statistics enumeration, in bit-mask order."""

from __future__ import annotations

WEAPON_IDS: tuple[str, ...] = (
    "knife", "knife_kbar", "luger", "colt", "mp40", "thompson", "sten", "fg42",
    "panzerfaust", "bazooka", "flamethrower", "grenade", "mortar", "mortar2",
    "dynamite", "airstrike", "artillery", "satchel", "grenadelauncher", "landmine",
    "mg42", "browning", "carbine", "kar98", "garand", "k43", "mp34", "syringe",
)  # fmt: skip

WEAPON_COUNT = len(WEAPON_IDS)
MASK_LIMIT = 1 << WEAPON_COUNT

SAME_WEAPON: dict[int, int] = {1: 0}
"""Ids the game writes for one weapon, mapped to the id it is counted under. The knife (0)
and the KA-BAR (1) are one knife whose counts the game moves between the two ids from
Round 1 to Round 2 (format doc §8): each id alone is not cumulative, only their sum is."""

FIREARM_IDS: frozenset[int] = frozenset((2, 3, 4, 5, 6, 7, 20, 21, 22, 23, 24, 25, 26))
"""Guns only: knife, explosives (one throw hits several players) and the syringe would
distort accuracy and headshot rate (format doc §3.8)."""

WEAPON_LABELS: dict[str, str] = {
    "knife": "Knife", "knife_kbar": "KA-BAR", "luger": "Luger", "colt": "Colt",
    "mp40": "MP40", "thompson": "Thompson", "sten": "Sten", "fg42": "FG42",
    "panzerfaust": "Panzerfaust", "bazooka": "Bazooka", "flamethrower": "Flamethrower",
    "grenade": "Grenade", "mortar": "Mortar", "mortar2": "Mortar (set)",
    "dynamite": "Dynamite", "airstrike": "Airstrike", "artillery": "Artillery",
    "satchel": "Satchel", "grenadelauncher": "Rifle grenade", "landmine": "Landmine",
    "mg42": "MG42", "browning": "Browning", "carbine": "Carbine", "kar98": "Kar98",
    "garand": "Garand", "k43": "K43", "mp34": "MP34", "syringe": "Syringe",
}  # fmt: skip
