"""Tables. Player round stats hold round-only values: a paired Round 2 stores R2-only numbers."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from etstats.gamestats.records import EXT_FIELDS

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

files = Table(
    "files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(64), nullable=False),
    Column("name", String(255), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=True),
    Column("status", String(16), nullable=False),
    Column("error", Text, nullable=True),
    Column("attempts", Integer, nullable=False, default=1),
    Column("first_seen", DateTime, nullable=False),
    Column("imported_at", DateTime, nullable=True),
    UniqueConstraint("source", "name", name="uq_files_source_name"),
    Index("ix_files_sha256", "sha256"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(64), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("ended_at", DateTime, nullable=False),
    Column("round_count", Integer, nullable=False),
    Index("ix_sessions_source_started", "source", "started_at"),
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("files.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("source", String(64), nullable=False),
    Column("name", String(255), nullable=False),
    Column("map", String(128), nullable=False),
    Column("round", Integer, nullable=False),
    Column("written_at", DateTime, nullable=False),
    Column("server", String(255), nullable=False),
    Column("server_raw", String(255), nullable=False),
    Column("config", String(128), nullable=False),
    Column("defender", String(8), nullable=True),
    Column("winner", String(8), nullable=True),
    Column("outcome", String(16), nullable=False),
    Column("time_limit_s", Integer, nullable=False),
    Column("next_time_limit_s", Integer, nullable=False),
    Column("playtime_ms", Integer, nullable=True),
    Column("header_fields", Integer, nullable=False),
    Column("ext_fields", Integer, nullable=True),
    Column("player_count", Integer, nullable=False),
    Column("shutdown_save", Boolean, nullable=False, default=False),
    Column("orphan", Boolean, nullable=False, default=False),
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="SET NULL"), nullable=True),
    Index("ix_rounds_source_written", "source", "written_at"),
    Index("ix_rounds_written", "written_at"),
    Index("ix_rounds_map", "map", "round"),
    Index(
        "ix_rounds_uncounted",
        "id",
        sqlite_where=text("orphan IS 1 OR shutdown_save IS 1"),
        postgresql_where=text("orphan IS true OR shutdown_save IS true"),
    ),
)

matches = Table(
    "matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(64), nullable=False),
    Column("map", String(128), nullable=False),
    Column("round1_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("round2_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("played_at", DateTime, nullable=False),
    Column("round1_outcome", String(16), nullable=False),
    Column("round2_outcome", String(16), nullable=False),
    Column("winner", String(8), nullable=True),
    Column("time_to_beat_s", Integer, nullable=False),
    Index("ix_matches_played", "played_at"),
    Index("ix_matches_map", "map"),
)

players = Table(
    "players",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("guid", String(32), nullable=False),
    Column("name", String(255), nullable=False),
    Column("is_bot", Boolean, nullable=False, default=False),
    Column("first_seen", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    Column("discord_user_id", String(32), nullable=True),
    Index("ix_players_guid", "guid"),
)

player_names = Table(
    "player_names",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("player_id", Integer, ForeignKey("players.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(255), nullable=False),
    Column("raw_name", LargeBinary, nullable=False),
    Column("first_seen", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    UniqueConstraint("player_id", "raw_name", name="uq_player_names_player_raw"),
)

match_players = Table(
    "match_players",
    metadata,
    Column("match_id", Integer, primary_key=True),  # no foreign keys on per-map rows: see migration 0014
    Column("player_id", Integer, primary_key=True),
    Column("grp", String(8), nullable=False),
    Index("ix_match_players_player", "player_id"),
)


def _only_on(dialect: str, index: Index) -> Index:
    """An index one database gets and the other does not (``info["only_on"]`` tells the schema test)."""
    index.info["only_on"] = dialect
    return index.ddl_if(dialect=dialect)


def _ext_column(name: str, decimal: bool) -> Column:
    return Column(name, Float if decimal else Integer, nullable=True)


player_round_stats = Table(
    "player_round_stats",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", Integer, nullable=False),  # no foreign keys here: see migration 0012
    Column("player_id", Integer, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("name", String(255), nullable=False),
    Column("team", Integer, nullable=False),
    Column("kills", Integer, nullable=False),
    Column("deaths", Integer, nullable=False),
    Column("headshots", Integer, nullable=False),
    Column("hits", Integer, nullable=False),
    Column("shots", Integer, nullable=False),
    Column("time_played_s", Integer, nullable=True),
    Column("dpm", Float, nullable=True),
    Column("flags", String(128), nullable=False, default=""),
    *(_ext_column(f.name, f.decimal) for f in EXT_FIELDS),
    Index("ix_prs_round", "round_id"),
    Index("ix_prs_player", "player_id"),
)

weapon_stats = Table(
    "weapon_stats",
    metadata,
    Column("round_id", Integer, nullable=False),  # no foreign keys here: see migration 0013
    Column("player_id", Integer, nullable=False),
    Column("weapon", String(24), nullable=False),
    Column("hits", Integer, nullable=False),
    Column("shots", Integer, nullable=False),
    Column("kills", Integer, nullable=False),
    Column("deaths", Integer, nullable=False),
    Column("headshots", Integer, nullable=False),
    PrimaryKeyConstraint("player_id", "weapon", "round_id", name="pk_weapon_stats"),
    _only_on("postgresql", Index("ix_weapon_stats_round", "round_id")),
    # SQLite adds the table's key to every index of a table without rowid: this one covers a window's accuracy
    _only_on("sqlite", Index("ix_weapon_stats_round_sums", "round_id", "hits", "shots")),
    sqlite_with_rowid=False,
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("source", String(64), nullable=False),
    Column("map", String(128), nullable=False),
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="SET NULL"), nullable=True),
    Column("round_files", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("not_before", DateTime, nullable=False),
    Column("payload", Text, nullable=True),
    Column("corrects", String(300), nullable=True),
)

outbox_deliveries = Table(
    "outbox_deliveries",
    metadata,
    Column("post_id", Integer, ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True),
    Column("sink", String(64), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime, nullable=False),
    Column("last_error", Text, nullable=True),
    Column("confirmation", String(128), nullable=True),
    Column("sent_at", DateTime, nullable=True),
    Column("message_ids", Text, nullable=True),
    Column("sending_since", DateTime, nullable=True),
    Column("ambiguous", Text, nullable=True),
    Column("claimed_by", String(128), nullable=True),
    Column("claimed_until", DateTime, nullable=True),
    Index("ix_outbox_deliveries_status", "status", "next_attempt_at"),
)

leases = Table(
    "leases",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("holder", String(128), nullable=False),
    Column("acquired_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
)

source_health = Table(
    "source_health",
    metadata,
    Column("source", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("connected", Boolean, nullable=False),
    Column("since", DateTime, nullable=True),
    Column("last_listing", DateTime, nullable=True),
    Column("last_file_seen", String(255), nullable=True),
    Column("last_round_imported", String(255), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("updated_at", DateTime, nullable=False),
    Column("attention", Text, nullable=True),
)

task_health = Table(
    "task_health",
    metadata,
    Column("task", String(64), primary_key=True),
    Column("failing_since", DateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("restarts", Integer, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

bot_state = Table(
    "bot_state",
    metadata,
    Column("key", String(128), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

notify_optins = Table(
    "notify_optins",
    metadata,
    Column("discord_user_id", String(32), primary_key=True),
    Column("opted_in_at", DateTime, nullable=False),
)

player_ratings = Table(
    "player_ratings",
    metadata,
    Column("player_id", Integer, ForeignKey("players.id", ondelete="CASCADE"), primary_key=True),
    Column("mu", Float, nullable=False),
    Column("sigma", Float, nullable=False),
    Column("maps", Integer, nullable=False),
)

match_ratings = Table(
    "match_ratings",
    metadata,
    Column("match_id", Integer, primary_key=True),
    Column("player_id", Integer, primary_key=True),
    Column("played_at", DateTime, nullable=False),
    Column("mu", Float, nullable=False),
    Column("sigma", Float, nullable=False),
    Column("maps", Integer, nullable=False),
    Index("ix_match_ratings_player_time", "player_id", "played_at", "match_id"),
)

match_predictions = Table(
    "match_predictions",
    metadata,
    Column("match_id", Integer, primary_key=True),
    Column("played_at", DateTime, nullable=False),
    Column("raw", Float, nullable=True),
    Column("p_group_a", Float, nullable=True),
    Column("late", Boolean, nullable=False),
    Column("calibration_maps", Integer, nullable=False),
    Column("a_score", Float, nullable=False),
    Column("sxx", Float, nullable=False),
    Column("sxr", Float, nullable=False),
    Index("ix_match_predictions_time", "played_at", "match_id"),
)

rating_state = Table(
    "rating_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("folded", Integer, nullable=False),
    Column("last_played_at", DateTime, nullable=True),
    Column("last_match_id", Integer, nullable=True),
    Column("calibration_maps", Integer, nullable=False),
    Column("a_score", Float, nullable=False),
    Column("sxx", Float, nullable=False),
    Column("sxr", Float, nullable=False),
)
