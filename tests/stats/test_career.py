"""A career's pure rules: the result a map had for one player, and his favourite weapon."""

from __future__ import annotations

import pytest

from etstats.gamestats.records import WeaponStats
from etstats.stats.career import Totals, favourite_weapon, map_result


@pytest.mark.parametrize(
    ("group", "winner", "expected"),
    [
        ("A", "A", "won"),
        ("B", "A", "lost"),
        ("A", "draw", "draw"),
        ("B", None, "unknown"),
        ("switcher", "A", "switched"),
    ],
)
def test_a_map_result_is_seen_from_the_players_group(group: str, winner: str | None, expected: str) -> None:
    assert map_result(group, winner) == expected


def test_the_favourite_weapon_has_most_kills_and_ties_go_to_the_lower_id() -> None:
    weapons = {2: WeaponStats(10, 40, 7, 0, 1), 4: WeaponStats(30, 90, 7, 1, 3), 0: WeaponStats(0, 0, 2, 0, 0)}
    assert favourite_weapon(weapons) == ("Luger", 7)
    assert favourite_weapon({3: WeaponStats(5, 9, 0, 0, 0)}) is None
    assert favourite_weapon({}) is None


def test_totals_add_field_by_field_and_ratios_come_from_the_sums() -> None:
    both = Totals(kills=10, deaths=5, maps=3, wins=1, draws=1) + Totals(kills=2, deaths=1, maps=1, wins=1)
    assert (both.kills, both.deaths, both.maps, both.wins, both.losses) == (12, 6, 4, 2, 1)
    assert both.kd == 2.0
