"""The live file's strict reader: valid files in, one clear error naming file and field otherwise."""

from __future__ import annotations

import json
from typing import Any

import pytest

from etstats.gamestats import GameStatsFormatError
from etstats.gamestats.live import MAX_LIVE_BYTES, MAX_LIVE_PLAYERS, is_live_file_name, parse_live

NAME = "live-27960.json"


def document(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "etstats-live", "version": 1, "seq": 3, "written_at": 1_760_000_000, "interval_s": 5,
        "server": "^1My ^7server", "map": "Supply", "round": 1, "state": "playing", "defender_team": 1,
        "started_at": 1_759_999_900, "start_ms": 4000, "elapsed_ms": 100_000, "time_limit_s": 600, "time_to_beat_s": None,
        "players": [
            {"slot": 0, "name": "^1a\u00e9", "team": 1, "kills": 2, "deaths": 1, "damage_given": 500,
             "damage_received": 300, "gibs": 1, "alive": True},
        ],
    }  # fmt: skip
    doc.update(changes)
    return doc


def encode(doc: Any) -> bytes:
    return (json.dumps(doc) + "\n").encode("ascii")


def test_a_valid_file_is_read_with_names_back_as_the_game_had_them() -> None:
    live = parse_live(encode(document()), NAME)
    assert live.map == "supply" and live.round == 1 and live.time_to_beat_s is None
    assert live.players[0].name == "^1aé" and live.players[0].alive
    assert live.round_key == "supply:1:1759999900:4000"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (encode(document())[:-20], "cut short"),
        (b'{"format": "etstats-live",\n "version": 1,,}\n', "not JSON"),
        (encode([1, 2]), "not a JSON object"),
        (encode(document(format="other")), "field format"),
        (encode(document(version=2)), "field version"),
        (encode(document(state="dancing")), "field state"),
        (encode(document(round=3)), "field round"),
        (encode(document(round=2)), "field time_to_beat_s"),
        (encode(document(seq="3")), "field seq"),
        (encode(document(seq=True)), "field seq"),
        (encode(document(players=[{"slot": 0}])), "field players[0].team"),
        (encode(document(players=[dict(document()["players"][0], alive=1)])), "field players[0].alive"),
        (encode(document(players=[dict(document()["players"][0], slot=64)])), "field players[0].slot"),
        (encode(document(players=[dict(document()["players"][0], name="x" * 300)])), "field players[0].name"),
        (encode(document(players=[document()["players"][0]] * (MAX_LIVE_PLAYERS + 1))), "field players"),
        (b"\xff" + encode(document()), "not ASCII"),
        (encode(document(server="x" * MAX_LIVE_BYTES)), "too large"),
    ],
)
def test_a_bad_file_is_one_error_naming_the_file_and_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(GameStatsFormatError) as caught:
        parse_live(data, NAME)
    assert str(caught.value).startswith(NAME) and message in str(caught.value)


def test_json_errors_name_the_line() -> None:
    with pytest.raises(GameStatsFormatError, match="line 2"):
        parse_live(b'{"format": "etstats-live",\n "version": 1,,}\n', NAME)


@pytest.mark.parametrize("name", ["live-27960.json", "live-eu1.json"])
def test_live_names(name: str) -> None:
    assert is_live_file_name(name)


@pytest.mark.parametrize(
    "name", ["live-27960.json.tmp", "live-.json", "2025-10-02-232818-supply-round-1.txt", "live-a/b.json", "x.json"]
)
def test_not_live_names(name: str) -> None:
    assert not is_live_file_name(name)
