"""The game-server module under real Lua 5.4 (lupa), against a stand-in ``et`` table and a played round."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etstats.gamestats import decode_name, is_round_file_name
from etstats.gamestats.live import is_live_file_name, parse_live
from tests.gameserver.lua_game import CS_MULTI_INFO, StandInGame


@pytest.fixture
def game(tmp_path: Path) -> StandInGame:
    game = StandInGame(tmp_path)
    game.add_players(8)
    return game


def _snapshot(game: StandInGame):  # type: ignore[no-untyped-def]
    return parse_live(game.live_file.read_bytes(), game.live_file.name)


def test_a_played_round_is_written_every_five_seconds_with_the_players_numbers(game: StandInGame) -> None:
    game.init_game()
    game.start_round()
    seqs = []
    for _ in range(6):
        game.play(5)
        seqs.append(_snapshot(game).seq)
    assert seqs == sorted(seqs) and len(set(seqs)) == 6
    assert seqs[-1] - seqs[0] == 5
    game.play(5, fights=False)  # nothing changes, and one more write shows the final numbers
    live = _snapshot(game)
    assert live.map == "supply" and live.round == 1 and live.state == "playing"
    assert 30_000 <= live.elapsed_ms <= 35_000
    assert live.time_limit_s == 600 and live.time_to_beat_s is None
    by_slot = {p.slot: p for p in live.players}
    assert set(by_slot) == set(game.players)
    for slot, player in game.players.items():
        written = by_slot[slot]
        assert written.name == player.name and written.team == player.team
        assert (written.kills, written.deaths, written.gibs) == (player.kills, player.deaths, player.gibs)
        assert (written.damage_given, written.damage_received) == (player.damage_given, player.damage_received)
        assert written.alive == (player.health > 0)
    assert sum(p.kills for p in live.players) > 0


def test_numbers_move_between_writes_and_the_file_is_whole_after_every_frame(game: StandInGame) -> None:
    game.init_game()
    game.start_round()
    damage = []
    for _ in range(300):
        game.fight()
        game.frame()
        live = _snapshot(game)  # a torn write would fail to parse here
        damage.append(sum(p.damage_given for p in live.players))
    assert damage[-1] > damage[0]
    assert [p.name for p in game.gamestats.iterdir()] == [game.live_file.name]


def test_kill_and_damage_hooks_are_left_alone_and_nothing_outside_the_api_is_touched(game: StandInGame) -> None:
    touched: list[str] = []
    game.lua.globals()["record"] = touched.append
    game.lua.execute("setmetatable(et, {__index = function(_, key) record(key) end})")
    game.init_game()
    game.start_round()
    game.play(20)
    game.end_round()
    game.play(2)
    game.shutdown()
    assert game.lua.globals()["et_Obituary"] is None and game.lua.globals()["et_Damage"] is None
    assert all(result is None for _, result in game.hook_results)
    assert touched == []  # e.g. no et.G_LogPrint: other modules parse the log
    assert set(game.calls) <= {"trap_Cvar_Get", "trap_GetConfigstring", "gentity_get", "trap_Milliseconds"}


def test_a_missing_folder_skips_writes_without_breaking_the_frame_and_they_resume(game: StandInGame) -> None:
    game.init_game()
    game.start_round()
    game.play(6)
    game.live_file.unlink()
    game.gamestats.rmdir()
    game.play(11)  # the hook raised nothing
    assert not game.gamestats.exists()
    game.gamestats.mkdir()
    game.play(6)
    assert _snapshot(game).elapsed_ms >= 20_000


def test_round_two_carries_the_time_to_beat_and_the_defenders(game: StandInGame) -> None:
    game.configstrings[CS_MULTI_INFO] = "\\numobjectives\\3\\d\\1\\x\\d"
    game.init_game(round_number=2, time_to_beat_min=7.5)
    game.start_round()
    game.play(12)
    live = _snapshot(game)
    assert (live.round, live.time_to_beat_s, live.time_limit_s, live.defender_team) == (2, 450, 450, 2)


def test_warmup_and_shutdown_are_said_so(game: StandInGame) -> None:
    game.init_game()
    game.play(1)
    assert _snapshot(game).state == "warmup"
    game.start_round()
    game.play(6)
    game.end_round()
    game.play(6)
    assert _snapshot(game).state == "intermission"
    game.shutdown()
    assert _snapshot(game).state == "ended"


def test_the_interval_cvar_is_honoured(game: StandInGame) -> None:
    game.cvars["etstats_live_seconds"] = "2"
    game.init_game()
    game.start_round()
    game.play(10)
    assert _snapshot(game).interval_s == 2
    assert _snapshot(game).seq == 5  # in the first frame, then every 2 s of 10


def test_any_name_bytes_survive_as_json(game: StandInGame) -> None:
    raw = b'\xe9l\xe8ve "q" \\ \x01\x7f^1x'
    game.players[0].name = raw  # type: ignore[assignment]
    game.players[1].name = "名前 💥".encode()  # type: ignore[assignment]
    game.init_game()
    game.play(1)
    json.loads(game.live_file.read_text(encoding="ascii"))
    names = {p.slot: p.name for p in _snapshot(game).players}
    assert names[0] == decode_name(raw) and names[1] == "名前 💥"


def test_the_live_file_name_is_never_a_round_file_name(game: StandInGame) -> None:
    game.init_game()
    game.play(1)
    assert is_live_file_name(game.live_file.name) and not is_round_file_name(game.live_file.name)
    assert not is_live_file_name(game.live_file.name + ".tmp")
    assert not is_live_file_name("2025-10-02-232818-erdenberg_t2-round-2.txt")


def test_an_empty_server_writes_only_when_its_state_changes(tmp_path: Path) -> None:
    game = StandInGame(tmp_path)
    game.init_game()
    game.play(30, fights=False)
    assert _snapshot(game).seq == 1 and _snapshot(game).players == ()
    game.start_round()
    game.play(30, fights=False)
    assert _snapshot(game).seq == 2 and _snapshot(game).state == "playing"
    game.add_players(2)
    game.play(10, fights=False)
    assert _snapshot(game).seq == 4


def test_a_failing_write_leaves_no_temporary_file_and_the_frame_goes_on(game: StandInGame) -> None:
    game.live_file.mkdir()  # the rename over it fails, as on a broken disk
    game.init_game()
    game.start_round()
    game.play(12)
    assert sorted(p.name for p in game.gamestats.iterdir()) == [game.live_file.name]
    game.live_file.rmdir()
    game.play(6)
    assert _snapshot(game).state == "playing"
