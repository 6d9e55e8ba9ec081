"""Bytes of one c0rnp0rn round file in, a :class:`RoundFile` out, or one GameStatsFormatError.

The grammar is in the format doc §2-§3. The parser is strict about structure (counts,
numbers, line endings) because a structural fault usually means a half-written file
that the monitor should retry; it never interprets Round 2 values (that is ``stats``).
"""

from __future__ import annotations

import functools
import operator
import re
from typing import NoReturn

from etstats.gamestats.colors import decode_name, strip_colors
from etstats.gamestats.errors import GameStatsFormatError, GameStatsLimitError
from etstats.gamestats.limits import MAX_FILE_BYTES, MAX_PLAYERS, describe_size
from etstats.gamestats.names import RoundFileName, parse_file_name
from etstats.gamestats.records import (
    EXT_COUNT,
    EXT_FIELDS,
    Header,
    PlayerLine,
    RoundFile,
    Side,
    WeaponStats,
)
from etstats.gamestats.weapons import MASK_LIMIT, WEAPON_COUNT

_TIME = re.compile(rb"(\d{1,7}):([0-5]\d)")
_PLAYTIME = re.compile(rb"-?\d+(?:\.\d+)?")
_WEAPON_CHARS = b"0123456789 "
_EXT_CHARS = b"0123456789.-\t"
_SIDES = {b"0": None, b"1": Side.AXIS, b"2": Side.ALLIES}
_MIN_EXT = 9
_MODERN_EXT = 38
_LAST_RELIABLE_OLD = 27  # 33/36-field writers: X[27...] mean something else
_ATTEMPTS_FIELD = 20  # Σ attempts only from the 38-field writer on (corpus: never on 37-field lines)
_DECIMAL = tuple(f.decimal for f in EXT_FIELDS)
_weapon_stats = functools.partial(tuple.__new__, WeaponStats)  # WeaponStats._make without its Python-level call
_CONVERT: tuple[type[int] | type[float], ...] = tuple(float if decimal else int for decimal in _DECIMAL)


@functools.lru_cache(maxsize=4096)
def _ids_for_mask(mask: int) -> tuple[int, ...]:
    """Weapon ids of the set bits; players carry the same few masks, so it is cached."""
    return tuple(i for i in range(WEAPON_COUNT) if mask >> i & 1)


def parse_round(data: bytes, file_name: str, *, name_info: RoundFileName | None = None) -> RoundFile:
    """Parse a whole round file.

    ``file_name`` is the bare name (it carries date, map and round number); pass
    ``name_info`` when it was already parsed.
    """
    info = name_info or parse_file_name(file_name)
    if len(data) > MAX_FILE_BYTES:
        raise GameStatsLimitError(
            file_name,
            f"file of {describe_size(len(data))} is larger than any round file",
            field="size",
            expected=f"at most {describe_size(MAX_FILE_BYTES)} (a full server of {MAX_PLAYERS} players)",
        )
    if not data:
        raise GameStatsFormatError(
            file_name, "empty file", line=1, field="header", expected="a header line ending in LF"
        )
    if b"\x00" in data:
        raise GameStatsFormatError(
            file_name,
            "binary content (NUL byte)",
            line=data.count(b"\n", 0, data.index(b"\x00")) + 1,
            field="content",
            expected="text without NUL bytes",
        )
    lines = data.split(b"\n")
    if lines[-1]:
        raise GameStatsFormatError(
            file_name,
            "last line is not terminated by LF (file truncated or still being written)",
            line=len(lines),
            field="line end",
            expected="LF after every line",
            got=_show(lines[-1][-40:]),
        )
    lines.pop()
    warnings: list[str] = []
    header = _parse_header(lines[0].rstrip(b"\r"), file_name)
    if header.round != info.round:
        warnings.append(f"header says round {header.round} but the file name says round {info.round}; using the name")
    if header.map.lower() != info.map:
        warnings.append(f"header map {header.map!r} differs from the file name map {info.map!r}")
    numbered = [(number, raw) for number, raw in enumerate(lines[1:], start=2) if raw.strip(b"\r")]
    if len(numbered) > MAX_PLAYERS:
        raise GameStatsLimitError(
            file_name,
            f"{len(numbered)} player lines, more than a server has slots",
            line=numbered[MAX_PLAYERS][0],
            field="players",
            expected=f"at most {MAX_PLAYERS}",
        )
    players = [_parse_player(raw.rstrip(b"\r"), number, file_name) for number, raw in numbered]
    warnings.extend(
        f"line {p.line_no} has {p.ext_count} extended fields; kept the first {EXT_COUNT}"
        for p in players
        if p.ext_count > EXT_COUNT
    )
    return RoundFile(file=info, header=header, players=players, warnings=warnings)


