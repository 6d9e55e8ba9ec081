"""Player lookup, careers, leaderboards and links on the real corpus (and a few made-up players).

Career numbers are re-added here from the raw files with a tiny decoder: a player's
career is his R1 lines plus, for each complete map, his R2 line minus his R1 line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, insert, select

from etstats.stats.leaderboard import MIN_MINUTES, qualifies
from etstats.stats.recorded import recorded, total
from etstats.store import schema as t
from etstats.store.all_time_totals import AllTimeTotals
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch
from etstats.store.player_queries import (
    career,
    find_players,
    link_players,
    player_totals,
    players_of_user,
    top,
    unlink_user,
)
from etstats.store.summaries import round_players
from tests.corpus_db import imported_database

pytestmark = pytest.mark.corpus

ENDEKK = "7B84BE88"
QMR = "652EB4A6"
USER = "123456789012345678"


def raw_line(data: bytes, guid: str) -> tuple[int, int, int, float] | None:
    """(kills, deaths, damage, minutes) of one GUID's line, straight from the bytes."""
    for line in data.decode("latin-1").replace("\r", "").split("\n")[1:]:
        parts = line.split("\\")
        if parts[0] != guid:
            continue
        block, _, ext = parts[-1].partition("\t")
        numbers = [int(n) for n in block.split()][1:]
        x = ext.split("\t")
        kills = sum(numbers[i + 2] for i in range(0, len(numbers), 5))
        deaths = sum(numbers[i + 3] for i in range(0, len(numbers), 5))
        return kills, deaths, int(x[0]), float(x[22])
    return None


@pytest.fixture(scope="module")
def db(module_db_urls: Callable[[], str], corpus_files: list[Path]) -> Engine:
    engine = imported_database(module_db_urls(), corpus_files)
    yield engine  # type: ignore[misc]
    engine.dispose()


@pytest.mark.parametrize(
    ("query", "guid", "matched"),
    [
        ("qmr", QMR, None),
        ("^3QMR", QMR, None),
        ("XI-WANG", QMR, "XI-WANG"),
        ("xi-wa", QMR, "XI-WANG"),
        ("7b84be88", ENDEKK, None),
        ("ENDEK", ENDEKK, None),
    ],
)
def test_find_one_player(db: Engine, query: str, guid: str, matched: str | None) -> None:
    with db.connect() as conn:
        [found] = find_players(conn, query)
    assert (found.guid, found.matched_name) == (guid, matched)


def test_find_several_or_none(db: Engine) -> None:
    with db.connect() as conn:
        several = find_players(conn, "a")
        assert len(several) > 5
        assert [p.last_seen for p in several] == sorted((p.last_seen for p in several), reverse=True)
        assert find_players(conn, "nobody-has-this-name") == []
        assert find_players(conn, "^1^2") == []
        assert find_players(conn, "   ") == []


@pytest.fixture
def made_up(db_url: str) -> Engine:
    """Players with names that test the lookup rules, straight into the tables."""
    engine = open_database(db_url)
    now = datetime(2025, 1, 1)
    rows = [
        (1, "AAAAAAAA", "Ärger", []),
        (2, "BBBBBBBB", "bob", ["bobby"]),
        (3, "CCCCCCCC", "bobcat", []),
        (4, "DDDDDDDD", "deadbeef", []),
        (5, "OMNIBOT0", "[BOT]bob", []),
    ]
    with engine.begin() as conn:
        for pid, guid, name, past in rows:
            conn.execute(
                insert(t.players).values(
                    id=pid, key=guid if pid != 5 else f"{guid}:{name}", guid=guid, name=name, is_bot=pid == 5,
                    first_seen=now, last_seen=now + timedelta(days=pid),
                )
            )  # fmt: skip
            for n, shown in enumerate([name, *past]):
                conn.execute(
                    insert(t.player_names).values(
                        player_id=pid, name=shown, raw_name=shown.encode() + bytes([n]), first_seen=now, last_seen=now
                    )
                )
    yield engine  # type: ignore[misc]
    engine.dispose()


def test_exact_names_beat_partial_ones(made_up: Engine) -> None:
    with made_up.connect() as conn:
        assert [p.id for p in find_players(conn, "BOB")] == [2]
        assert [p.id for p in find_players(conn, "bobb")] == [2]
        assert {p.id for p in find_players(conn, "bo")} == {2, 3, 5}


def test_names_fold_case_beyond_ascii(made_up: Engine) -> None:
    with made_up.connect() as conn:
        assert [p.id for p in find_players(conn, "ärg")] == [1]
        assert [p.id for p in find_players(conn, "ÄRGER")] == [1]


