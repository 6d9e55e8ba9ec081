"""Property tests: damaged files fail only with GameStatsFormatError; generated files read back exactly.

The monitor quarantines a file on GameStatsFormatError and carries on; any other
exception would stop the import loop, so "never anything else" is the property.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etstats.gamestats import (
    EXT_FIELDS,
    GameStatsFormatError,
    PlayerLine,
    RoundFile,
    Side,
    WeaponStats,
    decode_name,
    parse_round,
    strip_colors,
)
from tests.gamestats.builders import SAMPLE_NAME, player_line, round_file

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SAMPLE_FILE = round_file(
    lines=[
        player_line({2: (6, 30, 1, 0, 0), 27: (1, 2, 0, 0, 0)}),
        player_line({4: (1, 2, 0, 0, 0)}, guid=b"OMNIBOT0", name=b"^o[BOT]^7lagger", team=2),
    ]
)


def parses_or_format_error(data: bytes, name: str = SAMPLE_NAME) -> RoundFile | None:
    """The property itself: a RoundFile, or a GameStatsFormatError that says where."""
    try:
        return parse_round(data, name)
    except GameStatsFormatError as error:
        assert error.file == name
        assert error.line is None or 1 <= error.line <= data.count(b"\n") + 1
        assert error.field
        return None


# --- damaged input ----------------------------------------------------------------------

INTERESTING = st.sampled_from(b"\\\t \n\r\x000123456789.-:^+_eEnax\xff")


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after a few random byte flips, insertions, deletions and a possible truncation."""
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "replace", "duplicate"]))
        at = draw(st.integers(0, max(len(buffer) - 1, 0)))
        byte = draw(st.one_of(INTERESTING, st.integers(0, 255)))
        if kind == "flip" and buffer:
            buffer[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            buffer.insert(at, byte)
        elif kind == "delete" and buffer:
            del buffer[at]
        elif kind == "replace" and buffer:
            buffer[at] = byte
        elif kind == "duplicate" and buffer:
            end = draw(st.integers(at, min(len(buffer), at + 200)))
            buffer[at:at] = buffer[at:end]
    if draw(st.booleans()):
        del buffer[draw(st.integers(0, len(buffer))) :]
    return bytes(buffer)


@pytest.fixture(scope="module")
def corpus_contents(corpus_files: list[Path]) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in corpus_files]


@pytest.mark.corpus
@FUZZ
@given(data=st.data())
def test_mutated_corpus_files_parse_or_raise_format_error(
    corpus_contents: list[tuple[str, bytes]], data: st.DataObject
) -> None:
    name, content = data.draw(st.sampled_from(corpus_contents))
    parses_or_format_error(data.draw(mutated(content)), name)


@FUZZ
@given(mutated(SAMPLE_FILE))
def test_mutated_sample_parses_or_raises_format_error(content: bytes) -> None:
    parses_or_format_error(content)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_parse_or_raise_format_error(content: bytes) -> None:
    parses_or_format_error(content)


@FUZZ
@given(st.lists(st.binary(max_size=30) | st.lists(INTERESTING, max_size=30).map(bytes), max_size=40))
def test_random_delimiter_soup_parses_or_raises_format_error(chunks: list[bytes]) -> None:
    """Random pieces glued with the grammar's own delimiters reach deeper than uniform noise."""
    parses_or_format_error(b"".join(chunks) + b"\n")


# --- generated valid files read back exactly --------------------------------------------

TEXT_BYTES = st.binary(max_size=24).map(lambda b: b.replace(b"\n", b"").replace(b"\x00", b""))
FIELD_BYTES = TEXT_BYTES.map(lambda b: b.replace(b"\\", b""))
COUNTER = st.integers(0, 10**9)
WEAPONS = st.dictionaries(
    st.integers(0, 27), st.tuples(COUNTER, COUNTER, COUNTER, COUNTER, COUNTER), min_size=1, max_size=28
)


def ext_value(decimal: bool) -> st.SearchStrategy[tuple[bytes, int | float]]:
    """Text as the writer's ``%d`` / ``%.1f`` prints it, with the number it stands for."""
    if decimal:
        return st.integers(-(10**7), 10**8).map(lambda n: (f"{n / 10:.1f}".encode(), n / 10))
    return st.integers(-(10**9), 10**12).map(lambda n: (str(n).encode(), n))


EXT_38 = st.tuples(*(ext_value(f.decimal) for f in EXT_FIELDS))


