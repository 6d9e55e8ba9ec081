"""The live file the game-server module writes: ``live-<port>.json``, format ``etstats-live`` 1.

It is not a round file and never goes near the round parser: the name cannot match the
round-file grammar, and this module reads it strictly (every field present and of its
type, sizes bounded), so a half-written, foreign or oversized file is one clear error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, NoReturn

from etstats.gamestats.colors import decode_name
from etstats.gamestats.errors import GameStatsFormatError

LIVE_FORMAT = "etstats-live"
LIVE_VERSION = 1
MAX_LIVE_BYTES = 64 * 1024
MAX_LIVE_PLAYERS = 64
MAX_TEXT_BYTES = 256
LIVE_STATES = frozenset(
    {"initializing", "playing", "warmup_countdown", "warmup", "intermission", "waiting", "reset", "ended", "unknown"}
)
_LIVE_FILE = re.compile(r"live-[A-Za-z0-9_.-]{1,64}\.json", re.ASCII)


def is_live_file_name(name: str) -> bool:
    """True for ``live-<name>.json``; the module's ``.json.tmp`` is not one, nor is any round file."""
    return _LIVE_FILE.fullmatch(name) is not None


@dataclass(frozen=True, slots=True)
class LivePlayer:
    slot: int
    name: str
    team: int
    kills: int
    deaths: int
    damage_given: int
    damage_received: int
    gibs: int
    alive: bool


@dataclass(frozen=True, slots=True)
class LiveSnapshot:
    """One look at a round in progress. Times are the game server's: ``written_at`` and
    ``started_at`` in Unix seconds, ``elapsed_ms`` on the round clock (pauses included)."""

    file: str
    seq: int
    written_at: int
    interval_s: int
    server: str
    map: str
    round: int
    state: str
    defender_team: int
    started_at: int
    start_ms: int
    elapsed_ms: int
    time_limit_s: int
    time_to_beat_s: int | None
    players: tuple[LivePlayer, ...]

    @property
    def round_key(self) -> str:
        """Names one round on one server: the same while it is played, new for the next one."""
        return f"{self.map}:{self.round}:{self.started_at}:{self.start_ms}"


_PLAYER_INTS = ("slot", "team", "kills", "deaths", "damage_given", "damage_received", "gibs")


def _error(
    name: str, message: str, *, field: str | None = None, expected: str | None = None, got: Any = None
) -> NoReturn:
    raise GameStatsFormatError(name, message, field=field, expected=expected, got=None if got is None else str(got))


def _int(name: str, obj: dict[str, Any], key: str, where: str, *, low: int = 0, high: int = 2**31 - 1) -> int:
    value = obj.get(key)
    if type(value) is not int or not low <= value <= high:
        _error(name, "missing or out of range", field=where + key, expected=f"an integer {low}..{high}", got=value)
    return value


def _text(name: str, obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        _error(name, "missing or not text", field=where + key, expected="a string", got=value)
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError:
        raw = value.encode("utf-8")
    if len(raw) > MAX_TEXT_BYTES:
        _error(name, "text too long", field=where + key, expected=f"at most {MAX_TEXT_BYTES} bytes", got=len(raw))
    return decode_name(raw)


def _player(name: str, raw: Any, index: int) -> LivePlayer:
    where = f"players[{index}]."
    if not isinstance(raw, dict):
        _error(name, "not an object", field=where.rstrip("."), expected="an object", got=type(raw).__name__)
    ints = {key: _int(name, raw, key, where) for key in _PLAYER_INTS}
    if ints["slot"] >= MAX_LIVE_PLAYERS:
        _error(name, "slot out of range", field=where + "slot", expected=f"0..{MAX_LIVE_PLAYERS - 1}", got=ints["slot"])
    alive = raw.get("alive")
    if not isinstance(alive, bool):
        _error(name, "missing or not true/false", field=where + "alive", expected="true or false", got=alive)
    return LivePlayer(name=_text(name, raw, "name", where), alive=bool(alive), **ints)


def _document(data: bytes, name: str) -> dict[str, Any]:
    if len(data) > MAX_LIVE_BYTES:
        _error(name, "live file too large", expected=f"at most {MAX_LIVE_BYTES} bytes", got=len(data))
    if not data.endswith(b"\n"):
        _error(name, "live file cut short (no final newline)", expected="one JSON object and a newline")
    try:
        document = json.loads(data.decode("ascii"))
    except UnicodeDecodeError as exc:
        raise GameStatsFormatError(name, f"not ASCII at byte {exc.start}", field="file") from None
    except json.JSONDecodeError as exc:
        raise GameStatsFormatError(
            name, f"not JSON ({exc.msg})", line=exc.lineno, field=f"column {exc.colno}"
        ) from None
    if not isinstance(document, dict):
        _error(name, "not a JSON object", expected="an object", got=type(document).__name__)
    if document.get("format") != LIVE_FORMAT:
        _error(name, "not an etstats live file", field="format", expected=LIVE_FORMAT, got=document.get("format"))
    if document.get("version") != LIVE_VERSION:
        _error(name, "unsupported version", field="version", expected=str(LIVE_VERSION), got=document.get("version"))
    return document


def parse_live(data: bytes, name: str) -> LiveSnapshot:
    """Read one live file; raise ``GameStatsFormatError`` naming the file and field when it is not valid."""
    doc = _document(data, name)
    state = doc.get("state")
    if state not in LIVE_STATES:
        _error(name, "unknown game state", field="state", expected=", ".join(sorted(LIVE_STATES)), got=state)
    players = doc.get("players")
    if not isinstance(players, list) or len(players) > MAX_LIVE_PLAYERS:
        _error(name, "missing or too many", field="players", expected=f"a list of at most {MAX_LIVE_PLAYERS}")
    to_beat = doc.get("time_to_beat_s")
    round_number = _int(name, doc, "round", "", low=1, high=2)
    if to_beat is not None or round_number == 2:
        to_beat = _int(name, doc, "time_to_beat_s", "")
    return LiveSnapshot(
        file=name,
        seq=_int(name, doc, "seq", ""),
        written_at=_int(name, doc, "written_at", "", high=2**62),
        interval_s=_int(name, doc, "interval_s", "", low=1, high=3600),
        server=_text(name, doc, "server", ""),
        map=_text(name, doc, "map", "").lower(),
        round=round_number,
        state=str(state),
        defender_team=_int(name, doc, "defender_team", "", high=2),
        started_at=_int(name, doc, "started_at", "", high=2**62),
        start_ms=_int(name, doc, "start_ms", ""),
        elapsed_ms=_int(name, doc, "elapsed_ms", ""),
        time_limit_s=_int(name, doc, "time_limit_s", ""),
        time_to_beat_s=to_beat,
        players=tuple(_player(name, raw, index) for index, raw in enumerate(players)),
    )
