"""The migrations build exactly the tables the code declares, and re-opening changes nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event, inspect

from etstats.stats.career import PlayerRef
from etstats.store import schema as t
from etstats.store.database import alembic_config, has_schema, make_engine, open_database
from etstats.store.importer import IncomingFile
from etstats.store.player_queries import career, counted_rounds, firearm_sums_query
from etstats.store.schema import metadata
from tests.store.helpers import dump, run_batches, table_names


def test_migrated_database_matches_the_declared_schema(new_engine: Callable[[], Engine]) -> None:
    """Like ``alembic check``: autogenerate finds nothing to add, drop or alter."""
    engine = new_engine()
    dialect = engine.dialect.name

    def declared_here(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
        return getattr(obj, "info", {}).get("only_on", dialect) == dialect

    with engine.connect() as conn:
        options = {"compare_type": True, "compare_server_default": True, "include_object": declared_here}
        context = MigrationContext.configure(conn, opts=options)
        assert compare_metadata(context, metadata) == []
        indexes = {index["name"] for index in inspect(conn).get_indexes("weapon_stats")}
    assert indexes == {"ix_weapon_stats_round_sums" if dialect == "sqlite" else "ix_weapon_stats_round"}


def test_database_is_at_the_newest_revision(new_engine: Callable[[], Engine]) -> None:
    engine = new_engine()
    heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
    assert len(heads) == 1, "migrations must not branch"
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == heads[0]


def test_every_declared_table_exists(new_engine: Callable[[], Engine]) -> None:
    engine = new_engine()
    assert has_schema(engine)
    assert set(metadata.tables) <= set(table_names(engine))


def test_opening_an_existing_database_is_a_no_op(
    new_engine: Callable[[], Engine], corpus_incoming: list[IncomingFile]
) -> None:
    engine = new_engine()
    run_batches(engine, [corpus_incoming[:20]])
    before = dump(engine)
    again = open_database(engine.url.render_as_string(hide_password=False))
    try:
        assert dump(again) == before
    finally:
        again.dispose()


def test_a_career_reads_no_whole_table_of_rounds(tmp_path: Path) -> None:
    """Each career total leaves out the uncounted rounds; finding them must not read every round.

    SQLite's query plan is read here; it is the embedded default, where a scan hurts most.
    """
    engine = open_database(f"sqlite:///{tmp_path / 'plan.db'}")
    statements: list[tuple[str, Any]] = []

    def record(*args: Any) -> None:
        statements.append((args[2], args[3]))

    event.listen(engine, "before_cursor_execute", record)
    with engine.connect() as conn:
        career(conn, [PlayerRef(1, "0000000A", "someone", False, None, datetime(2026, 1, 1))])
        event.remove(engine, "before_cursor_execute", record)
        plans = [
            row[3]
            for statement, parameters in statements
            for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        ]
    assert statements
    engine.dispose()
    assert not [step for step in plans if step.startswith("SCAN rounds") and "INDEX" not in step], plans


def test_a_window_s_accuracy_reads_only_the_round_index(tmp_path: Path) -> None:
    """Leaderboards sum hits and shots over recent rounds; on SQLite the index by round holds
    all they need (the table's key rides along in every index of a table without rowid)."""
    engine = open_database(f"sqlite:///{tmp_path / 'plan.db'}")
    window = counted_rounds().where(t.rounds.c.written_at >= datetime(2026, 1, 1))
    with engine.connect() as conn:
        statement = firearm_sums_query(window, None).compile(conn, compile_kwargs={"literal_binds": True})
        plan = [row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}")]
    engine.dispose()
    assert any("weapon_stats USING COVERING INDEX ix_weapon_stats_round_sums" in step for step in plan), plan


def _migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_dropping_the_stats_foreign_keys_keeps_every_row(db_url: str, corpus_incoming: list[IncomingFile]) -> None:
    """0013 rebuilds the stats tables on SQLite; a database filled at 0012 must come out whole."""
    engine = make_engine(db_url)
    try:
        _migrate(engine, "0012")
        run_batches(engine, [corpus_incoming[:20]])
        before = dump(engine)
        _migrate(engine, "0013")
        assert dump(engine) == {**before, "alembic_version": [("0013",)]}
    finally:
        engine.dispose()


def test_weapon_rows_in_player_order_keep_every_row_both_ways(db_url: str, corpus_incoming: list[IncomingFile]) -> None:
    """0014 copies the weapon rows into a table keyed by player and drops the per-map foreign keys."""
    engine = make_engine(db_url)
    try:
        _migrate(engine, "0013")
        run_batches(engine, [corpus_incoming[:40]])
        before = dump(engine)
        assert before["weapon_stats"] and before["match_players"]
        _migrate(engine, "0014")
        assert dump(engine) == {**before, "alembic_version": [("0014",)]}
        keys = inspect(engine).get_pk_constraint("weapon_stats")["constrained_columns"]
        assert keys == ["player_id", "weapon", "round_id"]
        assert not any(inspect(engine).get_foreign_keys(table) for table in ("match_players", "match_ratings"))
        _migrate(engine, "0013", down=True)
        assert dump(engine) == before
        assert inspect(engine).get_pk_constraint("weapon_stats")["constrained_columns"] == [
            "round_id",
            "player_id",
            "weapon",
        ]
    finally:
        engine.dispose()


def test_a_new_database_has_nothing_to_derive_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The one-knife migration asks for stored Round 2s to be derived again only where some exist."""
    caplog.set_level(logging.INFO, logger="etstats.store.rederive")
    open_database(f"sqlite:///{tmp_path / 'new.db'}").dispose()
    assert not [r for r in caplog.records if r.name == "etstats.store.rederive"]
