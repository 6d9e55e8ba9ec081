"""The knife's two ids (0 knife, 1 ka-bar) shown as one weapon."""

from __future__ import annotations

from etstats.gamestats.records import WeaponStats
from etstats.stats.knife import KBAR_ID, KNIFE_ID, merge_knives

MP40 = 4


def test_ka_bar_counts_are_added_to_the_knife() -> None:
    weapons = {
        KNIFE_ID: WeaponStats(1, 2, 1, 0, 0),
        KBAR_ID: WeaponStats(3, 6, 2, 1, 0),
        MP40: WeaponStats(9, 30, 4, 2, 3),
    }
    assert merge_knives(weapons) == {KNIFE_ID: WeaponStats(4, 8, 3, 1, 0), MP40: WeaponStats(9, 30, 4, 2, 3)}


def test_a_lone_ka_bar_becomes_the_knife() -> None:
    assert merge_knives({KBAR_ID: WeaponStats(0, 6, 0, 0, 0)}) == {KNIFE_ID: WeaponStats(0, 6, 0, 0, 0)}


def test_weapons_without_a_ka_bar_are_unchanged() -> None:
    weapons = {MP40: WeaponStats(9, 30, 4, 2, 3), KNIFE_ID: WeaponStats(1, 2, 1, 0, 0)}
    assert merge_knives(weapons) == dict(sorted(weapons.items()))
