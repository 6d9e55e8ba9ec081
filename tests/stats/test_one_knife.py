"""Knife ids 0 and 1 are one weapon: the game moves counts between them from Round 1 to Round 2 (format doc §8)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from etstats.gamestats import RoundFile
from etstats.gamestats.weapons import WEAPON_COUNT
from etstats.stats.differential import counters_reset, derive_round2, keyed_players
from etstats.stats.players import FLAG_COUNTER_RESET
from tests.stats import rawfile

KNIFE, KBAR = 0, 1
ZERO = (0, 0, 0, 0, 0)
PVID_R1 = "2025-09-24-233255-te_escape2-round-1.txt"
PVID_R2 = "2025-09-24-233657-te_escape2-round-2.txt"


Raw = dict[str, rawfile.RawPlayer]


def _raw_pairs(corpus_dir: Path, pairs: list[tuple[str, str]]) -> Iterator[tuple[Raw, Raw]]:
    for r1, r2 in pairs:
        yield rawfile.read(corpus_dir / r1).by_guid(), rawfile.read(corpus_dir / r2).by_guid()


def test_the_corpus_moves_knife_counts_from_id_0_to_id_1(corpus_dir: Path, corpus_pairs: list[tuple[str, str]]) -> None:
    """Id 0 drops in 46 player counters of the shared files; the sum of ids 0 and 1 never does."""
    drops = sum_drops = 0
    for early, late in _raw_pairs(corpus_dir, corpus_pairs):
        for guid in set(early) & set(late):
            a, b = early[guid], late[guid]
            for counter in range(5):
                before = a.weapons.get(KNIFE, ZERO)[counter]
                drops += b.weapons.get(KNIFE, ZERO)[counter] < before
                knives = a.weapons.get(KNIFE, ZERO)[counter] + a.weapons.get(KBAR, ZERO)[counter]
                sum_drops += b.weapons.get(KNIFE, ZERO)[counter] + b.weapons.get(KBAR, ZERO)[counter] < knives
    assert (drops, sum_drops) == (46, 0)


def test_a_moved_knife_adds_no_round2_shots(corpus_rounds: dict[str, RoundFile]) -> None:
    """pvid: R1 knife 4 swings, KA-BAR none; R2 file knife 2, KA-BAR 2 — four in all, so none in Round 2."""
    r1 = keyed_players(corpus_rounds[PVID_R1])["D8423F90"]
    r2 = keyed_players(corpus_rounds[PVID_R2])["D8423F90"]
    assert r1.weapons[KNIFE].shots == 4 and r2.weapons[KNIFE].shots == 4 and KBAR not in r2.weapons
    (pvid,) = [p for p in derive_round2(corpus_rounds[PVID_R1], corpus_rounds[PVID_R2]) if p.guid == "D8423F90"]
    assert KNIFE not in pvid.weapons and KBAR not in pvid.weapons
    assert pvid.shots == 259 - 152


def test_round2_only_totals_are_round2_file_minus_round1_file(
    corpus_dir: Path, corpus_rounds: dict[str, RoundFile], corpus_pairs: list[tuple[str, str]]
) -> None:
    """Hits, shots, kills, deaths and head hits of Round 2 alone = R2 file total − R1 file total, without a reset."""
    compared = 0
    for r1_name, r2_name in corpus_pairs:
        early = rawfile.read(corpus_dir / r1_name).by_guid()
        late = rawfile.read(corpus_dir / r2_name).by_guid()
        for p in derive_round2(corpus_rounds[r1_name], corpus_rounds[r2_name]):
            if p.guid not in early or FLAG_COUNTER_RESET in p.flags or "r2_only" in p.flags:
                continue
            totals = p.weapon_totals()
            for counter in range(5):
                want = late[p.guid].total(counter) - early[p.guid].total(counter)
                assert totals[counter] == want, (r2_name, p.display_name, counter)
            compared += 1
    assert compared > 500


def test_every_weapon_is_cumulative_once_the_knife_ids_are_one(
    corpus_rounds: dict[str, RoundFile], corpus_pairs: list[tuple[str, str]]
) -> None:
    """The rule, not the instance: no other weapon id loses counts between the rounds in the corpus."""
    for r1_name, r2_name in corpus_pairs:
        early, late = keyed_players(corpus_rounds[r1_name]), keyed_players(corpus_rounds[r2_name])
        for key in set(early) & set(late):
            a, b = early[key], late[key]
            if counters_reset(a, b):
                continue
            assert KBAR not in a.weapons and KBAR not in b.weapons
            for weapon_id in range(WEAPON_COUNT):
                before, after = a.weapons.get(weapon_id, ZERO), b.weapons.get(weapon_id, ZERO)
                assert all(x <= y for x, y in zip(before, after)), (r2_name, key, weapon_id)
