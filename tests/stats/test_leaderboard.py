"""``!top`` rules: who has played enough to rank, and ties sharing a rank."""

from __future__ import annotations

from datetime import datetime

from etstats.stats.career import PlayerRef, Totals
from etstats.stats.leaderboard import MIN_MAPS, MIN_MINUTES, qualifies, ranked_values, standings


def ref(pid: int, name: str) -> PlayerRef:
    return PlayerRef(pid, f"{pid:08X}", name, False, None, datetime(2025, 1, 1))


def test_wins_need_maps_and_accuracy_needs_shots_as_well_as_minutes() -> None:
    assert qualifies("kills", Totals(minutes=MIN_MINUTES))
    assert not qualifies("kills", Totals(minutes=MIN_MINUTES - 1))
    assert qualifies("wins", Totals(maps=MIN_MAPS))
    assert not qualifies("wins", Totals(maps=MIN_MAPS - 1, minutes=600))
    assert not qualifies("accuracy", Totals(minutes=600, firearm_shots=10, firearm_hits=5))


def test_ties_share_a_rank_and_are_ordered_by_name() -> None:
    totals = {
        1: Totals(kills=50, minutes=60),
        2: Totals(kills=70, minutes=60),
        3: Totals(kills=50, minutes=60),
        4: Totals(kills=99, minutes=5),
    }
    values = ranked_values("kills", totals)
    assert values == {1: 50.0, 2: 70.0, 3: 50.0}
    people = {1: ref(1, "zed"), 2: ref(2, "amy"), 3: ref(3, "Bob")}
    ranked = standings(values, totals, people, limit=10)
    assert [(s.rank, s.player.name, s.value) for s in ranked] == [(1, "amy", 70.0), (2, "Bob", 50.0), (2, "zed", 50.0)]
    assert len(standings(values, totals, people, limit=2)) == 2
