"""The c0rnp0rn round-file grammar: file names, header, player lines. Bytes in, records out."""

from etstats.gamestats.colors import decode_name, strip_colors
from etstats.gamestats.errors import GameStatsFormatError
from etstats.gamestats.names import RoundFileName, is_round_file_name, parse_file_name
from etstats.gamestats.parser import parse_round
from etstats.gamestats.records import (
    EXT_FIELDS,
    EXT_INDEX,
    TEAM_ALLIES,
    TEAM_AXIS,
    TEAM_SPECTATOR,
    Header,
    PlayerLine,
    RoundFile,
    Scope,
    Side,
    WeaponStats,
)
from etstats.gamestats.weapons import FIREARM_IDS, WEAPON_IDS

__all__ = [
    "EXT_FIELDS", "EXT_INDEX", "FIREARM_IDS", "TEAM_ALLIES", "TEAM_AXIS", "TEAM_SPECTATOR",
    "WEAPON_IDS", "GameStatsFormatError", "Header", "PlayerLine", "RoundFile", "RoundFileName",
    "Scope", "Side", "WeaponStats", "decode_name", "is_round_file_name", "parse_file_name",
    "parse_round", "strip_colors",
]  # fmt: skip
