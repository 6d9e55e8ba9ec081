"""Serving the site with uvicorn: alone (``etstats web``) or inside ``etstats run``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

import uvicorn
from sqlalchemy import Engine

from etstats.web.app import create_app
from etstats.web.live import LiveFeed

log = logging.getLogger(__name__)


def web_config(engine: Engine, host: str, port: int, *, live: LiveFeed | None = None) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(engine, live=live),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )


def run_site(engine: Engine, host: str, port: int) -> None:
    """``etstats web``: serve until interrupted (uvicorn handles SIGINT and SIGTERM)."""
    log.info("web site on http://%s:%d/", host, port)
    uvicorn.Server(web_config(engine, host, port)).run()


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server inside a program that owns the signals: it stops when told, not on SIGINT."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve_site(engine: Engine, host: str, port: int, stop: asyncio.Event) -> None:
    """Serve on the running event loop until ``stop`` is set (``etstats run`` with ETSTATS_WEB_BIND)."""
    server = EmbeddedServer(web_config(engine, host, port))
    serving = asyncio.create_task(server.serve(), name="web site")
    stopping = asyncio.create_task(stop.wait(), name="web site stop")
    log.info("web site on http://%s:%d/", host, port)
    try:
        await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        server.should_exit = True
        try:
            await serving
        except SystemExit:  # uvicorn exits when it cannot bind; the rest of the service goes on
            log.error("the web site could not start on %s:%d (see above); running without it", host, port)
