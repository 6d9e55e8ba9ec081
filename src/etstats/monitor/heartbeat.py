"""A file the running service touches every few seconds, so a container health check can tell it is alive.

``python -m etstats.monitor.heartbeat FILE`` exits 0 when FILE was touched within
``STALE_SECONDS``, else 1: a hung event loop stops touching it just as a dead process does.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

BEAT_SECONDS = 10.0
STALE_SECONDS = 60.0


async def beat(path: Path, stop: asyncio.Event) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    while not stop.is_set():
        await asyncio.to_thread(path.touch)
        try:
            await asyncio.wait_for(stop.wait(), BEAT_SECONDS)
        except TimeoutError:
            pass


def is_fresh(path: Path, now: float | None = None) -> bool:
    try:
        touched = path.stat().st_mtime
    except OSError:
        return False
    return (time.time() if now is None else now) - touched < STALE_SECONDS


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m etstats.monitor.heartbeat FILE", file=sys.stderr)
        return 2
    fresh = is_fresh(Path(argv[0]))
    print("alive" if fresh else f"no heartbeat in {argv[0]} for {STALE_SECONDS:.0f} s")
    return 0 if fresh else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
