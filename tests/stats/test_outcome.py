"""Stopwatch results from the side fields (§5): rounds, the map winner table, player groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from etstats.gamestats import Header, RoundFile, Side
from etstats.stats.outcome import (
    MapWinner,
    RoundOutcome,
    is_shutdown_save,
    map_winner,
    player_groups,
    round_outcome,
    time_to_beat_s,
)
from tests.stats import rawfile, synth

WON, HELD, UNKNOWN = RoundOutcome.ATTACKERS_WON, RoundOutcome.DEFENDERS_HELD, RoundOutcome.UNKNOWN

# One real pair per row of the §5.3 table: (R1 file, R2 file, map winner).
TABLE_ROWS = [
    ("2025-09-24-233255-te_escape2-round-1.txt", "2025-09-24-233657-te_escape2-round-2.txt", MapWinner.B),
    ("2025-09-25-001534-etl_adlernest-round-1.txt", "2025-09-25-001919-etl_adlernest-round-2.txt", MapWinner.A),
    ("2025-09-25-000238-et_brewdog-round-1.txt", "2025-09-25-001059-et_brewdog-round-2.txt", MapWinner.B),
    ("2025-10-12-224530-sw_goldrush_te-round-1.txt", "2025-10-12-225242-sw_goldrush_te-round-2.txt", MapWinner.DRAW),
]


def test_round_outcome_from_sides(corpus_rounds: dict[str, RoundFile]) -> None:
    """erdenberg R1: Axis defended, Allies won (time set 7:50); R2: Axis defended and won (held)."""
    r1 = corpus_rounds["2025-10-14-231545-erdenberg_t2-round-1.txt"]
    r2 = corpus_rounds["2025-10-14-232419-erdenberg_t2-round-2.txt"]
    assert (r1.header.defender, r1.header.winner) == (Side.AXIS, Side.ALLIES)
    assert round_outcome(r1.header, 1) is WON
    assert round_outcome(r2.header, 2) is HELD
    assert time_to_beat_s(r1.header) == 7 * 60 + 50


@pytest.mark.parametrize("r1_name, r2_name, winner", TABLE_ROWS)
def test_map_winner_table_on_real_pairs(
    corpus_dir: Path, corpus_rounds: dict[str, RoundFile], r1_name: str, r2_name: str, winner: MapWinner
) -> None:
    h1, h2 = rawfile.read(corpus_dir / r1_name).header, rawfile.read(corpus_dir / r2_name).header
    o1 = round_outcome(corpus_rounds[r1_name].header, 1)
    o2 = round_outcome(corpus_rounds[r2_name].header, 2)
    assert (o1 is WON) == (h1[4] != h1[5]) and (o2 is WON) == (h2[4] != h2[5])
    assert map_winner(o1, o2) is winner


def test_map_winner_table_and_unknown() -> None:
    assert map_winner(WON, WON) is MapWinner.B
    assert map_winner(WON, HELD) is MapWinner.A
    assert map_winner(HELD, WON) is MapWinner.B
    assert map_winner(HELD, HELD) is MapWinner.DRAW
    for known in (WON, HELD):
        assert map_winner(UNKNOWN, known) is None
        assert map_winner(known, UNKNOWN) is None


def _header(
    round_no: int, defender: int, winner: int, limit: str, next_limit: str, playtime: bytes | None = None
) -> Header:
    head = synth.header(round_no=round_no, defender=defender, winner=winner, limit=limit, next_limit=next_limit)
    if playtime is not None:
        head += b"\\" + playtime
    return synth.parse(f"2025-10-14-213838-supply-round-{round_no}.txt", head, []).header


def test_r1_fallback_uses_the_time_set_when_sides_are_missing() -> None:
    """§5.4: 0 in a side field means unset; then H7 < H6 (strict) means the attackers finished."""
    assert round_outcome(_header(1, 0, 0, "12:00", "7:50"), 1) is WON
    assert round_outcome(_header(1, 0, 0, "12:00", "12:00"), 1) is HELD
    assert round_outcome(_header(1, 1, 0, "12:00", "7:50"), 1) is WON
    assert time_to_beat_s(_header(1, 0, 0, "12:00", "12:00")) == 720


def test_r2_fallback_is_unknown_without_measured_playtime() -> None:
    """R2's H7 is never a completion time; only a v8 playtime below the clock says 'completed'."""
    assert round_outcome(_header(2, 0, 0, "7:50", "71:05"), 2) is UNKNOWN
    assert round_outcome(_header(2, 0, 0, "7:50", "7:50"), 2) is UNKNOWN
    assert round_outcome(_header(2, 0, 0, "7:50", "0:00", b"241533"), 2) is WON
    assert round_outcome(_header(2, 0, 0, "7:50", "0:00", b"470000"), 2) is UNKNOWN


