"""Waiting in a test for something a running service does, with a deadline."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def until(condition: Callable[[], object], timeout: float) -> float:
    """Wait until ``condition()`` holds and return the seconds it took; fail after ``timeout``."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while not condition():
        assert loop.time() - start < timeout, f"condition not met in {timeout:g} s"
        await asyncio.sleep(0.05)
    return loop.time() - start
