"""Evenings kept as rounds arrive: an evening keeps its id as it grows, and a round between two joins them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine, select

from etstats.gamestats import parse_file_name
from etstats.stats.sessions import group_sessions
from etstats.store import schema as t
from etstats.store.importer import IncomingFile
from tests.store.helpers import rows, run_batches


def _sessions(engine: Engine) -> list[tuple]:
    s = t.sessions.c
    with engine.connect() as conn:
        return [
            tuple(r) for r in conn.execute(select(s.id, s.started_at, s.ended_at, s.round_count).order_by(s.started_at))
        ]


def _round_sessions(engine: Engine) -> dict[str, int]:
    return dict(rows(engine, "SELECT name, session_id FROM rounds"))


def test_an_evening_keeps_its_id_as_it_grows(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    evenings = group_sessions(corpus_incoming, lambda f: parse_file_name(f.name).written_at)
    evening = next(e for e in evenings if len(e) >= 6)[:6]
    engine = new_engine()
    run_batches(engine, [evening[:3]])
    [(first_id, *_)] = _sessions(engine)
    run_batches(engine, [evening[3:]])
    [(session_id, started, ended, count)] = _sessions(engine)
    assert session_id == first_id and count == 6
    assert set(_round_sessions(engine).values()) == {first_id}
    times = [parse_file_name(f.name).written_at for f in evening]
    assert (started, ended) == (min(times), max(times))


def _copy_at(source: IncomingFile, when: datetime, tag: int) -> IncomingFile:
    """The round again at another time, with bytes of its own (the same bytes would be a copy)."""
    rest = source.name[len("YYYY-MM-DD-HHMMSS") :]
    return IncomingFile(when.strftime("%Y-%m-%d-%H%M%S") + rest, f"[{tag}]".encode() + source.data)


def test_a_round_between_two_evenings_joins_them(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    round1 = next(f for f in corpus_incoming if f.name.endswith("round-1.txt"))
    start = datetime(2031, 5, 1, 20, 0, 0)
    early, late = _copy_at(round1, start, 1), _copy_at(round1, start + timedelta(minutes=100), 2)
    middle = _copy_at(round1, start + timedelta(minutes=50), 3)
    engine = new_engine()
    run_batches(engine, [[early], [late]])
    before = _sessions(engine)
    assert [count for *_, count in before] == [1, 1]
    run_batches(engine, [[middle]])
    [(session_id, started, ended, count)] = _sessions(engine)
    assert session_id == before[0][0], "the earlier evening's id lives on"
    assert (started, ended, count) == (start, start + timedelta(minutes=100), 3)
    assert set(_round_sessions(engine).values()) == {session_id}
