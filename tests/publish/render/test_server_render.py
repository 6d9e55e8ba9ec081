"""The live server as text: presence, voice name, ``!server`` and the status message, hostile input included."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings

from etstats.gameserver import GameServer, PlayerInfo, ServerState, ServerStatus
from etstats.publish.limits import fit_embeds
from etstats.publish.render.server import (
    ago,
    presence_text,
    round_line,
    server_embed,
    status_board_embed,
    voice_channel_name,
)
from etstats.publish.render.style import COLOUR_MAP, COLOUR_WARNING
from etstats.stats.last_round import LastRound
from etstats.stats.status_report import QuarantinedFile, SourceState, StatusReport
from tests.publish.render.hostile import NAMES, assert_sendable, strings

NOW = datetime(2025, 11, 11, 22, 0)
SERVER = GameServer("game_1", "et.example.org", 27960, "game_1")
PLAYERS = [PlayerInfo(f"player{i}", 30 - i, 20 + i) for i in range(11)] + [PlayerInfo("vid", 42, 35)]
HEALTH = StatusReport(sources=[SourceState("game_1", "sftp", connected=True)])


def up(players: list[PlayerInfo] = PLAYERS, *, map: str = "supply", phase: str | None = None) -> ServerState:
    status = ServerStatus("Fake Legacy", map, 20, players, phase)
    return ServerState(SERVER, status, None, NOW - timedelta(hours=2), NOW)


def down(problem: str = "no reply within 1.5 s (after 3 tries)") -> ServerState:
    return ServerState(SERVER, None, problem, NOW - timedelta(minutes=7), NOW)


def last(round: int = 1, *, map: str = "supply", minutes: int = 6) -> LastRound:
    moment = NOW - timedelta(minutes=minutes)
    return LastRound(f"2025-11-11-2154-{map}-round-{round}.txt", map, round, moment, moment)


def test_presence_and_voice_name_show_players_slots_and_map() -> None:
    assert presence_text(up()) == "12/20 on supply"
    assert voice_channel_name(up()) == "🎮 12/20 on supply"
    assert presence_text(up([])) == "0/20 on supply"
    assert presence_text(down()) == "server not answering"
    assert voice_channel_name(up(map="^1" + "x" * 200)).startswith("🎮 12/20 on xxx")
    assert len(voice_channel_name(up(map="x" * 200))) <= 100


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (5, "just now"),
        (61, "1 min ago"),
        (3599, "59 min ago"),
        (3600, "1 h ago"),
        (47 * 3600, "47 h ago"),
        (3 * 86400, "3 days ago"),
    ],
)
def test_ago(seconds: int, text: str) -> None:
    assert ago(NOW - timedelta(seconds=seconds), NOW) == text


def test_which_round_is_being_played() -> None:
    status = up().status
    assert status is not None
    assert round_line(status, last(1), NOW) == "▶️ Round 2 is being played (Round 1 ended 6 min ago)."
    assert round_line(status, last(1, map="SUPPLY"), NOW).startswith("▶️ Round 2")
    assert round_line(status, last(2), NOW) == "▶️ Round 1 is being played."
    assert round_line(status, last(1, map="radar"), NOW) == "▶️ Round 1 is being played."
    assert round_line(status, last(1, minutes=90), NOW) == "▶️ Round 1 is being played.", "an old Round 1"
    assert round_line(status, None, NOW) == "▶️ Round 1 is being played."
    empty = up([]).status
    assert empty is not None and round_line(empty, last(1), NOW).startswith("⏸️ No round is being played")
    warmup = up(phase="warmup").status
    assert warmup is not None and round_line(warmup, last(1), NOW).startswith("⏳ Warmup")


def test_server_embed_lists_players_best_first() -> None:
    embed = server_embed(up(), last(1), NOW)
    assert embed["title"] == "🎮 Fake Legacy" and embed["color"] == COLOUR_MAP
    assert embed["description"].splitlines() == [
        "🗺️ **supply** — **12/20** players",
        "▶️ Round 2 is being played (Round 1 ended 6 min ago).",
        "📥 Last round imported 6 min ago: supply round 1",
    ]
    [players] = embed["fields"]
    assert players["name"] == "Players (12)"
    rows = players["value"].splitlines()
    assert rows[1].split() == ["Player", "Score", "Ping"] and rows[2].split() == ["vid", "42", "35"]
    assert embed["footer"]["text"] == "et.example.org:27960 • checked 22:00:00"


def test_a_dead_server_says_since_when_and_why() -> None:
    embed = server_embed(down("bad reply: player line b'@everyone **x**'"), None, NOW)
    assert embed["color"] == COLOUR_WARNING and embed["title"] == "🎮 game\\_1"
    assert embed["description"].startswith("🔴 **Not answering** since 2025-11-11 21:53 — bad reply")
    assert "No round imported yet" in embed["description"] and embed["fields"] == []
    assert_sendable(fit_embeds([embed]))


@settings(max_examples=60, deadline=None)
@given(NAMES, NAMES)
def test_hostile_names_maps_and_hostnames_stay_inert(name: str, other: str) -> None:
    players = [PlayerInfo(name, 1, 2), PlayerInfo(other, 3, 4)] * 32
    state = ServerState(SERVER, ServerStatus(other, name, 64, players), None, NOW, NOW)
    assert_sendable(fit_embeds([server_embed(state, last(1, map=name), NOW)]))
    board = status_board_embed([(state, last(1, map=other))], HEALTH, True, NOW, 60)
    assert_sendable(fit_embeds([board]))
    assert len(voice_channel_name(state)) <= 100 and "\n" not in presence_text(state)


def test_the_status_board_shows_servers_round_and_monitor_health() -> None:
    broken = SourceState("game_2", "sftp", connected=False, since=NOW, last_error="@here auth failed")
    health = StatusReport(
        sources=[HEALTH.sources[0], broken], backlog=3, quarantined=[QuarantinedFile("game_1", "x", "e")]
    )
    embed = status_board_embed([(up(), last(1)), (down(), None)], health, True, NOW, 60)
    assert_sendable([[embed]])
    assert embed["color"] == COLOUR_WARNING and embed["description"] == "Updated every 60 s."
    first, second, monitor = embed["fields"]
    assert first["name"] == "🟢 Fake Legacy" and "**12/20** players" in first["value"]
    assert "Round 2 is being played" in first["value"] and "Last round imported 6 min ago" in first["value"]
    assert second["name"] == "🔴 game\\_1" and second["value"].startswith("🔴 **Not answering** since")
    assert monitor["value"].splitlines() == [
        "Monitor loop: **running**",
        "🔴 game\\_2 down since 2025-11-11 22:00: @\u200bhere auth failed",
        "Outbox backlog: 3 • quarantined files: 1",
    ]
    assert embed["footer"]["text"] == "Last update 2025-11-11 22:00:00"


def test_a_healthy_board_is_green() -> None:
    embed = status_board_embed([(up(), last(2))], HEALTH, None, NOW, 60)
    assert embed["color"] == COLOUR_MAP
    assert embed["fields"][-1]["value"].splitlines()[0] == "🟢 1 source connected"
    assert "Monitor loop" not in str(embed)


def test_without_servers_the_board_says_so() -> None:
    embed = status_board_embed([], StatusReport(), False, NOW, 60)
    assert embed["description"] == "No game server is configured."
    assert "No source has reported yet." in embed["fields"][0]["value"]
    assert not any("@" in text for text in strings(embed))
