"""The live message: phone width, escaped and cut names, stale marking, the pointer line."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings

from etstats.gamestats.live import LivePlayer, LiveSnapshot
from etstats.publish.render.live import PHONE_WIDTH, live_embed, pointer_text
from etstats.stats.live import live_view
from tests.publish.render.hostile import NAMES, assert_sendable

NOW = 1_760_000_000


def snapshot(names: list[str], **changes: object) -> LiveSnapshot:
    players = tuple(
        LivePlayer(i, name, 1 + i % 2, i, 1, 100 * (i + 1), 50, 0, i % 3 != 0) for i, name in enumerate(names)
    )
    base = LiveSnapshot(
        file="live-1.json", seq=1, written_at=NOW, interval_s=5, server="^1Srv @everyone", map="supply",
        round=2, state="playing", defender_team=1, started_at=NOW - 200, start_ms=0, elapsed_ms=200_000, time_limit_s=450,
        time_to_beat_s=450, players=players,
    )  # fmt: skip
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _code_lines(embed: dict[str, object]) -> list[str]:
    description = str(embed["description"])
    return description.split("```\n", 1)[1].rsplit("\n```", 1)[0].splitlines()


def test_round_two_message_shows_clock_pace_and_a_table_within_phone_width() -> None:
    embed = live_embed(live_view(snapshot([f"player{i}" for i in range(20)]), NOW), 10)
    description = str(embed["description"])
    assert "3:20 of 7:30 to beat · 4:10 left" in description
    assert "attackers" in description and "stale" not in description
    lines = _code_lines(embed)
    assert len(lines) == 21 and lines[1].startswith("A player19")
    assert all(len(line) <= PHONE_WIDTH for line in lines)
    assert "@everyone" not in str(embed["footer"])


def test_long_and_hostile_names_are_cut_at_sixteen_and_cannot_break_the_block() -> None:
    names = ["^1abcdefghijklmnopqrstuvwxyz", "```@everyone**", "<@123456789012345678>"]
    lines = _code_lines(live_embed(live_view(snapshot(names), NOW), 10))
    assert any("abcdefghijklmno…" in line for line in lines)
    assert not any("```" in line or "@everyone" in line for line in lines)
    assert all(len(line.replace("\u200b", "")) <= PHONE_WIDTH for line in lines)


@settings(max_examples=60, deadline=None)
@given(NAMES)
def test_any_name_gives_a_sendable_message(name: str) -> None:
    embed = live_embed(live_view(snapshot([name, name]), NOW), 10)
    assert_sendable([[embed]])
    assert all(len(line.replace("\u200b", "")) <= PHONE_WIDTH for line in _code_lines(embed))


def test_stale_data_is_said_so() -> None:
    embed = live_embed(live_view(snapshot(["a"]), NOW + 120), 10)
    assert "data stale: no update from the server for 120s" in str(embed["description"])


def test_pointer_is_one_line_about_the_round() -> None:
    text = pointer_text("supply", 2)
    assert "\n" not in text and "supply Round 2 is over" in text
