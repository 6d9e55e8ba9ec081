"""Bots and GUID prefix collisions in the players tables (P-1, P-8): each keeps his own name."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from etstats.store.importer import IncomingFile
from tests.stats import synth
from tests.store.helpers import rows, run_batches

R1 = "2025-10-14-213838-supply-round-1.txt"
R2 = "2025-10-14-214626-supply-round-2.txt"
W = {4: (3, 9, 1, 1, 0)}


def test_bots_keep_their_own_raw_names(new_engine: Callable[[], Engine]) -> None:
    data = synth.round_bytes(synth.header(), [
        synth.player("OMNIBOT0", "^o[BOT]^7lagger", 1, W),
        synth.player("OMNIBOT0", "^o[BOT]^7camper", 2, W),
    ])  # fmt: skip
    engine = new_engine()
    run_batches(engine, [[IncomingFile(R1, data)]])
    stored = rows(
        engine,
        """SELECT p.key, p.is_bot, n.raw_name, n.name FROM player_names n
                             JOIN players p ON p.id = n.player_id ORDER BY 1""",
    )
    assert [(k, b, bytes(raw), n) for k, b, raw, n in stored] == [
        ("OMNIBOT0:[BOT]camper", 1, b"^o[BOT]^7camper", "[BOT]camper"),
        ("OMNIBOT0:[BOT]lagger", 1, b"^o[BOT]^7lagger", "[BOT]lagger"),
    ]
    assert rows(engine, "SELECT line_no, name FROM player_round_stats ORDER BY 1") == [
        (2, "[BOT]lagger"), (3, "[BOT]camper"),
    ]  # fmt: skip


def test_guid_prefix_collision_imports_as_two_players_with_groups(new_engine: Callable[[], Engine]) -> None:
    r1 = synth.round_bytes(synth.header(defender=1, winner=2, next_limit="7:50"), [
        synth.player("ABCDEF12", "alice", 2, W, {22: 5.0}),
        synth.player("ABCDEF12", "bob", 1, W, {22: 5.0}),
    ])  # fmt: skip
    r2 = synth.round_bytes(synth.header(round_no=2, defender=1, winner=1, limit="7:50"), [
        synth.player("ABCDEF12", "bob", 2, {4: (6, 18, 2, 2, 0)}, {22: 10.0}),
        synth.player("ABCDEF12", "alice", 1, {4: (4, 10, 1, 1, 0)}, {22: 10.0}),
    ])  # fmt: skip
    engine = new_engine()
    [result] = run_batches(engine, [[IncomingFile(R1, r1), IncomingFile(R2, r2)]])
    assert len(result.new_matches) == 1
    assert rows(
        engine,
        """SELECT p.key, mp.grp FROM match_players mp JOIN players p ON p.id = mp.player_id
                           ORDER BY 1""",
    ) == [("ABCDEF12:alice", "A"), ("ABCDEF12:bob", "B")]
    assert rows(
        engine,
        """SELECT p.key, s.kills, s.time_played_minutes FROM player_round_stats s
                           JOIN rounds r ON r.id = s.round_id JOIN players p ON p.id = s.player_id
                           WHERE r.round = 2 ORDER BY 1""",
    ) == [("ABCDEF12:alice", 0, 5.0), ("ABCDEF12:bob", 1, 5.0)]