def _parse_header(line: bytes, file_name: str) -> Header:
    fields = line.split(b"\\")
    if len(fields) not in (8, 9):
        raise GameStatsFormatError(
            file_name,
            "header has the wrong number of fields",
            line=1,
            field="header",
            expected="8 (v3/v7) or 9 (v8) backslash-separated fields",
            got=str(len(fields)),
        )
    server_raw = decode_name(fields[0])
    round_text = fields[3]
    if round_text not in (b"1", b"2"):
        raise GameStatsFormatError(
            file_name, "bad round number", line=1, field="H3 round", expected="1 or 2", got=_show(round_text)
        )
    defender = _side(fields[4], "H4 defender side", file_name)
    winner = _side(fields[5], "H5 winner side", file_name)
    time_limit = _time(fields[6], "H6 time limit", file_name)
    next_limit = _time(fields[7], "H7 next time limit", file_name)
    playtime_ms = _playtime(fields[8], file_name) if len(fields) == 9 else None
    return Header(
        server_raw=server_raw,
        server=strip_colors(server_raw),
        map=decode_name(fields[1]),
        config=decode_name(fields[2]),
        round=int(round_text),
        defender=defender,
        winner=winner,
        time_limit_s=time_limit,
        next_time_limit_s=next_limit,
        playtime_ms=playtime_ms,
        field_count=len(fields),
    )


def _side(text: bytes, field: str, file_name: str) -> Side | None:
    try:
        return _SIDES[text]
    except KeyError:
        raise GameStatsFormatError(
            file_name, "bad side value", line=1, field=field, expected="0, 1 or 2", got=_show(text)
        ) from None


def _time(text: bytes, field: str, file_name: str) -> int:
    match = _TIME.fullmatch(text)
    if match is None:
        raise GameStatsFormatError(file_name, "bad time value", line=1, field=field, expected="M:SS", got=_show(text))
    return int(match[1]) * 60 + int(match[2])


def _playtime(text: bytes, file_name: str) -> int | None:
    """H8: milliseconds; <= 0 means the shutdown path wrote it; small values were seconds."""
    if _PLAYTIME.fullmatch(text) is None:
        raise GameStatsFormatError(
            file_name,
            "bad playtime",
            line=1,
            field="H8 playtime",
            expected="a number of milliseconds",
            got=_show(text),
        )
    value = float(text)
    if not 0 < value < float("inf"):
        return None
    return round(value) if value > 10000 else round(value * 1000)


def _parse_player(line: bytes, line_no: int, file_name: str) -> PlayerLine:
    parts = line.split(b"\\")
    if len(parts) < 5:
        raise GameStatsFormatError(
            file_name,
            "player line has too few fields",
            line=line_no,
            field="player line",
            expected="5 backslash-separated fields (guid, name, rounds, team, stats)",
            got=str(len(parts)),
        )
    raw_name = b"\\".join(parts[1:-3]) if len(parts) > 5 else parts[1]
    rounds = _int(parts[-3], line_no, "P2 rounds", file_name)
    team = _int(parts[-2], line_no, "P3 team", file_name)
    stats = parts[-1]
    tab = stats.find(b"\t")
    ext: tuple[int | float | None, ...]
    if tab < 0:
        weapons = _parse_weapons(stats, line_no, file_name)
        ext, ext_count = (None,) * EXT_COUNT, 0
    else:
        weapons = _parse_weapons(stats[:tab], line_no, file_name)
        ext, ext_count = _parse_ext(stats[tab + 1 :], line_no, file_name)
    name = decode_name(raw_name)
    return PlayerLine(
        line_no=line_no,
        guid=parts[0].decode("latin-1"),
        raw_name=raw_name,
        name=name,
        display_name=strip_colors(name),
        rounds=rounds,
        team=team,
        weapons=weapons,
        ext=ext,
        ext_count=ext_count,
    )


