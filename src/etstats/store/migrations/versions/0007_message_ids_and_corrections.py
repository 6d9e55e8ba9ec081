"""message ids per delivery, corrections of posted messages

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 01:40:00

A delivery keeps the ids of the messages it created so a correction can edit them in
place; a correction is an outbox row naming the post it corrects. Deliveries made before
this revision by the Discord sinks confirmed with their message ids, so those are kept.
"""

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_IDS = re.compile(r"^\d+(,\d+)*$")


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrects", sa.String(length=300), nullable=True))
    with op.batch_alter_table("outbox_deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_ids", sa.Text(), nullable=True))
    deliveries = sa.table(
        "outbox_deliveries",
        sa.column("post_id", sa.Integer),
        sa.column("sink", sa.String),
        sa.column("status", sa.String),
        sa.column("confirmation", sa.String),
        sa.column("message_ids", sa.Text),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(deliveries.c.post_id, deliveries.c.sink, deliveries.c.confirmation).where(
            deliveries.c.status == "sent", deliveries.c.sink.in_(["webhook", "discord"])
        )
    ).all()
    for row in rows:
        if row.confirmation and _IDS.match(row.confirmation):
            conn.execute(
                sa.update(deliveries)
                .where(deliveries.c.post_id == row.post_id, deliveries.c.sink == row.sink)
                .values(message_ids=json.dumps(row.confirmation.split(",")))
            )


def downgrade() -> None:
    with op.batch_alter_table("outbox_deliveries", schema=None) as batch_op:
        batch_op.drop_column("message_ids")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("corrects")
