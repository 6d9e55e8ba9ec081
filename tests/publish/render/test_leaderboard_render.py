"""The ``!top`` embed for every metric and period, and with hostile names."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from etstats.publish.render.leaderboard import leaderboard_embed
from etstats.stats.leaderboard import METRICS, PERIODS, Leaderboard
from etstats.store.player_queries import top
from tests.publish.render.hostile import NAMES, assert_sendable
from tests.publish.render.phone import assert_fits_phone


@pytest.fixture(scope="module")
def boards(corpus_engine: Engine) -> dict[tuple[str, str], Leaderboard]:
    with corpus_engine.connect() as conn:
        return {(m, p): top(conn, m, p) for m in METRICS for p in PERIODS}


def test_every_metric_and_period_renders(boards: dict[tuple[str, str], Leaderboard]) -> None:
    for (metric, period), board in boards.items():
        embed = leaderboard_embed(board)
        assert_sendable([[embed]])
        table = embed["description"].split("```")[1].strip("\n").splitlines()
        assert len(table) == 1 + len(board.standings), (metric, period)


def test_golden_kd_over_the_last_month(boards: dict[tuple[str, str], Leaderboard]) -> None:
    embed = leaderboard_embed(boards["kd", "month"])
    assert embed["title"] == "🏆 Top K/D"
    lines = embed["description"].splitlines()
    assert lines[0] == "Last 30 days of play: 2025-10-12 – 2025-11-11"
    assert lines[2] == " # Player              K/D      K      D"
    assert lines[3].split() == ["1", "squAze:)", "1.64", "236", "144"]
    assert len({len(line) for line in lines[2:-1]}) == 1, "columns are aligned"
    assert embed["footer"]["text"].startswith("To rank: 30 min played")


def test_an_empty_board_says_why(boards: dict[tuple[str, str], Leaderboard]) -> None:
    empty = replace(boards["kills", "week"], standings=[], unqualified=4)
    embed = leaderboard_embed(empty)
    assert "Nobody has played enough" in embed["description"]
    assert embed["footer"]["text"].endswith("4 below the minimum")
    nothing = leaderboard_embed(Leaderboard("kills", "all", None, None, [], 0))
    assert nothing["description"] == "Nothing has been imported yet."


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAMES, min_size=10, max_size=10), metric=st.sampled_from(METRICS))
def test_hostile_names_still_give_a_valid_embed(
    boards: dict[tuple[str, str], Leaderboard], names: list[str], metric: str
) -> None:
    board = boards[metric, "all"]
    hostile = replace(
        board, standings=[replace(s, player=replace(s.player, name=n)) for s, n in zip(board.standings, names)]
    )
    assert_sendable([[leaderboard_embed(hostile)]])
    assert_fits_phone(leaderboard_embed(hostile))
