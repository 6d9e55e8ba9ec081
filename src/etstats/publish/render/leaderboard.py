"""The ``!top`` reply: one metric over one period, as an aligned table."""

from __future__ import annotations

from etstats.publish.post import Embed
from etstats.publish.render.style import COLOUR_ROUND2, duration, kd_text, number
from etstats.publish.render.table import Column, name_table
from etstats.stats.awards import MIN_SHOTS_FOR_ACCURACY
from etstats.stats.leaderboard import MIN_MAPS, MIN_MINUTES, Leaderboard, Standing

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

_TIME: Column[Standing] = Column("TIME", 11, lambda s: duration(s.totals.minutes))
_KILLS: Column[Standing] = Column("KILLS", 7, lambda s: str(s.totals.kills))
_KD: Column[Standing] = Column("K/D", 6, lambda s: kd_text(s.totals.kd))
_DPM: Column[Standing] = Column("DPM", 5, lambda s: number(s.totals.dpm))
_DAMAGE: Column[Standing] = Column("DAMAGE", 8, lambda s: str(s.totals.damage))
_MAPS: Column[Standing] = Column("MAPS", 5, lambda s: str(s.totals.maps))
_COLUMNS: dict[str, tuple[Column[Standing], ...]] = {
    "kills": (_KILLS, _KD, _DPM),
    "kd": (_KD, Column("K", 7, lambda s: str(s.totals.kills)), Column("D", 7, lambda s: str(s.totals.deaths))),
    "dpm": (_DPM, _DAMAGE, _KD),
    "damage": (_DAMAGE, _DPM, _MAPS),
    "revives": (Column("REV", 6, lambda s: str(s.totals.revives)), _MAPS, _DPM),
    "accuracy": (
        Column("ACC%", 6, lambda s: number(s.totals.accuracy, 1)),
        Column("HITS", 8, lambda s: str(s.totals.firearm_hits)),
    ),
    "headshots": (Column("HEAD", 6, lambda s: str(s.totals.head_hits)), _KILLS, _MAPS),
    "wins": (
        Column("WINS", 5, lambda s: str(s.totals.wins)),
        _MAPS,
        Column("RATE", 6, lambda s: f"{100 * s.totals.wins / s.totals.maps:.0f}%" if s.totals.maps else "–"),
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
    return name_table(
        board.standings,
        lambda s: s.player.name,
        _COLUMNS[board.metric],
        prefix=lambda s: f"{s.rank:>2} ",
        prefix_title=" # ",
    )


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
