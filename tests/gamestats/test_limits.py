"""Files beyond what a 64-slot server can write are refused at once, naming file, line and field."""

from __future__ import annotations

import pytest

from etstats.gamestats import GameStatsFormatError, parse_round
from etstats.gamestats.errors import GameStatsLimitError
from etstats.gamestats.limits import MAX_FILE_BYTES, MAX_PLAYERS
from tests.gamestats.builders import SAMPLE_HEADER, SAMPLE_LINE, SAMPLE_NAME, round_file


def _players(count: int) -> list[bytes]:
    return [SAMPLE_LINE.replace(b"652EB4A6", f"{n:08X}".encode(), 1) for n in range(count)]


def test_a_full_server_of_64_players_parses() -> None:
    assert MAX_PLAYERS == 64
    assert len(parse_round(round_file(SAMPLE_HEADER, _players(64)), SAMPLE_NAME).players) == 64


def test_65_players_are_refused_naming_the_line() -> None:
    with pytest.raises(GameStatsLimitError) as caught:
        parse_round(round_file(SAMPLE_HEADER, _players(65)), SAMPLE_NAME)
    message = str(caught.value)
    assert SAMPLE_NAME in message and "line 66" in message and "field players" in message
    assert "at most 64" in message
    assert isinstance(caught.value, GameStatsFormatError)


def test_a_file_larger_than_any_round_is_refused_before_it_is_split() -> None:
    data = round_file(SAMPLE_HEADER, _players(1)) + b"x" * MAX_FILE_BYTES
    with pytest.raises(GameStatsLimitError) as caught:
        parse_round(data, SAMPLE_NAME)
    assert "bytes" in str(caught.value) and SAMPLE_NAME in str(caught.value)
