"""The running score of an evening: map wins per group while the same two groups play each other."""

from __future__ import annotations

from datetime import datetime

from etstats.stats.outcome import MapWinner
from etstats.stats.players import PlayerStats
from etstats.stats.session_summary import score_runs
from etstats.stats.summary import MapSummary, RoundSummary


def _player(key: str) -> PlayerStats:
    return PlayerStats(key=key, guid=key, name=key, display_name=key, team=1, is_bot=False, weapons={}, values={})


def _map(a: str, b: str, winner: MapWinner | None, *, complete: bool = True) -> MapSummary:
    r = RoundSummary("s", "m", 2, "srv", "f", datetime(2025, 1, 1), None, None, 0, 0, [])  # type: ignore[arg-type]
    return MapSummary(
        source="s", map="m", played_at=datetime(2025, 1, 1), round1=r if complete else None, round2=r,
        winner=winner, time_to_beat_s=None,
        group_a=[_player(k) for k in a], group_b=[_player(k) for k in b],
    )  # fmt: skip


def test_score_runs_follow_group_sets_not_sides() -> None:
    maps = [
        _map("xy", "uv", MapWinner.A),  # x,y win
        _map("uv", "xy", MapWinner.A),  # sides swapped: u,v win
        _map("xy", "uv", MapWinner.DRAW),
        _map("uv", "xy", None, complete=False),  # Round 1 missing: neither counts nor breaks
        _map("uv", "xy", MapWinner.B),  # x,y win
        _map("xu", "yv", MapWinner.A),  # teams changed
        _map("xy", "uv", None),
    ]
    runs = score_runs(maps, {})
    assert [(r.maps, r.first_wins, r.second_wins, r.draws, r.unknown) for r in runs] == [
        ([1, 2, 3, 5], 2, 1, 1, 0),
        ([6], 1, 0, 0, 0),
        ([7], 0, 0, 0, 1),
    ]
    assert runs[0].first == frozenset("xy")
