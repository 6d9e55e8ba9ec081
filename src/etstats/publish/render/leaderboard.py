"""The ``!top`` reply: one metric over one period, as an aligned table."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from etstats.publish.limits import code_safe_name, neutralize_mentions
from etstats.publish.post import Embed
from etstats.publish.render.style import COLOUR_ROUND2, NAME_WIDTH, number
from etstats.stats.awards import MIN_SHOTS_FOR_ACCURACY
from etstats.stats.leaderboard import MIN_MAPS, MIN_MINUTES

if TYPE_CHECKING:
    from etstats.stats.career import Totals
    from etstats.stats.leaderboard import Leaderboard

Column = tuple[str, int, "Callable[[Totals], str]"]

METRIC_TITLES = {
    "kills": "Kills",
    "kd": "K/D",
    "dpm": "DPM",
    "damage": "Damage",
    "revives": "Revives",
    "accuracy": "Accuracy (guns)",
    "headshots": "Head hits",
    "wins": "Map wins",
}
MINIMUM_RULE = (
    f"To rank: {MIN_MINUTES:.0f} min played (and {MIN_SHOTS_FOR_ACCURACY} gun shots for accuracy; "
    f"{MIN_MAPS} maps for wins)"
)


def _minutes(x: Totals) -> str:
    whole = round(x.minutes)
    return f"{whole // 60}:{whole % 60:02d}"


_TIME: Column = ("TIME", 7, _minutes)
_KILLS: Column = ("KILLS", 6, lambda x: str(x.kills))
_KD: Column = ("K/D", 5, lambda x: f"{x.kd:.2f}")
_DPM: Column = ("DPM", 5, lambda x: number(x.dpm))
_DAMAGE: Column = ("DAMAGE", 8, lambda x: str(x.damage))
_MAPS: Column = ("MAPS", 5, lambda x: str(x.maps))
_COLUMNS: dict[str, tuple[Column, ...]] = {
    "kills": (_KILLS, _KD, _TIME),
    "kd": (_KD, ("K", 6, lambda x: str(x.kills)), ("D", 6, lambda x: str(x.deaths))),
    "dpm": (_DPM, _DAMAGE, _TIME),
    "damage": (_DAMAGE, _DPM, _TIME),
    "revives": (("REV", 5, lambda x: str(x.revives)), _MAPS, _TIME),
    "accuracy": (
        ("ACC%", 5, lambda x: number(x.accuracy, 1)),
        ("HITS", 7, lambda x: str(x.firearm_hits)),
        ("SHOTS", 7, lambda x: str(x.firearm_shots)),
    ),
    "headshots": (("HH", 6, lambda x: str(x.head_hits)), _KILLS, _TIME),
    "wins": (
        ("WINS", 5, lambda x: str(x.wins)),
        _MAPS,
        ("RATE", 5, lambda x: f"{100 * x.wins / x.maps:.0f}%" if x.maps else "–"),
    ),
}


def period_line(board: Leaderboard) -> str:
    """What the period covers, in dates: periods count back from the newest play, not the clock."""
    if board.until is None:
        return "Nothing has been imported yet."
    if board.period == "all":
        return f"All time, up to {board.until:%Y-%m-%d}"
    if board.period == "session":
        assert board.since is not None
        return f"Latest session, {board.since:%Y-%m-%d %H:%M}–{board.until:%H:%M}"
    days = "30 days" if board.period == "month" else "7 days"
    assert board.since is not None
    return f"Last {days} of play: {board.since:%Y-%m-%d} – {board.until:%Y-%m-%d}"


def _table(board: Leaderboard) -> str:
    columns = _COLUMNS[board.metric]
    header = " # " + "Player".ljust(NAME_WIDTH) + "".join(title.rjust(width) for title, width, _ in columns)
    lines = [header]
    for s in board.standings:
        name = code_safe_name(neutralize_mentions(s.player.name), limit=NAME_WIDTH - 1).ljust(NAME_WIDTH)
        cells = "".join(cell(s.totals).rjust(width) for _, width, cell in columns)
        lines.append(f"{s.rank:>2} {name}{cells}")
    return "```\n" + "\n".join(lines) + "\n```"


def leaderboard_embed(board: Leaderboard) -> Embed:
    description = [period_line(board)]
    if board.standings:
        description.append(_table(board))
    elif board.until is not None:
        description.append("Nobody has played enough in this period to rank.")
    note = f" • {board.unqualified} below the minimum" if board.unqualified else ""
    return {
        "title": f"🏆 Top {METRIC_TITLES[board.metric]}",
        "description": "\n".join(description),
        "color": COLOUR_ROUND2,
        "footer": {"text": MINIMUM_RULE + note},
    }
