"""bot state and milestone mention opt-ins

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 08:22:24.855363
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bot_state",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_bot_state")),
    )
    op.create_table(
        "notify_optins",
        sa.Column("discord_user_id", sa.String(length=32), nullable=False),
        sa.Column("opted_in_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("discord_user_id", name=op.f("pk_notify_optins")),
    )


def downgrade() -> None:
    op.drop_table("notify_optins")
    op.drop_table("bot_state")
