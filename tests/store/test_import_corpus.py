"""The whole corpus in a real SQLite file: rounds, matches, orphans, stats rows, sessions."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from etstats.store.importer import IncomingFile
from tests.stats import rawfile
from tests.store.helpers import dump, rows, run_batches, scalar

ERDENBERG_R1 = "2025-10-14-231545-erdenberg_t2-round-1.txt"
ERDENBERG_R2 = "2025-10-14-232419-erdenberg_t2-round-2.txt"


def test_counts(corpus_db: Engine, corpus_files: list[Path]) -> None:
    r2_files = sum(1 for p in corpus_files if p.name.endswith("-round-2.txt"))
    assert scalar(corpus_db, "SELECT count(*) FROM files WHERE status = 'imported'") == 201
    assert scalar(corpus_db, "SELECT count(*) FROM rounds") == 201
    assert scalar(corpus_db, "SELECT count(*) FROM rounds WHERE round = 2") == r2_files == 99
    assert scalar(corpus_db, "SELECT count(*) FROM matches") == 88
    assert scalar(corpus_db, "SELECT count(*) FROM rounds WHERE round = 2 AND orphan") == 11
    assert scalar(corpus_db, "SELECT count(*) FROM rounds WHERE round = 1 AND orphan") == 0
    assert rows(corpus_db, "SELECT name FROM rounds WHERE shutdown_save") == [
        ("2025-10-26-200001-etl_sp_delivery-round-2.txt",)
    ]


def test_one_stats_row_per_player_line(corpus_db: Engine, corpus_files: list[Path]) -> None:
    lines = sum(len(rawfile.read(p).players) for p in corpus_files)
    assert scalar(corpus_db, "SELECT count(*) FROM player_round_stats") == lines


def test_matches_link_the_right_files(corpus_db: Engine) -> None:
    pairs = set(
        rows(
            corpus_db,
            """
        SELECT r1.name, r2.name FROM matches m
        JOIN rounds r1 ON r1.id = m.round1_id JOIN rounds r2 ON r2.id = m.round2_id""",
        )
    )
    assert ("2025-10-19-235307-etl_adlernest-round-1.txt", "2025-10-20-000043-etl_adlernest-round-2.txt") in pairs
    assert ("2025-10-17-203425-supply-round-1.txt", "2025-10-17-204311-supply-round-2.txt") in pairs
    assert all(_map_of(a) == _map_of(b) for a, b in pairs)
    assert (
        scalar(
            corpus_db,
            """SELECT count(*) FROM matches m JOIN rounds r2 ON r2.id = m.round2_id
                                WHERE r2.orphan""",
        )
        == 0
    )


def _map_of(name: str) -> str:
    return name[18:].rsplit("-round-", 1)[0]


def test_paired_round2_rows_hold_round2_only_numbers(corpus_db: Engine) -> None:
    """qmr's stored erdenberg R2 row: 25 - 14 kills, 26 - 11 deaths, 4618 - 2295 damage (§4.2)."""
    row = rows(
        corpus_db,
        """
        SELECT s.kills, s.deaths, s.damage_given, s.time_played_minutes, s.xp, s.flags, s.team
        FROM player_round_stats s JOIN rounds r ON r.id = s.round_id JOIN players p ON p.id = s.player_id
        WHERE r.name = :name AND p.guid = '652EB4A6'""",
        name=ERDENBERG_R2,
    )
    assert row == [(11, 15, 2323, 7.9, 62, "", 2)]


def test_orphan_round2_keeps_the_file_values(corpus_db: Engine, corpus_dir: Path) -> None:
    name = "2025-10-12-220306-te_escape2-round-2.txt"
    raw = rawfile.read(corpus_dir / name)
    stored = dict(
        rows(
            corpus_db,
            """
        SELECT p.guid, s.damage_given FROM player_round_stats s JOIN rounds r ON r.id = s.round_id
        JOIN players p ON p.id = s.player_id WHERE r.name = :name""",
            name=name,
        )
    )
    assert stored == {p.guid: int(p.ext[rawfile.DAMAGE_GIVEN]) for p in raw.players}


