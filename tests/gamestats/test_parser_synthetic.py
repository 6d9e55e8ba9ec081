"""Files the tests write themselves: shapes the real corpus lacks, and every way a file can be bad.

Good files come from the doc's sample line (see ``builders``) or are written from
scratch; each bad file must raise exactly one GameStatsFormatError that says where
(file, line, field) and what was expected.
"""

from __future__ import annotations

import pytest

from etstats.gamestats import (
    GameStatsFormatError,
    RoundFile,
    Side,
    WeaponStats,
    parse_file_name,
    parse_round,
)
from tests.gamestats.builders import (
    SAMPLE_EXT,
    SAMPLE_HEADER,
    SAMPLE_LINE,
    SAMPLE_NAME,
    SAMPLE_WEAPONS,
    header_with,
    player_line,
    round_file,
    sample_with_ext,
)

V8_HEADER = SAMPLE_HEADER + b"\\241533"
LUGER = {2: (6, 30, 1, 0, 0)}


def parse(data: bytes, name: str = SAMPLE_NAME) -> RoundFile:
    return parse_round(data, name)


def ext_with(index: int, value: bytes) -> list[bytes]:
    ext = list(SAMPLE_EXT)
    ext[index] = value
    return ext


# --- good files -------------------------------------------------------------------------


def test_sample_file_decodes() -> None:
    result = parse(round_file())
    assert result.file == parse_file_name(SAMPLE_NAME)
    assert (result.round, result.map, result.warnings) == (1, "erdenberg_t2", [])
    assert result.header.server == "#purans.only"
    assert (result.header.defender, result.header.winner) == (Side.AXIS, Side.ALLIES)
    assert (result.header.time_limit_s, result.header.next_time_limit_s) == (720, 470)
    (qmr,) = result.players
    assert qmr.weapons == {
        2: WeaponStats(6, 30, 1, 0, 0),
        4: WeaponStats(107, 343, 11, 0, 11),
        5: WeaponStats(0, 0, 0, 7, 0),
        11: WeaponStats(3, 5, 2, 1, 0),
        24: WeaponStats(0, 0, 0, 3, 0),
        27: WeaponStats(1, 2, 0, 0, 0),
    }
    assert qmr.value("damage_given") == 2295
    assert qmr.value("time_played_minutes") == 7.8
    assert qmr.value("revives_given") == 1
    assert qmr.ext_count == 38


def test_crlf_line_endings_parse_identically() -> None:
    lines = [SAMPLE_LINE, player_line(LUGER, guid=b"3C0354D3", name=b"^wsqu^hA^pze^h:^w)", team=2)]
    plain = round_file(lines=lines)
    assert parse(plain.replace(b"\n", b"\r\n")) == parse(plain)


def test_crlf_header_only_file() -> None:
    assert parse(SAMPLE_HEADER + b"\r\n").players == []


def test_name_info_skips_reparsing_the_name() -> None:
    info = parse_file_name(SAMPLE_NAME)
    assert parse_round(round_file(), SAMPLE_NAME, name_info=info).file is info


@pytest.mark.parametrize(
    ("h8", "playtime_ms"),
    [
        (b"241533", 241533),
        (b"716261", 716261),
        (b"716261.4", 716261),
        (b"10001", 10001),
        (b"240", 240000),
        (b"10000", 10000000),
        (b"7.5", 7500),
        (b"-58000", None),
        (b"-1700000000", None),
        (b"0", None),
        (b"-0.0", None),
        (b"9" * 400, None),
    ],
)
def test_v8_header_playtime(h8: bytes, playtime_ms: int | None) -> None:
    """H8 is milliseconds; <= 0 is the shutdown path (unknown); <= 10000 was written in seconds."""
    header = parse(round_file(SAMPLE_HEADER + b"\\" + h8)).header
    assert header.field_count == 9
    assert header.playtime_ms == playtime_ms
    assert header.time_limit_s == 720


def test_v8_header_with_crlf() -> None:
    assert parse(round_file(V8_HEADER).replace(b"\n", b"\r\n")).header.playtime_ms == 241533


@pytest.mark.parametrize(("value", "side"), [(b"0", None), (b"1", Side.AXIS), (b"2", Side.ALLIES)])
def test_side_values(value: bytes, side: Side | None) -> None:
    header = parse(round_file(header_with(5, value, header_with(4, value)))).header
    assert header.defender is side
    assert header.winner is side


@pytest.mark.parametrize(("text", "seconds"), [(b"0:00", 0), (b"71:05", 4265), (b"120:59", 7259)])
def test_time_fields(text: bytes, seconds: int) -> None:
    header = parse(round_file(header_with(7, text))).header
    assert header.next_time_limit_s == seconds


def test_empty_config_and_header_only() -> None:
    result = parse(round_file(header_with(2, b""), lines=()))
    assert result.header.config == ""
    assert result.players == []


