"""The newest imported round of a source, for saying what a live server is in the middle of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class LastRound:
    """The newest round by when it was written; ``imported_at`` is etstats' local clock."""

    name: str
    map: str
    round: int
    written_at: datetime
    imported_at: datetime | None
