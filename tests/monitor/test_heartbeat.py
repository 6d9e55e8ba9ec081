"""The heartbeat file the container health check reads: touched while the service runs, stale after it stops."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from etstats.monitor.heartbeat import STALE_SECONDS, is_fresh, main
from tests.monitor.helpers import running, service_settings


async def test_the_running_service_keeps_its_heartbeat_fresh(tmp_path: Path) -> None:
    beat = tmp_path / "run" / "alive"
    async with running(service_settings(tmp_path, heartbeat_file=beat)):
        deadline = time.monotonic() + 10
        while not beat.exists() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert main([str(beat)]) == 0
    assert is_fresh(beat)
    assert not is_fresh(beat, now=time.time() + STALE_SECONDS + 1)
    assert main([str(tmp_path / "never")]) == 1
