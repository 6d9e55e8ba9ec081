"""Milestones: round numbers crossed by a map, and the career totals around a map in the corpus."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from etstats.stats.milestones import CareerChange, Milestone, milestones, passed, round_numbers
from etstats.store import player_queries as players
from etstats.store import schema as t
from etstats.store.milestone_queries import map_career_changes
from etstats.store.notify import set_notify
from tests.corpus_db import imported_database

NOW = datetime(2025, 11, 12, 12, 0)


def test_round_numbers_follow_the_1_2_5_series() -> None:
    assert list(islice(round_numbers(100), 8)) == [100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000]
    assert list(islice(round_numbers(50), 3)) == [50, 100, 250]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (99, 100, 100),
        (100, 140, None),
        (0, 99, None),
        (0, 300, 250),
        (990, 1_010, 1_000),
        (7, 7, None),
        (300, 200, None),
    ],
)
def test_only_the_highest_round_number_crossed_counts(before: int, after: int, expected: int | None) -> None:
    assert passed(before, after, 100) == expected


def test_milestones_per_metric_biggest_first_and_mentions_only_when_opted_in() -> None:
    changes = [
        CareerChange("vid", {"kills": 990, "revives": 40, "maps": 49}, {"kills": 1_012, "revives": 44, "maps": 50},
                     discord_user_id="111", notify=True),
        CareerChange("olz", {"kills": 240, "revives": 99}, {"kills": 260, "revives": 101}, discord_user_id="222"),
        CareerChange("nobody", {"kills": 10}, {"kills": 30}),
    ]  # fmt: skip
    assert milestones(changes) == [
        Milestone("vid", "kills", 1_000, "111"),
        Milestone("olz", "kills", 250, None),
        Milestone("olz", "revives", 100, None),
        Milestone("vid", "maps", 50, "111"),
    ]
    assert [m.label for m in milestones(changes)] == ["kills", "kills", "revives", "maps played"]


@pytest.fixture
def corpus(tmp_path: Path, corpus_files: list[Path]) -> Iterator[Engine]:
    engine = imported_database(tmp_path / "milestones.db", corpus_files)
    yield engine
    engine.dispose()


def _map_round2(engine: Engine, round2_name: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(t.rounds.c.id).where(t.rounds.c.name == round2_name)).scalar_one()


def _by_name(changes: list[CareerChange]) -> dict[str, CareerChange]:
    return {c.name: c for c in changes}


@pytest.mark.corpus
def test_vid_reaches_1000_kills_on_adlernest(corpus: Engine) -> None:
    adlernest = _map_round2(corpus, "2025-10-22-213450-etl_adlernest-round-2.txt")
    with corpus.connect() as conn:
        changes = _by_name(map_career_changes(conn, adlernest))
    vid = changes["vid"]
    assert vid.before["kills"] < 1_000 <= vid.after["kills"]
    assert vid.after["maps"] == vid.before["maps"] + 1
    assert Milestone("vid", "kills", 1_000) in milestones(list(changes.values()))


@pytest.mark.corpus
def test_after_the_newest_map_the_totals_are_the_careers(corpus: Engine) -> None:
    """On the last map of the corpus, "after" must equal what ``!stats`` counts for each player."""
    newest = _map_round2(corpus, "2025-11-11-233911-braundorf_b4-round-2.txt")
    with corpus.connect() as conn:
        changes = map_career_changes(conn, newest)
        assert len(changes) >= 6
        for change in changes:
            [ref] = [p for p in players.find_players(conn, change.name) if p.name == change.name]
            totals = players.career(conn, [ref]).totals
            assert change.after == {"kills": totals.kills, "revives": totals.revives, "maps": totals.maps}
            assert change.before["maps"] == totals.maps - 1
            assert (change.discord_user_id, change.notify) == (None, False)


@pytest.mark.corpus
def test_linked_guids_count_together_and_only_opted_in_users_are_mentioned(corpus: Engine) -> None:
    newest = _map_round2(corpus, "2025-11-11-233911-braundorf_b4-round-2.txt")
    with corpus.begin() as conn:
        alone = _by_name(map_career_changes(conn, newest))
        [vid] = [p for p in players.find_players(conn, "vid") if p.name == "vid"]
        [olz] = [p for p in players.find_players(conn, ".olz") if p.name == ".olz"]
        other_guid = next(p for p in players.find_players(conn, "endekk") if p.name == "endekk")
        players.link_players(conn, [vid.id, other_guid.id], "111111111111111111")
        players.link_players(conn, [olz.id], "222222222222222222")
        set_notify(conn, "111111111111111111", True, NOW)
        linked = map_career_changes(conn, newest)
    by_user = {c.discord_user_id: c for c in linked}
    merged = by_user["111111111111111111"]
    assert merged.notify and merged.after["kills"] == alone["vid"].after["kills"] + alone["endekk"].after["kills"]
    assert not by_user["222222222222222222"].notify
    assert len(linked) == len(alone) - 1
    mentions = {m.mention for m in milestones(linked)}
    assert mentions <= {None, "111111111111111111"}
