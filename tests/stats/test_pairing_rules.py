"""Pairing rules on made-up rounds: window, map, clock hand-over, single use, sources (§4.3)."""

from __future__ import annotations

from datetime import datetime, timedelta

from etstats.stats.pairing import RoundRef, pair_rounds

T0 = datetime(2025, 10, 14, 21, 0, 0)


def _ref(minute: float, round_no: int, map_name: str = "supply", *, limit: int = 720, next_limit: int = 470,
         source: str = "a", shutdown: bool = False) -> RoundRef:  # fmt: skip
    when = T0 + timedelta(minutes=minute)
    name = f"{when:%Y-%m-%d-%H%M%S}-{map_name}-round-{round_no}.txt"
    return RoundRef(name, source, name, map_name, round_no, when, limit, next_limit, shutdown)


def _r2(minute: float, map_name: str = "supply", clock: int = 470, *, source: str = "a",
        shutdown: bool = False) -> RoundRef:  # fmt: skip
    return _ref(minute, 2, map_name, limit=clock, next_limit=clock, source=source, shutdown=shutdown)


def test_window_is_45_minutes_inclusive() -> None:
    assert len(pair_rounds([_ref(0, 1), _r2(45)]).matches) == 1
    late = pair_rounds([_ref(0, 1), _r2(45 + 1 / 60)])
    assert late.matches == [] and len(late.orphan_r2) == 1 and len(late.abandoned_r1) == 1


def test_r2_clock_must_be_the_time_r1_handed_over() -> None:
    """R1 set 7:50 (470 s); an R2 played against 12:00 is not its second half."""
    result = pair_rounds([_ref(0, 1, next_limit=470), _r2(10, clock=720)])
    assert result.matches == []
    assert len(pair_rounds([_ref(0, 1, next_limit=470), _r2(10, clock=470)]).matches) == 1


def test_full_hold_hands_over_the_full_limit() -> None:
    assert len(pair_rounds([_ref(0, 1, next_limit=720), _r2(15, clock=720)]).matches) == 1


def test_other_map_does_not_pair() -> None:
    result = pair_rounds([_ref(0, 1, "supply"), _r2(10, "etl_ice")])
    assert result.matches == [] and [r.map for r in result.orphan_r2] == ["etl_ice"]


def test_r1_is_used_once() -> None:
    """R2 played twice: the first takes the R1, the second is an orphan."""
    result = pair_rounds([_ref(0, 1), _r2(10), _r2(20)])
    assert [(a.written_at, b.written_at) for a, b in result.matches] == [(T0, T0 + timedelta(minutes=10))]
    assert [r.written_at for r in result.orphan_r2] == [T0 + timedelta(minutes=20)]


def test_latest_preceding_r1_wins() -> None:
    result = pair_rounds([_ref(0, 1), _ref(12, 1), _r2(20)])
    assert [a.written_at for a, _ in result.matches] == [T0 + timedelta(minutes=12)]
    assert [r.written_at for r in result.abandoned_r1] == [T0]


def test_shutdown_save_between_does_not_break_the_pair() -> None:
    """A quarantined shutdown-path R2 is an orphan and leaves the open R1 for the real R2."""
    result = pair_rounds([_ref(0, 1), _r2(5, shutdown=True), _r2(10)])
    assert len(result.matches) == 1 and result.matches[0][1].written_at == T0 + timedelta(minutes=10)
    assert [r.shutdown_save for r in result.orphan_r2] == [True]


def test_midnight_crossing_needs_no_special_case() -> None:
    r1 = RoundRef(1, "a", "r1", "supply", 1, datetime(2025, 10, 19, 23, 53, 7), 720, 470)
    r2 = RoundRef(2, "a", "r2", "supply", 2, datetime(2025, 10, 20, 0, 0, 43), 470, 470)
    assert [(a.id, b.id) for a, b in pair_rounds([r2, r1]).matches] == [(1, 2)]


def test_sources_are_paired_separately() -> None:
    """Two servers: an R1 on one never pairs with an R2 on the other."""
    result = pair_rounds([_ref(0, 1, source="a"), _r2(10, source="b")])
    assert result.matches == [] and len(result.open_r1) == 1 and len(result.orphan_r2) == 1


def test_input_order_does_not_matter() -> None:
    rounds = [_ref(0, 1), _r2(10), _ref(20, 1, "etl_ice"), _r2(30, "etl_ice")]
    forward = pair_rounds(rounds)
    backward = pair_rounds(list(reversed(rounds)))
    assert [(a.id, b.id) for a, b in forward.matches] == [(a.id, b.id) for a, b in backward.matches]
    assert len(forward.matches) == 2
