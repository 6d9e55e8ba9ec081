"""index rounds and maps by map name for !mapstats

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 01:40:00.000000
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.create_index("ix_rounds_map", ["map", "round"], unique=False)
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.create_index("ix_matches_map", ["map"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.drop_index("ix_matches_map")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_index("ix_rounds_map")
