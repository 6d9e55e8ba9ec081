"""The HTML pages. Each reads through store queries in one connection and renders a template."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from etstats.publish.render.leaderboard import METRIC_TITLES, MINIMUM_RULE, period_line
from etstats.stats.career import PlayerRef
from etstats.stats.leaderboard import METRICS, PERIODS
from etstats.store import player_queries as players
from etstats.store.evening_queries import count_evenings, list_evenings, round2_of_match, session_of_match
from etstats.store.server_queries import last_round
from etstats.store.session_queries import latest_session_id
from etstats.store.source_health import load as load_health
from etstats.store.summaries import map_summary
from etstats.web.app import site_of
from etstats.web.charts import form_chart
from etstats.web.site_data import (
    TOP_SHOWN,
    Guid,
    MetricName,
    PeriodName,
    Source,
    cached_evening,
    evenings_of,
    leaderboard,
    player_view,
    records,
)
from etstats.web.templating import templates
from etstats.web.views import form_points, map_groups, round_sides, weapon_lines, winner_names

router = APIRouter(include_in_schema=False)

PERIOD_TITLES = {"all": "All time", "month": "30 days", "week": "7 days", "session": "Last evening"}
EVENINGS_PER_PAGE = 30
RECENT_MAPS = 10


def _render(request: Request, template: str, **context: Any) -> Response:
    return templates.TemplateResponse(request, template, context)


@router.get("/")
def home(request: Request) -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        session_id = latest_session_id(conn)
        evening = cached_evening(conn, site, session_id) if session_id is not None else None
        servers = [(state, last_round(conn, state.source)) for state in load_health(conn)]
        newest = last_round(conn, None)
    return _render(request, "home.html", latest=evening, servers=servers, newest=newest, live=site.live.matches())


@router.get("/evenings")
def evenings(request: Request, page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    with site_of(request).engine.connect() as conn:
        rows = list_evenings(conn, EVENINGS_PER_PAGE, (page - 1) * EVENINGS_PER_PAGE)
        total = count_evenings(conn)
    pages = max(1, -(-total // EVENINGS_PER_PAGE))
    if page > pages:
        raise HTTPException(404, f"There is no page {page} of evenings (there are {pages}).")
    return _render(request, "evenings.html", rows=rows, page=page, pages=pages, total=total)


@router.get("/evenings/{day}")
def evening(request: Request, day: date, source: Source = None) -> Response:
    """One evening in full; when several servers played that day and none is named, the list of them."""
    site = site_of(request)
    with site.engine.connect() as conn:
        found = evenings_of(conn, day, source)
        if len(found) > 1:
            return _render(request, "evening.html", day=day, evenings=[], choices=list(reversed(found)))
        views = [cached_evening(conn, site, found[0].id)]
    return _render(request, "evening.html", day=day, evenings=views, choices=[])


@router.get("/maps/{match_id}")
def map_page(request: Request, match_id: Annotated[int, Path(ge=1)]) -> Response:
    with site_of(request).engine.connect() as conn:
        round2_id = round2_of_match(conn, match_id)
        if round2_id is None:
            raise HTTPException(404, f"No map with id {match_id}.")
        summary = map_summary(conn, round2_id)
        session = session_of_match(conn, match_id)
    return _render(
        request,
        "map.html",
        map=summary,
        groups=map_groups(summary),
        winners=winner_names(summary),
        sides=(round_sides(summary.round1, "A"), round_sides(summary.round2, "B")),
        evening_day=None if session is None else session[1].date(),
    )


@router.get("/players/{guid}")
def player_page(request: Request, guid: Guid) -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        view = player_view(conn, site, guid)
    if view is None:
        raise HTTPException(404, f"No player with GUID {guid}.")
    points = form_points(view.maps)
    chart = Markup(form_chart(points)) if any(p.value is not None for p in points) else None
    return _render(
        request,
        "player.html",
        player=view.player,
        career=view.career,
        extra=view.extra,
        recent=view.maps[:RECENT_MAPS],
        weapons=weapon_lines(view.weapons),
        chart=chart,
        rating=view.rating,
    )


@router.get("/top")
def top_page(request: Request, metric: MetricName = "kills", period: PeriodName = "all") -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        board = leaderboard(site, conn, metric, period, TOP_SHOWN)
    return _render(
        request,
        "top.html",
        board=board,
        metrics=METRICS,
        periods=PERIODS,
        metric_titles=METRIC_TITLES,
        period_titles=PERIOD_TITLES,
        period_text=period_line(board),
        minimum=MINIMUM_RULE,
    )


@router.get("/records")
def records_page(request: Request) -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        boards = records(site, conn)
    return _render(request, "records.html", boards=boards)


@router.get("/search")
def search(request: Request, q: Annotated[str, Query(max_length=64)] = "") -> Response:
    query = q.strip()
    found: list[PlayerRef] = []
    if query:
        with site_of(request).engine.connect() as conn:
            found = players.find_players(conn, query)
    exact = [p for p in found if p.guid == query.upper()]
    if len(found) == 1 or (exact and len({p.guid for p in exact}) == 1 and len(exact) == len(found)):
        return RedirectResponse(request.app.url_path_for("player_page", guid=found[0].guid), status_code=303)
    return _render(request, "search.html", query=query, found=found)
