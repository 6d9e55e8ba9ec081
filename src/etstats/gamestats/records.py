"""Typed records for one parsed round file, exactly as the file states them (no Round-2 logic)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from etstats.gamestats.names import RoundFileName


class Scope(StrEnum):
    """How a Round 2 file holds a value (format doc §3.6, §4.2)."""

    CUMULATIVE = "C"  # session counter: R2 file holds R1 + R2
    PER_ROUND = "P"  # Lua counter: R2 file holds R2 only
    DERIVED = "D"  # a ratio of cumulative inputs: recompute, never subtract
    IGNORED = "-"  # always 0.0 in practice (Lua DPM)


class ExtField(NamedTuple):
    name: str
    decimal: bool
    scope: Scope


_C, _P, _D, _I = Scope.CUMULATIVE, Scope.PER_ROUND, Scope.DERIVED, Scope.IGNORED

EXT_FIELDS: tuple[ExtField, ...] = (
    ExtField("damage_given", False, _C),
    ExtField("damage_received", False, _C),
    ExtField("team_damage_given", False, _C),
    ExtField("team_damage_received", False, _C),
    ExtField("gibs", False, _C),
    ExtField("self_kills", False, _C),
    ExtField("team_kills", False, _C),
    ExtField("team_gibs", False, _C),
    ExtField("alive_percent", True, _D),
    ExtField("xp", False, _P),
    ExtField("killing_spree", False, _P),
    ExtField("death_spree", False, _P),
    ExtField("kill_assists", False, _P),
    ExtField("kill_steals", False, _P),
    ExtField("headshot_kills", False, _P),
    ExtField("objectives_stolen", False, _P),
    ExtField("objectives_returned", False, _P),
    ExtField("dynamites_planted", False, _P),
    ExtField("dynamites_defused", False, _P),
    ExtField("times_revived", False, _P),
    ExtField("bullets_fired", False, _C),
    ExtField("lua_dpm", True, _I),
    ExtField("time_played_minutes", True, _C),
    ExtField("tank_meatshield", True, _D),
    ExtField("time_dead_ratio", True, _D),
    ExtField("time_dead_minutes", True, _P),
    ExtField("lua_kd_ratio", True, _D),
    ExtField("useful_kills", False, _P),
    ExtField("denied_playtime", False, _P),
    ExtField("multikill_2x", False, _P),
    ExtField("multikill_3x", False, _P),
    ExtField("multikill_4x", False, _P),
    ExtField("multikill_5x", False, _P),
    ExtField("multikill_6x", False, _P),
    ExtField("useless_kills", False, _P),
    ExtField("full_selfkills", False, _P),
    ExtField("repairs_constructions", False, _P),
    ExtField("revives_given", False, _P),
)
EXT_COUNT = len(EXT_FIELDS)
EXT_INDEX: dict[str, int] = {f.name: i for i, f in enumerate(EXT_FIELDS)}

Number = int | float


class WeaponStats(NamedTuple):
    """One weapon slot of the weapon block; ``deaths`` = times killed *by* this weapon."""

    hits: int
    shots: int
    kills: int
    deaths: int
    headshots: int


class Side(StrEnum):
    AXIS = "axis"
    ALLIES = "allies"


TEAM_AXIS, TEAM_ALLIES, TEAM_SPECTATOR = 1, 2, 3


@dataclass(slots=True)
class PlayerLine:
    """One player line; ``ext`` always has 38 slots, ``None`` where the writer did not say."""

    line_no: int
    guid: str
    raw_name: bytes
    name: str
    display_name: str
    rounds: int
    team: int
    weapons: dict[int, WeaponStats]
    ext: tuple[Number | None, ...]
    ext_count: int

    def value(self, name: str) -> Number | None:
        return self.ext[EXT_INDEX[name]]

    @property
    def is_bot(self) -> bool:
        return self.guid.startswith("OMNIBOT") or self.display_name.startswith("[BOT]")


@dataclass(slots=True)
class Header:
    server_raw: str
    server: str
    map: str
    config: str
    round: int
    defender: Side | None
    winner: Side | None
    time_limit_s: int
    next_time_limit_s: int
    playtime_ms: int | None
    field_count: int


@dataclass(slots=True)
class RoundFile:
    """A parsed round file: the name's facts, the header and the player lines."""

    file: RoundFileName
    header: Header
    players: list[PlayerLine]
    warnings: list[str] = field(default_factory=list)

    @property
    def round(self) -> int:
        return self.file.round

    @property
    def map(self) -> str:
        return self.file.map
