"""Stopwatch results from the header side fields, not from the time fields (format doc §5)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from etstats.gamestats.records import TEAM_ALLIES, TEAM_AXIS, Header, PlayerLine, Side
from etstats.stats.players import line_keys


class RoundOutcome(StrEnum):
    ATTACKERS_WON = "attackers_won"  # R1: the time was set; R2: the time was beaten
    DEFENDERS_HELD = "defenders_held"  # full hold (or an attacker surrender: the file cannot tell)
    UNKNOWN = "unknown"


class MapWinner(StrEnum):
    A = "A"  # attacked in Round 1
    B = "B"  # defended in Round 1
    DRAW = "draw"


SIDE_TEAM = {Side.AXIS: TEAM_AXIS, Side.ALLIES: TEAM_ALLIES}


def other_side(side: Side) -> Side:
    return Side.ALLIES if side is Side.AXIS else Side.AXIS


def round_outcome(header: Header, round_no: int) -> RoundOutcome:
    """Attackers won iff the winner side differs from the defender side (§5.2, fallbacks §5.4)."""
    if header.defender is not None and header.winner is not None:
        return RoundOutcome.ATTACKERS_WON if header.winner != header.defender else RoundOutcome.DEFENDERS_HELD
    if round_no == 1:
        if header.next_time_limit_s < header.time_limit_s:
            return RoundOutcome.ATTACKERS_WON
        return RoundOutcome.DEFENDERS_HELD
    if header.playtime_ms is not None and header.playtime_ms < header.time_limit_s * 1000:
        return RoundOutcome.ATTACKERS_WON
    return RoundOutcome.UNKNOWN


def attacking_side(header: Header) -> Side | None:
    return None if header.defender is None else other_side(header.defender)


def time_to_beat_s(r1_header: Header) -> int:
    """The R2 clock: R1's time if the attackers set one, the full limit after a hold."""
    if round_outcome(r1_header, 1) is RoundOutcome.ATTACKERS_WON:
        return r1_header.next_time_limit_s
    return r1_header.time_limit_s


def is_shutdown_save(header: Header, round_no: int) -> bool:
    """A file written by the shutdown path mid-round (P-16): never pair it, never rank it."""
    if header.field_count == 9 and header.playtime_ms is None:
        return True
    return round_no == 2 and header.next_time_limit_s > header.time_limit_s


def map_winner(r1: RoundOutcome, r2: RoundOutcome) -> MapWinner | None:
    """The stopwatch table of §5.3: R2 attackers (group B) win by beating the clock."""
    if RoundOutcome.UNKNOWN in (r1, r2):
        return None
    if r2 is RoundOutcome.ATTACKERS_WON:
        return MapWinner.B
    if r1 is RoundOutcome.ATTACKERS_WON:
        return MapWinner.A
    return MapWinner.DRAW


@dataclass(frozen=True, slots=True)
class Groups:
    """Player keys of the group that attacked first (A) and the one that defended first (B)."""

    a: frozenset[str]
    b: frozenset[str]
    switchers: frozenset[str]


def _defender_team(*headers: Header | None) -> int | None:
    for header in headers:
        if header is not None and header.defender is not None:
            return SIDE_TEAM[header.defender]
    return None


def player_groups(
    r1_header: Header | None,
    r1_players: list[PlayerLine],
    r2_header: Header | None,
    r2_players: list[PlayerLine],
) -> Groups | None:
    """§5.5: A = R1 attackers and R2 defenders, B the others; spectators belong to neither."""
    d1 = _defender_team(r1_header, r2_header)
    d2 = _defender_team(r2_header, r1_header)
    if d1 is None or d2 is None:
        return None
    a: set[str] = set()
    b: set[str] = set()
    for players, defender in ((r1_players, d1), (r2_players, d2)):
        first_is_a = defender if players is r2_players else 3 - defender
        for line, key in zip(players, line_keys(players)):
            if line.team == first_is_a:
                a.add(key)
            elif line.team == 3 - first_is_a:
                b.add(key)
    both = a & b
    return Groups(a=frozenset(a - both), b=frozenset(b - both), switchers=frozenset(both))
