"""Invariants of the Round 2 differential over every real R1/R2 pair of the corpus."""

from __future__ import annotations

from pathlib import Path

from etstats.gamestats import RoundFile
from etstats.stats.differential import derive_round2, keyed_players, whole_map
from etstats.stats.players import FLAG_COUNTER_RESET
from tests.stats import rawfile

CUMULATIVE = ("damage_given", "damage_received", "team_damage_given", "team_damage_received", "gibs",
              "self_kills", "team_kills", "team_gibs", "bullets_fired", "time_played_minutes")  # fmt: skip
PER_ROUND = ("xp", "kill_assists", "kill_steals", "headshot_kills", "objectives_stolen", "objectives_returned",
             "dynamites_planted", "dynamites_defused", "times_revived", "time_dead_minutes", "useful_kills",
             "denied_playtime", "multikill_2x", "multikill_3x", "multikill_4x", "multikill_5x",
             "multikill_6x", "useless_kills", "full_selfkills", "repairs_constructions", "revives_given")  # fmt: skip
CUMULATIVE_BY_INDEX = dict(zip((0, 1, 2, 3, 4, 5, 6, 7, 20, 22), CUMULATIVE))
KNIVES = (0, 1)


def test_the_corpus_has_the_88_pairs(corpus_pairs: list[tuple[str, str]]) -> None:
    assert len(corpus_pairs) == 88


def test_round2_only_counters_are_never_negative(
    corpus_rounds: dict[str, RoundFile], corpus_pairs: list[tuple[str, str]]
) -> None:
    checked = 0
    for r1, r2 in corpus_pairs:
        for p in derive_round2(corpus_rounds[r1], corpus_rounds[r2]):
            for name in CUMULATIVE + PER_ROUND:
                value = p.values[name]
                assert value is None or value >= 0, (r2, p.display_name, name, value)
            for weapon in p.weapons.values():
                assert min(weapon) >= 0, (r2, p.display_name, weapon)
            assert p.minutes is None or p.minutes >= 0
            checked += 1
    assert checked > 500


def test_whole_map_is_round1_plus_round2_only(
    corpus_rounds: dict[str, RoundFile], corpus_pairs: list[tuple[str, str]]
) -> None:
    """For every pair and player (the union of both rosters): map total = R1 + R2-only."""
    for r1_name, r2_name in corpus_pairs:
        first = keyed_players(corpus_rounds[r1_name])
        second = {p.key: p for p in derive_round2(corpus_rounds[r1_name], corpus_rounds[r2_name])}
        whole = {p.key: p for p in whole_map(first.values(), second.values())}
        assert set(whole) == set(first) | set(second)
        for key, total in whole.items():
            a, b = first.get(key), second.get(key)
            assert total.kills == (a.kills if a else 0) + (b.kills if b else 0)
            assert total.deaths == (a.deaths if a else 0) + (b.deaths if b else 0)
            assert total.shots == (a.shots if a else 0) + (b.shots if b else 0)
            for name in ("damage_given", "xp", "gibs", "revives_given"):
                parts = [p.values[name] for p in (a, b) if p is not None and p.values[name] is not None]
                assert total.values[name] == (sum(parts) if parts else None), (r2_name, key, name)


def test_whole_map_cumulative_equals_the_raw_round2_line(
    corpus_dir: Path,
    corpus_rounds: dict[str, RoundFile],
    corpus_pairs: list[tuple[str, str]],
) -> None:
    """Without a reconnect the R2 file already holds R1 + R2 for session counters (§4.1).

    The game moves knife counts between ids 0 and 1; counted as one knife they hold too.
    """
    compared = 0
    for r1_name, r2_name in corpus_pairs:
        early = rawfile.read(corpus_dir / r1_name).by_guid()
        late = rawfile.read(corpus_dir / r2_name).by_guid()
        first = keyed_players(corpus_rounds[r1_name])
        second = derive_round2(corpus_rounds[r1_name], corpus_rounds[r2_name])
        whole = {p.key: p for p in whole_map(first.values(), second)}
        for guid in set(early) & set(late):
            total, raw1, raw2 = whole[guid], early[guid], late[guid]
            if FLAG_COUNTER_RESET in total.flags:
                continue
            indices = (0, 1, 2, 3, 4, 5, 6, 7, 22) + ((20,) if len(raw2.ext) == 38 else ())
            for index in indices:
                assert total.values[CUMULATIVE_BY_INDEX[index]] == raw2.x(index), (r2_name, guid, index)
            knife = tuple(map(sum, zip(*(raw2.weapons.get(k, (0, 0, 0, 0, 0)) for k in KNIVES))))
            assert tuple(total.weapons.get(KNIVES[0], (0, 0, 0, 0, 0))) == knife, (r2_name, guid)
            assert KNIVES[1] not in total.weapons
            for wid in (set(raw1.weapons) | set(raw2.weapons)) - set(KNIVES):
                want = raw2.weapons.get(wid, (0, 0, 0, 0, 0))
                assert tuple(total.weapons.get(wid, (0, 0, 0, 0, 0))) == want, (r2_name, guid, wid)
            compared += 1
    assert compared > 500


def test_only_imb3cil_needs_the_reset_fallback(
    corpus_rounds: dict[str, RoundFile], corpus_pairs: list[tuple[str, str]]
) -> None:
    flagged = [
        (r2, p.display_name)
        for r1, r2 in corpus_pairs
        for p in derive_round2(corpus_rounds[r1], corpus_rounds[r2])
        if FLAG_COUNTER_RESET in p.flags
    ]
    assert flagged == [("2025-10-26-203013-etl_sp_delivery-round-2.txt", "Imb3cil")]
