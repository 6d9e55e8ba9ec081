"""Game evenings from a database of the real corpus, checked against the raw files.

The numbers are recomputed here from the file bytes with a tiny decoder that shares no
code with etstats: a player's evening is the sum of his rounds, and for a paired map
that is simply his Round 2 line (the file holds R1+R2) unless his counters restarted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from etstats.store import schema as t
from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch
from etstats.store.session_queries import latest_session, latest_session_id, recent_maps, session_summary
from tests.corpus_db import imported_database

pytestmark = pytest.mark.corpus


@dataclass
class Line:
    kills: int
    deaths: int
    damage: int
    minutes: float
    team: int


def decode(data: bytes) -> tuple[list[str], dict[str, Line]]:
    """Header fields and each human's weapon-summed kills/deaths, X0 damage, X22 minutes, team."""
    text = data.decode("latin-1").replace("\r", "")
    first, *rest = text.split("\n")
    players = {}
    for line in filter(None, rest):
        parts = line.split("\\")
        block, _, ext = parts[-1].partition("\t")
        numbers = [int(n) for n in block.split()][1:]
        slots = [numbers[i : i + 5] for i in range(0, len(numbers), 5)]
        x = ext.split("\t")
        players[parts[0]] = Line(
            sum(s[2] for s in slots), sum(s[3] for s in slots), int(x[0]), float(x[22]), int(parts[-2])
        )
    return first.split("\\"), {g: p for g, p in players.items() if len(g) == 8 and g != "OMNIBOT0"}


def add(total: dict[str, Line], guid: str, line: Line) -> None:
    old = total.get(guid)
    if old is not None:
        line = Line(
            old.kills + line.kills, old.deaths + line.deaths, old.damage + line.damage,
            old.minutes + line.minutes, line.team,
        )  # fmt: skip
    total[guid] = line


def pair_totals(r1: dict[str, Line], r2: dict[str, Line]) -> dict[str, Line]:
    """Both rounds of a map: the R2 line, or R1 + R2 when the R2 counters went down (a reconnect)."""
    result: dict[str, Line] = {}
    for guid, late in r2.items():
        early = r1.get(guid)
        reset = early is not None and any(
            b < a for a, b in ((early.kills, late.kills), (early.deaths, late.deaths), (early.damage, late.damage),
                               (early.minutes, late.minutes))
        )  # fmt: skip
        add(result, guid, early if reset and early else Line(0, 0, 0, 0.0, late.team))
        add(result, guid, late)
    for guid, early in r1.items():
        if guid not in r2:
            add(result, guid, early)
    return result


@pytest.fixture(scope="module")
def db(module_db_urls: Callable[[], str], corpus_files: list[Path]) -> Engine:
    engine = imported_database(module_db_urls(), corpus_files)
    yield engine  # type: ignore[misc]
    engine.dispose()


def session_id_at(engine: Engine, started: str) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(t.sessions.c.id).where(t.sessions.c.started_at == datetime.fromisoformat(started))
        ).scalar_one()


def read(corpus_dir: Path, name: str) -> tuple[list[str], dict[str, Line]]:
    return decode((corpus_dir / name).read_bytes())


def test_the_latest_session_is_the_last_evening_with_its_maps_in_order(db: Engine, corpus_files: list[Path]) -> None:
    with db.connect() as conn:
        summary = latest_session(conn)
    assert summary is not None
    evening = [p.name for p in corpus_files if p.name.startswith("2025-11-11-2")]
    assert summary.started_at == datetime(2025, 11, 11, 21, 26, 28)
    assert summary.round_count == len(evening) == 20
    round2_maps = [name[18:].rsplit("-round", 1)[0] for name in evening if name.endswith("round-2.txt")]
    assert [m.map for m in summary.maps] == round2_maps
    assert all(m.round1 is not None for m in summary.maps)


def test_session_totals_are_the_sum_of_the_raw_files(db: Engine, corpus_dir: Path, corpus_files: list[Path]) -> None:
    names = [p.name for p in corpus_files if p.name.startswith("2025-11-11-2")]
    expected: dict[str, Line] = {}
    for r1_name, r2_name in zip(names[::2], names[1::2]):
        assert "round-1" in r1_name and "round-2" in r2_name
        for guid, line in pair_totals(read(corpus_dir, r1_name)[1], read(corpus_dir, r2_name)[1]).items():
            add(expected, guid, line)
    with db.connect() as conn:
        summary = latest_session(conn)
    assert summary is not None
    got = {p.guid: p for p in summary.players}
    assert set(got) == set(expected)
    for guid, line in expected.items():
        p = got[guid]
        assert (p.kills, p.deaths, p.damage_given) == (line.kills, line.deaths, line.damage), guid
        assert p.minutes == pytest.approx(line.minutes, abs=0.05)
        assert p.dpm == pytest.approx(line.damage / line.minutes, rel=1e-3)
        assert summary.maps_played[p.key] == 10


