"""Predictions are recorded before each map from earlier maps only, and never rewritten."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from etstats.stats.ratings import RatingState, walk_forward
from etstats.store import schema as t
from etstats.store.importer import IncomingFile
from etstats.store.match_sync import delete_matches
from etstats.store.queries import list_matches
from etstats.store.ratings import rated_maps, rating_board, update_ratings
from tests.store.helpers import rows, run_batches, scalar

pytestmark = pytest.mark.corpus


def _chances(engine: Engine) -> dict[str, float | None]:
    with engine.connect() as conn:
        return {m.round1_file: m.p_group_a for m in list_matches(conn)}


def _skills(engine: Engine) -> dict[int, tuple[float, float, int]]:
    found = rows(engine, "SELECT player_id, mu, sigma, maps FROM player_ratings ORDER BY player_id")
    return {player: (mu, sigma, maps) for player, mu, sigma, maps in found}


def _same_skills(one: dict[int, tuple[float, float, int]], other: dict[int, tuple[float, float, int]]) -> bool:
    return one.keys() == other.keys() and all(one[p] == pytest.approx(other[p]) for p in one)


def test_every_map_is_predicted_from_the_maps_before_it(corpus_db: Engine) -> None:
    """The stored chances equal a walk through the maps in time order, and the skills its end state."""
    with corpus_db.connect() as conn:
        maps = rated_maps(conn)
    state = RatingState.empty()
    expected = {}
    for match_id, _, played in maps:
        prediction, _ = state.fold(played)
        expected[match_id] = None if prediction is None else prediction.p_group_a
    stored = dict(rows(corpus_db, "SELECT match_id, p_group_a FROM match_predictions"))
    assert stored == pytest.approx(expected)
    assert len(stored) == 88 and all(p is not None and 0 < p < 1 for p in stored.values())
    assert set(_skills(corpus_db)) == set(state.skills)
    assert scalar(corpus_db, "SELECT count(*) FROM match_predictions WHERE late") == 0
    first = maps[0][0]
    assert stored[first] == pytest.approx(0.5), "nothing known before the first map: an even chance"


def test_a_prediction_does_not_change_when_later_maps_arrive(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile], corpus_db: Engine
) -> None:
    engine = new_engine()
    half = len(corpus_incoming) // 2
    run_batches(engine, [corpus_incoming[:half]])
    before = _chances(engine)
    assert before and all(p is not None for p in before.values())
    run_batches(engine, [corpus_incoming[half:]])
    after = _chances(engine)
    assert {name: after[name] for name in before} == before
    assert after == _chances(corpus_db), "imported in two batches or one, the same predictions"
    assert _same_skills(_skills(engine), _skills(corpus_db))


def test_a_late_older_map_gets_the_chance_it_would_have_had_and_changes_no_other(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile], corpus_db: Engine
) -> None:
    """Two files of an October map arrive after the rest.

    The late map is marked ``late`` and predicted from the skills its players had before
    it, so it gets exactly the chance it got in time order; the predictions already made
    for the maps after it stay as they were (they were shown without it); and its result
    is learned from now on.
    """
    late_pair = [f for f in corpus_incoming if f.name.startswith("2025-10-21-2") and "supply" in f.name][:2]
    assert [f.name[-11:] for f in late_pair] == ["round-1.txt", "round-2.txt"]
    engine = new_engine()
    run_batches(engine, [[f for f in corpus_incoming if f not in late_pair]])
    before = _chances(engine)
    run_batches(engine, [late_pair])
    after = _chances(engine)
    assert {name: after[name] for name in before} == before
    in_order = _chances(corpus_db)
    assert after[late_pair[0].name] == pytest.approx(in_order[late_pair[0].name])
    assert rows(engine, "SELECT late FROM match_predictions WHERE late") == [(1,)]
    changed = [name for name in before if before[name] != pytest.approx(in_order[name])]
    assert changed, "the maps after the late one were predicted without it, and keep saying so"
    maps_rated = {p: n for p, (_, _, n) in _skills(engine).items()}
    assert maps_rated == {p: n for p, (_, _, n) in _skills(corpus_db).items()}, "its result was learned"


def test_a_removed_map_is_taken_out_of_the_ratings(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    engine = new_engine()
    run_batches(engine, [corpus_incoming[:60]])
    with engine.begin() as conn:
        newest = conn.execute(t.matches.select().order_by(t.matches.c.played_at.desc())).first()
        assert newest is not None
        delete_matches(conn, t.matches.c.id == newest.id)
    run_batches(engine, [corpus_incoming[60:]])
    with engine.connect() as conn:
        expected = RatingState.empty()
        for _, _, played in rated_maps(conn):
            expected.fold(played)
    assert _same_skills(_skills(engine), {p: (s.mu, s.sigma, s.maps) for p, s in expected.skills.items()})


def test_nothing_new_changes_nothing(corpus_db: Engine) -> None:
    with corpus_db.begin() as conn:
        assert update_ratings(conn) == []


def test_calibrated_chances_beat_the_base_rate_on_unseen_maps(corpus_db: Engine) -> None:
    """Walk-forward Brier scores on the real maps: never worse than always saying the base rate so far."""
    with corpus_db.connect() as conn:
        report = walk_forward([played for _, _, played in rated_maps(conn)])
    assert report.maps == 88
    assert report.shown <= report.base_rate
    assert report.shown <= report.hindsight, "better even than the base rate known only afterwards"
    assert report.shown <= 0.25, "no worse than a coin"


def test_the_rating_board_needs_enough_maps(corpus_db: Engine) -> None:
    with corpus_db.connect() as conn:
        board = rating_board(conn, min_maps=10)
        everyone = rating_board(conn, min_maps=0)
    assert board.standings and all(p.skill.maps >= 10 for p in board.standings)
    assert len(everyone.standings) == len(board.standings) + board.unqualified
    assert everyone.unqualified == 0
    ratings = [p.skill.rating for p in board.standings]
    assert ratings == sorted(ratings, reverse=True)
    best = board.standings[0]
    assert board.rank_of([best.player_id]) == 1 and board.rank_of([-1]) is None