class Generated(NamedTuple):
    """A player line's parts as generated, and the values the parser must return for them."""

    guid: bytes
    name: bytes
    rounds: int
    team: int
    weapons: dict[int, tuple[int, int, int, int, int]]
    ext_text: list[bytes]
    ext: list[int | float | None]

    def line(self) -> bytes:
        return player_line(
            self.weapons, self.ext_text, guid=self.guid, name=self.name, rounds=self.rounds, team=self.team
        )


@st.composite
def players(draw: st.DrawFn) -> Generated:
    ext = draw(EXT_38)
    return Generated(
        guid=draw(FIELD_BYTES.map(lambda b: b[:8])),
        name=draw(TEXT_BYTES),
        rounds=draw(st.integers(0, 10**6)),
        team=draw(st.integers(0, 3)),
        weapons=draw(WEAPONS),
        ext_text=[text for text, _ in ext],
        ext=[value for _, value in ext],
    )


class GeneratedHeader(NamedTuple):
    server: bytes
    config: bytes
    defender: int
    winner: int
    limit: tuple[int, int]
    next_limit: tuple[int, int]
    playtime_ms: int | None

    def line(self) -> bytes:
        fields = [
            self.server,
            b"erdenberg_t2",
            self.config,
            b"1",
            b"%d" % self.defender,
            b"%d" % self.winner,
            b"%d:%02d" % self.limit,
            b"%d:%02d" % self.next_limit,
        ]
        if self.playtime_ms is not None:
            fields.append(b"%d" % self.playtime_ms)
        return b"\\".join(fields)


TIME = st.tuples(st.integers(0, 999), st.integers(0, 59))
HEADERS = st.builds(
    GeneratedHeader,
    server=FIELD_BYTES,
    config=FIELD_BYTES,
    defender=st.integers(0, 2),
    winner=st.integers(0, 2),
    limit=TIME,
    next_limit=TIME,
    playtime_ms=st.none() | st.integers(10001, 10**9),
)
SIDES = {0: None, 1: Side.AXIS, 2: Side.ALLIES}


def check_player(parsed: PlayerLine, player: Generated, line_no: int) -> None:
    assert parsed.line_no == line_no
    assert parsed.guid == player.guid.decode("latin-1")
    assert parsed.raw_name == player.name
    assert parsed.name == decode_name(player.name)
    assert parsed.display_name == strip_colors(parsed.name)
    assert (parsed.rounds, parsed.team) == (player.rounds, player.team)
    assert parsed.weapons == {i: WeaponStats(*w) for i, w in player.weapons.items()}
    assert list(parsed.weapons) == sorted(player.weapons)


@FUZZ
@given(HEADERS, st.lists(players(), max_size=6), st.booleans())
def test_generated_files_read_back_exactly(header: GeneratedHeader, generated: list[Generated], crlf: bool) -> None:
    data = round_file(header.line(), [p.line() for p in generated])
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    result = parse_round(data, SAMPLE_NAME)
    parsed = result.header
    assert parsed.server_raw == decode_name(header.server)
    assert parsed.config == decode_name(header.config)
    assert (parsed.defender, parsed.winner) == (SIDES[header.defender], SIDES[header.winner])
    assert parsed.time_limit_s == header.limit[0] * 60 + header.limit[1]
    assert parsed.next_time_limit_s == header.next_limit[0] * 60 + header.next_limit[1]
    assert parsed.playtime_ms == header.playtime_ms
    assert parsed.field_count == (8 if header.playtime_ms is None else 9)
    assert len(result.players) == len(generated)
    for line_no, (line, player) in enumerate(zip(result.players, generated, strict=True), start=2):
        check_player(line, player, line_no)
        assert line.ext_count == 38
        assert list(line.ext) == player.ext
        types = [float if f.decimal else int for f in EXT_FIELDS]
        assert [type(v) for v in line.ext] == types


def older_layout(count: int, values: list[int | float | None]) -> list[int | float | None]:
    """§8: 37 fields lack X[37] and X[20] is not Σ attempts; 33/36 fields also lose X[27..]."""
    if count == 37:
        return [*values[:20], None, *values[21:37], None]
    return [*values[:20], None, *values[21:27], *[None] * 11]


@FUZZ
@given(st.sampled_from([33, 36, 37]), players())
def test_generated_older_layouts_read_back_with_unknowns(count: int, player: Generated) -> None:
    player = player._replace(ext_text=player.ext_text[:count])
    (parsed,) = parse_round(round_file(lines=[player.line()]), SAMPLE_NAME).players
    check_player(parsed, player, 2)
    assert parsed.ext_count == count
    assert list(parsed.ext) == older_layout(count, player.ext)
