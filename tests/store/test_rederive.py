"""An R2 stored before its R1 is re-derived when the R1 arrives (§4.4, 'R2 processed before its R1')."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from etstats.store.importer import IncomingFile
from tests.store.helpers import rows, run_batches

R1 = "2025-10-14-231545-erdenberg_t2-round-1.txt"
R2 = "2025-10-14-232419-erdenberg_t2-round-2.txt"
REPLAY_R1 = "2025-10-14-232000-erdenberg_t2-round-1.txt"


def _qmr(engine: Engine, name: str) -> list[tuple]:
    return rows(
        engine,
        """
        SELECT s.kills, s.deaths, s.damage_given, s.xp, s.flags FROM player_round_stats s
        JOIN rounds r ON r.id = s.round_id JOIN players p ON p.id = s.player_id
        WHERE r.name = :name AND p.guid = '652EB4A6'""",
        name=name,
    )


def _weapons(engine: Engine, name: str) -> dict[str, tuple]:
    found = rows(
        engine,
        """
        SELECT w.weapon, w.hits, w.shots, w.kills, w.deaths, w.headshots FROM weapon_stats w
        JOIN rounds r ON r.id = w.round_id JOIN players p ON p.id = w.player_id
        WHERE r.name = :name AND p.guid = '652EB4A6'""",
        name=name,
    )
    return {r[0]: r[1:] for r in found}


def _match(engine: Engine) -> list[tuple]:
    return rows(
        engine,
        """
        SELECT r1.name, r2.name FROM matches m
        JOIN rounds r1 ON r1.id = m.round1_id JOIN rounds r2 ON r2.id = m.round2_id""",
    )


def test_round1_after_round2_rederives_the_round2_rows(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    files = {f.name: f for f in corpus_incoming}
    engine = new_engine()
    [first] = run_batches(engine, [[files[R2]]])
    assert _qmr(engine, R2) == [(25, 26, 4618, 62, "")]  # the file's own R1+R2 values
    assert rows(engine, "SELECT orphan FROM rounds WHERE name = :n", n=R2) == [(1,)]
    assert _match(engine) == [] and first.new_matches == []
    [r2_id] = first.new_rounds

    [second] = run_batches(engine, [[files[R1]]])
    assert second.rederived_rounds == [r2_id]
    assert len(second.new_matches) == 1 and _match(engine) == [(R1, R2)]
    assert rows(engine, "SELECT orphan FROM rounds WHERE name = :n", n=R2) == [(0,)]
    assert _qmr(engine, R2) == [(25 - 14, 26 - 11, 4618 - 2295, 62, "")]
    assert _weapons(engine, R2)["thompson"] == (112, 297, 10, 8 - 7, 12)
    assert "garand" not in _weapons(engine, R2)


def test_same_result_as_importing_in_order(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    files = {f.name: f for f in corpus_incoming}
    late, in_order = new_engine(), new_engine()
    run_batches(late, [[files[R2]], [files[R1]]])
    run_batches(in_order, [[files[R1], files[R2]]])
    query = """SELECT r.name, p.key, s.line_no, s.kills, s.deaths, s.damage_given, s.dpm, s.alive_percent,
                      s.time_dead_ratio, s.flags
               FROM player_round_stats s JOIN rounds r ON r.id = s.round_id JOIN players p ON p.id = s.player_id
               ORDER BY 1, 2"""
    assert rows(late, query) == rows(in_order, query)


def test_a_later_replayed_round1_takes_over_the_round2(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    """R1 played twice and the replay arrives last: the R2 moves to it and is re-derived against it."""
    files = {f.name: f for f in corpus_incoming}
    replay = IncomingFile(REPLAY_R1, files[R1].data.replace(b"\t2295\t2638\t", b"\t1295\t2638\t"))
    engine = new_engine()
    run_batches(engine, [[files[R1], files[R2]]])
    assert _match(engine) == [(R1, R2)]
    [result] = run_batches(engine, [[replay]])
    assert _match(engine) == [(REPLAY_R1, R2)]
    assert len(result.rederived_rounds) == 1 and len(result.new_matches) == 1
    assert _qmr(engine, R2) == [(11, 15, 4618 - 1295, 62, "")]

    reference = new_engine()
    run_batches(reference, [[files[R1], replay, files[R2]]])
    query = """SELECT r.name, p.key, s.kills, s.deaths, s.damage_given, s.flags, r.orphan
               FROM player_round_stats s JOIN rounds r ON r.id = s.round_id
               JOIN players p ON p.id = s.player_id ORDER BY 1, 2"""
    assert rows(engine, query) == rows(reference, query)
    assert _match(reference) == _match(engine)
    per_map = "SELECT count(*) FROM {} WHERE match_id NOT IN (SELECT id FROM matches)"
    for table in ("match_players", "match_ratings", "match_predictions"):
        assert rows(engine, per_map.format(table)) == [(0,)], f"{table} kept rows of the replaced map"
