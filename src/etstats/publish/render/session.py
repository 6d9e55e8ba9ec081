"""A game evening as posts and views, and the ``!maps`` list of recent maps.

An evening is shown as views a reader switches between (overview, combat, objectives
and support, weapons, chart); each view's embeds are packed into as few messages as
Discord's limits allow, and those messages are pages. Every table fits a phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from etstats.gamestats.records import WeaponStats
from etstats.publish.limits import fit_embeds, safe_name
from etstats.publish.post import Embed
from etstats.publish.render.maps import winner_line
from etstats.publish.render.style import (
    COLOUR_MAP,
    COLOUR_WARNING,
    TABLE_LEGEND,
    clock,
    duration,
    footer,
    kd_text,
    number,
    player_table,
)
from etstats.publish.render.table import Column, name_table
from etstats.publish.render.weapons import WEAPONS_LEGEND, weapon_rows, weapon_table
from etstats.stats.awards import MVP_FORMULA, awards, mvp, mvp_score
from etstats.stats.outcome import MapWinner
from etstats.stats.players import PlayerStats
from etstats.stats.recorded import Recorded, recorded
from etstats.stats.summary import MapSummary

if TYPE_CHECKING:
    from etstats.stats.session_summary import ScoreRun, SessionSummary

Page = list[Embed]

SESSION_CHART = "session.png"
FIRST, SECOND = "🟦", "🟧"
NAMES_SHOWN = 8
MAPS_PER_EMBED = 10
MAPS_PER_PAGE = 10
WEAPONS_SHOWN = 12


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _name_list(names: Sequence[str]) -> str:
    shown = ", ".join(safe_name(n) for n in names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return f"{shown} +{more}" if more > 0 else shown or "–"


def _span(positions: Sequence[int]) -> str:
    return f"Map {positions[0]}" if len(positions) == 1 else f"Maps {positions[0]}–{positions[-1]}"


def _run_line(run: ScoreRun) -> str:
    extra = []
    if run.draws:
        extra.append(_count(run.draws, "draw"))
    if run.unknown:
        extra.append(f"{run.unknown} unknown")
    tail = f" · {', '.join(extra)}" if extra else ""
    return (
        f"{_span(run.maps)}: {FIRST} {_name_list(run.first_names)} "
        f"**{run.first_wins} – {run.second_wins}** {_name_list(run.second_names)} {SECOND}{tail}"
    )


def _changed(positions: Sequence[int]) -> str:
    return f"{_span(positions)}: teams changed" + (" every map" if len(positions) > 1 else "")


def score_lines(runs: Sequence[ScoreRun]) -> list[str]:
    """A score per stretch of maps the same two groups played; lone maps between say the teams changed."""
    lines: list[str] = []
    changed: list[int] = []
    for run in runs:
        if len(run.maps) == 1:
            changed += run.maps
            continue
        if changed:
            lines.append(_changed(changed))
            changed = []
        lines.append(_run_line(run))
    if changed:
        lines.append(_changed(changed))
    return lines


def _run_of(runs: Sequence[ScoreRun]) -> dict[int, ScoreRun]:
    return {position: run for run in runs if len(run.maps) > 1 for position in run.maps}


def _map_result(summary: MapSummary, run: ScoreRun | None) -> str:
    if summary.round1 is None:
        return "⚠️ Round 1 missing"
    if summary.winner is None:
        return "❔ result unknown"
    if summary.winner is MapWinner.DRAW:
        return "🤝 draw"
    won = summary.group_a if summary.winner is MapWinner.A else summary.group_b
    if run is None:
        return f"🏆 {_name_list(sorted((p.display_name for p in won), key=str.casefold))}"
    keys = frozenset(p.key for p in won)
    return f"{FIRST if keys == run.first else SECOND} won"


def _map_line(position: int, summary: MapSummary, run: ScoreRun | None) -> str:
    clock_part = f" · ⏱️ {clock(summary.time_to_beat_s)}" if summary.time_to_beat_s is not None else ""
    return f"`{position:>2}` **{safe_name(summary.map)}** — {_map_result(summary, run)}{clock_part}"


def _head(summary: SessionSummary) -> str:
    humans = [p for p in summary.players if not p.is_bot]
    return (
        f"**{_count(len(summary.maps), 'map')}** · {_count(summary.round_count, 'round')} · "
        f"{summary.started_at:%H:%M}–{summary.ended_at:%H:%M} · {_count(len(humans), 'player')}"
    )


def _overview(summary: SessionSummary) -> Embed:
    description = [_head(summary)]
    scores = score_lines(summary.runs)
    if scores:
        description += ["", "**Score**", *scores]
    runs = _run_of(summary.runs)
    fields: list[Embed] = []
    if summary.maps:
        lines = [_map_line(n, m, runs.get(n)) for n, m in enumerate(summary.maps, 1)]
        fields.append({"name": "🗺️ Maps", "value": "\n".join(lines), "inline": False})
    best = mvp(summary.players)
    if best is not None:
        fields.append(
            {
                "name": "⭐ MVP of the evening",
                "value": f"**{safe_name(best.display_name)}** — score {mvp_score(best):.1f} "
                f"({best.kills} kills, {number(best.dpm)} DPM)",
                "inline": False,
            }
        )
    prizes = [f"**{a.title}:** {safe_name(a.player.display_name)} ({a.value})" for a in awards(summary.players)]
    if prizes:
        fields.append({"name": "🎖️ Awards", "value": "\n".join(prizes), "inline": False})
    return {
        "title": f"🎮 Game evening — {summary.started_at:%A %d %B %Y}",
        "description": "\n".join(description),
        "color": COLOUR_MAP if summary.maps else COLOUR_WARNING,
        "fields": fields,
    }


def _whole(value: float | int | None) -> str:
    return "–" if value is None else str(int(value))


def _objectives(p: PlayerStats) -> str:
    return _whole(recorded(p).objectives)


TOTALS_COLUMNS: tuple[Column[PlayerStats], ...] = (
    Column("K/D", 5, lambda p: kd_text(p.kd)),
    Column("DPM", 4, lambda p: number(p.dpm)),
    Column("DMG", 6, lambda p: str(p.damage_given)),
    Column("REV", 4, lambda p: _whole(p.values.get("revives_given"))),
    Column("OBJ", 4, _objectives),
)
TOTALS_LEGEND = (
    "K/D kills per death • DPM damage per minute • DMG damage given • REV revives given • "
    "OBJ objectives taken or returned"
)


def _totals(summary: SessionSummary) -> Embed:
    table = name_table(summary.players, lambda p: p.display_name, TOTALS_COLUMNS)
    return {
        "title": "👥 Totals of the evening",
        "color": COLOUR_MAP,
        "fields": [{"name": _count(len(summary.players), "player"), "value": table, "inline": False}],
        "footer": {"text": TOTALS_LEGEND},
    }


COMBAT_COLUMNS: tuple[Column[PlayerStats], ...] = (
    Column("ACC%", 6, lambda p: number(p.accuracy, 1)),
    Column("HEAD", 5, lambda p: str(p.headshots)),
    Column("GIB", 4, lambda p: _whole(p.values.get("gibs"))),
    Column("TK", 4, lambda p: _whole(p.values.get("team_kills"))),
    Column("SK", 4, lambda p: _whole(p.values.get("self_kills"))),
)
COMBAT_LEGEND = (
    "ACC% gun hits per shot • HEAD head hits • GIB gibs • TK team kills • SK self kills • "
    "multikill: kills each within 3 s of the last"
)


def _streak_lines(players: Sequence[PlayerStats]) -> list[str]:
    lines = []
    for p in sorted(players, key=lambda p: (-(recorded(p).multikills or 0), p.display_name.casefold())):
        r = recorded(p)
        parts = []
        if r.multikills:
            parts.append(_count(r.multikills, "multikill"))
        if r.best_spree:
            parts.append(f"best spree {r.best_spree} kills")
        if parts:
            lines.append(f"**{safe_name(p.display_name)}** — {' · '.join(parts)}")
    return lines


def _combat(summary: SessionSummary) -> list[Embed]:
    players = summary.players
    fields: list[Embed] = [
        {"name": "Kills", "value": player_table(players), "inline": False},
        {
            "name": "Aim and mistakes",
            "value": name_table(players, lambda p: p.display_name, COMBAT_COLUMNS),
            "inline": False,
        },
    ]
    streaks = _streak_lines(players)
    if streaks:
        fields.append({"name": "🔥 Multikills and sprees", "value": "\n".join(streaks), "inline": False})
    return [
        {
            "title": "⚔️ Combat",
            "color": COLOUR_MAP,
            "fields": fields,
            "footer": {"text": f"{TABLE_LEGEND}\n{COMBAT_LEGEND}"},
        }
    ]


def _objective_line(p: PlayerStats, r: Recorded) -> str | None:
    counts = (
        (r.objectives_taken, "taken"),
        (r.objectives_returned, "returned"),
        (r.dynamites_planted, "dynamite planted"),
        (r.dynamites_defused, "dynamite defused"),
    )
    parts = [f"{value} {word}" for value, word in counts if value]
    return f"**{safe_name(p.display_name)}** — {' · '.join(parts)}" if parts else None


def _support_line(p: PlayerStats, r: Recorded) -> str:
    parts = []
    given = p.values.get("revives_given")
    if given:
        parts.append(_count(int(given), "revive"))
    revived = p.values.get("times_revived")
    if revived:
        parts.append(f"revived {int(revived)}×")
    parts.append(f"dead {duration(r.dead_minutes)}")
    if r.denied_seconds is not None:
        parts.append(f"denied {duration(r.denied_seconds / 60)}")
    return f"**{safe_name(p.display_name)}** — {' · '.join(parts)}"


SUPPORT_LEGEND = (
    "dead: waiting to respawn or be revived • denied: the time enemies this player killed spent waiting to respawn"
)


def _support(summary: SessionSummary) -> list[Embed]:
    shown = [(p, recorded(p)) for p in summary.players]
    by_objectives = sorted(shown, key=lambda item: (-(item[1].objectives or 0), item[0].display_name.casefold()))
    objectives = [line for p, r in by_objectives if (line := _objective_line(p, r)) is not None]
    by_revives = sorted(shown, key=lambda item: (-(item[0].values.get("revives_given") or 0), item[0].display_name))
    return [
        {
            "title": "🚩 Objectives and support",
            "color": COLOUR_MAP,
            "fields": [
                {
                    "name": "Objectives and dynamite",
                    "value": "\n".join(objectives) or "Nobody took, returned, planted or defused anything.",
                    "inline": False,
                },
                {
                    "name": "Medics, time dead, denied playtime",
                    "value": "\n".join(_support_line(p, r) for p, r in by_revives) or "–",
                    "inline": False,
                },
            ],
            "footer": {"text": SUPPORT_LEGEND},
        }
    ]


def _weapons(summary: SessionSummary) -> list[Embed]:
    everyone: dict[int, WeaponStats] = {}
    for p in summary.players:
        for weapon_id, w in p.weapons.items():
            have = everyone.get(weapon_id)
            everyone[weapon_id] = w if have is None else WeaponStats(*(a + b for a, b in zip(have, w)))
    rows = weapon_rows(everyone)[:WEAPONS_SHOWN]
    favourites = []
    for p in summary.players:
        top = weapon_rows(p.weapons)
        if top and top[0][1].kills:
            favourites.append(f"**{safe_name(p.display_name)}** — {top[0][0]} ({_count(top[0][1].kills, 'kill')})")
    return [
        {
            "title": "🔫 Weapons of the evening",
            "color": COLOUR_MAP,
            "fields": [
                {"name": "All players", "value": weapon_table(rows) if rows else "–", "inline": False},
                {"name": "Favourite weapon", "value": "\n".join(favourites) or "–", "inline": False},
            ],
            "footer": {"text": WEAPONS_LEGEND},
        }
    ]


def _chart(summary: SessionSummary) -> list[Embed]:
    return [
        {
            "title": f"📈 {summary.started_at:%A %d %B %Y}",
            "description": "DPM and K/D of the evening, then DPM map by map.",
            "color": COLOUR_MAP,
            "image": {"url": f"attachment://{SESSION_CHART}"},
        }
    ]


def _map_detail(position: int, summary: MapSummary, run: ScoreRun | None) -> Embed:
    """MVP and who attacked first; the groups by name only when the score does not already name them."""
    name = f"{position}. {safe_name(summary.map)} — {_map_result(summary, run)}"
    if summary.round1 is None:
        return {"name": name, "value": "No groups and no result without the Round 1 file.", "inline": False}
    if run is not None:
        first_attacked = FIRST if frozenset(p.key for p in summary.group_a) == run.first else SECOND
        lines = [f"{first_attacked} attacked first"]
    else:
        names_a = sorted((p.display_name for p in summary.group_a), key=str.casefold)
        names_b = sorted((p.display_name for p in summary.group_b), key=str.casefold)
        lines = [f"{FIRST} {_name_list(names_a)} — attacked first", f"{SECOND} {_name_list(names_b)}"]
    best = mvp(summary.players)
    if best is not None:
        lines.append(f"⭐ **{safe_name(best.display_name)}** — {best.kills} kills, {number(best.dpm)} DPM")
    return {"name": name, "value": "\n".join(lines), "inline": False}


def _map_details(summary: SessionSummary) -> list[Embed]:
    runs = _run_of(summary.runs)
    details = [_map_detail(n, m, runs.get(n)) for n, m in enumerate(summary.maps, 1)]
    return [
        {"title": "🗺️ Map by map", "color": COLOUR_MAP, "fields": details[start : start + MAPS_PER_EMBED]}
        for start in range(0, len(details), MAPS_PER_EMBED)
    ]


VIEWS: tuple[tuple[str, str], ...] = (
    ("overview", "Overview"),
    ("combat", "Combat"),
    ("support", "Objectives & support"),
    ("weapons", "Weapons"),
    ("chart", "Chart"),
)
CHART_VIEW = "Chart"


def _signed(embeds: list[Embed], summary: SessionSummary) -> list[Embed]:
    """The server and date under the last embed, after its own footer."""
    last = embeds[-1]
    text = footer(summary.server, summary.started_at)
    own = last.get("footer", {}).get("text")
    last["footer"] = {"text": f"{own}\n{text}" if own else text}
    return embeds


def session_views(summary: SessionSummary, *, chart: bool = False) -> list[tuple[str, list[Page]]]:
    """The evening as views to switch between: (label, pages) in menu order.

    The overview holds maps, score, MVP, awards, the totals and map by map; the chart
    view is there only when a chart was drawn.
    """
    overview = [_overview(summary), _totals(summary), *_map_details(summary)]
    overview[-1]["footer"] = {"text": f"{TOTALS_LEGEND}\n{MVP_FORMULA}"}
    built = {
        "overview": overview,
        "combat": _combat(summary),
        "support": _support(summary),
        "weapons": _weapons(summary),
        "chart": _chart(summary) if chart else [],
    }
    return [(label, fit_embeds(_signed(built[key], summary))) for key, label in VIEWS if built[key]]


def evening_embeds(summary: SessionSummary, *, chart: bool = False) -> list[Embed]:
    """The evening summary posted on its own: maps, score, MVP, awards, totals and the chart."""
    embeds = [_overview(summary), _totals(summary)]
    embeds[-1]["footer"] = {"text": f"{TOTALS_LEGEND}\n{MVP_FORMULA}"}
    if chart:
        embeds[-1]["image"] = {"url": f"attachment://{SESSION_CHART}"}
    return _signed(embeds, summary)


def _recent_field(summary: MapSummary) -> Embed:
    lines = [winner_line(summary)]
    if summary.time_to_beat_s is not None:
        lines.append(f"⏱️ time to beat {clock(summary.time_to_beat_s)}")
    best = mvp(summary.players)
    if best is not None:
        lines.append(f"⭐ {safe_name(best.display_name)} — {best.kills} kills, {number(best.dpm)} DPM")
    name = f"{safe_name(summary.map)} — {summary.played_at:%a %d %b %H:%M}"
    return {"name": name, "value": "\n".join(lines), "inline": False}


def recent_maps_page(chunk: Sequence[MapSummary], start: int, total: int) -> list[Page]:
    """One page of the newest maps: ``chunk`` is maps ``start + 1`` … of ``total``, newest first."""
    if start == 0:
        title = f"🗺️ Last {_count(total, 'map')}" if total != 1 else "🗺️ Last map"
    else:
        title = f"🗺️ Maps {start + 1}–{start + len(chunk)}"
    if not chunk:
        return [[{"title": title, "color": COLOUR_MAP, "description": "No complete map has been imported yet."}]]
    return fit_embeds([{"title": title, "color": COLOUR_MAP, "fields": [_recent_field(m) for m in chunk]}])


def recent_maps_embeds(maps: Sequence[MapSummary]) -> list[Page]:
    """The newest maps, newest first (winners, time to beat, MVP), ten maps a page."""
    starts = range(0, len(maps), MAPS_PER_PAGE) if maps else [0]
    return [
        page for start in starts for page in recent_maps_page(maps[start : start + MAPS_PER_PAGE], start, len(maps))
    ]
