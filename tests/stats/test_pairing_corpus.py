"""Pairing on the real file list (§4.3), checked against a reading of the names and headers alone."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from etstats.stats.pairing import Pairing
from tests.stats import rawfile

SHUTDOWN_SAVE = "2025-10-26-200001-etl_sp_delivery-round-2.txt"


def _name_facts(name: str) -> tuple[datetime, str, int]:
    stem, _, round_part = name[:-4].rpartition("-round-")
    return datetime.strptime(stem[:17], "%Y-%m-%d-%H%M%S"), stem[18:], int(round_part)


def _expected(corpus_dir: Path, names: list[str]) -> tuple[set[tuple[str, str]], set[str], set[str]]:
    """An R2 pairs with the file right before it if that is an R1 of the same map, at most 45
    minutes earlier, whose time set (H7) is the R2's clock (H6). Every other R2 is an orphan and
    every R1 that does not end up in a pair is abandoned."""
    pairs: set[tuple[str, str]] = set()
    orphans: set[str] = set()
    previous: str | None = None
    for name in sorted(names):
        when, map_name, round_no = _name_facts(name)
        if round_no == 1:
            previous = name
            continue
        ok = False
        if previous is not None:
            before, before_map, _ = _name_facts(previous)
            r1_clock = rawfile.clock(rawfile.read(corpus_dir / previous).header[7])
            r2_clock = rawfile.clock(rawfile.read(corpus_dir / name).header[6])
            ok = before_map == map_name and when - before <= timedelta(minutes=45) and r1_clock == r2_clock
        if ok:
            pairs.add((previous, name))  # type: ignore[arg-type]
        else:
            orphans.add(name)
        previous = None
    paired_r1 = {r1 for r1, _ in pairs}
    abandoned = {n for n in names if _name_facts(n)[2] == 1 and n not in paired_r1}
    return pairs, orphans, abandoned


def test_counts_match_an_independent_reading(
    corpus_dir: Path, corpus_files: list[Path], corpus_pairing: Pairing
) -> None:
    pairs, orphans, abandoned = _expected(corpus_dir, [p.name for p in corpus_files])
    assert (len(pairs), len(orphans), len(abandoned)) == (88, 11, 14)
    assert {(a.name, b.name) for a, b in corpus_pairing.matches} == pairs
    assert {r.name for r in corpus_pairing.orphan_r2} == orphans
    assert {r.name for r in corpus_pairing.abandoned_r1} | {r.name for r in corpus_pairing.open_r1} == abandoned


def test_every_pair_is_one_map_within_45_minutes_with_the_handed_over_clock(
    corpus_dir: Path, corpus_pairing: Pairing
) -> None:
    used = [r1.name for r1, _ in corpus_pairing.matches]
    assert len(used) == len(set(used))
    for r1, r2 in corpus_pairing.matches:
        assert r1.map == r2.map and (r1.round, r2.round) == (1, 2)
        assert timedelta(0) < r2.written_at - r1.written_at <= timedelta(minutes=45)
        r1_time_set = rawfile.read(corpus_dir / r1.name).header[7]
        assert rawfile.clock(rawfile.read(corpus_dir / r2.name).header[6]) == rawfile.clock(r1_time_set)


def test_shutdown_save_is_an_orphan_never_paired(corpus_pairing: Pairing) -> None:
    """P-16: ~1 min of play, H7 = 71:05, no R1 before it."""
    assert SHUTDOWN_SAVE in {r.name for r in corpus_pairing.orphan_r2}
    by_name = {r.name: r for r in corpus_pairing.orphan_r2}
    assert by_name[SHUTDOWN_SAVE].shutdown_save


def _partner(pairing: Pairing, r2_name: str) -> str | None:
    return next((r1.name for r1, r2 in pairing.matches if r2.name == r2_name), None)


def test_r1_played_twice_the_latest_wins(corpus_pairing: Pairing) -> None:
    assert _partner(corpus_pairing, "2025-10-17-204311-supply-round-2.txt") == "2025-10-17-203425-supply-round-1.txt"
    assert "2025-10-17-202140-supply-round-1.txt" in {r.name for r in corpus_pairing.abandoned_r1}


def test_midnight_crossing(corpus_pairing: Pairing) -> None:
    """P-20: the R1 is dated the previous day."""
    r2 = "2025-10-20-000043-etl_adlernest-round-2.txt"
    assert _partner(corpus_pairing, r2) == "2025-10-19-235307-etl_adlernest-round-1.txt"


def test_same_map_twice_in_one_evening(corpus_pairing: Pairing) -> None:
    """P-19: two complete te_escape2 maps on 2025-09-24, each R1 used by its own R2."""
    first, second = "2025-09-24-233255-te_escape2-round-", "2025-09-24-234406-te_escape2-round-"
    assert _partner(corpus_pairing, "2025-09-24-233657-te_escape2-round-2.txt") == first + "1.txt"
    assert _partner(corpus_pairing, "2025-09-24-234947-te_escape2-round-2.txt") == second + "1.txt"


def test_45_minute_window_on_real_files(corpus_pairing: Pairing) -> None:
    """The te_escape2 R2 of 2025-10-12 22:03:06 is 45:02 after the last R1 (another map): orphan."""
    assert "2025-10-12-220306-te_escape2-round-2.txt" in {r.name for r in corpus_pairing.orphan_r2}
    assert "2025-10-12-211804-etl_adlernest-round-1.txt" in {r.name for r in corpus_pairing.abandoned_r1}
