"""per-player and per-weapon rows without foreign keys

PostgreSQL checks a foreign key with a trigger per inserted row; for the two tables a
bulk import fills (about 50 rows per round file) that made a COPY eight times slower.
Only the importer writes these rows, with the ids it has just inserted; nothing deletes
players, and the one place that deletes a round (``store.completion.retire_round``)
deletes its rows itself.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 02:30:00
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("player_round_stats", "weapon_stats"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_player_id_players", type_="foreignkey")
            batch_op.drop_constraint(f"fk_{table}_round_id_rounds", type_="foreignkey")


def downgrade() -> None:
    for table in ("player_round_stats", "weapon_stats"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(
                f"fk_{table}_round_id_rounds", "rounds", ["round_id"], ["id"], ondelete="CASCADE"
            )
            batch_op.create_foreign_key(
                f"fk_{table}_player_id_players", "players", ["player_id"], ["id"], ondelete="CASCADE"
            )
