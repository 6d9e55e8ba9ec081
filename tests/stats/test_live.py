"""The live view: clock, DPM order, sides, the Round 2 pace, and when data counts as stale."""

from __future__ import annotations

import dataclasses

import pytest

from etstats.gamestats.live import LivePlayer, LiveSnapshot
from etstats.stats.live import Pace, Side, attackers_pace, live_view, other_map, stale_reason

NOW = 1_760_000_000


def player(slot: int, team: int, damage: int, kills: int = 0, deaths: int = 0, alive: bool = True) -> LivePlayer:
    return LivePlayer(slot, f"p{slot}", team, kills, deaths, damage, 0, 0, alive)


def snapshot(**changes: object) -> LiveSnapshot:
    base = LiveSnapshot(
        file="live-1.json", seq=1, written_at=NOW, interval_s=5, server="s", map="supply", round=1,
        state="playing", defender_team=1, started_at=NOW - 120, start_ms=0, elapsed_ms=120_500, time_limit_s=600,
        time_to_beat_s=None,
        players=(player(0, 1, 600, 3, 1), player(1, 2, 900, 2, 0), player(2, 3, 5000), player(3, 2, 300, 0, 2, False)),
    )  # fmt: skip
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("attack", "defend", "elapsed", "to_beat", "pace"),
    [
        (1200, 1000, 100, 300, Pace.ON_PACE),
        (1000, 1000, 100, 300, Pace.ON_PACE),
        (999, 1000, 100, 300, Pace.BEHIND),
        (5000, 10, 300, 300, Pace.OUT_OF_TIME),
        (0, 0, 0, 300, Pace.ON_PACE),
    ],
)
def test_attackers_pace(attack: int, defend: int, elapsed: int, to_beat: int, pace: Pace) -> None:
    assert attackers_pace(attack, defend, elapsed, to_beat) is pace


def test_round_one_view_orders_by_dpm_and_leaves_spectators_out() -> None:
    view = live_view(snapshot(), NOW + 2)
    assert [r.name for r in view.rows] == ["p1", "p0", "p3"]
    assert view.rows[0].dpm == pytest.approx(900 / 2) and view.rows[0].kd == 2.0
    assert view.rows[0].side is Side.ATTACK and view.rows[1].side is Side.DEFEND
    assert (view.elapsed_s, view.time_left_s, view.pace, view.stale) == (120, 480, None, None)
    assert view.alive == {Side.ATTACK: 1, Side.DEFEND: 1}


def test_round_two_clock_counts_down_the_time_to_beat_and_judges_the_pace() -> None:
    view = live_view(snapshot(round=2, time_to_beat_s=300, time_limit_s=300), NOW)
    assert (view.time_left_s, view.time_to_beat_s) == (180, 300)
    assert view.pace is Pace.ON_PACE  # attackers (allies) 1200 damage against 600
    late = live_view(snapshot(round=2, time_to_beat_s=100, time_limit_s=100), NOW)
    assert (late.time_left_s, late.pace) == (0, Pace.OUT_OF_TIME)


def test_warmup_shows_no_clock_and_no_dpm() -> None:
    view = live_view(snapshot(state="warmup"), NOW)
    assert view.elapsed_s == 0 and all(r.dpm is None for r in view.rows) and view.stale is None


def test_stale_when_the_server_stopped_writing_or_the_round_is_over() -> None:
    assert stale_reason(snapshot(), NOW + 20) is None
    assert stale_reason(snapshot(), NOW + 21) == "no update from the server for 21s"
    assert stale_reason(snapshot(interval_s=30), NOW + 60) is None
    assert stale_reason(snapshot(state="ended"), NOW) == "the server says ended"
    assert live_view(snapshot(), NOW, problem="live-1.json: cut short").stale == "live-1.json: cut short"


def test_a_round_two_file_of_another_map_than_the_last_round_one_is_refused() -> None:
    round2 = snapshot(round=2, time_to_beat_s=300)
    assert other_map(round2, "goldrush", 1) == "live-1.json says Round 2 of supply, but the last Round 1 was goldrush"
    assert other_map(round2, "supply", 1) is None
    assert other_map(round2, "goldrush", 2) is None  # a new map began; its Round 1 file is not in yet
    assert other_map(snapshot(), "goldrush", 1) is None
