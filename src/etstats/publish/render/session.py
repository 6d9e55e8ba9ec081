"""The ``!last_session`` reply (a game evening) and the ``!maps`` list of recent maps.

An evening can run to dozens of maps, so the logical embeds (overview, player totals,
map by map) are packed into as few messages as Discord's limits allow; each message is
one page the bot lets readers flip through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from etstats.publish.limits import code_safe_name, fit_embeds, neutralize_mentions, safe_name
from etstats.publish.post import Embed
from etstats.publish.render.maps import winner_line
from etstats.publish.render.style import (
    COLOUR_MAP,
    COLOUR_WARNING,
    NAME_WIDTH,
    clock,
    footer,
    number,
    player_table,
)
from etstats.stats import formulas
from etstats.stats.awards import MVP_FORMULA, awards, mvp, mvp_score
from etstats.stats.outcome import MapWinner
from etstats.stats.players import PlayerStats
from etstats.stats.summary import MapSummary

if TYPE_CHECKING:
    from etstats.stats.session_summary import ScoreRun, SessionSummary

Page = list[Embed]

SESSION_CHART = "session.png"
FIRST, SECOND = "🟦", "🟧"
NAMES_SHOWN = 8
MAPS_PER_EMBED = 10


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


def _overview(summary: SessionSummary, chart: bool) -> Embed:
    humans = [p for p in summary.players if not p.is_bot]
    head = (
        f"**{_count(len(summary.maps), 'map')}** · {_count(summary.round_count, 'round')} · "
        f"{summary.started_at:%H:%M}–{summary.ended_at:%H:%M} · {_count(len(humans), 'player')}"
    )
    description = [head]
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
    embed: Embed = {
        "title": f"🎮 Game evening — {summary.started_at:%A %d %B %Y}",
        "description": "\n".join(description),
        "color": COLOUR_MAP if summary.maps else COLOUR_WARNING,
        "fields": fields,
    }
    if chart:
        embed["image"] = {"url": f"attachment://{SESSION_CHART}"}
    return embed


_MORE_COLUMNS = ("MAPS", "TIME", "ACC", "HH", "TK", "SK")
_MORE_WIDTHS = (4, 5, 5, 4, 3, 3)


def _hours(minutes: float | None) -> str:
    if minutes is None:
        return "–"
    whole = round(minutes)
    return f"{whole // 60}:{whole % 60:02d}"


def more_table(players: Sequence[PlayerStats], maps_played: dict[str, int]) -> str:
    """Maps, time on a team (h:mm), gun accuracy, head hits (all weapons), team kills and self kills."""
    header = "Player".ljust(NAME_WIDTH) + " ".join(c.rjust(w) for c, w in zip(_MORE_COLUMNS, _MORE_WIDTHS))
    lines = [header]
    for p in players:
        cells = (
            str(maps_played.get(p.key, 0)),
            _hours(p.minutes),
            number(formulas.accuracy(p.weapons), 1),
            str(p.headshots),
            str(int(p.values.get("team_kills") or 0)),
            str(int(p.values.get("self_kills") or 0)),
        )
        name = code_safe_name(neutralize_mentions(p.display_name), limit=NAME_WIDTH - 1)
        lines.append(name.ljust(NAME_WIDTH) + " ".join(c.rjust(w) for c, w in zip(cells, _MORE_WIDTHS)))
    return "```\n" + "\n".join(lines) + "\n```"


def _inert(players: Sequence[PlayerStats]) -> list[PlayerStats]:
    """Copies whose names cannot read as a mention even inside the shared table's code block."""
    return [replace(p, display_name=neutralize_mentions(p.display_name)) for p in players]


def _players(summary: SessionSummary) -> Embed:
    totals = player_table(_inert(summary.players))
    more = more_table(summary.players, summary.maps_played)
    return {
        "title": "👥 Players — totals of the evening",
        "color": COLOUR_MAP,
        "fields": [
            {"name": f"Totals ({_count(len(summary.players), 'player')})", "value": totals, "inline": False},
            {"name": "Time, accuracy (guns), head hits", "value": more, "inline": False},
        ],
    }


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


def session_pages(summary: SessionSummary, *, chart: bool = False) -> list[Page]:
    """Overview (maps, score, MVP, awards, chart), player totals, then map by map — as pages."""
    embeds = [_overview(summary, chart), _players(summary), *_map_details(summary)]
    embeds[-1]["footer"] = {"text": f"{MVP_FORMULA} • {footer(summary.server, summary.started_at)}"}
    return fit_embeds(embeds)


def recent_maps_embeds(maps: Sequence[MapSummary]) -> list[Page]:
    """The newest maps, newest first: winners, time to beat and the MVP of each."""
    fields = []
    for summary in maps:
        lines = [winner_line(summary)]
        if summary.time_to_beat_s is not None:
            lines.append(f"⏱️ time to beat {clock(summary.time_to_beat_s)}")
        best = mvp(summary.players)
        if best is not None:
            lines.append(f"⭐ {safe_name(best.display_name)} — {best.kills} kills, {number(best.dpm)} DPM")
        name = f"{safe_name(summary.map)} — {summary.played_at:%a %d %b %H:%M}"
        fields.append({"name": name, "value": "\n".join(lines), "inline": False})
    embed: Embed = {
        "title": f"🗺️ Last {_count(len(maps), 'map')}" if len(maps) != 1 else "🗺️ Last map",
        "color": COLOUR_MAP,
        "fields": fields,
    }
    if not maps:
        embed["description"] = "No complete map (Round 1 and Round 2) has been imported yet."
    return fit_embeds([embed])