def test_header_disagreeing_with_the_name_is_a_warning_not_an_error() -> None:
    result = parse(round_file(header_with(1, b"supply", header_with(3, b"2"))))
    assert result.round == 1
    assert result.header.round == 2
    assert len(result.warnings) == 2
    assert any("round" in w for w in result.warnings)
    assert any("supply" in w for w in result.warnings)


def test_non_utf8_name_is_kept_raw_and_decoded_as_latin1() -> None:
    raw = b"^1\xe9l\xe8ve"
    (player,) = parse(round_file(lines=[player_line(LUGER, name=raw)])).players
    assert player.raw_name == raw
    assert player.name == "^1élève"
    assert player.display_name == "élève"
    assert player.name.encode("latin-1") == raw


def test_utf8_name() -> None:
    raw = "^4Šparta^7ñ".encode()
    (player,) = parse(round_file(lines=[player_line(LUGER, name=raw)])).players
    assert (player.raw_name, player.display_name) == (raw, "Špartañ")


def test_duplicate_bot_guids_are_all_kept() -> None:
    lines = [
        player_line(LUGER, guid=b"OMNIBOT0", name=b"OMNIBOT0", team=1),
        player_line({4: (1, 2, 0, 0, 0)}, guid=b"OMNIBOT0", name=b"^o[BOT]^7lagger", team=2),
        player_line({5: (3, 9, 1, 1, 0)}, guid=b"OMNIBOT0", name=b"^o[BOT]^7other", team=2),
    ]
    players = parse(round_file(lines=lines)).players
    assert [p.guid for p in players] == ["OMNIBOT0"] * 3
    assert [p.display_name for p in players] == ["OMNIBOT0", "[BOT]lagger", "[BOT]other"]
    assert [p.line_no for p in players] == [2, 3, 4]
    assert all(p.is_bot for p in players)


def test_bot_name_alone_marks_a_bot() -> None:
    (player,) = parse(round_file(lines=[player_line(LUGER, name=b"^o[BOT]^7lagger")])).players
    assert player.guid == "652EB4A6"
    assert player.is_bot


def test_human_is_not_a_bot() -> None:
    assert not parse(round_file()).players[0].is_bot


def test_empty_and_odd_guids_are_accepted() -> None:
    lines = [player_line(LUGER, guid=b""), player_line(LUGER, guid=b"ab\xffz")]
    players = parse(round_file(lines=lines)).players
    assert [p.guid for p in players] == ["", "ab\xffz"]


@pytest.mark.parametrize("name", [b"a\\b", b"^1x\\\\y", b"\\lead", b"trail\\"])
def test_name_with_backslashes_is_rejoined(name: bytes) -> None:
    (player,) = parse(round_file(lines=[player_line(LUGER, name=name, rounds=4, team=2)])).players
    assert player.raw_name == name
    assert (player.rounds, player.team, player.guid) == (4, 2, "652EB4A6")
    assert player.weapons == {2: WeaponStats(6, 30, 1, 0, 0)}


def test_line_without_tab_has_unknown_extended_fields() -> None:
    (player,) = parse(round_file(lines=[player_line(LUGER, ext=None)])).players
    assert player.ext_count == 0
    assert player.ext == (None,) * 38
    assert player.value("damage_given") is None
    assert player.weapons == {2: WeaponStats(6, 30, 1, 0, 0)}


def test_more_than_38_extended_fields_keeps_the_first_38() -> None:
    line = sample_with_ext([*SAMPLE_EXT, b"7", b"not-a-number-but-ignored"])
    result = parse(round_file(lines=[line]))
    (player,) = result.players
    assert player.ext_count == 40
    assert player.ext == parse(round_file()).players[0].ext
    assert result.warnings == ["line 2 has 40 extended fields; kept the first 38"]


def test_37_extended_fields() -> None:
    (player,) = parse(round_file(lines=[sample_with_ext(SAMPLE_EXT[:37])])).players
    assert player.ext_count == 37
    assert player.value("revives_given") is None
    assert player.value("bullets_fired") is None
    assert player.value("repairs_constructions") == 0


@pytest.mark.parametrize("count", [33, 36])
def test_older_extended_layouts_null_x20_and_x27_on(count: int) -> None:
    (player,) = parse(round_file(lines=[sample_with_ext(SAMPLE_EXT[:count])])).players
    assert player.ext_count == count
    assert player.ext[:20] == parse(round_file()).players[0].ext[:20]
    assert player.ext[20] is None
    assert player.ext[21:27] == (0.0, 7.8, 0.0, 56.0, 4.4, 1.3)
    assert player.ext[27:] == (None,) * 11


