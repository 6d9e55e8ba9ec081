"""skill ratings and the prediction recorded before each map

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 02:05:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "player_ratings",
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("mu", sa.Float(), nullable=False),
        sa.Column("sigma", sa.Float(), nullable=False),
        sa.Column("maps", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["player_id"], ["players.id"], name=op.f("fk_player_ratings_player_id_players"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("player_id", name=op.f("pk_player_ratings")),
    )
    op.create_table(
        "match_ratings",
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("played_at", sa.DateTime(), nullable=False),
        sa.Column("mu", sa.Float(), nullable=False),
        sa.Column("sigma", sa.Float(), nullable=False),
        sa.Column("maps", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["match_id"], ["matches.id"], name=op.f("fk_match_ratings_match_id_matches"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["player_id"], ["players.id"], name=op.f("fk_match_ratings_player_id_players"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("match_id", "player_id", name=op.f("pk_match_ratings")),
    )
    op.create_index("ix_match_ratings_player_time", "match_ratings", ["player_id", "played_at", "match_id"])
    op.create_table(
        "match_predictions",
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("played_at", sa.DateTime(), nullable=False),
        sa.Column("raw", sa.Float(), nullable=True),
        sa.Column("p_group_a", sa.Float(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("calibration_maps", sa.Integer(), nullable=False),
        sa.Column("a_score", sa.Float(), nullable=False),
        sa.Column("sxx", sa.Float(), nullable=False),
        sa.Column("sxr", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["match_id"], ["matches.id"], name=op.f("fk_match_predictions_match_id_matches"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("match_id", name=op.f("pk_match_predictions")),
    )
    op.create_index("ix_match_predictions_time", "match_predictions", ["played_at", "match_id"])
    op.create_table(
        "rating_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("folded", sa.Integer(), nullable=False),
        sa.Column("last_played_at", sa.DateTime(), nullable=True),
        sa.Column("last_match_id", sa.Integer(), nullable=True),
        sa.Column("calibration_maps", sa.Integer(), nullable=False),
        sa.Column("a_score", sa.Float(), nullable=False),
        sa.Column("sxx", sa.Float(), nullable=False),
        sa.Column("sxr", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_state")),
    )


def downgrade() -> None:
    op.drop_table("rating_state")
    op.drop_table("match_predictions")
    op.drop_table("match_ratings")
    op.drop_table("player_ratings")
