"""The site as an ASGI application: pages, the JSON API, static files and error pages.

Read-only by construction: only GET routes exist, every query is a store function with
bound parameters, and no error answer carries a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from etstats import __version__
from etstats.store.all_time_totals import AllTimeTotals
from etstats.web.live import LiveFeed, NoLiveFeed
from etstats.web.records_keeper import RecordsKeeper
from etstats.web.templating import templates
from etstats.web.view_cache import ViewCache

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


@dataclass(slots=True)
class Site:
    """What every request reads from: the database and the caches shared between requests."""

    engine: Engine
    live: LiveFeed = field(default_factory=NoLiveFeed)
    all_time: AllTimeTotals = field(default_factory=AllTimeTotals)
    views: ViewCache = field(default_factory=ViewCache)
    records: RecordsKeeper = field(default_factory=RecordsKeeper)


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def _problem_page(request: Request, status: int, title: str, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"error": message}, status_code=status)
    return templates.TemplateResponse(request, "error.html", {"title": title, "message": message}, status_code=status)


def validation_message(exc: RequestValidationError) -> str:
    """The first invalid parameter by name, and why."""
    error: dict[str, Any] = exc.errors()[0]
    where = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
    name = ".".join(where) or "request"
    return f"invalid parameter {name!r}: {error.get('msg', 'not valid')}"


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        titles = {404: "Not found", 405: "Not allowed"}
        message = exc.detail if isinstance(exc.detail, str) else "The request could not be served."
        response = _problem_page(request, exc.status_code, titles.get(exc.status_code, "Error"), message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message = validation_message(exc)
        if _is_api(request):
            return JSONResponse({"error": message, "detail": jsonable_errors(exc)}, status_code=422)
        return _problem_page(request, 422, "Invalid request", message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return _problem_page(request, 500, "Error", "Something went wrong on our side; it has been logged.")


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors with only plain values (its ``ctx`` may hold exception objects)."""
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]


def _warm(site: Site) -> None:
    """Build the slowest views (records, the all-time leaderboard) before the first visitor asks."""
    from etstats.web.site_data import TOP_SHOWN, leaderboard, records

    try:
        with site.engine.connect() as conn:
            records(site, conn)
            leaderboard(site, conn, "kills", "all", TOP_SHOWN)
    except Exception:
        log.exception("warming the web site's views failed; they are built on the first visit")


def create_app(engine: Engine, *, live: LiveFeed | None = None, warm: bool = False) -> FastAPI:
    """The whole site over ``engine``; ``live`` reports a match in progress (none by default).

    With ``warm``, the slowest views are built in the background as the site starts.
    """
    from etstats.web import api, pages

    site = Site(engine, live or NoLiveFeed())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=_warm, args=(site,), name="warm web views", daemon=True).start()
        yield

    app = FastAPI(
        title="etstats",
        version=__version__,
        description="Read-only statistics of ET: Legacy stopwatch evenings.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.site = site
    _install_error_pages(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
