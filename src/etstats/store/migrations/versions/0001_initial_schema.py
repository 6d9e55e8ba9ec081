"""initial schema: files, rounds, matches, players, stats, sessions

Revision ID: 0001
Revises:
Create Date: 2026-11-29 07:45:04.622695
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_files")),
        sa.UniqueConstraint("source", "name", name="uq_files_source_name"),
    )
    op.create_table(
        "players",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("guid", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("is_bot", sa.Boolean(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("discord_user_id", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_players")),
        sa.UniqueConstraint("key", name=op.f("uq_players_key")),
    )
    with op.batch_alter_table("players", schema=None) as batch_op:
        batch_op.create_index("ix_players_guid", ["guid"], unique=False)

    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("round_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index("ix_sessions_source_started", ["source", "started_at"], unique=False)

    op.create_table(
        "player_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("raw_name", sa.LargeBinary(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["player_id"], ["players.id"], name=op.f("fk_player_names_player_id_players"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_player_names")),
        sa.UniqueConstraint("player_id", "raw_name", name="uq_player_names_player_raw"),
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("map", sa.String(length=128), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("server", sa.String(length=255), nullable=False),
        sa.Column("server_raw", sa.String(length=255), nullable=False),
        sa.Column("config", sa.String(length=128), nullable=False),
        sa.Column("defender", sa.String(length=8), nullable=True),
        sa.Column("winner", sa.String(length=8), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("time_limit_s", sa.Integer(), nullable=False),
        sa.Column("next_time_limit_s", sa.Integer(), nullable=False),
        sa.Column("playtime_ms", sa.Integer(), nullable=True),
        sa.Column("header_fields", sa.Integer(), nullable=False),
        sa.Column("ext_fields", sa.Integer(), nullable=True),
        sa.Column("player_count", sa.Integer(), nullable=False),
        sa.Column("shutdown_save", sa.Boolean(), nullable=False),
        sa.Column("orphan", sa.Boolean(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["file_id"], ["files.id"], name=op.f("fk_rounds_file_id_files"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_rounds_session_id_sessions"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.UniqueConstraint("file_id", name=op.f("uq_rounds_file_id")),
    )
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.create_index("ix_rounds_source_written", ["source", "written_at"], unique=False)

    op.create_table(
        "matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("map", sa.String(length=128), nullable=False),
        sa.Column("round1_id", sa.Integer(), nullable=False),
        sa.Column("round2_id", sa.Integer(), nullable=False),
        sa.Column("played_at", sa.DateTime(), nullable=False),
        sa.Column("round1_outcome", sa.String(length=16), nullable=False),
        sa.Column("round2_outcome", sa.String(length=16), nullable=False),
        sa.Column("winner", sa.String(length=8), nullable=True),
        sa.Column("time_to_beat_s", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round1_id"], ["rounds.id"], name=op.f("fk_matches_round1_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["round2_id"], ["rounds.id"], name=op.f("fk_matches_round2_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matches")),
        sa.UniqueConstraint("round1_id", name=op.f("uq_matches_round1_id")),
        sa.UniqueConstraint("round2_id", name=op.f("uq_matches_round2_id")),
    )
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.create_index("ix_matches_played", ["played_at"], unique=False)

    op.create_table(
        "player_round_stats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("team", sa.Integer(), nullable=False),
        sa.Column("kills", sa.Integer(), nullable=False),
        sa.Column("deaths", sa.Integer(), nullable=False),
        sa.Column("headshots", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("shots", sa.Integer(), nullable=False),
        sa.Column("time_played_s", sa.Integer(), nullable=True),
        sa.Column("dpm", sa.Float(), nullable=True),
        sa.Column("flags", sa.String(length=128), nullable=False),
        sa.Column("damage_given", sa.Integer(), nullable=True),
        sa.Column("damage_received", sa.Integer(), nullable=True),
        sa.Column("team_damage_given", sa.Integer(), nullable=True),
        sa.Column("team_damage_received", sa.Integer(), nullable=True),
        sa.Column("gibs", sa.Integer(), nullable=True),
        sa.Column("self_kills", sa.Integer(), nullable=True),
        sa.Column("team_kills", sa.Integer(), nullable=True),
        sa.Column("team_gibs", sa.Integer(), nullable=True),
        sa.Column("alive_percent", sa.Float(), nullable=True),
        sa.Column("xp", sa.Integer(), nullable=True),
        sa.Column("killing_spree", sa.Integer(), nullable=True),
        sa.Column("death_spree", sa.Integer(), nullable=True),
        sa.Column("kill_assists", sa.Integer(), nullable=True),
        sa.Column("kill_steals", sa.Integer(), nullable=True),
        sa.Column("headshot_kills", sa.Integer(), nullable=True),
        sa.Column("objectives_stolen", sa.Integer(), nullable=True),
        sa.Column("objectives_returned", sa.Integer(), nullable=True),
        sa.Column("dynamites_planted", sa.Integer(), nullable=True),
        sa.Column("dynamites_defused", sa.Integer(), nullable=True),
        sa.Column("times_revived", sa.Integer(), nullable=True),
        sa.Column("bullets_fired", sa.Integer(), nullable=True),
        sa.Column("lua_dpm", sa.Float(), nullable=True),
        sa.Column("time_played_minutes", sa.Float(), nullable=True),
        sa.Column("tank_meatshield", sa.Float(), nullable=True),
        sa.Column("time_dead_ratio", sa.Float(), nullable=True),
        sa.Column("time_dead_minutes", sa.Float(), nullable=True),
        sa.Column("lua_kd_ratio", sa.Float(), nullable=True),
        sa.Column("useful_kills", sa.Integer(), nullable=True),
        sa.Column("denied_playtime", sa.Integer(), nullable=True),
        sa.Column("multikill_2x", sa.Integer(), nullable=True),
        sa.Column("multikill_3x", sa.Integer(), nullable=True),
        sa.Column("multikill_4x", sa.Integer(), nullable=True),
        sa.Column("multikill_5x", sa.Integer(), nullable=True),
        sa.Column("multikill_6x", sa.Integer(), nullable=True),
        sa.Column("useless_kills", sa.Integer(), nullable=True),
        sa.Column("full_selfkills", sa.Integer(), nullable=True),
        sa.Column("repairs_constructions", sa.Integer(), nullable=True),
        sa.Column("revives_given", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["player_id"], ["players.id"], name=op.f("fk_player_round_stats_player_id_players"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_player_round_stats_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_player_round_stats")),
    )
    with op.batch_alter_table("player_round_stats", schema=None) as batch_op:
        batch_op.create_index("ix_prs_player", ["player_id"], unique=False)
        batch_op.create_index("ix_prs_round", ["round_id"], unique=False)

    op.create_table(
        "weapon_stats",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("weapon", sa.String(length=24), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("shots", sa.Integer(), nullable=False),
        sa.Column("kills", sa.Integer(), nullable=False),
        sa.Column("deaths", sa.Integer(), nullable=False),
        sa.Column("headshots", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["player_id"], ["players.id"], name=op.f("fk_weapon_stats_player_id_players"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_weapon_stats_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "player_id", "weapon", name=op.f("pk_weapon_stats")),
    )
    with op.batch_alter_table("weapon_stats", schema=None) as batch_op:
        batch_op.create_index("ix_weapon_stats_player", ["player_id"], unique=False)

    op.create_table(
        "match_players",
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("grp", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["match_id"], ["matches.id"], name=op.f("fk_match_players_match_id_matches"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["player_id"], ["players.id"], name=op.f("fk_match_players_player_id_players"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("match_id", "player_id", name=op.f("pk_match_players")),
    )


def downgrade() -> None:
    op.drop_table("match_players")
    with op.batch_alter_table("weapon_stats", schema=None) as batch_op:
        batch_op.drop_index("ix_weapon_stats_player")

    op.drop_table("weapon_stats")
    with op.batch_alter_table("player_round_stats", schema=None) as batch_op:
        batch_op.drop_index("ix_prs_round")
        batch_op.drop_index("ix_prs_player")

    op.drop_table("player_round_stats")
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.drop_index("ix_matches_played")

    op.drop_table("matches")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_index("ix_rounds_source_written")

    op.drop_table("rounds")
    op.drop_table("player_names")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_sessions_source_started")

    op.drop_table("sessions")
    with op.batch_alter_table("players", schema=None) as batch_op:
        batch_op.drop_index("ix_players_guid")

    op.drop_table("players")
    op.drop_table("files")
