"""indexes for careers and period leaderboards

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 08:16:59.885197
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("match_players", schema=None) as batch_op:
        batch_op.create_index("ix_match_players_player", ["player_id"], unique=False)

    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.create_index("ix_rounds_written", ["written_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_index("ix_rounds_written")

    with op.batch_alter_table("match_players", schema=None) as batch_op:
        batch_op.drop_index("ix_match_players_player")
