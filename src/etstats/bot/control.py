"""What ``!monitor start|stop`` needs from the running service, and nothing more."""

from __future__ import annotations

from typing import Protocol


class MonitorControl(Protocol):
    """Starts and stops the watch-import-post loop; the service that owns it implements this."""

    @property
    def running(self) -> bool: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...
