"""one knife: KA-BAR weapon rows merged into the knife

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:55:00

The game moves knife counts between weapon ids 0 (knife) and 1 (KA-BAR) from Round 1
to Round 2, so etstats now counts them as one knife. Rows stored before are merged the
same way. Round-2-only rows clamped per id cannot be mended here: the migration asks
(``bot_state`` ``rederive_round2s``, see ``store/rederive.py``) for every paired Round 2
to be derived again from its files when the database is next opened.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COUNTERS = ("hits", "shots", "kills", "deaths", "headshots")
_SAME_ROW = "k.round_id = weapon_stats.round_id AND k.player_id = weapon_stats.player_id"


def upgrade() -> None:
    kbar = f"SELECT {{}} FROM weapon_stats k WHERE {_SAME_ROW} AND k.weapon = 'knife_kbar'"
    knife = f"SELECT 1 FROM weapon_stats k WHERE {_SAME_ROW} AND k.weapon = 'knife'"
    sums = ", ".join(f"{c} = {c} + ({kbar.format('k.' + c)})" for c in _COUNTERS)
    op.execute(f"UPDATE weapon_stats SET {sums} WHERE weapon = 'knife' AND EXISTS ({kbar.format('1')})")
    op.execute(f"DELETE FROM weapon_stats WHERE weapon = 'knife_kbar' AND EXISTS ({knife})")
    op.execute("UPDATE weapon_stats SET weapon = 'knife' WHERE weapon = 'knife_kbar'")
    op.execute(
        "INSERT INTO bot_state (key, value, updated_at) "
        "SELECT 'rederive_round2s', 'knife ids 0 and 1 counted as one weapon', CURRENT_TIMESTAMP "
        "WHERE EXISTS (SELECT 1 FROM matches)"
    )


def downgrade() -> None:
    """The merged counts cannot be split again; the rows stay one knife."""
    op.execute("DELETE FROM bot_state WHERE key = 'rederive_round2s'")
