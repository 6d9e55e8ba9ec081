"""deliveries remember an unanswered send; sources list what needs attention; task health

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 01:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sending_since", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("ambiguous", sa.Text(), nullable=True))
    with op.batch_alter_table("source_health", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attention", sa.Text(), nullable=True))
    op.create_table(
        "task_health",
        sa.Column("task", sa.String(length=64), nullable=False),
        sa.Column("failing_since", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("restarts", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("task", name=op.f("pk_task_health")),
    )


def downgrade() -> None:
    op.drop_table("task_health")
    with op.batch_alter_table("source_health", schema=None) as batch_op:
        batch_op.drop_column("attention")
    with op.batch_alter_table("outbox_deliveries", schema=None) as batch_op:
        batch_op.drop_column("ambiguous")
        batch_op.drop_column("sending_since")
