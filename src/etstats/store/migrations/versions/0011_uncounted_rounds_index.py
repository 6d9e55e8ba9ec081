"""index the few uncounted rounds, which every career total leaves out

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


def upgrade() -> None:
    op.create_index(
        "ix_rounds_uncounted",
        "rounds",
        ["id"],
        unique=False,
        sqlite_where=sa.text("orphan IS 1 OR shutdown_save IS 1"),
        postgresql_where=sa.text("orphan IS true OR shutdown_save IS true"),
    )


def downgrade() -> None:
    op.drop_index("ix_rounds_uncounted", table_name="rounds")
