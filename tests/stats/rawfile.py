"""A naive decoder of round-file bytes that shares no code with ``etstats``.

Tests use it to hand-check numbers straight from the file lines (format doc §2, §3),
so a mistake in the parser or in the game logic cannot hide behind itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Extended-field indices from the format doc §3.6.
DAMAGE_GIVEN, DAMAGE_RECEIVED, GIBS, ALIVE_PERCENT, XP = 0, 1, 4, 8, 9
KILLING_SPREE, HEADSHOT_KILLS, TIME_MINUTES, TIME_DEAD_MINUTES, REVIVES_GIVEN = 10, 14, 22, 25, 37
CUMULATIVE_X = (0, 1, 2, 3, 4, 5, 6, 7, 20, 22)  # §4.2 "C": the R2 file holds R1 + R2
PER_ROUND_X = (9, 12, 13, 14, 15, 16, 17, 18, 19, 25, *range(27, 38))  # §4.2 "P": R2 only


@dataclass
class RawPlayer:
    guid: str
    name: bytes
    team: int
    weapons: dict[int, tuple[int, int, int, int, int]]
    ext: list[str]

    def total(self, position: int) -> int:
        """Sum over weapons of hits (0), shots (1), kills (2), deaths (3) or head hits (4)."""
        return sum(w[position] for w in self.weapons.values())

    def x(self, index: int) -> float:
        return float(self.ext[index])


@dataclass
class RawRound:
    header: list[str]
    players: list[RawPlayer]

    def by_guid(self) -> dict[str, RawPlayer]:
        return {p.guid: p for p in self.players}


def clock(text: str) -> int:
    """``M:SS`` to seconds."""
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def decode(data: bytes) -> RawRound:
    lines = data.split(b"\n")
    assert lines[-1] == b"", "a round file ends with LF"
    header = lines[0].decode("latin-1").split("\\")
    players = []
    for line in lines[1:-1]:
        guid, name, _rounds, team, stats = line.split(b"\\")
        block, _, ext = stats.partition(b"\t")
        numbers = [int(n) for n in block.split()]
        ids = [i for i in range(28) if numbers[0] & (1 << i)]
        weapons: dict[int, tuple[int, int, int, int, int]] = {
            wid: tuple(numbers[1 + 5 * k : 6 + 5 * k])
            for k, wid in enumerate(ids)  # type: ignore[misc]
        }
        players.append(RawPlayer(guid.decode(), name, int(team), weapons, ext.decode().split("\t")))
    return RawRound(header, players)


def read(path: Path) -> RawRound:
    return decode(path.read_bytes())
