"""Serving the site with uvicorn: alone (``etstats web``) or inside ``etstats run``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Iterator

import uvicorn
from sqlalchemy import Engine

from etstats.web.app import create_app
from etstats.web.live import LiveFeed

log = logging.getLogger(__name__)


def web_config(engine: Engine, host: str, port: int, *, live: LiveFeed | None = None) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(engine, live=live, warm=True),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )


def run_site(engine: Engine, host: str, port: int) -> bool:
    """``etstats web``: serve until SIGINT or SIGTERM; False when the address could not be used."""

    async def main() -> bool:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        return await serve_site(engine, host, port, stop)

    return asyncio.run(main())


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server inside a program that owns the signals: it stops when told, not on SIGINT."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve_site(engine: Engine, host: str, port: int, stop: asyncio.Event) -> bool:
    """Serve on the running event loop until ``stop`` is set; False when the address cannot be used.

    ``etstats run`` serves the site this way beside the service when ETSTATS_WEB_BIND is set.
    The socket is bound here, not by uvicorn, whose bind error would exit the whole process.
    """
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listener = socket.create_server((host, port), family=family)
    except OSError as exc:
        log.error("the web site cannot listen on %s:%d: %s", host, port, exc.strerror or exc)
        return False
    server = EmbeddedServer(web_config(engine, host, port))
    serving = asyncio.create_task(server.serve(sockets=[listener]), name="web site")
    stopping = asyncio.create_task(stop.wait(), name="web site stop")
    log.info("web site on http://%s:%d/", host, port)
    try:
        await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        server.should_exit = True
        await serving
        listener.close()
    return True
