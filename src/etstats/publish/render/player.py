"""The ``!stats`` reply: a player's career, and the candidates when a lookup is ambiguous."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from etstats.publish.limits import code_safe_name, neutralize_mentions, safe_name
from etstats.publish.post import Embed
from etstats.publish.render.style import COLOUR_ROUND1, duration, kd_text, number
from etstats.publish.render.table import Column, fit_columns, name_table
from etstats.publish.render.weapons import WEAPONS_LEGEND, weapon_rows, weapon_table
from etstats.stats import formulas

if TYPE_CHECKING:
    from etstats.stats.career import Career, PlayerRef, RecentMap


NAMES_SHOWN = 10
CANDIDATES_SHOWN = 20
MAP_WIDTH = 10
RESULT_MARK = {"won": "W", "lost": "L", "draw": "D", "unknown": "?", "switched": "S"}
FOOTER = (
    "Totals over counted rounds (orphan Round 2s and shutdown saves left out) • "
    "accuracy counts guns only • DPM = damage / minutes played"
)


def inline_code(text: str) -> str:
    """A GUID or map name as inline code (GUIDs may hold any printable byte, ``@`` too)."""
    return f"`{code_safe_name(neutralize_mentions(text or '?'), limit=32)}`"


RECENT_SHOWN = 5
WEAPONS_SHOWN = 8


RECENT_COLUMNS: tuple[Column[RecentMap], ...] = (
    Column("R", 2, lambda m: RESULT_MARK[m.result]),
    Column("K", 4, lambda m: str(m.kills)),
    Column("D", 4, lambda m: str(m.deaths)),
    Column("DPM", 5, lambda m: number(m.dpm)),
)


def _recent_table(career: Career) -> str:
    recent = career.recent[:RECENT_SHOWN]
    return name_table(
        recent, lambda m: f"{m.played_at:%m-%d} {fit_columns(m.map, MAP_WIDTH)}", RECENT_COLUMNS, first="Map"
    )


def form_line(career: Career) -> str:
    """Results of the last maps, newest first, their record and DPM next to the career DPM."""
    recent = career.recent
    marks = " ".join(RESULT_MARK[m.result] for m in recent)
    counts = {mark: sum(m.result == result for m in recent) for result, mark in RESULT_MARK.items()}
    record = f"{counts['W']} W · {counts['D']} D · {counts['L']} L"
    damage = sum(m.damage for m in recent)
    minutes = sum(m.minutes for m in recent)
    dpm = formulas.dpm(damage, minutes)
    return f"`{marks}` — {record} · DPM {number(dpm)} (career {number(career.totals.dpm)})"


def _pair(first: int | None, first_word: str, second: int | None, second_word: str) -> str:
    if first is None and second is None:
        return "–"
    return f"{first or 0:,} {first_word} · {second or 0:,} {second_word}"


def _recorded_cells(career: Career) -> list[tuple[str, str]]:
    r = career.recorded
    chains = "–" if r.multikills is None else f"{r.multikills:,}"
    spree = f" · best spree {r.best_spree}" if r.best_spree else ""
    denied = "–" if r.denied_seconds is None else duration(r.denied_seconds / 60)
    return [
        ("🚩 Objectives", _pair(r.objectives_taken, "taken", r.objectives_returned, "returned")),
        ("🧨 Dynamite", _pair(r.dynamites_planted, "planted", r.dynamites_defused, "defused")),
        ("🔥 Multikills", chains + spree),
        ("⚰️ Time dead", duration(r.dead_minutes)),
        ("⛔ Denied playtime", denied),
    ]


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
        ("⚖️ K/D", kd_text(x.kd)),
        ("💥 DPM", number(x.dpm)),
        ("🩸 Damage", f"{x.damage:,}"),
        ("🎯 Accuracy", f"{number(x.accuracy, 1)} % (guns)" if x.accuracy is not None else "–"),
        ("🪖 Head hits", f"{x.head_hits:,}"),
        ("💉 Revives", f"{x.revives:,}"),
        ("⏱️ Time played", duration(x.minutes)),
        ("🗺️ Maps", f"{x.maps:,} ({x.wins} W · {x.draws} D · {x.losses} L)"),
        ("🔫 Favourite weapon", f"{favourite[0]} ({favourite[1]:,} kills)" if favourite else "–"),
        ("🎲 Rounds", f"{x.rounds:,}"),
        *_recorded_cells(career),
    ]
    fields: list[Embed] = [{"name": name, "value": value, "inline": True} for name, value in cells]
    if career.recent:
        fields.append(
            {
                "name": f"📈 Form, last {len(career.recent)} maps (newest first)",
                "value": form_line(career),
                "inline": False,
            }
        )
        shown = min(RECENT_SHOWN, len(career.recent))
        fields.append({"name": f"Last {shown} maps", "value": _recent_table(career), "inline": False})
    weapons = weapon_rows(career.weapons)[:WEAPONS_SHOWN]
    if weapons:
        fields.append({"name": "🔫 Weapons", "value": weapon_table(weapons), "inline": False})
    fields.append({"name": "Names", "value": _names(career), "inline": False})
    return {
        "title": f"📊 {safe_name(main.name)}",
        "description": "\n".join(description),
        "color": COLOUR_ROUND1,
        "fields": fields,
        "footer": {"text": f"{FOOTER}\nR result: W won · L lost · D draw · S switched sides\n{WEAPONS_LEGEND}"},
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
