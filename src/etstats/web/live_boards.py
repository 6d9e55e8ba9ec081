"""The site's live feed from the service's live boards, when ``etstats run`` serves the site too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from etstats.gamestats.live import LiveSnapshot
from etstats.stats.live import LiveView
from etstats.web.live import LiveMatch, LivePlayer


class LiveBoardView(Protocol):
    """What the site needs of a live board: its source, newest snapshot and view, or None."""

    def current(self) -> tuple[str, LiveSnapshot, LiveView] | None: ...


class BoardsFeed:
    """Every board with live data, as the home page lists matches; side is attack or defend."""

    def __init__(self, boards: Sequence[LiveBoardView]) -> None:
        self.boards = boards

    def matches(self) -> Sequence[LiveMatch]:
        found = []
        for board in self.boards:
            current = board.current()
            if current is None:
                continue
            source, snapshot, view = current
            players = [LivePlayer(r.name, r.side.value, r.kills, r.deaths, r.damage_given, r.dpm) for r in view.rows]
            found.append(
                LiveMatch(
                    source=source,
                    map=view.map,
                    round=view.round,
                    elapsed_s=view.elapsed_s,
                    time_to_beat_s=view.time_to_beat_s,
                    updated_at=datetime.fromtimestamp(snapshot.written_at),
                    stale=view.stale is not None,
                    players=players,
                )
            )
        return found
