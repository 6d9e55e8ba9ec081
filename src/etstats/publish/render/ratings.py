"""Ratings as players see them: the ``!top rating`` board, the line in ``!stats``, the chance in a Round 1 post.

Every line fits 40 characters, what a phone shows of an embed.
"""

from __future__ import annotations

from etstats.publish.post import Embed
from etstats.publish.render.style import COLOUR_ROUND2, SIDE_LABEL
from etstats.publish.render.table import Column, name_table
from etstats.stats.ratings import RatedPlayer, RatingBoard, Skill
from etstats.stats.summary import RoundSummary

BOARD_ROWS = 15
BOARD_COLUMNS: tuple[Column[tuple[int, RatedPlayer]], ...] = (
    Column("RATING", 7, lambda row: f"{row[1].skill.rating:.1f}"),
    Column("MAPS", 5, lambda row: str(row[1].skill.maps)),
)
RATING_RULE = "Rating = skill − 3 × uncertainty (openskill)"


def _percent(p: float) -> str:
    return f"{round(100 * p)} %"


def rating_board_embed(board: RatingBoard) -> Embed:
    """The best conservative ratings: `` # Player  RATING MAPS`` (32 columns a line)."""
    rows = list(enumerate(board.standings[:BOARD_ROWS], 1))
    table = name_table(
        rows, lambda row: row[1].name, BOARD_COLUMNS, prefix=lambda row: f"{row[0]:>2} ", prefix_title=" # "
    )
    description = table if board.standings else "Nobody has enough rated maps yet."
    note = f" • {board.unqualified} with fewer" if board.unqualified else ""
    return {
        "title": "🏆 Top rating",
        "description": description,
        "color": COLOUR_ROUND2,
        "footer": {"text": f"{RATING_RULE}\nTo rank: {board.min_maps} rated maps{note}"},
    }


def rating_field(skill: Skill | None, rank: int | None, board: RatingBoard) -> Embed:
    """``!stats``: the rating with its mean and uncertainty, and the place on the board."""
    if skill is None or skill.maps == 0:
        value = "not rated yet (no map with a winner)"
    else:
        value = f"**{skill.rating:.1f}** (μ {skill.mu:.1f} ± {skill.sigma:.1f})"
        if rank is not None:
            value += f"\n#{rank} of {len(board.standings)}"
        else:
            value += f"\nranks after {board.min_maps} rated maps"
    return {"name": "📈 Rating", "value": value, "inline": True}


def chance_field(summary: RoundSummary, p_group_a: float) -> Embed:
    """Round 1: each side's chance to win the map (the attackers now are group A)."""
    attackers, defender = summary.attackers, summary.defender
    assert attackers is not None and defender is not None
    value = (
        f"⚔️ {SIDE_LABEL[attackers]} **{_percent(p_group_a)}** · "
        f"🛡️ {SIDE_LABEL[defender]} **{_percent(1 - p_group_a)}**\n"
        "*from the ratings of earlier maps*"
    )
    return {"name": "🔮 Chance to win the map", "value": value, "inline": False}
