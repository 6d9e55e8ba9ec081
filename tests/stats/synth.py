"""Synthetic round files written the way the Lua writer prints them (format doc §2, §3).

Edge cases the corpus lacks (bots, GUID prefix collisions, exact window limits) are
built from these; everything is bytes so the real parser reads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from etstats.gamestats import RoundFile, parse_round

DECIMAL_X = frozenset({8, 21, 22, 23, 24, 25, 26})
Weapon = tuple[int, int, int, int, int]


def header(
    map_name: str = "supply",
    round_no: int = 1,
    defender: int = 1,
    winner: int = 2,
    limit: str = "12:00",
    next_limit: str = "7:50",
    server: bytes = b"^1test^7server",
) -> bytes:
    fields = [server, map_name.encode(), b"legacy3", str(round_no).encode(), str(defender).encode(),
              str(winner).encode(), limit.encode(), next_limit.encode()]  # fmt: skip
    return b"\\".join(fields)


def player(
    guid: str,
    name: str,
    team: int,
    weapons: Mapping[int, Weapon],
    ext: Mapping[int, float] | None = None,
    *,
    ext_count: int = 38,
) -> bytes:
    """One player line; extended fields default to 0 (``0.0`` for the decimal ones)."""
    values = dict(ext or {})
    texts = []
    for index in range(ext_count):
        value = values.get(index, 0)
        texts.append(f"{float(value):.1f}" if index in DECIMAL_X else str(int(value)))
    mask = sum(1 << wid for wid in weapons)
    numbers = " ".join(str(n) for wid in sorted(weapons) for n in weapons[wid])
    block = f"{mask} {numbers} ".encode()
    return (
        b"\\".join([guid.encode(), name.encode(), b"0", str(team).encode(), block])
        + b"\t"
        + ("\t".join(texts).encode())
    )


def round_bytes(head: bytes, lines: Sequence[bytes]) -> bytes:
    return b"".join(line + b"\n" for line in (head, *lines))


def parse(name: str, head: bytes, lines: Sequence[bytes]) -> RoundFile:
    return parse_round(round_bytes(head, lines), name)
