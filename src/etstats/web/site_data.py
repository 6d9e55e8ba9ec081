"""What both the pages and the JSON API read: evenings, careers, leaderboards and records.

Each goes through the site's view cache, so a page and its API answer share one build.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Path, Query
from markupsafe import Markup
from sqlalchemy import Connection

from etstats.gamestats.records import WeaponStats
from etstats.stats.career import Career, ExtraTotals, PlayerRef, RecentMap
from etstats.stats.leaderboard import Leaderboard
from etstats.stats.players import one_per_weapon
from etstats.stats.ratings import Skill
from etstats.stats.records_board import RecordBoard
from etstats.stats.session_summary import SessionSummary
from etstats.store import player_queries as players
from etstats.store import ratings
from etstats.store.evening_queries import EveningRow, evenings_on, match_ids_of_rounds
from etstats.store.player_history import extra_totals
from etstats.store.session_queries import session_summary
from etstats.web.app import Site
from etstats.web.charts import bar_chart
from etstats.web.views import dpm_bars, winner_names

MetricName = Literal["kills", "kd", "dpm", "damage", "revives", "accuracy", "headshots", "wins"]
PeriodName = Literal["all", "month", "week", "session"]
GUID_PATTERN = r"^[0-9A-Za-z]{1,32}$"
Guid = Annotated[str, Path(pattern=GUID_PATTERN, description="the player's GUID (8 hex digits)")]
Source = Annotated[str | None, Query(max_length=64, description="the source (game server) of the evening")]
FORM_MAPS = 30
TOP_SHOWN = 25


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


def players_with_guid(conn: Connection, guid: str) -> list[PlayerRef]:
    """Everyone stored under exactly this GUID (bots share one); a name is not looked up."""
    return [p for p in players.find_players(conn, guid) if p.guid == guid.upper()]


@dataclass(frozen=True, slots=True)
class PlayerView:
    """Everything the player page (and the player API) shows of one GUID."""

    player: PlayerRef
    career: Career
    maps: list[RecentMap]
    weapons: dict[int, WeaponStats]
    extra: ExtraTotals
    rating: Skill | None
    """The skill of the GUID with the most rated maps, as ``!stats`` shows it."""


def player_view(conn: Connection, site: Site, guid: str) -> PlayerView | None:
    def build(conn: Connection) -> PlayerView | None:
        found = players_with_guid(conn, guid)
        if not found:
            return None
        ids = [p.id for p in found]
        career = players.career(conn, found, recent=0)
        maps = players.recent_maps(conn, ids, FORM_MAPS)
        skills = ratings.player_skills(conn, ids)
        rating = max(skills.values(), key=lambda skill: skill.maps, default=None)
        return PlayerView(found[0], career, maps, one_per_weapon(career.weapons), extra_totals(conn, ids), rating)

    # A career moves little with one more map: after an import the previous one is shown while it is re-summed.
    return site.views.get_or_stale(site.engine, conn, ("player", guid.upper()), build)


def leaderboard(site: Site, conn: Connection, metric: str, period: str, limit: int) -> Leaderboard:
    """``!top``'s leaderboard, rebuilt in the background after an import (summing years takes a while)."""

    def build(conn: Connection) -> Leaderboard:
        return players.top(conn, metric, period, limit=limit, all_time=site.all_time)

    return site.views.get_or_stale(site.engine, conn, ("top", metric, period, limit), build)


def records(site: Site, conn: Connection) -> list[RecordBoard]:
    """The records, rebuilt in the background after an import (they read every stored row)."""
    return site.views.get_or_stale(site.engine, conn, "records", site.records.build)
