"""The HTML pages. Each reads through store queries in one connection and renders a template."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import Connection

from etstats.gamestats.records import WeaponStats
from etstats.monitor.health import load as load_health
from etstats.publish.render.leaderboard import METRIC_TITLES, MINIMUM_RULE, period_line
from etstats.stats.knife import merge_knives
from etstats.stats.records_board import RecordBoard
from etstats.store import player_queries as players
from etstats.store.evening_queries import (
    EveningRow,
    count_evenings,
    evenings_on,
    list_evenings,
    match_ids_of_rounds,
    round2_of_match,
    session_of_match,
)
from etstats.store.player_history import ExtraTotals, PlayedMap, extra_totals, played_maps, weapon_totals
from etstats.store.record_queries import all_records
from etstats.store.server_queries import last_round
from etstats.store.session_queries import SessionSummary, latest_session_id, session_summary
from etstats.store.summaries import map_summary
from etstats.web.app import Site, site_of
from etstats.web.charts import bar_chart, form_chart
from etstats.web.templating import templates
from etstats.web.views import dpm_bars, form_points, map_groups, round_sides, weapon_lines, winner_names

router = APIRouter(include_in_schema=False)

MetricName = Literal["kills", "kd", "dpm", "damage", "revives", "accuracy", "headshots", "wins"]
PeriodName = Literal["all", "month", "week", "session"]
assert get_args(MetricName) == players.METRICS and get_args(PeriodName) == players.PERIODS
PERIOD_TITLES = {"all": "All time", "month": "30 days", "week": "7 days", "session": "Last evening"}
GUID_PATTERN = r"^[0-9A-Za-z]{1,32}$"
Guid = Annotated[str, Path(pattern=GUID_PATTERN, description="the player's GUID (8 hex digits)")]
Source = Annotated[str | None, Query(max_length=64, description="the source (game server) of the evening")]
EVENINGS_PER_PAGE = 30
FORM_MAPS = 30
RECENT_MAPS = 10
TOP_SHOWN = 25


def _render(request: Request, template: str, **context: Any) -> Response:
    return templates.TemplateResponse(request, template, context)


def evenings_of(conn: Connection, day: date, source: str | None) -> list[EveningRow]:
    """The evenings that started on ``day`` (of one source when named); 404 when there is none."""
    found = [row for row in evenings_on(conn, day) if source is None or row.source == source]
    if not found:
        of = "" if source is None else f" on {source}"
        raise HTTPException(404, f"No game evening{of} started on {day.isoformat()}.")
    return found


def cached_evening(conn: Connection, site: Site, session_id: int) -> dict[str, Any]:
    return site.views.get(conn, ("evening", session_id), lambda c: evening_view(c, session_summary(c, session_id)))


def evening_view(conn: Connection, summary: SessionSummary) -> dict[str, Any]:
    """An evening's maps with their page ids and winners, the score, its players and a DPM chart."""
    ids = match_ids_of_rounds(conn, [(m.source, m.round2.file) for m in summary.maps])
    maps = [
        {"position": i, "summary": m, "match_id": ids.get((m.source, m.round2.file)), "winners": winner_names(m)}
        for i, m in enumerate(summary.maps, 1)
    ]
    bars = dpm_bars(summary.players)
    chart = Markup(bar_chart(bars, title="DPM over the evening")) if bars else None
    runs = [run for run in summary.runs if len(run.maps) > 1]
    return {"evening": summary, "maps": maps, "runs": runs, "chart": chart}


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


def players_with_guid(conn: Connection, guid: str) -> list[players.PlayerRef]:
    """Everyone stored under exactly this GUID (bots share one); a name is not looked up."""
    return [p for p in players.find_players(conn, guid) if p.guid == guid.upper()]


@dataclass(frozen=True, slots=True)
class PlayerView:
    """Everything the player page (and the player API) shows of one GUID."""

    player: players.PlayerRef
    career: players.Career
    maps: list[PlayedMap]
    weapons: dict[int, WeaponStats]
    extra: ExtraTotals


def player_view(conn: Connection, site: Site, guid: str) -> PlayerView | None:
    def build(conn: Connection) -> PlayerView | None:
        found = players_with_guid(conn, guid)
        if not found:
            return None
        ids = [p.id for p in found]
        career = players.career(conn, found, recent=0)
        maps = played_maps(conn, ids, FORM_MAPS)
        return PlayerView(found[0], career, maps, merge_knives(weapon_totals(conn, ids)), extra_totals(conn, ids))

    # A career moves little with one more map: after an import the previous one is shown while it is re-summed.
    return site.views.get_or_stale(site.engine, conn, ("player", guid.upper()), build)


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
    )


def leaderboard(site: Site, conn: Connection, metric: str, period: str, limit: int) -> players.Leaderboard:
    """``!top``'s leaderboard, rebuilt in the background after an import (summing years takes a while)."""

    def build(conn: Connection) -> players.Leaderboard:
        return players.top(conn, metric, period, limit=limit, all_time=site.all_time)

    return site.views.get_or_stale(site.engine, conn, ("top", metric, period, limit), build)


def records(site: Site, conn: Connection) -> list[RecordBoard]:
    """The records, rebuilt in the background after an import (they read every stored row)."""
    return site.views.get_or_stale(site.engine, conn, "records", all_records)


@router.get("/top")
def top_page(request: Request, metric: MetricName = "kills", period: PeriodName = "all") -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        board = leaderboard(site, conn, metric, period, TOP_SHOWN)
    return _render(
        request,
        "top.html",
        board=board,
        metrics=players.METRICS,
        periods=players.PERIODS,
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
    found: list[players.PlayerRef] = []
    if query:
        with site_of(request).engine.connect() as conn:
            found = players.find_players(conn, query)
    exact = [p for p in found if p.guid == query.upper()]
    if len(found) == 1 or (exact and len({p.guid for p in exact}) == 1 and len(exact) == len(found)):
        return RedirectResponse(request.app.url_path_for("player_page", guid=found[0].guid), status_code=303)
    return _render(request, "search.html", query=query, found=found)
