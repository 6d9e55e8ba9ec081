"""Weapons as a phone-sized table: kills, accuracy and head hits, the knife ids as one knife."""

from __future__ import annotations

from collections.abc import Sequence

from etstats.gamestats.records import WeaponStats
from etstats.gamestats.weapons import WEAPON_IDS, WEAPON_LABELS
from etstats.publish.render.style import number
from etstats.publish.render.table import Column, name_table
from etstats.stats import formulas
from etstats.stats.players import one_per_weapon

WeaponRow = tuple[str, WeaponStats]
WEAPON_COLUMNS: tuple[Column[WeaponRow], ...] = (
    Column("KILLS", 6, lambda w: str(w[1].kills)),
    Column("ACC%", 6, lambda w: number(formulas.percent(w[1].hits, w[1].shots), 1)),
    Column("HEAD", 6, lambda w: str(w[1].headshots)),
)
WEAPONS_LEGEND = "ACC% hits per shot • HEAD head hits • knife and KA-BAR count as one knife"


def weapon_rows(weapons: dict[int, WeaponStats]) -> list[WeaponRow]:
    """Weapons with kills or shots, most kills first, the knife ids as one knife (``one_per_weapon``)."""
    used = sorted(
        ((i, w) for i, w in one_per_weapon(weapons).items() if w.kills or w.shots),
        key=lambda item: (-item[1].kills, -item[1].shots),
    )
    return [(WEAPON_LABELS[WEAPON_IDS[i]], w) for i, w in used]


def weapon_table(rows: Sequence[WeaponRow]) -> str:
    return name_table(rows, lambda w: w[0], WEAPON_COLUMNS, first="Weapon")