def test_weapon_stats_match_the_file(corpus_db: Engine, corpus_dir: Path) -> None:
    """R1 rows are the weapon block as written (one knife); a paired R2 holds R2 - R1 per weapon, zeros dropped."""
    from etstats.gamestats import WEAPON_IDS

    def stored(name: str) -> dict[tuple[str, str], tuple[int, ...]]:
        found = rows(
            corpus_db,
            """
            SELECT p.guid, w.weapon, w.hits, w.shots, w.kills, w.deaths, w.headshots
            FROM weapon_stats w JOIN rounds r ON r.id = w.round_id JOIN players p ON p.id = w.player_id
            WHERE r.name = :name""",
            name=name,
        )
        return {(r[0], r[1]): r[2:] for r in found}

    def one_knife(weapons: dict[int, tuple[int, ...]]) -> dict[int, tuple[int, ...]]:
        """Ids 0 (knife) and 1 (KA-BAR) are one knife."""
        merged: dict[int, tuple[int, ...]] = {}
        for wid, w in weapons.items():
            key = 0 if wid == 1 else wid
            merged[key] = tuple(a + b for a, b in zip(merged.get(key, (0, 0, 0, 0, 0)), w))
        return merged

    early = rawfile.read(corpus_dir / ERDENBERG_R1)
    assert stored(ERDENBERG_R1) == {
        (p.guid, WEAPON_IDS[wid]): w for p in early.players for wid, w in one_knife(p.weapons).items()
    }
    late = rawfile.read(corpus_dir / ERDENBERG_R2)
    before = {guid: one_knife(p.weapons) for guid, p in early.by_guid().items()}
    expected = {}
    for p in late.players:
        for wid, w in one_knife(p.weapons).items():
            old = before[p.guid].get(wid, (0, 0, 0, 0, 0)) if p.guid in before else (0, 0, 0, 0, 0)
            diff = tuple(max(0, a - b) for a, b in zip(w, old))
            if any(diff[:4]):
                expected[(p.guid, WEAPON_IDS[wid])] = diff
    assert stored(ERDENBERG_R2) == expected


def test_players_are_keyed_by_guid_with_name_history(corpus_db: Engine, corpus_files: list[Path]) -> None:
    """652EB4A6 played as ^3qmr and as ^0XI^f-^0WANG: one player, two names with their own dates."""
    guids = {p.guid for f in corpus_files for p in rawfile.read(f).players}
    assert scalar(corpus_db, "SELECT count(*) FROM players") == len(guids)
    seen_as: dict[bytes, list[str]] = {}
    for f in corpus_files:
        for p in rawfile.read(f).players:
            if p.guid == "652EB4A6":
                seen_as.setdefault(p.name, []).append(_iso(f.name[:17]))
    assert set(seen_as) == {b"^3qmr", b"^0XI^f-^0WANG"}
    history = rows(
        corpus_db,
        """
        SELECT n.raw_name, n.name, n.first_seen, n.last_seen FROM player_names n
        JOIN players p ON p.id = n.player_id WHERE p.guid = '652EB4A6'""",
    )
    assert {bytes(raw): (name, str(first)[:19], str(last)[:19]) for raw, name, first, last in history} == {
        b"^3qmr": ("qmr", min(seen_as[b"^3qmr"]), max(seen_as[b"^3qmr"])),
        b"^0XI^f-^0WANG": ("XI-WANG", min(seen_as[b"^0XI^f-^0WANG"]), max(seen_as[b"^0XI^f-^0WANG"])),
    }
    latest = max(seen_as, key=lambda raw: max(seen_as[raw]))
    expected_name = "qmr" if latest == b"^3qmr" else "XI-WANG"
    [(name, first, last)] = rows(corpus_db, "SELECT name, first_seen, last_seen FROM players WHERE guid = '652EB4A6'")
    everything = [stamp for stamps in seen_as.values() for stamp in stamps]
    assert (name, str(first)[:19], str(last)[:19]) == (expected_name, min(everything), max(everything))


def _iso(stamp: str) -> str:
    """``2025-10-14-231545`` → ``2025-10-14 23:15:45``."""
    return f"{stamp[:10]} {stamp[11:13]}:{stamp[13:15]}:{stamp[15:17]}"


def test_sessions(corpus_db: Engine) -> None:
    assert scalar(corpus_db, "SELECT count(*) FROM sessions") == 35
    assert scalar(corpus_db, "SELECT sum(round_count) FROM sessions") == 201
    assert scalar(corpus_db, "SELECT count(*) FROM rounds WHERE session_id IS NULL") == 0
    midnight = rows(
        corpus_db,
        """
        SELECT s.started_at, s.round_count FROM sessions s JOIN rounds r ON r.session_id = s.id
        WHERE r.name = '2025-10-20-000043-etl_adlernest-round-2.txt'""",
    )
    assert len(midnight) == 1 and str(midnight[0][0]).startswith("2025-10-19 21:26:43")


def test_importing_again_changes_nothing(corpus_db: Engine, corpus_incoming: list[IncomingFile]) -> None:
    before = dump(corpus_db)
    [result] = run_batches(corpus_db, [list(corpus_incoming)])
    assert {f.status for f in result.files} == {"duplicate"} and len(result.files) == 201
    assert result.new_rounds == result.new_matches == result.rederived_rounds == []
    assert dump(corpus_db) == before