def test_nine_extended_fields_is_the_minimum() -> None:
    (player,) = parse(round_file(lines=[sample_with_ext(SAMPLE_EXT[:9])])).players
    assert player.ext_count == 9
    assert player.ext[:9] == (2295, 2638, 64, 18, 2, 5, 1, 0, 76.9)
    assert player.ext[9:] == (None,) * 29


def test_negative_extended_values_follow_the_grammar() -> None:
    (player,) = parse(round_file(lines=[sample_with_ext(ext_with(26, b"-1.5"))])).players
    assert player.value("lua_kd_ratio") == -1.5


def test_spectator_team() -> None:
    (player,) = parse(round_file(lines=[player_line(LUGER, team=3)])).players
    assert player.team == 3


def test_all_28_weapons() -> None:
    weapons = {i: (i, i + 1, i % 3, i % 2, 0) for i in range(28)}
    (player,) = parse(round_file(lines=[player_line(weapons)])).players
    assert player.weapons == {i: WeaponStats(*w) for i, w in weapons.items()}


def test_runs_of_spaces_in_the_weapon_block() -> None:
    line = SAMPLE_LINE.replace(b"150997044 6 30", b"150997044   6  30", 1)
    assert parse(round_file(lines=[line])) == parse(round_file())


def test_blank_line_between_players_is_skipped() -> None:
    result = parse(round_file(lines=[SAMPLE_LINE, b"", SAMPLE_LINE]))
    assert [p.line_no for p in result.players] == [2, 4]


# --- bad files --------------------------------------------------------------------------


def expect_error(data: bytes, line: int, field: str) -> GameStatsFormatError:
    """Parse, demand exactly one GameStatsFormatError at (line, field), and a message that says it."""
    with pytest.raises(GameStatsFormatError) as caught:
        parse(data)
    error = caught.value
    assert type(error) is GameStatsFormatError
    assert (error.file, error.line, error.field) == (SAMPLE_NAME, line, field)
    assert error.expected
    message = str(error)
    assert message.startswith(SAMPLE_NAME)
    assert f"line {line}" in message
    assert f"field {field}" in message
    assert f"expected {error.expected}" in message
    return error


def test_empty_file() -> None:
    expect_error(b"", 1, "header")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"\x00\x01\x02\xff" * 16, 1),
        (round_file() + b"\x00", 3),
        (round_file().replace(b"qmr", b"q\x00r"), 2),
    ],
)
def test_binary_content(data: bytes, line: int) -> None:
    expect_error(data, line, "content")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (round_file()[:-1], 2),
        (round_file()[:-40], 2),
        (SAMPLE_HEADER, 1),
        (round_file() + b"652EB4A6\\^3q", 3),
        (round_file().replace(b"\n", b"\r\n")[:-1], 2),
    ],
)
def test_truncated_last_line(data: bytes, line: int) -> None:
    error = expect_error(data, line, "line end")
    assert "truncated" in error.reason


@pytest.mark.parametrize(
    "header",
    [
        b"",
        SAMPLE_HEADER.rsplit(b"\\", 1)[0],
        V8_HEADER + b"\\1",
        SAMPLE_HEADER.replace(b"\\", b"/"),
    ],
)
def test_wrong_header_field_count(header: bytes) -> None:
    expect_error(round_file(header), 1, "header")


@pytest.mark.parametrize(
    ("index", "value", "field"),
    [
        (3, b"0", "H3 round"),
        (3, b"3", "H3 round"),
        (3, b"01", "H3 round"),
        (4, b"3", "H4 defender side"),
        (4, b"-1", "H4 defender side"),
        (4, b"", "H4 defender side"),
        (5, b"x", "H5 winner side"),
        (5, b" 1", "H5 winner side"),
        (6, b"12", "H6 time limit"),
        (6, b"12:0x", "H6 time limit"),
        (6, b"12:60", "H6 time limit"),
        (6, b"12:5", "H6 time limit"),
        (6, b"-1:00", "H6 time limit"),
        (6, b"", "H6 time limit"),
        (6, b"9" * 5000 + b":00", "H6 time limit"),
        (7, b"7:50 ", "H7 next time limit"),
        (7, "７:50".encode(), "H7 next time limit"),
    ],
)
def test_bad_header_value(index: int, value: bytes, field: str) -> None:
    expect_error(round_file(header_with(index, value)), 1, field)


@pytest.mark.parametrize(
    "value", [b"", b"abc", b"nan", b"inf", b"-inf", b"1e5", b"1_000", b" 241533", b"241533ms", b"0x10"]
)
def test_bad_v8_playtime(value: bytes) -> None:
    expect_error(round_file(header_with(8, value, V8_HEADER)), 1, "H8 playtime")


