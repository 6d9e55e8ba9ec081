"""Import order must not matter: files arrive late, out of order, and in odd batches."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from etstats.store.database import open_database
from etstats.store.importer import IncomingFile
from tests.store.helpers import rows, run_batches

STATS_COLUMNS = ("line_no", "name", "team", "kills", "deaths", "headshots", "hits", "shots", "time_played_s",
                 "dpm", "flags", "damage_given", "damage_received", "alive_percent", "xp", "bullets_fired",
                 "time_played_minutes", "time_dead_ratio", "time_dead_minutes", "revives_given")  # fmt: skip


def _content(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Everything an import derives, keyed by names and GUIDs instead of generated ids."""
    stats = ", ".join(f"s.{c}" for c in STATS_COLUMNS)
    return {
        "matches": rows(
            engine,
            """
            SELECT r1.name, r2.name, m.map, m.played_at, m.round1_outcome, m.round2_outcome, m.winner,
                   m.time_to_beat_s
            FROM matches m JOIN rounds r1 ON r1.id = m.round1_id JOIN rounds r2 ON r2.id = m.round2_id
            ORDER BY 1""",
        ),
        "groups": rows(
            engine,
            """
            SELECT r1.name, p.key, mp.grp FROM match_players mp JOIN matches m ON m.id = mp.match_id
            JOIN rounds r1 ON r1.id = m.round1_id JOIN players p ON p.id = mp.player_id ORDER BY 1, 2""",
        ),
        "rounds": rows(
            engine,
            """
            SELECT r.name, r.orphan, r.outcome, s.started_at, s.round_count FROM rounds r
            JOIN sessions s ON s.id = r.session_id ORDER BY 1""",
        ),
        "stats": rows(
            engine,
            f"""
            SELECT r.name, p.key, {stats} FROM player_round_stats s JOIN rounds r ON r.id = s.round_id
            JOIN players p ON p.id = s.player_id ORDER BY 1, 2""",
        ),
        "weapons": rows(
            engine,
            """
            SELECT r.name, p.key, w.weapon, w.hits, w.shots, w.kills, w.deaths, w.headshots
            FROM weapon_stats w JOIN rounds r ON r.id = w.round_id JOIN players p ON p.id = w.player_id
            ORDER BY 1, 2, 3""",
        ),
        "players": rows(engine, "SELECT key, guid, name, first_seen, last_seen FROM players ORDER BY 1"),
        "names": rows(
            engine,
            """
            SELECT p.key, n.raw_name, n.name, n.first_seen, n.last_seen FROM player_names n
            JOIN players p ON p.id = n.player_id ORDER BY 1, 2""",
        ),
        "sessions": rows(engine, "SELECT started_at, ended_at, round_count FROM sessions ORDER BY 1"),
        "leftovers": _leftovers(engine),
    }


def _leftovers(engine: Engine) -> list[tuple[str, int]]:
    """Rows nothing points at any more: no foreign key removes per-map rows or keeps sessions whole."""
    checks = {
        "map players": "SELECT count(*) FROM match_players WHERE match_id NOT IN (SELECT id FROM matches)",
        "map ratings": "SELECT count(*) FROM match_ratings WHERE match_id NOT IN (SELECT id FROM matches)",
        "predictions": "SELECT count(*) FROM match_predictions WHERE match_id NOT IN (SELECT id FROM matches)",
        "empty sessions": "SELECT count(*) FROM sessions WHERE id NOT IN (SELECT session_id FROM rounds"
        " WHERE session_id IS NOT NULL)",
        "miscounted sessions": "SELECT count(*) FROM sessions s WHERE round_count"
        " <> (SELECT count(*) FROM rounds r WHERE r.session_id = s.id)",
        "rounds without session": "SELECT count(*) FROM rounds WHERE session_id IS NULL",
    }
    return [(name, rows(engine, sql)[0][0]) for name, sql in checks.items()]


@pytest.fixture(scope="module")
def in_order(module_db_urls: Callable[[], str], corpus_incoming: list[IncomingFile]) -> dict:
    engine = open_database(module_db_urls())
    run_batches(engine, [corpus_incoming])
    content = _content(engine)
    engine.dispose()
    return content


@pytest.mark.parametrize("seed, batches", [(1, 7), (2, 30), (3, 201)])
def test_shuffled_batches_give_the_same_database(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile], in_order: dict, seed: int, batches: int
) -> None:
    shuffled = list(corpus_incoming)
    random.Random(seed).shuffle(shuffled)
    size = -(-len(shuffled) // batches)
    engine = new_engine()
    run_batches(engine, [shuffled[i : i + size] for i in range(0, len(shuffled), size)])
    content = _content(engine)
    assert len(content["matches"]) == 88
    for table in in_order:
        assert content[table] == in_order[table], table


def test_newest_first_one_file_per_batch(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile], in_order: dict
) -> None:
    """The hardest order for re-deriving: every R2 lands before its R1."""
    engine = new_engine()
    run_batches(engine, [[f] for f in reversed(corpus_incoming)])
    assert _content(engine) == in_order
