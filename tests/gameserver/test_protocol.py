"""Parsing ``statusResponse``: what ET: Legacy sends is read exactly; anything else is one clear error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etstats.gameserver import StatusReplyError, parse_status_response
from etstats.gameserver.protocol import MAX_PLAYERS, MAX_REPLY_BYTES, STATUS_REQUEST
from etstats.gamestats import strip_colors
from tests.fakes.game_server import HEADER, garbage, oversized, status_reply, truncated

BUSY = status_reply(players=[(12, 48, "^1v^7id"), (-3, 999, "^^7caret"), (0, 0, "[BOT]^3Sarge")])


def test_the_request_is_the_quake3_getstatus_packet() -> None:
    assert STATUS_REQUEST == b"\xff\xff\xff\xffgetstatus\n"


def test_a_busy_server_is_read_with_colour_free_names() -> None:
    status = parse_status_response(BUSY)
    assert (status.hostname, status.map, status.max_players, status.player_count) == ("Fake Legacy", "supply", 20, 3)
    assert [(p.name, p.score, p.ping) for p in status.players] == [
        ("vid", 12, 48), ("^caret", -3, 999), ("[BOT]Sarge", 0, 0),
    ]  # fmt: skip
    assert status.info["version"].startswith("ET Legacy")
    assert status.phase is None


def test_an_empty_server_has_no_players() -> None:
    status = parse_status_response(status_reply(mapname="te_escape2", max_clients=64))
    assert (status.map, status.max_players, status.players) == ("te_escape2", 64, [])


@pytest.mark.parametrize(
    ("gamestate", "phase"), [("0", "playing"), ("2", "warmup"), ("3", "intermission"), ("9", None)]
)
def test_the_game_phase_is_read_when_published(gamestate: str, phase: str | None) -> None:
    assert parse_status_response(status_reply(extra={"gamestate": gamestate})).phase == phase


def test_a_latin1_name_is_kept_readable() -> None:
    reply = HEADER + b'\\mapname\\goldrush\\sv_maxclients\\12\n5 20 "J\xe9r\xf4me"\n'
    assert parse_status_response(reply).players[0].name == "Jérôme"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (b"", "header"),
        (garbage(), "header"),
        (b"\xff\xff\xff\xffinfoResponse\n\\mapname\\supply\n", "header"),
        (b"\xff\xff\xff\xffstatusResponse", "header"),
        (truncated(BUSY), "truncated"),
        (BUSY[:-1], "truncated"),
        (oversized(), "limit"),
        (HEADER + b"mapname\\supply\\sv_maxclients\\20\n", "backslash"),
        (HEADER + b"\\mapname\\supply\\sv_maxclients\n", "without a value"),
        (HEADER + b"\\sv_maxclients\\20\n", "mapname"),
        (HEADER + b"\\mapname\\supply\\sv_maxclients\\many\n", "sv_maxclients"),
        (HEADER + b"\\mapname\\supply\\sv_maxclients\\9999\n", "sv_maxclients"),
        (HEADER + b"\\mapname\\supply\\sv_maxclients\\\xd9\xa1\xd9\xa2\n", "sv_maxclients"),
        (HEADER + b"\\mapname\\supply\\sv_maxclients\\20\\bad\\a\x00b\n", "control"),
        (HEADER + b"\\mapname\\supply\\sv_maxclients\\20\n12 34 vid\n", "player line"),
        (HEADER + b'\\mapname\\supply\\sv_maxclients\\20\n12 34 "vid"\n\n', "player line"),
        (HEADER + b'\\mapname\\supply\\sv_maxclients\\20\n99999999999 1 "big"\n', "player line"),
        (HEADER + b'\\mapname\\supply\\sv_maxclients\\20\n1 1 "\x1b[31mred"\n', "control"),
        (HEADER + b'\\mapname\\supply\\sv_maxclients\\20\n1 1 "' + b"x" * 65 + b'"\n', "too long"),
        (status_reply(players=[(1, 1, "p")] * (MAX_PLAYERS + 1)), "players"),
        (status_reply(mapname="m" * 65), "mapname"),
    ],
)
def test_malformed_replies_are_rejected_with_a_reason(reply: bytes, reason: str) -> None:
    with pytest.raises(StatusReplyError, match=reason):
        parse_status_response(reply)


def test_the_size_limit_holds_a_full_server_with_room_to_spare() -> None:
    full = status_reply(players=[(999, 999, "^1" + "n" * 34)] * MAX_PLAYERS, extra={"pad": "x" * 900})
    assert len(full) < MAX_REPLY_BYTES // 2
    assert parse_status_response(full).player_count == MAX_PLAYERS


def test_every_cut_of_a_reply_is_rejected_or_a_shorter_list() -> None:
    """A reply cut anywhere is an error, except exactly after a whole line (fewer players, still true)."""
    for end in range(len(BUSY)):
        try:
            status = parse_status_response(BUSY[:end])
        except StatusReplyError:
            continue
        assert BUSY[end - 1 : end] == b"\n" and status.player_count < 3


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_never_crash_the_parser(noise: bytes) -> None:
    for reply in (noise, HEADER + noise, BUSY[:60] + noise):
        try:
            parse_status_response(reply)
        except StatusReplyError:
            pass


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40).filter(lambda s: '"' not in s and "\n" not in s))
def test_a_name_is_accepted_exactly_when_short_and_printable(name: str) -> None:
    reply = status_reply(players=[(1, 2, name)])
    acceptable = len(name.encode()) <= 64 and all(ord(c) >= 0x20 for c in name)
    try:
        status = parse_status_response(reply)
    except StatusReplyError:
        assert not acceptable
    else:
        assert acceptable and status.players[0].name == strip_colors(name)