def test_a_guid_nobody_has_is_tried_as_a_name(made_up: Engine) -> None:
    with made_up.connect() as conn:
        assert [p.id for p in find_players(conn, "DEADBEEF")] == [4]
        assert [p.id for p in find_players(conn, "bbbbbbbb")] == [2]


def test_link_lookup_and_unlink(made_up: Engine) -> None:
    with made_up.begin() as conn:
        link_players(conn, [2, 3], USER)
    with made_up.connect() as conn:
        assert [p.id for p in players_of_user(conn, int(USER))] == [3, 2]
    with made_up.begin() as conn:
        assert unlink_user(conn, USER) == 2
        assert unlink_user(conn, USER) == 0
    with made_up.connect() as conn:
        assert players_of_user(conn, USER) == []


def counted_pairs(db: Engine) -> tuple[list[tuple[str, str]], list[str]]:
    """Complete maps (R1, R2 file names) and Round 1 files that count on their own."""
    r, m = t.rounds.c, t.matches.c
    with db.connect() as conn:
        names = dict(conn.execute(select(r.id, r.name)).all())
        pairs = [(names[a], names[b]) for a, b in conn.execute(select(m.round1_id, m.round2_id))]
        paired = {n for pair in pairs for n in pair}
        alone = conn.execute(select(r.name).where(r.round == 1, r.shutdown_save.is_(False))).scalars().all()
    return pairs, [n for n in alone if n not in paired]


def test_career_is_the_sum_of_the_raw_files(db: Engine, corpus_dir: Path) -> None:
    pairs, alone = counted_pairs(db)
    kills = deaths = damage = 0
    minutes = 0.0
    maps = 0
    for name in alone:
        line = raw_line((corpus_dir / name).read_bytes(), ENDEKK)
        if line:
            kills, deaths, damage, minutes = kills + line[0], deaths + line[1], damage + line[2], minutes + line[3]
    for r1_name, r2_name in pairs:
        early = raw_line((corpus_dir / r1_name).read_bytes(), ENDEKK)
        late = raw_line((corpus_dir / r2_name).read_bytes(), ENDEKK)
        if early is None and late is None:
            continue
        maps += 1
        last = late or early
        assert last is not None
        if early is not None and late is not None and any(b < a for a, b in zip(early, late)):
            last = tuple(a + b for a, b in zip(early, late))  # type: ignore[assignment]
        kills, deaths, damage, minutes = kills + last[0], deaths + last[1], damage + last[2], minutes + last[3]
    with db.connect() as conn:
        [ref] = find_players(conn, ENDEKK)
        result = career(conn, [ref])
    x = result.totals
    assert (x.kills, x.deaths, x.damage) == (kills, deaths, damage)
    assert x.minutes == pytest.approx(minutes, abs=0.5)
    assert x.dpm == pytest.approx(damage / minutes, rel=1e-3)
    assert x.maps == maps
    assert x.wins + x.draws <= x.maps
    assert x.accuracy is not None and 10 < x.accuracy < 60
    assert result.favourite_weapon is not None and result.favourite_weapon[1] > 0
    assert [m.played_at for m in result.recent] == sorted((m.played_at for m in result.recent), reverse=True)
    assert len(result.recent) == 10 and result.recent[0].map == "braundorf_b4"
    assert result.names[0].name == "endekk"
    assert result.evenings >= 1


def test_career_joins_several_guids_of_one_person(db: Engine) -> None:
    with db.connect() as conn:
        endekk = find_players(conn, ENDEKK)
        qmr = find_players(conn, QMR)
        both = career(conn, endekk + qmr).totals
        one, other = career(conn, endekk).totals, career(conn, qmr).totals
    assert both.kills == one.kills + other.kills
    assert both.firearm_shots == one.firearm_shots + other.firearm_shots


def _maps_played(conn: Connection, player_id: int) -> set[int]:
    m, mp, r = t.matches.c, t.match_players.c, t.rounds.c
    counted = select(r.id).where(r.orphan.is_(False), r.shutdown_save.is_(False))
    query = (
        select(mp.match_id)
        .join(t.matches, m.id == mp.match_id)
        .where(mp.player_id == player_id, mp.grp.in_(("A", "B")), m.round2_id.in_(counted))
    )
    return set(conn.execute(query).scalars())


