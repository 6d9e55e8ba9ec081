"""Milestones: a career passing a round number of kills, revives or maps played.

They are found by comparing a player's career totals just before and just after one
map, so each milestone belongs to the one map where it was reached — however late that
map is imported or posted — and is never announced twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import takewhile

METRICS: dict[str, tuple[str, int]] = {
    "kills": ("kills", 100),
    "revives": ("revives", 100),
    "maps": ("maps played", 50),
}
"""Metric → (how a line names it, the smallest round number worth a line)."""

_STEPS = (10, 25, 50)


def round_numbers(start: int) -> Iterator[int]:
    """The 1–2.5–5 series (…, 100, 250, 500, 1,000, 2,500, …) from ``start`` on, without end."""
    scale = 1
    while True:
        for step in _STEPS:
            value = step * scale
            if value >= start:
                yield value
        scale *= 10


def passed(before: int, after: int, start: int) -> int | None:
    """The highest round number in ``(before, after]``, or None when the map crossed none."""
    crossed = [value for value in takewhile(lambda v: v <= after, round_numbers(start)) if value > before]
    return crossed[-1] if crossed else None


@dataclass(frozen=True, slots=True)
class CareerChange:
    """One person's career totals around a map; ``notify`` is their ``!notify on``."""

    name: str
    before: Mapping[str, int]
    after: Mapping[str, int]
    discord_user_id: str | None = None
    notify: bool = False


@dataclass(frozen=True, slots=True)
class Milestone:
    """``mention`` is the Discord user id that may be pinged for it (linked and opted in)."""

    name: str
    metric: str
    value: int
    mention: str | None = None

    @property
    def label(self) -> str:
        return METRICS[self.metric][0]


def milestones(changes: Sequence[CareerChange]) -> list[Milestone]:
    """Every milestone reached on the map, biggest first; at most one per person and metric."""
    found = []
    for change in changes:
        mention = change.discord_user_id if change.notify else None
        for metric, (_, start) in METRICS.items():
            value = passed(change.before.get(metric, 0), change.after.get(metric, 0), start)
            if value is not None:
                found.append(Milestone(change.name, metric, value, mention))
    return sorted(found, key=lambda m: (-m.value, m.name.casefold(), m.metric))
