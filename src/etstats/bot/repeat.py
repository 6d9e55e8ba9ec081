"""Running a bot chore every few seconds for as long as the bot runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def repeat(seconds: float, chore: Callable[[], Awaitable[object]], what: str) -> None:
    """Call ``chore`` now and then every ``seconds``; a failure is logged and the next turn comes anyway.

    A Discord outage or a dead game server must not end the status updates for good.
    """
    while True:
        try:
            await chore()
        except Exception:
            log.exception("%s failed; trying again in %g s", what, seconds)
        await asyncio.sleep(seconds)
