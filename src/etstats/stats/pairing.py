"""Which Round 1 belongs to which Round 2 (format doc §4.3): deterministic, sequential, per source."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from etstats.gamestats.records import RoundFile
from etstats.stats.outcome import is_shutdown_save

PAIR_WINDOW = timedelta(minutes=45)
CLOCK_TOLERANCE_S = 1


IdT = TypeVar("IdT", bound=Hashable)


@dataclass(frozen=True, slots=True)
class RoundRef(Generic[IdT]):
    """What pairing needs to know of a round; ``id`` is whatever the caller uses to find it."""

    id: IdT
    source: str
    name: str
    map: str
    round: int
    written_at: datetime
    time_limit_s: int
    next_time_limit_s: int
    shutdown_save: bool = False

    @classmethod
    def of(cls, parsed: RoundFile, source: str = "") -> RoundRef[str]:
        """The reference of a parsed file, identified by its name."""
        return RoundRef(
            id=parsed.file.name,
            source=source,
            name=parsed.file.name,
            map=parsed.map,
            round=parsed.round,
            written_at=parsed.file.written_at,
            time_limit_s=parsed.header.time_limit_s,
            next_time_limit_s=parsed.header.next_time_limit_s,
            shutdown_save=is_shutdown_save(parsed.header, parsed.round),
        )


@dataclass(slots=True)
class Pairing(Generic[IdT]):
    matches: list[tuple[RoundRef[IdT], RoundRef[IdT]]] = field(default_factory=list)
    abandoned_r1: list[RoundRef[IdT]] = field(default_factory=list)
    orphan_r2: list[RoundRef[IdT]] = field(default_factory=list)
    open_r1: list[RoundRef[IdT]] = field(default_factory=list)


def belongs_together(r1: RoundRef[IdT], r2: RoundRef[IdT], window: timedelta = PAIR_WINDOW) -> bool:
    """Same map, R2 after R1 within the window, and R2's clock is the time R1 handed over."""
    gap = r2.written_at - r1.written_at
    return (
        r1.map == r2.map
        and timedelta(0) < gap <= window
        and abs(r2.time_limit_s - r1.next_time_limit_s) <= CLOCK_TOLERANCE_S
    )


def pair_rounds(rounds: Iterable[RoundRef[IdT]], window: timedelta = PAIR_WINDOW) -> Pairing[IdT]:
    """Walk each source in time order with one open R1 slot.

    A new R1 abandons the open one (so the latest of a replayed R1 wins); an R2 takes
    the open R1 if they belong together, and every R1 is used at most once. Midnight
    needs no special case because the order is by full timestamp.
    """
    result: Pairing[IdT] = Pairing()
    by_source: dict[str, list[RoundRef[IdT]]] = {}
    for ref in rounds:
        by_source.setdefault(ref.source, []).append(ref)
    for refs in by_source.values():
        refs.sort(key=lambda r: (r.written_at, r.round, r.name))
        open_r1: RoundRef[IdT] | None = None
        for ref in refs:
            if ref.round == 1:
                if open_r1 is not None:
                    result.abandoned_r1.append(open_r1)
                open_r1 = ref
                continue
            if ref.shutdown_save:
                result.orphan_r2.append(ref)
                continue
            if open_r1 is not None and belongs_together(open_r1, ref, window):
                result.matches.append((open_r1, ref))
            else:
                result.orphan_r2.append(ref)
                if open_r1 is not None:
                    result.abandoned_r1.append(open_r1)
            open_r1 = None
        if open_r1 is not None:
            result.open_r1.append(open_r1)
    return result
