"""weapon rows kept in player order, per-map rows without foreign keys

A bulk import writes about 40 weapon rows per round file. The index by player that
carried every summed column (0011) took those rows in random places, and its cost
grew with the table: on PostgreSQL it was most of an import's time. Now the rows
themselves are ordered by player, weapon and round (on SQLite a table without rowid,
so a career's weapons are still read from one place), and new rows land at the end of
each player's weapon. An index by round, in arrival order and so cheap to extend, serves
posts and re-derived rounds. On SQLite it also carries hits and shots: every index of a
table without rowid holds the key too, so there it answers a window's accuracy
(leaderboards) on its own. PostgreSQL would still read the rows (its index-only scans
need a vacuumed table), so it keeps the narrow index, cheaper to extend.

The per-map rows (``match_players``, ``match_ratings``, ``match_predictions``) lose their
foreign keys for the reason 0013 gave for per-round rows: PostgreSQL checks and locks
the referenced row for every inserted row. Only the importer writes them, and
``store.match_sync.delete_matches`` deletes them with their map.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 05:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_PER_MAP_KEYS = {
    "match_players": ("match_id", "player_id"),
    "match_ratings": ("match_id", "player_id"),
    "match_predictions": ("match_id",),
}
_WEAPON_COLUMNS = "round_id, player_id, weapon, hits, shots, kills, deaths, headshots"
_SUMS = ["player_id", "weapon", "hits", "shots", "kills", "deaths", "headshots", "round_id"]


def _weapon_table(name: str, primary_key: list[str], with_rowid: bool) -> None:
    op.create_table(
        name,
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("weapon", sa.String(length=24), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("shots", sa.Integer(), nullable=False),
        sa.Column("kills", sa.Integer(), nullable=False),
        sa.Column("deaths", sa.Integer(), nullable=False),
        sa.Column("headshots", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*primary_key, name="pk_weapon_stats"),
        sqlite_with_rowid=with_rowid,
    )


def _rebuild_weapon_stats(primary_key: list[str], with_rowid: bool) -> None:
    """Copy the rows into a table with the other key (SQLite cannot change a table's key in place)."""
    op.rename_table("weapon_stats", "weapon_stats_old")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE weapon_stats_old RENAME CONSTRAINT pk_weapon_stats TO pk_weapon_stats_old")
    _weapon_table("weapon_stats", primary_key, with_rowid)
    op.execute(f"INSERT INTO weapon_stats ({_WEAPON_COLUMNS}) SELECT {_WEAPON_COLUMNS} FROM weapon_stats_old")
    op.drop_table("weapon_stats_old")


def upgrade() -> None:
    for table, keys in _PER_MAP_KEYS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_match_id_matches", type_="foreignkey")
            if "player_id" in keys:
                batch_op.drop_constraint(f"fk_{table}_player_id_players", type_="foreignkey")
    op.drop_index("ix_weapon_stats_player_sums", table_name="weapon_stats")
    _rebuild_weapon_stats(["player_id", "weapon", "round_id"], with_rowid=False)
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("ix_weapon_stats_round_sums", "weapon_stats", ["round_id", "hits", "shots"], unique=False)
    else:
        op.create_index("ix_weapon_stats_round", "weapon_stats", ["round_id"], unique=False)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index("ix_weapon_stats_round_sums" if sqlite else "ix_weapon_stats_round", table_name="weapon_stats")
    _rebuild_weapon_stats(["round_id", "player_id", "weapon"], with_rowid=True)
    op.create_index("ix_weapon_stats_player_sums", "weapon_stats", _SUMS, unique=False)
    for table, keys in _PER_MAP_KEYS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(
                f"fk_{table}_match_id_matches", "matches", ["match_id"], ["id"], ondelete="CASCADE"
            )
            if "player_id" in keys:
                batch_op.create_foreign_key(
                    f"fk_{table}_player_id_players", "players", ["player_id"], ["id"], ondelete="CASCADE"
                )
