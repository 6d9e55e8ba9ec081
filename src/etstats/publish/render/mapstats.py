"""The ``!mapstats`` reply: one map's results per side, times set and best rounds; and the map list."""

from __future__ import annotations

from collections.abc import Sequence

from etstats.publish.limits import safe_name
from etstats.publish.post import Embed
from etstats.publish.render.style import COLOUR_MAP, clock, number
from etstats.publish.render.table import Column, name_table
from etstats.stats.map_record import BestRound, MapRecord, SideResults

SIDE = {"axis": "Axis", "allies": "Allies"}
MAPS_LISTED = 40
NAME_CHARS = 20


def _side_line(side: SideResults) -> str:
    if not side.attacked:
        return f"**{SIDE[side.side]}** never attacked"
    rate = f"{100 * side.succeeded / side.attacked:.0f}%"
    return (
        f"**{SIDE[side.side]}** attacked {side.attacked}×: took the objective {side.succeeded}× ({rate}), "
        f"was held {side.held}×"
    )


BEST_COLUMNS: tuple[Column[BestRound], ...] = (
    Column("R", 2, lambda b: str(b.round)),
    Column("K", 4, lambda b: str(b.kills)),
    Column("DPM", 5, lambda b: number(b.dpm)),
    Column("DATE", 11, lambda b: f"{b.played_at:%Y-%m-%d}"),
)


def mapstats_embed(record: MapRecord) -> Embed:
    """Maps played, results per attacking side, average and fastest times set, best single rounds."""
    description = [
        f"**{record.maps_played}** map{'s' if record.maps_played != 1 else ''} played "
        f"({record.rounds} rounds, {record.draws} draws)"
    ]
    if record.first_played is not None and record.last_played is not None:
        description.append(f"From {record.first_played:%d %b %Y} to {record.last_played:%d %b %Y}")
    fields: list[Embed] = [
        {
            "name": "⚔️ Results per attacking side",
            "value": "\n".join(_side_line(s) for s in record.sides),
            "inline": False,
        }
    ]
    average = record.average_time_set_s
    times = [f"Average time set in Round 1: **{clock(round(average))}**" if average is not None else "No time set yet"]
    times.append(f"Full holds in Round 1: **{record.full_holds}**")
    for number_, fast in enumerate(record.fastest, 1):
        who = ", ".join(safe_name(n, limit=NAME_CHARS) for n in fast.names) or "?"
        times.append(
            f"`{number_}` **{clock(fast.seconds)}** of {clock(fast.limit_s)} — {SIDE[fast.side]}: {who} · {fast.played_at:%d %b %Y}"
        )
    fields.append({"name": "⏱️ Times set", "value": "\n".join(times), "inline": False})
    if record.best_rounds:
        table = name_table(record.best_rounds, lambda b: b.name, BEST_COLUMNS)
        fields.append({"name": "🌟 Best rounds by DPM (last year of play)", "value": table, "inline": False})
    return {
        "title": f"🗺️ {safe_name(record.map)}",
        "description": "\n".join(description),
        "color": COLOUR_MAP,
        "fields": fields,
        "footer": {
            "text": "A side takes the objective by setting or beating the time • R round • K kills • DPM damage per minute"
        },
    }


def map_list_embed(maps: Sequence[tuple[str, int]], query: str | None = None) -> Embed:
    """The maps there are, most played first (or those matching an ambiguous ``query``)."""
    lines = [f"**{safe_name(name, limit=NAME_CHARS * 2)}** — {count}×" for name, count in maps[:MAPS_LISTED]]
    more = len(maps) - MAPS_LISTED
    if more > 0:
        lines.append(f"…and {more} more")
    title = f"🗺️ Maps matching “{safe_name(query, limit=30)}”" if query else "🗺️ Maps played"
    return {
        "title": title,
        "description": "\n".join(lines) or "No complete map has been imported yet.",
        "color": COLOUR_MAP,
        "footer": {"text": "Ask for one: !mapstats <map>"},
    }