def test_a_map_two_guids_of_one_person_played_is_one_map_and_one_row(db: Engine) -> None:
    """!stats of a person with two linked GUIDs that played the same maps: each map once."""
    with db.connect() as conn:
        [endekk], [qmr] = find_players(conn, ENDEKK), find_players(conn, QMR)
        maps = _maps_played(conn, endekk.id), _maps_played(conn, qmr.id)
        both = career(conn, [endekk, qmr], recent=500)
        apart = career(conn, [endekk], recent=500), career(conn, [qmr], recent=500)
    assert maps[0] & maps[1], "the corpus has maps both played"
    assert both.totals.maps == len(maps[0] | maps[1])
    assert both.totals.wins <= apart[0].totals.wins + apart[1].totals.wins
    rows = [(m.played_at, m.map) for m in both.recent]
    assert len(rows) == len(set(rows)) == len({(m.played_at, m.map) for c in apart for m in c.recent})
    kills = {(m.played_at, m.map): m.kills for m in both.recent}
    for one in apart:
        for m in one.recent:
            assert kills[(m.played_at, m.map)] >= m.kills


def test_leaderboard_ranks_qualified_humans_by_the_metric(db: Engine) -> None:
    with db.connect() as conn:
        board = top(conn, "kd", "all", limit=50)
        everyone = player_totals(conn, None)
    values = [s.value for s in board.standings]
    assert values == sorted(values, reverse=True)
    assert all(s.totals.minutes >= MIN_MINUTES and not s.player.is_bot for s in board.standings)
    assert all(s.value == pytest.approx(s.totals.kills / s.totals.deaths) for s in board.standings if s.totals.deaths)
    ranked = {s.player.id for s in board.standings}
    unqualified = [pid for pid, x in everyone.items() if pid not in ranked and not qualifies("kd", x)]
    assert board.unqualified <= len(unqualified)
    assert board.unqualified > 0


def test_ties_share_a_rank(db: Engine) -> None:
    with db.connect() as conn:
        board = top(conn, "wins", "session", limit=10)
    assert [s.rank for s in board.standings] == [1, 1, 1, 4, 4, 4]


@pytest.mark.parametrize("period", ["week", "month", "session"])
def test_periods_count_back_from_the_newest_play(db: Engine, period: str) -> None:
    with db.connect() as conn:
        board = top(conn, "kills", period)
    assert board.until == datetime(2025, 11, 11, 23, 39, 11)
    expected_since = {
        "week": board.until - timedelta(days=7),
        "month": board.until - timedelta(days=30),
        "session": datetime(2025, 11, 11, 21, 26, 28),
    }[period]
    assert board.since == expected_since
    assert board.standings[0].player.name == ("vid" if period == "month" else "carniee")


def test_unknown_metric_or_period_is_refused(db: Engine) -> None:
    with db.connect() as conn, pytest.raises(ValueError):
        top(conn, "elo", "all")


def test_all_time_cache_matches_a_full_sum_and_notices_old_imports(db_url: str, corpus_files: list[Path]) -> None:
    """Importing an old evening after the cache was filled must show up in the next answer."""
    old = [p for p in corpus_files if p.name.startswith("2025-10-14")]
    rest = [p for p in corpus_files if p not in old]
    engine = open_database(db_url)
    cache = AllTimeTotals(tail=timedelta(days=7))
    with engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(p.name, p.read_bytes()) for p in rest])
    for step in ("before", "after"):
        with engine.connect() as conn:
            cached = top(conn, "kills", "all", limit=30, all_time=cache)
            full = top(conn, "kills", "all", limit=30)
        assert [(s.player.id, s.value) for s in cached.standings] == [(s.player.id, s.value) for s in full.standings]
        if step == "before":
            before = {s.player.id: s.value for s in cached.standings}
            with engine.begin() as conn:
                import_batch(conn, "local", [IncomingFile(p.name, p.read_bytes()) for p in old])
    after = {s.player.id: s.value for s in cached.standings}
    engine.dispose()
    assert after != before


def test_career_recorded_fields_are_the_rounds_added_up(db: Engine) -> None:
    """The window-aggregated career equals the pure per-round rule added over endekk's counted rounds."""
    r = t.rounds.c
    with db.connect() as conn:
        [ref] = find_players(conn, ENDEKK)
        result = career(conn, [ref])
        counted = conn.execute(select(r.id).where(r.orphan.is_(False), r.shutdown_save.is_(False))).scalars()
        mine = [p for round_id in counted for p in round_players(conn, round_id) if p.guid == ENDEKK]
    expected = total(recorded(p) for p in mine)
    got = result.recorded
    assert got.dead_minutes == pytest.approx(expected.dead_minutes)
    assert replace(got, dead_minutes=None) == replace(expected, dead_minutes=None)
    assert got.dynamites_planted and got.multikills and got.denied_seconds, "endekk plants and chains kills"
