"""Opening the database and bringing its schema up to date with Alembic."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine.interfaces import DBAPIConnection

from etstats.store.rederive import rederive_if_asked
from etstats.store.sqlite_file import DatabaseFileError, require_existing

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK_KEY = 0x6574_7374_6174_73  # "etstats" in ASCII: one advisory lock id for every instance
WAL_SWITCH_WAIT_S = 10.0
logging.getLogger("alembic").setLevel(logging.WARNING)


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """Several instances opening a new file at once: SQLite refuses the switch to WAL at once
    ("database is locked", no busy wait) while another holds the lock, so it is tried again."""
    deadline = time.monotonic() + WAL_SWITCH_WAIT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def make_engine(url: str) -> Engine:
    """An engine with SQLite tuned for one writer and concurrent readers (WAL)."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


PLANNED_TABLES = ("files", "rounds", "matches", "sessions", "players")
"""The tables an import looks rows up in: a stale row count makes PostgreSQL's planner read
all of ``files`` for each batch instead of its index, and more so the larger the import."""


def refresh_planner_statistics(engine: Engine) -> None:
    """Let PostgreSQL count the rows a bulk import has just added (SQLite plans without counts)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text(f"ANALYZE {', '.join(PLANNED_TABLES)}"))


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration; a no-op when it is current.

    Instances starting together take turns: the first migrates inside a transaction that
    holds a lock (an advisory lock on PostgreSQL, the write lock on SQLite), the others
    wait for it and then find the schema current.
    """
    with engine.begin() as connection:
        _lock_for_migration(connection)
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _lock_for_migration(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def open_database(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    rederive_if_asked(engine)
    return engine


def open_for_reading(url: str) -> Engine:
    """An existing, current database for commands that only read: never created, never migrated.

    Migrating from a read-only command would race the service's own migration on start.
    """
    require_existing(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    if current != head:
        engine.dispose()
        raise DatabaseFileError(
            f"the database {engine.url.render_as_string()} has schema {current or 'none'}, this etstats needs "
            f"{head}; `etstats run` or `etstats import` brings it up to date"
        )
    return engine


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("files")
