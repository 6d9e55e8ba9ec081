"""The Quake 3 ``getstatus`` exchange that ET: Legacy answers, as pure functions.

A reply is a server-info string (``\\key\\value`` pairs) and one ``score ping "name"``
line per player. It comes over UDP from whatever answers at the configured address, so
it is treated as hostile: size, header, layout and every number are checked, and any
deviation raises :class:`StatusReplyError` instead of producing half-parsed data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etstats.gamestats import decode_name, strip_colors

OOB_HEADER = b"\xff\xff\xff\xff"
STATUS_REQUEST = OOB_HEADER + b"getstatus\n"
STATUS_REPLY = OOB_HEADER + b"statusResponse\n"

MAX_REPLY_BYTES = 16_384
"""Far above a full 64-slot server's reply (about 4 KiB); more is not a status reply."""
MAX_INFO_BYTES = 8_192
"""The engine's BIG_INFO_STRING."""
MAX_PLAYERS = 64
"""The engine's MAX_CLIENTS."""
MAX_NAME_BYTES = 64
MAX_MAP_CHARS = 64

_PLAYER = re.compile(rb'^(-?\d{1,9}) (-?\d{1,9}) "([^"\n]*)"$')
_PHASES = {"0": "playing", "1": "warmup", "2": "warmup", "3": "intermission", "4": "waiting"}


class StatusReplyError(ValueError):
    """The bytes are not a well-formed ``statusResponse``; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class PlayerInfo:
    """One connected client; ``name`` has its colour codes removed."""

    name: str
    score: int
    ping: int


@dataclass(frozen=True, slots=True)
class ServerStatus:
    """What the server said about itself at one moment."""

    hostname: str
    map: str
    max_players: int
    players: list[PlayerInfo]
    phase: str | None = None
    """``playing``, ``warmup``, ``intermission`` or ``waiting`` when the server publishes ``gamestate``."""
    info: dict[str, str] = field(default_factory=dict)

    @property
    def player_count(self) -> int:
        return len(self.players)


def parse_info(raw: bytes) -> dict[str, str]:
    """``\\key\\value\\key\\value`` into a dict; the string must start with a backslash and pair up."""
    if len(raw) > MAX_INFO_BYTES:
        raise StatusReplyError(f"server info is {len(raw)} bytes (limit {MAX_INFO_BYTES})")
    if not raw.startswith(b"\\"):
        raise StatusReplyError("server info does not start with a backslash")
    parts = raw[1:].split(b"\\")
    if len(parts) % 2:
        raise StatusReplyError("server info has a key without a value")
    info: dict[str, str] = {}
    for key, value in zip(parts[::2], parts[1::2], strict=True):
        if not key or any(byte < 0x20 for byte in key + value):
            raise StatusReplyError("server info holds an empty key or control characters")
        info[decode_name(key)] = decode_name(value)
    return info


def parse_player(line: bytes) -> PlayerInfo:
    match = _PLAYER.match(line)
    if match is None:
        raise StatusReplyError(f'player line {line[:40]!r} is not `score ping "name"`')
    score, ping, raw_name = match.groups()
    if len(raw_name) > MAX_NAME_BYTES or any(byte < 0x20 for byte in raw_name):
        raise StatusReplyError("a player name is too long or holds control characters")
    return PlayerInfo(strip_colors(decode_name(raw_name)), int(score), int(ping))


def _slots(info: dict[str, str]) -> int:
    value = info.get("sv_maxclients", "")
    if not (value.isascii() and value.isdigit() and len(value) <= 3 and 1 <= int(value) <= MAX_PLAYERS):
        raise StatusReplyError(f"server info sv_maxclients is {value[:20]!r}, not 1 to {MAX_PLAYERS}")
    return int(value)


def parse_status_response(data: bytes) -> ServerStatus:
    """A ``statusResponse`` datagram as a :class:`ServerStatus`; raise StatusReplyError if it is not one."""
    if len(data) > MAX_REPLY_BYTES:
        raise StatusReplyError(f"reply is {len(data)} bytes (limit {MAX_REPLY_BYTES})")
    if not data.startswith(STATUS_REPLY):
        raise StatusReplyError("reply does not start with the statusResponse header")
    body = data[len(STATUS_REPLY) :]
    if not body.endswith(b"\n"):
        raise StatusReplyError("reply is truncated (no final newline)")
    info_line, *player_lines = body[:-1].split(b"\n")
    info = parse_info(info_line)
    if len(player_lines) > MAX_PLAYERS:
        raise StatusReplyError(f"reply lists {len(player_lines)} players (limit {MAX_PLAYERS})")
    players = [parse_player(line) for line in player_lines]
    mapname = info.get("mapname", "")
    if not mapname or len(mapname) > MAX_MAP_CHARS:
        raise StatusReplyError("server info has no usable mapname")
    max_players = _slots(info)
    return ServerStatus(
        hostname=strip_colors(info.get("sv_hostname", "")).strip(),
        map=mapname,
        max_players=max_players,
        players=players,
        phase=_PHASES.get(info.get("gamestate", "")),
        info=info,
    )