def test_sides_win_over_time_fields() -> None:
    """An objective completed in the last 30 s is still a win (the old ±30 s heuristic was wrong)."""
    assert round_outcome(_header(1, 1, 2, "12:00", "11:50"), 1) is WON
    assert round_outcome(_header(1, 2, 2, "12:00", "7:50"), 1) is HELD


def test_shutdown_save_detection(corpus_rounds: dict[str, RoundFile]) -> None:
    save = corpus_rounds["2025-10-26-200001-etl_sp_delivery-round-2.txt"]
    assert is_shutdown_save(save.header, 2)
    normal = [r for n, r in corpus_rounds.items() if n != save.file.name]
    assert not any(is_shutdown_save(r.header, r.round) for r in normal)
    assert is_shutdown_save(_header(2, 1, 1, "7:50", "0:00", b"-58000"), 2)


def test_groups_of_a_real_pair_from_raw_teams(corpus_dir: Path, corpus_rounds: dict[str, RoundFile]) -> None:
    """§5.5 on te_escape2 2025-09-24: Axis (1) defended both rounds, so A = R1 team 2 + R2 team 1."""
    r1_name, r2_name, _ = TABLE_ROWS[0]
    raw1, raw2 = rawfile.read(corpus_dir / r1_name), rawfile.read(corpus_dir / r2_name)
    a = {p.guid for p in raw1.players if p.team == 2} | {p.guid for p in raw2.players if p.team == 1}
    b = {p.guid for p in raw1.players if p.team == 1} | {p.guid for p in raw2.players if p.team == 2}
    r1, r2 = corpus_rounds[r1_name], corpus_rounds[r2_name]
    groups = player_groups(r1.header, r1.players, r2.header, r2.players)
    assert groups is not None
    assert groups.a == a - b and groups.b == b - a and groups.switchers == a & b
    assert groups.a and groups.b


def test_side_switchers_and_spectators() -> None:
    """A player on the same team in both rounds switched sides; team 3 belongs to no group."""
    weapons = {4: (1, 2, 0, 0, 0)}
    r1_lines = [
        synth.player("AAAA0001", "a", 2, weapons),
        synth.player("BBBB0002", "b", 1, weapons),
        synth.player("CCCC0003", "switch", 2, weapons),
        synth.player("DDDD0004", "spec", 3, weapons),
    ]
    r2_lines = [synth.player("AAAA0001", "a", 1, weapons), synth.player("BBBB0002", "b", 2, weapons),
                synth.player("CCCC0003", "switch", 2, weapons), synth.player("DDDD0004", "spec", 3, weapons),
                synth.player("EEEE0005", "sub", 2, weapons)]  # fmt: skip
    r1 = synth.parse("2025-10-14-213838-supply-round-1.txt", synth.header(defender=1), r1_lines)
    r2 = synth.parse("2025-10-14-214626-supply-round-2.txt", synth.header(round_no=2, defender=1), r2_lines)
    groups = player_groups(r1.header, r1.players, r2.header, r2.players)
    assert groups is not None
    assert groups.a == {"AAAA0001"}
    assert groups.b == {"BBBB0002", "EEEE0005"}  # the substitute joins the side he played
    assert groups.switchers == {"CCCC0003"}


def test_groups_need_a_defender_side() -> None:
    r1 = synth.parse("2025-10-14-213838-supply-round-1.txt", synth.header(defender=0, winner=0), [])
    r2 = synth.parse("2025-10-14-214626-supply-round-2.txt", synth.header(round_no=2, defender=0, winner=0), [])
    assert player_groups(r1.header, [], r2.header, []) is None
    assert player_groups(r1.header, [], None, []) is None
