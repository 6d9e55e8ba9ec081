"""The seam for the live match: the site shows what a live feed reports, or says there is none.

The live state comes from the game-server module's live file (a separate part of etstats);
the site needs only this small view of it, so any provider with ``matches()`` fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class LivePlayer:
    name: str
    team: str
    kills: int
    deaths: int
    damage_given: int
    dpm: float | None


@dataclass(frozen=True, slots=True)
class LiveMatch:
    """One server's round in progress, as of ``updated_at``; ``stale`` when the feed stopped."""

    source: str
    map: str
    round: int
    elapsed_s: int
    time_to_beat_s: int | None
    updated_at: datetime
    stale: bool = False
    players: list[LivePlayer] = field(default_factory=list)


class LiveFeed(Protocol):
    def matches(self) -> Sequence[LiveMatch]: ...


class NoLiveFeed:
    """No live data: the game-server module is not installed or not wired in."""

    def matches(self) -> Sequence[LiveMatch]:
        return ()
