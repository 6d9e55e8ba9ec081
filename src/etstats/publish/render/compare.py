"""The ``!compare`` reply: two players over the maps both played, side by side, phone-sized."""

from __future__ import annotations

from etstats.publish.limits import clean_name, neutralize_mentions, safe_name
from etstats.publish.post import Embed
from etstats.publish.render.style import COLOUR_ROUND1, duration, kd_text, number
from etstats.publish.render.table import Column, code_block, fit_columns, name_table, pad, table_name
from etstats.stats.compare import Comparison, MapLine, Record, SharedMap

COMPARE_CHART = "compare.png"
RECENT_SHOWN = 10
MAP_COLUMNS = 10
STAT_COLUMNS = 11


def _plain(name: str) -> str:
    """A name for the footer, where Discord renders no markdown but would still show a mention."""
    return neutralize_mentions(clean_name(name, limit=40))


def _side_by_side(a: MapLine, b: MapLine, comparison: Comparison) -> str:
    """Rows of numbers with each player's column under his (shortened) name."""
    rows = (
        ("Kills", str(a.kills), str(b.kills)),
        ("Deaths", str(a.deaths), str(b.deaths)),
        ("K/D", kd_text(a.kd), kd_text(b.kd)),
        ("DPM", number(a.dpm), number(b.dpm)),
        ("Damage", str(a.damage), str(b.damage)),
        ("Time", duration(a.minutes), duration(b.minutes)),
    )
    head = " " * 8 + pad(table_name(comparison.name_a, STAT_COLUMNS + 4), STAT_COLUMNS + 5, right=True)
    head += pad(table_name(comparison.name_b, STAT_COLUMNS + 4), STAT_COLUMNS + 5, right=True)
    lines = [head.rstrip()]
    for label, left, right in rows:
        lines.append(pad(label, 8) + pad(left, STAT_COLUMNS + 5, right=True) + pad(right, STAT_COLUMNS + 5, right=True))
    return code_block(lines)


def _record_line(record: Record, together: bool, comparison: Comparison) -> str:
    if not record.maps:
        return "Never on the same side." if together else "Never against each other."
    maps = f"{record.maps} map{'s' if record.maps != 1 else ''}"
    draws = f", {record.draws} draw{'s' if record.draws != 1 else ''}" if record.draws else ""
    if together:
        return f"**Together:** {maps} — won {record.won}, lost {record.lost}{draws}"
    a, b = safe_name(comparison.name_a), safe_name(comparison.name_b)
    return f"**Against each other:** {maps} — {a} won {record.won}, {b} won {record.lost}{draws}"


MAP_COLUMNS_SHOWN: tuple[Column[SharedMap], ...] = (
    Column("A DPM", 7, lambda m: number(m.a.dpm)),
    Column("B DPM", 7, lambda m: number(m.b.dpm)),
    Column("", 2, lambda m: "=" if m.together else "×"),
)


def _recent(comparison: Comparison) -> str:
    recent = comparison.maps[:RECENT_SHOWN]
    return name_table(
        recent, lambda m: f"{m.played_at:%m-%d} {fit_columns(m.map, MAP_COLUMNS)}", MAP_COLUMNS_SHOWN, first="Map"
    )


def compare_embed(comparison: Comparison) -> Embed:
    """Totals over shared maps, the record together and against, and the latest shared maps."""
    a, b = safe_name(comparison.name_a), safe_name(comparison.name_b)
    if not comparison.maps:
        return {
            "title": f"⚖️ {a} vs {b}",
            "description": "These two have never played the same map.",
            "color": COLOUR_ROUND1,
        }
    total_a, total_b = comparison.totals()
    description = [
        f"Over the **{len(comparison.maps)}** map{'s' if len(comparison.maps) != 1 else ''} both played",
        _record_line(comparison.record(True), True, comparison),
        _record_line(comparison.record(False), False, comparison),
    ]
    embed: Embed = {
        "title": f"⚖️ {a} vs {b}",
        "description": "\n".join(description),
        "color": COLOUR_ROUND1,
        "fields": [
            {"name": "Side by side", "value": _side_by_side(total_a, total_b, comparison), "inline": False},
            {
                "name": f"Last {min(RECENT_SHOWN, len(comparison.maps))} shared maps",
                "value": _recent(comparison),
                "inline": False,
            },
        ],
        "footer": {
            "text": f"A = {_plain(comparison.name_a)} • B = {_plain(comparison.name_b)} • "
            "= same side • × against each other"
        },
    }
    return embed


def compare_chart_embed(comparison: Comparison) -> Embed:
    """The chart view of ``!compare``: DPM of both on their last shared maps."""
    return {
        "title": f"⚖️ {safe_name(comparison.name_a)} vs {safe_name(comparison.name_b)}",
        "description": f"DPM on the last {min(RECENT_SHOWN, len(comparison.maps))} maps both played.",
        "color": COLOUR_ROUND1,
        "image": {"url": f"attachment://{COMPARE_CHART}"},
    }
