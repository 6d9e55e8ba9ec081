"""Round-file names: ``YYYY-MM-DD-HHMMSS-<map>-round-<N>.txt`` and nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from etstats.gamestats.errors import GameStatsFormatError

_ROUND_FILE = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})-([A-Za-z0-9_.+-]+)-round-(\d+)\.txt", re.ASCII)
_SIBLING_HINTS = (
    (re.compile(r"-round-\d+_ws\.txt$"), "a _ws weapon-stats sibling, not a round file"),
    (re.compile(r"-round-\d+-endstats\.txt$"), "an -endstats awards sibling, not a round file"),
    (re.compile(r"-round-\d+_engagements\.txt$"), "a proximity _engagements log, not a round file"),
)


@dataclass(frozen=True, slots=True)
class RoundFileName:
    """What a file name tells: when the round was written (server local time) and which round."""

    name: str
    written_at: datetime
    map: str
    round: int

    @property
    def stamp(self) -> str:
        """``YYYY-MM-DD-HHMMSS``, the id slomix and admins use for a round."""
        return self.written_at.strftime("%Y-%m-%d-%H%M%S")


def parse_file_name(name: str) -> RoundFileName:
    """Parse a strict round-file name; siblings and anything else raise with the reason.

    The map is everything between the time and the last ``-round-``, so maps with
    dashes work; the timestamp is naive local time, as the server wrote it.
    """
    match = _ROUND_FILE.fullmatch(name)
    if match is None:
        for pattern, why in _SIBLING_HINTS:
            if pattern.search(name):
                raise GameStatsFormatError(name, why, field="file name")
        raise GameStatsFormatError(
            name,
            "not a round-file name",
            field="file name",
            expected="YYYY-MM-DD-HHMMSS-<map>-round-<N>.txt",
        )
    year, month, day, hour, minute, second, map_name, round_no = match.groups()
    try:
        written_at = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError as exc:
        raise GameStatsFormatError(
            name,
            f"impossible date or time ({exc})",
            field="file name timestamp",
            expected="a real calendar date and 24-hour time",
            got=f"{year}-{month}-{day}-{hour}{minute}{second}",
        ) from None
    if round_no not in ("1", "2"):
        raise GameStatsFormatError(
            name, "round number out of range", field="file name round", expected="1 or 2", got=round_no
        )
    return RoundFileName(name=name, written_at=written_at, map=map_name.lower(), round=int(round_no))


def looks_like_round_file_name(name: str) -> bool:
    """The shape of a round-file name, date unchecked: listings keep these so a bad date can be reported."""
    return _ROUND_FILE.fullmatch(name) is not None


def is_round_file_name(name: str) -> bool:
    """Cheap filter for directory listings: True only for strict round-file names."""
    try:
        parse_file_name(name)
    except GameStatsFormatError:
        return False
    return True
