"""Game evenings: a new session after more than 60 minutes without a round file."""

from __future__ import annotations

from datetime import datetime, timedelta

from etstats.gamestats import RoundFile
from etstats.stats.sessions import group_sessions

T0 = datetime(2025, 10, 14, 21, 0)


def _minutes(*offsets: float) -> list[datetime]:
    return [T0 + timedelta(minutes=m) for m in offsets]


def test_gap_of_exactly_60_minutes_stays_one_session() -> None:
    assert len(group_sessions(_minutes(0, 60, 120), lambda t: t)) == 1


def test_gap_above_60_minutes_starts_a_new_session() -> None:
    sessions = group_sessions(_minutes(0, 10, 70 + 1 / 60, 75), lambda t: t)
    assert [len(s) for s in sessions] == [2, 2]


def test_input_order_does_not_matter() -> None:
    times = _minutes(200, 0, 10, 500)
    assert group_sessions(times, lambda t: t) == [_minutes(0, 10), _minutes(200), _minutes(500)]


def test_empty() -> None:
    assert group_sessions([], lambda t: t) == []


def test_midnight_crossing_evening_is_one_session(corpus_rounds: dict[str, RoundFile]) -> None:
    """2025-10-19 21:26 until 2025-10-20 00:00: the evening goes on past midnight."""
    sessions = group_sessions(list(corpus_rounds.values()), lambda r: r.file.written_at)
    evening = next(s for s in sessions if s[0].file.name.startswith("2025-10-19-212643"))
    assert evening[-1].file.name == "2025-10-20-000043-etl_adlernest-round-2.txt"
    both_days = [n for n in sorted(corpus_rounds) if n.startswith(("2025-10-19", "2025-10-20"))]
    assert [r.file.name for r in evening] == both_days


def test_corpus_session_count(corpus_rounds: dict[str, RoundFile]) -> None:
    """Counted by hand from the sorted names: every break longer than an hour starts an evening."""
    moments = sorted(r.file.written_at for r in corpus_rounds.values())
    breaks = sum(1 for a, b in zip(moments, moments[1:]) if b - a > timedelta(hours=1))
    sessions = group_sessions(list(corpus_rounds.values()), lambda r: r.file.written_at)
    assert len(sessions) == breaks + 1 == 35
    assert sum(len(s) for s in sessions) == 201
