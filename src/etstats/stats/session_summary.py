"""A game evening: its maps in order, per-player totals, and the running score between groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from etstats.stats.outcome import MapWinner
from etstats.stats.players import PlayerStats
from etstats.stats.summary import MapSummary


@dataclass(slots=True)
class ScoreRun:
    """Consecutive maps the same two groups of players (by GUID sets) played against each other."""

    first: frozenset[str]
    second: frozenset[str]
    first_names: list[str]
    second_names: list[str]
    maps: list[int] = field(default_factory=list)
    """Positions (1-based) of the run's maps in the session."""
    first_wins: int = 0
    second_wins: int = 0
    draws: int = 0
    unknown: int = 0


@dataclass(slots=True)
class SessionSummary:
    id: int
    source: str
    server: str
    started_at: datetime
    ended_at: datetime
    round_count: int
    maps: list[MapSummary]
    """In the order played; a map whose Round 1 is missing has ``round1`` None and no winner."""
    players: list[PlayerStats]
    """Per-player totals over the counted rounds, most kills first."""
    maps_played: dict[str, int]
    runs: list[ScoreRun]


def _names(keys: frozenset[str], shown: dict[str, str]) -> list[str]:
    return sorted((shown.get(k, k) for k in keys), key=str.casefold)


def score_runs(maps: Sequence[MapSummary], shown: dict[str, str]) -> list[ScoreRun]:
    """Map wins per group while the same two groups keep playing each other.

    A map without both groups (its Round 1 is missing) neither counts nor breaks a run.
    """
    runs: list[ScoreRun] = []
    for position, summary in enumerate(maps, 1):
        a = frozenset(p.key for p in summary.group_a)
        b = frozenset(p.key for p in summary.group_b)
        if summary.round1 is None or not a or not b:
            continue
        run = runs[-1] if runs else None
        if run is None or {a, b} != {run.first, run.second}:
            run = ScoreRun(a, b, _names(a, shown), _names(b, shown))
            runs.append(run)
        run.maps.append(position)
        winner = summary.winner
        if winner is None:
            run.unknown += 1
        elif winner is MapWinner.DRAW:
            run.draws += 1
        elif (a if winner is MapWinner.A else b) == run.first:
            run.first_wins += 1
        else:
            run.second_wins += 1
    return runs
