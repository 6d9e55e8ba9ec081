"""Insert-or-update for SQLite and PostgreSQL, which share the ON CONFLICT syntax."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, func
from sqlalchemy.dialects import postgresql, sqlite


def upsert(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    conflict: tuple[str, ...],
    keep_min: tuple[str, ...] = (),
    keep_max: tuple[str, ...] = (),
) -> None:
    """Insert rows; on a key clash keep the smaller/larger value of the named columns."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    excluded = statement.excluded
    least = func.least if conn.dialect.name == "postgresql" else func.min
    greatest = func.greatest if conn.dialect.name == "postgresql" else func.max
    updates = {name: least(table.c[name], excluded[name]) for name in keep_min}
    updates.update({name: greatest(table.c[name], excluded[name]) for name in keep_max})
    statement = statement.on_conflict_do_update(index_elements=list(conflict), set_=updates)
    conn.execute(statement, list(rows))