def _parse_weapons(text: bytes, line_no: int, file_name: str) -> dict[int, WeaponStats]:
    """Decode ``MASK`` plus five counters per set bit; only digits and spaces are allowed.

    The character check up front keeps ``int()``'s leniency (signs, ``_``, other
    whitespace) out of the counters without a per-token test on the hot path.
    """
    if text.translate(None, _WEAPON_CHARS):
        for position, token in enumerate(t for t in text.split(b" ") if t):
            if token.translate(None, _WEAPON_CHARS):
                raise GameStatsFormatError(
                    file_name,
                    "not an unsigned integer",
                    line=line_no,
                    field=_weapon_field(position),
                    expected="digits only",
                    got=_show(token),
                )
    tokens = text.split()
    if not tokens:
        raise GameStatsFormatError(
            file_name, "missing weapon block", line=line_no, field="P4 weapon mask", expected="an integer"
        )
    mask = _int(tokens[0], line_no, "P4 weapon mask", file_name)
    if not 0 < mask < MASK_LIMIT:
        raise GameStatsFormatError(
            file_name,
            "weapon mask out of range",
            line=line_no,
            field="P4 weapon mask",
            expected=f"1 to {MASK_LIMIT - 1}",
            got=str(mask),
        )
    ids = _ids_for_mask(mask)
    if len(tokens) != 1 + 5 * len(ids):
        raise GameStatsFormatError(
            file_name,
            "weapon block length does not match the mask",
            line=line_no,
            field="P4 weapon block",
            expected=f"{5 * len(ids)} numbers for {len(ids)} weapons",
            got=str(len(tokens) - 1),
        )
    try:
        numbers = list(map(int, tokens[1:]))
    except ValueError:
        for position, token in enumerate(tokens[1:], start=1):
            _int(token, line_no, _weapon_field(position), file_name)
        raise
    five = iter(numbers)
    return dict(zip(ids, map(_weapon_stats, zip(five, five, five, five, five, strict=True)), strict=True))


def _weapon_field(position: int) -> str:
    return "P4 weapon mask" if position == 0 else f"P4 weapon value {position}"


def _parse_ext(text: bytes, line_no: int, file_name: str) -> tuple[tuple[int | float | None, ...], int]:
    """The TAB-separated values after the weapon block, always as 38 slots.

    Values are ``-?digits[.digits]``; the up-front character check rejects what
    ``int()``/``float()`` would otherwise accept (``nan``, ``1e999``, ``1_0``, spaces).
    Fields past the 38th are not checked: the format only ever grew by appending.
    """
    parts = text.split(b"\t")
    count = len(parts)
    if count < _MIN_EXT:
        raise GameStatsFormatError(
            file_name,
            "too few extended fields",
            line=line_no,
            field="extended fields",
            expected=f"at least {_MIN_EXT} TAB-separated values (38 in current writers)",
            got=str(count),
        )
    kept = parts[:EXT_COUNT]
    if text.translate(None, _EXT_CHARS):
        for index, part in enumerate(kept):
            if part.translate(None, _EXT_CHARS):
                _reject_ext(index, part, line_no, file_name)
    values = _convert_ext(kept, line_no, file_name)
    if count < _MODERN_EXT:
        values.extend([None] * (EXT_COUNT - count))
        values[_ATTEMPTS_FIELD] = None
        if count != _MODERN_EXT - 1:
            for index in range(_LAST_RELIABLE_OLD, EXT_COUNT):
                values[index] = None
    return tuple(values), count


def _convert_ext(kept: list[bytes], line_no: int, file_name: str) -> list[int | float | None]:
    """Numbers of the checked fields, each through its field's converter in one C-level ``map``."""
    try:
        return list(map(operator.call, _CONVERT, kept))
    except ValueError:
        for index, part in enumerate(kept):
            try:
                _CONVERT[index](part)
            except ValueError:
                _reject_ext(index, part, line_no, file_name)
        raise


def _reject_ext(index: int, text: bytes, line_no: int, file_name: str) -> NoReturn:
    decimal = _DECIMAL[index]
    raise GameStatsFormatError(
        file_name,
        "not a number",
        line=line_no,
        field=f"X[{index}] {EXT_FIELDS[index].name}",
        expected="a decimal number like 12.3" if decimal else "an integer",
        got=_show(text),
    )


def _int(text: bytes, line_no: int, field: str, file_name: str) -> int:
    """Strict ``1*DIGIT``: ``int()`` alone would take ``+1``, `` 1`` and ``1_0``.

    ``bytes.isdigit`` is ASCII-only; the ``ValueError`` left is a number beyond
    Python's 4300-digit conversion limit.
    """
    if text.isdigit():
        try:
            return int(text)
        except ValueError:
            pass
    raise GameStatsFormatError(
        file_name,
        "not an unsigned integer",
        line=line_no,
        field=field,
        expected="digits only",
        got=_show(text),
    )


def _show(text: bytes) -> str:
    shown = text[:40].decode("utf-8", "replace")
    return shown + "…" if len(text) > 40 else shown
