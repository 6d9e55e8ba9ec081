"""Player identity within one file: GUID, bots by GUID + clean name, prefix collisions split (P-1, P-8)."""

from __future__ import annotations

from etstats.stats.differential import derive_round2, keyed_players
from etstats.stats.players import line_keys
from tests.stats import synth

W = {4: (3, 9, 1, 1, 0)}
R1 = "2025-10-14-213838-supply-round-1.txt"
R2 = "2025-10-14-214626-supply-round-2.txt"


def test_bots_share_omnibot0_and_are_told_apart_by_name() -> None:
    parsed = synth.parse(R1, synth.header(), [
        synth.player("OMNIBOT0", "^o[BOT]^7lagger", 1, W),
        synth.player("OMNIBOT0", "^o[BOT]^7camper", 2, W),
        synth.player("652EB4A6", "^3qmr", 1, W),
    ])  # fmt: skip
    assert list(keyed_players(parsed)) == ["OMNIBOT0:[BOT]lagger", "OMNIBOT0:[BOT]camper", "652EB4A6"]
    assert [p.is_bot for p in keyed_players(parsed).values()] == [True, True, False]


def test_a_guid_prefix_collision_is_split_by_name() -> None:
    lines = [synth.player("ABCDEF12", "alice", 1, W), synth.player("ABCDEF12", "bob", 2, W)]
    parsed = synth.parse(R1, synth.header(), lines)
    assert line_keys(parsed.players) == ["ABCDEF12:alice", "ABCDEF12:bob"]
    assert set(keyed_players(parsed)) == {"ABCDEF12:alice", "ABCDEF12:bob"}


def test_colliding_players_are_subtracted_each_against_himself() -> None:
    r1 = synth.parse(R1, synth.header(), [
        synth.player("ABCDEF12", "alice", 1, {4: (3, 9, 1, 1, 0)}, {0: 100, 22: 2.0}),
        synth.player("ABCDEF12", "bob", 2, {5: (5, 9, 2, 0, 0)}, {0: 300, 22: 2.0}),
    ])  # fmt: skip
    r2 = synth.parse(R2, synth.header(round_no=2, limit="7:50"), [
        synth.player("ABCDEF12", "bob", 1, {5: (5, 9, 2, 0, 0), 4: (1, 1, 1, 0, 0)}, {0: 400, 22: 4.0}),
        synth.player("ABCDEF12", "alice", 2, {4: (3, 9, 1, 1, 0), 5: (2, 2, 2, 0, 0)}, {0: 150, 22: 4.0}),
    ])  # fmt: skip
    only = {p.key: p for p in derive_round2(r1, r2)}
    assert only["ABCDEF12:bob"].values["damage_given"] == 100
    assert only["ABCDEF12:alice"].values["damage_given"] == 50
    assert only["ABCDEF12:alice"].kills == 2 and only["ABCDEF12:bob"].kills == 1