def test_hand_checked_evening(db: Engine) -> None:
    """vid on 2025-11-11, summed by hand over his ten Round 2 lines: 166 kills, 132 deaths."""
    with db.connect() as conn:
        summary = latest_session(conn)
    assert summary is not None
    vid = next(p for p in summary.players if p.display_name == "vid")
    assert (vid.kills, vid.deaths, vid.damage_given) == (166, 132, 34581)


def winners(corpus_dir: Path, r1_name: str, r2_name: str) -> frozenset[str] | None:
    """Stopwatch from the headers: R2 attackers win by beating the clock, else R1 attackers if they set one."""
    h1, _ = read(corpus_dir, r1_name)
    h2, r2 = read(corpus_dir, r2_name)
    d1, w1, d2, w2 = int(h1[4]), int(h1[5]), int(h2[4]), int(h2[5])
    if w2 != d2:
        return frozenset(g for g, p in r2.items() if p.team == 3 - d2)
    if w1 != d1:
        return frozenset(g for g, p in r2.items() if p.team == d2)
    return None


def test_score_counts_map_wins_per_group_from_the_headers(
    db: Engine, corpus_dir: Path, corpus_files: list[Path]
) -> None:
    names = [p.name for p in corpus_files if p.name.startswith("2025-11-11-2")]
    with db.connect() as conn:
        summary = latest_session(conn)
    assert summary is not None
    [run] = summary.runs
    assert run.maps == list(range(1, 11))
    first = second = draws = 0
    for r1_name, r2_name in zip(names[::2], names[1::2]):
        won = winners(corpus_dir, r1_name, r2_name)
        if won is None:
            draws += 1
        elif won <= run.first:
            first += 1
        else:
            assert won <= run.second
            second += 1
    assert (run.first_wins, run.second_wins, run.draws, run.unknown) == (first, second, draws, 0)
    assert (first, second, draws) == (3, 5, 2)
    assert sorted(run.first_names + run.second_names, key=str.casefold) == sorted(
        (p.display_name for p in summary.players), key=str.casefold
    )


def test_orphan_round2_is_listed_but_not_counted_and_a_lone_round1_counts(db: Engine, corpus_dir: Path) -> None:
    """2025-10-12: an R1 with no R2, an R2 with no R1, then two complete maps."""
    with db.connect() as conn:
        summary = session_summary(conn, session_id_at(db, "2025-10-12 21:18:04"))
    assert [(m.map, m.round1 is not None) for m in summary.maps] == [
        ("te_escape2", False),
        ("te_escape2", True),
        ("sw_goldrush_te", True),
    ]
    assert summary.maps[0].winner is None
    expected: dict[str, Line] = {}
    for guid, line in read(corpus_dir, "2025-10-12-211804-etl_adlernest-round-1.txt")[1].items():
        add(expected, guid, line)
    for r1, r2 in (("221244-te_escape2", "221603-te_escape2"), ("224530-sw_goldrush_te", "225242-sw_goldrush_te")):
        early = read(corpus_dir, f"2025-10-12-{r1}-round-1.txt")[1]
        pair = pair_totals(early, read(corpus_dir, f"2025-10-12-{r2}-round-2.txt")[1])
        for guid, line in pair.items():
            add(expected, guid, line)
    got = {p.guid: (p.kills, p.deaths, p.damage_given) for p in summary.players if not p.is_bot}
    assert got == {g: (x.kills, x.deaths, x.damage) for g, x in expected.items()}


def test_shutdown_saves_are_left_out(db: Engine, corpus_dir: Path) -> None:
    with db.connect() as conn:
        summary = session_summary(conn, session_id_at(db, "2025-10-26 19:17:25"))
    assert [m.map for m in summary.maps] == ["supply", "adlernest", "etl_sp_delivery"]
    assert summary.round_count == 7


def test_a_lone_round_after_the_evening_does_not_hide_it(db_url: str, corpus_files: list[Path]) -> None:
    evening = [p for p in corpus_files if p.name.startswith("2025-11-11-2")]
    stray = evening[0]
    engine = open_database(db_url)
    with engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(p.name, p.read_bytes()) for p in evening])
        replayed = stray.read_bytes().replace(b"\\legacy3\\", b"\\legacy6\\", 1)  # a copy would be a duplicate
        import_batch(conn, "local", [IncomingFile("2025-11-12-040000" + stray.name[17:], replayed)])
    with engine.connect() as conn:
        assert len(conn.execute(select(t.sessions.c.id)).all()) == 2
        session_id = latest_session_id(conn)
        assert session_id is not None
        summary = session_summary(conn, session_id)
    engine.dispose()
    assert summary.started_at == datetime(2025, 11, 11, 21, 26, 28)
    assert len(summary.maps) == 10


def test_recent_maps_newest_first(db: Engine) -> None:
    with db.connect() as conn:
        maps = recent_maps(conn, 3)
    assert [m.map for m in maps] == ["braundorf_b4", "erdenberg_t2", "etl_frostbite"]
    assert maps[0].played_at > maps[1].played_at > maps[2].played_at