@pytest.mark.parametrize(
    "line",
    [
        b"652EB4A6",
        b"652EB4A6\\^3qmr\\0\\" + SAMPLE_WEAPONS,
        b"652EB4A6\\^3qmr\\0\\1",
        b"    ",
    ],
)
def test_too_few_backslash_fields(line: bytes) -> None:
    expect_error(round_file(lines=[line]), 2, "player line")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (b"\\0\\1\\", b"\\x\\1\\", "P2 rounds"),
        (b"\\0\\1\\", b"\\-1\\1\\", "P2 rounds"),
        (b"\\0\\1\\", b"\\0\\\\", "P3 team"),
        (b"\\0\\1\\", b"\\0\\+1\\", "P3 team"),
        (b"\\0\\1\\", b"\\0\\1_0\\", "P3 team"),
        (b"\\0\\1\\", b"\\0\\" + b"9" * 5000 + b"\\", "P3 team"),
        (b"150997044 6 30", b"150997044 6 3x", "P4 weapon value 2"),
        (b"150997044 6 30", b"150997044 -6 30", "P4 weapon value 1"),
        (b"150997044 6 30", b"150997044 +6 30", "P4 weapon value 1"),
        (b"150997044 6 30", b"150997044 6.0 30", "P4 weapon value 1"),
        (b"150997044 6 30", b"150997044 6\x0b 30", "P4 weapon value 1"),
        (b"150997044 6 30", b"150997044 " + b"6" * 5000 + b" 30", "P4 weapon value 1"),
        (b"0 0 0 3 0 1 2 0 0 0 ", b"0 0 0 3 0 1 2 0 0 nan ", "P4 weapon value 30"),
        (b"150997044 6 30", b"15099704x 6 30", "P4 weapon mask"),
        (b"150997044 6 30", b"0 6 30", "P4 weapon mask"),
        (b"150997044 6 30", b"-150997044 6 30", "P4 weapon mask"),
        (b"150997044 6 30", b"268435456 6 30", "P4 weapon mask"),
        (b"150997044 6 30", b"9" * 5000 + b" 6 30", "P4 weapon mask"),
        (b"150997044 6 30", b"150997045 6 30", "P4 weapon block"),
        (b"150997044 6 30", b"150997040 6 30", "P4 weapon block"),
        (b"150997044 6 30", b"150997044 30", "P4 weapon block"),
        (SAMPLE_WEAPONS, b" ", "P4 weapon mask"),
        (SAMPLE_WEAPONS, b"", "P4 weapon mask"),
    ],
)
def test_bad_player_value(old: bytes, new: bytes, field: str) -> None:
    assert old in SAMPLE_LINE
    expect_error(round_file(lines=[SAMPLE_LINE.replace(old, new, 1)]), 2, field)


@pytest.mark.parametrize(
    ("index", "value", "field"),
    [
        (0, b"22x5", "X[0] damage_given"),
        (0, b"", "X[0] damage_given"),
        (5, b" 5", "X[5] self_kills"),
        (9, b"7.5", "X[9] xp"),
        (9, b"1_000", "X[9] xp"),
        (8, b"nan", "X[8] alive_percent"),
        (8, b"76,9", "X[8] alive_percent"),
        (8, b"7.6.9", "X[8] alive_percent"),
        (22, b"1e999", "X[22] time_played_minutes"),
        (22, b"inf", "X[22] time_played_minutes"),
        (22, b"-", "X[22] time_played_minutes"),
        (26, b"--1.3", "X[26] lua_kd_ratio"),
        (28, b"9" * 5000, "X[28] denied_playtime"),
        (36, b"0\r", "X[36] repairs_constructions"),
        (37, b"\xff", "X[37] revives_given"),
    ],
)
def test_bad_extended_value(index: int, value: bytes, field: str) -> None:
    expect_error(round_file(lines=[sample_with_ext(ext_with(index, value))]), 2, field)


@pytest.mark.parametrize("count", [1, 2, 8])
def test_fewer_than_9_extended_fields(count: int) -> None:
    error = expect_error(round_file(lines=[sample_with_ext(SAMPLE_EXT[:count])]), 2, "extended fields")
    assert error.got == str(count)


def test_error_reports_the_line_of_the_bad_player() -> None:
    bad = SAMPLE_LINE.replace(b"\t2295\t", b"\tx\t", 1)
    expect_error(round_file(lines=[SAMPLE_LINE, SAMPLE_LINE, bad, SAMPLE_LINE]), 4, "X[0] damage_given")


def test_long_bad_value_is_shortened_in_the_message() -> None:
    error = expect_error(round_file(header_with(6, b"x" * 500)), 1, "H6 time limit")
    assert error.got == "x" * 40 + "…"
    assert len(str(error)) < 300


def test_bad_file_name_is_reported_before_content() -> None:
    with pytest.raises(GameStatsFormatError) as caught:
        parse_round(round_file(), "2025-10-14-231545-erdenberg_t2-round-1_ws.txt")
    assert caught.value.field == "file name"
