"""The rating board, the rating in ``!stats`` and the chance in a Round 1 post, as a phone shows them."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings

from etstats.gamestats.records import Side
from etstats.publish.render.ratings import BOARD_ROWS, chance_field, rating_board_embed, rating_field
from etstats.stats.outcome import RoundOutcome
from etstats.stats.ratings import RatedPlayer, RatingBoard, Skill
from etstats.stats.summary import RoundSummary
from tests.publish.render.hostile import NAMES, assert_sendable

PHONE = 40


def _board(names: list[str], unqualified: int = 0) -> RatingBoard:
    standings = [RatedPlayer(n, name, Skill(30.0 - n, 2.0 + n / 10, 10 + n)) for n, name in enumerate(names)]
    return RatingBoard(standings, 3, unqualified)


def _table_lines(embed: dict) -> list[str]:
    return embed["description"].strip("`\n").splitlines()


def test_the_board_lists_the_best_first_within_a_phone_width() -> None:
    embed = rating_board_embed(_board(["SmetarskiProner", ".olz", "a name far longer than sixteen"], unqualified=4))
    lines = _table_lines(embed)
    assert lines[0] == " # Player            RATING MAPS"
    assert lines[1] == " 1 SmetarskiProner     24.0   10"
    assert lines[2] == " 2 .olz                22.7   11"
    assert lines[3] == " 3 a name far long…    21.4   12"
    assert all(len(line) <= PHONE for line in lines)
    assert embed["footer"]["text"].endswith("To rank: 3 rated maps • 4 with fewer")


def test_the_board_shows_at_most_its_rows() -> None:
    lines = _table_lines(rating_board_embed(_board([f"p{n}" for n in range(40)])))
    assert len(lines) == 1 + BOARD_ROWS


def test_an_empty_board_says_so() -> None:
    assert rating_board_embed(_board([]))["description"] == "Nobody has enough rated maps yet."


@settings(max_examples=60, deadline=None)
@given(NAMES)
def test_any_name_is_sent_safely(name: str) -> None:
    embed = rating_board_embed(_board([name, name]))
    assert_sendable([[embed]])
    assert all(len(line) <= PHONE for line in _table_lines(embed))


def test_the_rating_field_shows_the_place_or_the_rule() -> None:
    board = _board(["a", "b"])
    ranked = rating_field(Skill(30.0, 2.0, 12), 2, board)
    assert ranked["value"] == "**24.0** (μ 30.0 ± 2.0)\n#2 of 2"
    unranked = rating_field(Skill(30.0, 5.0, 2), None, board)
    assert unranked["value"].endswith("ranks after 3 rated maps")
    assert rating_field(None, None, board)["value"].startswith("not rated yet")


def test_the_chance_names_both_sides_with_their_percentages() -> None:
    summary = RoundSummary(
        source="local", map="supply", round=1, server="s", file="2025-10-21-213321-supply-round-1.txt",
        written_at=datetime(2025, 10, 21, 21, 33), defender=Side.AXIS, outcome=RoundOutcome.ATTACKERS_WON,
        time_limit_s=600, next_time_limit_s=400, players=[],
    )  # fmt: skip
    field = chance_field(summary, 0.574)
    first, second = field["value"].splitlines()
    assert first == "⚔️ Allies **57 %** · 🛡️ Axis **43 %**"
    assert all(len(line.replace("**", "")) <= PHONE for line in (first, second))
