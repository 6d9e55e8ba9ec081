"""The JSON API under ``/api``: the same numbers as the pages, described by the OpenAPI document.

Unknown ids answer 404 with ``{"error": …}``; invalid parameters 422 naming the parameter.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request

from etstats.gamestats.weapons import WEAPON_IDS
from etstats.publish.contracts import match_json
from etstats.publish.render.leaderboard import MINIMUM_RULE
from etstats.stats import formulas
from etstats.stats.players import PlayerStats
from etstats.store.evening_queries import count_evenings, list_evenings
from etstats.store.queries import list_matches
from etstats.web.app import site_of
from etstats.web.site_data import (
    GUID_PATTERN,
    MetricName,
    PeriodName,
    Source,
    cached_evening,
    evenings_of,
    leaderboard,
    player_view,
)
from etstats.web.site_data import records as site_records

router = APIRouter(prefix="/api", tags=["api"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such item", "content": {"application/json": {"example": {"error": "…"}}}}
}


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


@router.get("/matches", summary="Maps played, newest first")
def matches(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
    """The objects of ``etstats matches --json``, each with the ``id`` of its map page."""
    with site_of(request).engine.connect() as conn:
        rows = list_matches(conn, limit=limit)
    return [{"id": row.id, **match_json(row)} for row in rows]


@router.get("/players/{guid}", summary="A player's career", responses=NOT_FOUND)
def player(
    request: Request, guid: Annotated[str, Path(pattern=GUID_PATTERN, description="8 hex digits")]
) -> dict[str, Any]:
    """Career totals over the rounds that count; ratios from the totals (never averages)."""
    site = site_of(request)
    with site.engine.connect() as conn:
        view = player_view(conn, site, guid)
    if view is None:
        raise HTTPException(404, f"no player with GUID {guid}")
    career, extra, found = view.career, view.extra, view.player
    x = career.totals
    return {
        "guid": found.guid,
        "name": found.name,
        "names": [
            {"name": n.name, "first_seen": n.first_seen.isoformat(), "last_seen": n.last_seen.isoformat()}
            for n in career.names
        ],
        "kills": x.kills,
        "deaths": x.deaths,
        "kd": round(x.kd, 2),
        "damage_given": x.damage,
        "damage_received": extra.damage_received,
        "team_damage_given": extra.team_damage_given,
        "maps": x.maps,
        "wins": x.wins,
        "draws": x.draws,
        "losses": x.losses,
        "rounds": x.rounds,
        "evenings": career.evenings,
        "time_played_s": formulas.minutes_to_seconds(x.minutes),
        "dpm": _rounded(x.dpm, 1),
        "accuracy": _rounded(x.accuracy, 1),
        "head_hits": x.head_hits,
        "revives_given": x.revives,
        "times_revived": extra.times_revived,
        "gibs": x.gibs,
        "team_kills": extra.team_kills,
        "self_kills": extra.self_kills,
        "first_seen": None if career.first_seen is None else career.first_seen.isoformat(),
        "last_seen": None if career.last_seen is None else career.last_seen.isoformat(),
        "weapons": {WEAPON_IDS[i]: w._asdict() for i, w in view.weapons.items()},
        "rating": None
        if view.rating is None or not view.rating.maps
        else {
            "rating": round(view.rating.rating, 2),
            "mu": round(view.rating.mu, 2),
            "sigma": round(view.rating.sigma, 2),
            "maps": view.rating.maps,
        },
    }


@router.get("/evenings", summary="Game evenings, newest first")
def evenings(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    with site_of(request).engine.connect() as conn:
        rows = list_evenings(conn, limit, offset)
        total = count_evenings(conn)
    return {
        "total": total,
        "evenings": [
            {
                "date": row.day.isoformat(),
                "id": row.id,
                "source": row.source,
                "started_at": row.started_at.isoformat(),
                "ended_at": row.ended_at.isoformat(),
                "rounds": row.round_count,
                "maps": row.maps,
            }
            for row in rows
        ],
    }


def _evening_player(p: PlayerStats, maps: int) -> dict[str, Any]:
    return {
        "guid": p.guid,
        "name": p.display_name,
        "is_bot": p.is_bot,
        "maps": maps,
        "kills": p.kills,
        "deaths": p.deaths,
        "damage_given": p.damage_given,
        "damage_received": int(p.values.get("damage_received") or 0),
        "time_played_s": p.time_played_s,
        "dpm": _rounded(p.dpm, 1),
    }


@router.get("/evenings/{day}", summary="The game evenings that started on a date", responses=NOT_FOUND)
def evening(request: Request, day: date, source: Source = None) -> dict[str, Any]:
    """Each evening of the date (of one source when named): its maps (``id`` of the map page; null without a Round 1) and player totals."""
    site = site_of(request)
    with site.engine.connect() as conn:
        found = evenings_of(conn, day, source)
        views = [cached_evening(conn, site, row.id) for row in reversed(found)]
    result = []
    for view in views:
        summary = view["evening"]
        result.append(
            {
                "id": summary.id,
                "source": summary.source,
                "server": summary.server,
                "started_at": summary.started_at.isoformat(),
                "ended_at": summary.ended_at.isoformat(),
                "rounds": summary.round_count,
                "maps": [
                    {
                        "id": m["match_id"],
                        "map": m["summary"].map,
                        "played_at": m["summary"].played_at.isoformat(),
                        "winner": None if m["summary"].winner is None else m["summary"].winner.value,
                        "time_to_beat_s": m["summary"].time_to_beat_s,
                        "round1_missing": m["summary"].round1 is None,
                    }
                    for m in view["maps"]
                ],
                "players": [_evening_player(p, summary.maps_played.get(p.key, 0)) for p in summary.players],
            }
        )
    return {"date": day.isoformat(), "evenings": result}


@router.get("/top", summary="A leaderboard: one metric over one period")
def top(
    request: Request,
    metric: MetricName = "kills",
    period: PeriodName = "all",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> dict[str, Any]:
    """Ranked like ``!top``, with the same minimums to rank."""
    site = site_of(request)
    with site.engine.connect() as conn:
        board = leaderboard(site, conn, metric, period, limit)
    return {
        "metric": board.metric,
        "period": board.period,
        "since": None if board.since is None else board.since.isoformat(),
        "until": None if board.until is None else board.until.isoformat(),
        "minimum": MINIMUM_RULE,
        "unqualified": board.unqualified,
        "standings": [
            {
                "rank": s.rank,
                "guid": s.player.guid,
                "name": s.player.name,
                "value": round(s.value, 2),
                "time_played_s": formulas.minutes_to_seconds(s.totals.minutes),
                "maps": s.totals.maps,
            }
            for s in board.standings
        ],
    }


@router.get("/records", summary="All-time records")
def records(request: Request) -> list[dict[str, Any]]:
    site = site_of(request)
    with site.engine.connect() as conn:
        boards = site_records(site, conn)
    return [
        {
            "key": b.key,
            "title": b.title,
            "unit": b.unit,
            "entries": [
                {
                    "value": round(e.value, 1),
                    "guid": e.guid,
                    "name": e.name,
                    "map": e.map,
                    "played_at": e.played_at.isoformat(),
                    "match_id": e.match_id,
                }
                for e in b.entries
            ],
        }
        for b in boards
    ]
