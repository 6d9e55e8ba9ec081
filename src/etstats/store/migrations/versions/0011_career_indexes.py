"""index what a career sums: the few uncounted rounds, and each player's weapon rows whole

A career leaves out orphan Round 2s and shutdown saves; a partial index holds just
those, so finding them no longer reads every round. The weapon index by player now
carries the summed columns, so a career's weapons are read from the index alone; it
replaces the index on ``player_id`` only, which it starts with.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 02:45:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_WEAPON_SUMS = ["player_id", "weapon", "hits", "shots", "kills", "deaths", "headshots", "round_id"]


def upgrade() -> None:
    op.create_index(
        "ix_rounds_uncounted",
        "rounds",
        ["id"],
        unique=False,
        sqlite_where=sa.text("orphan IS 1 OR shutdown_save IS 1"),
        postgresql_where=sa.text("orphan IS true OR shutdown_save IS true"),
    )
    op.create_index("ix_weapon_stats_player_sums", "weapon_stats", _WEAPON_SUMS, unique=False)
    op.drop_index("ix_weapon_stats_player", table_name="weapon_stats")


def downgrade() -> None:
    op.create_index("ix_weapon_stats_player", "weapon_stats", ["player_id"], unique=False)
    op.drop_index("ix_weapon_stats_player_sums", table_name="weapon_stats")
    op.drop_index("ix_rounds_uncounted", table_name="rounds")
