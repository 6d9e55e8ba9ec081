"""The one clock etstats stamps rows and posts with."""

from __future__ import annotations

from datetime import datetime


def local_now() -> datetime:
    """Naive local time to the second, like the timestamps in the round files' names."""
    return datetime.now().replace(microsecond=0)
