"""The migrations build exactly the tables the code declares, and re-opening changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event

from etstats.stats.career import PlayerRef
from etstats.store.database import alembic_config, has_schema, open_database
from etstats.store.importer import IncomingFile
from etstats.store.player_queries import career
from etstats.store.schema import metadata
from tests.store.helpers import dump, run_batches, table_names


def test_migrated_database_matches_the_declared_schema(new_engine: Callable[[], Engine]) -> None:
    """Like ``alembic check``: autogenerate finds nothing to add, drop or alter."""
    engine = new_engine()
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        assert compare_metadata(context, metadata) == []


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


def test_a_career_reads_no_whole_table_of_rounds(new_engine: Callable[[], Engine]) -> None:
    """Each career total leaves out the uncounted rounds; finding them must not read every round."""
    engine = new_engine()
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
    assert not [step for step in plans if step.startswith("SCAN rounds") and "INDEX" not in step], plans
