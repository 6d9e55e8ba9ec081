"""The ``!stats`` reply: a player's career, and the candidates when a lookup is ambiguous."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from etstats.publish.limits import code_safe_name, neutralize_mentions, safe_name
from etstats.publish.post import Embed
from etstats.publish.render.style import COLOUR_ROUND1, number

if TYPE_CHECKING:
    from etstats.stats.career import Career, PlayerRef


NAMES_SHOWN = 10
CANDIDATES_SHOWN = 20
MAP_WIDTH = 15
RESULT_MARK = {"won": "W", "lost": "L", "draw": "D", "unknown": "?", "switched": "S"}
FOOTER = (
    "Totals over counted rounds (orphan Round 2s and shutdown saves left out) • "
    "accuracy counts guns only • DPM = damage / minutes played"
)


def inline_code(text: str) -> str:
    """A GUID or map name as inline code (GUIDs may hold any printable byte, ``@`` too)."""
    return f"`{code_safe_name(neutralize_mentions(text or '?'), limit=32)}`"


def _duration(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60} h {whole % 60:02d} min" if whole >= 60 else f"{whole} min"


def _recent_table(career: Career) -> str:
    header = f"{'Date':<5} {'Map':<{MAP_WIDTH}} R {'K':>3} {'D':>3} {'DPM':>4}"
    lines = [header]
    for m in career.recent:
        name = code_safe_name(neutralize_mentions(m.map), limit=MAP_WIDTH)
        result = RESULT_MARK[m.result]
        lines.append(f"{m.played_at:%m-%d} {name:<{MAP_WIDTH}} {result} {m.kills:>3} {m.deaths:>3} {number(m.dpm):>4}")
    return "```\n" + "\n".join(lines) + "\n```"


def _names(career: Career) -> str:
    shown = [f"{safe_name(n.name)} ({n.last_seen:%Y-%m-%d})" for n in career.names[:NAMES_SHOWN]]
    more = len(career.names) - NAMES_SHOWN
    if more > 0:
        shown.append(f"…and {more} more")
    return "\n".join(shown) or "–"


def player_embed(career: Career) -> Embed:
    """Career totals, favourite weapon, accuracy, last maps and name history of one person."""
    people = sorted(career.players, key=lambda p: p.last_seen, reverse=True)
    main = people[0]
    x = career.totals
    guids = ", ".join(inline_code(p.guid) for p in people)
    description = [f"GUID{'s' if len(people) > 1 else ''} {guids}"]
    linked = sorted({p.discord_user_id for p in people if p.discord_user_id})
    if linked:
        description.append("Linked to " + ", ".join(f"<@{user}>" for user in linked))
    if career.first_seen is not None and career.last_seen is not None:
        description.append(
            f"Playing since {career.first_seen:%d %b %Y} · last seen {career.last_seen:%d %b %Y} · "
            f"{career.evenings} evening{'s' if career.evenings != 1 else ''}"
        )
    favourite = career.favourite_weapon
    cells = [
        ("⚔️ Kills", f"{x.kills:,}"),
        ("💀 Deaths", f"{x.deaths:,}"),
        ("⚖️ K/D", f"{x.kd:.2f}"),
        ("💥 DPM", number(x.dpm)),
        ("🩸 Damage", f"{x.damage:,}"),
        ("🎯 Accuracy", f"{number(x.accuracy, 1)} % (guns)" if x.accuracy is not None else "–"),
        ("🪖 Head hits", f"{x.head_hits:,}"),
        ("💉 Revives", f"{x.revives:,}"),
        ("⏱️ Time played", _duration(x.minutes)),
        ("🗺️ Maps", f"{x.maps:,} ({x.wins} W · {x.draws} D · {x.losses} L)"),
        ("🔫 Favourite weapon", f"{favourite[0]} ({favourite[1]:,} kills)" if favourite else "–"),
        ("🎲 Rounds", f"{x.rounds:,}"),
    ]
    fields: list[Embed] = [{"name": name, "value": value, "inline": True} for name, value in cells]
    if career.recent:
        fields.append({"name": f"Last {len(career.recent)} maps", "value": _recent_table(career), "inline": False})
    fields.append({"name": "Names", "value": _names(career), "inline": False})
    return {
        "title": f"📊 {safe_name(main.name)}",
        "description": "\n".join(description),
        "color": COLOUR_ROUND1,
        "fields": fields,
        "footer": {"text": FOOTER},
    }


def candidates_embed(query: str, players: Sequence[PlayerRef]) -> Embed:
    """Several players match: list them with the GUID to ask for (the unambiguous handle)."""
    lines = []
    for p in players[:CANDIDATES_SHOWN]:
        was = f" (as {safe_name(p.matched_name)})" if p.matched_name else ""
        bot = " 🤖" if p.is_bot else ""
        seen = f"last seen {p.last_seen:%Y-%m-%d}"
        lines.append(f"• **{safe_name(p.name)}**{was}{bot} — {inline_code(p.guid)} — {seen}")
    more = len(players) - CANDIDATES_SHOWN
    if more > 0:
        lines.append(f"…and {more} more: type more of the name")
    example = neutralize_mentions(code_safe_name(next((p.guid for p in players if p.guid), "7B84BE88"), limit=32))
    return {
        "title": f"🔎 {len(players)} players match “{safe_name(query, limit=40)}”",
        "description": "\n".join(lines),
        "color": COLOUR_ROUND1,
        "footer": {"text": f"Ask again with a GUID, e.g. !stats {example}"},
    }
