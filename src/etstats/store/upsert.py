"""Insert-or-update for SQLite and PostgreSQL, which share the ON CONFLICT syntax."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select
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


def insert_ignore(conn: Connection, table: Table, row: dict[str, Any], *, conflict: tuple[str, ...]) -> bool:
    """Insert one row unless its key exists; True when it was inserted.

    Judged by the row RETURNING gives back, not by ``rowcount``: psycopg reports -1 for an
    insert that returns the new key, which made every insert look like a clash.
    """
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**row).on_conflict_do_nothing(index_elements=list(conflict))
    returned = conn.execute(statement.returning(*table.primary_key.columns)).first()
    return returned is not None


def upsert_replace(conn: Connection, table: Table, row: dict[str, Any], *, conflict: tuple[str, ...]) -> None:
    """Insert one row, or overwrite every other column of the row with the same key."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**row)
    changes = {name: statement.excluded[name] for name in row if name not in conflict}
    conn.execute(statement.on_conflict_do_update(index_elements=list(conflict), set_=changes))


def insert_many(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert many rows through the driver, without SQLAlchemy's per-row work.

    Only for columns whose values the driver takes as they are (int, float, str, None):
    no type processing happens. ``rows`` hold values in ``columns`` order. PostgreSQL
    gets them through COPY: psycopg's executemany sends one statement per row, which
    made a bulk import spend most of its time in the driver.
    """
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        _copy_rows(conn, table, columns, rows)
        return
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(columns))
    if compiled.positional:
        if tuple(compiled.positiontup or ()) != tuple(columns):
            raise ValueError(f"insert into {table.name}: columns must be given in table order")
        conn.exec_driver_sql(str(compiled), list(rows))
    else:
        conn.exec_driver_sql(str(compiled), [dict(zip(columns, row)) for row in rows])


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (dicts with the same keys) of any column types: COPY on PostgreSQL, whose
    executemany sends one statement per row; SQLAlchemy's executemany elsewhere."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        columns = list(rows[0])
        _copy_rows(conn, table, columns, [tuple(row[c] for c in columns) for row in rows])
    else:
        conn.execute(insert(table), list(rows))


def insert_returning_ids(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows (dicts with the same keys) and return their new ``id`` values, in row order.

    PostgreSQL takes the ids from the table's sequence first and the rows through COPY:
    a multi-row ``INSERT … RETURNING`` of a whole import batch cost more in the driver's
    query parsing than the insert itself. SQLite inserts the first row alone, which takes
    the write lock and yields the highest id; the rest follow in one executemany with the
    ids after it, which no other writer can take meanwhile (SQLite's own ordered RETURNING
    sent one statement per row).
    """
    if not rows:
        return []
    if conn.dialect.name != "postgresql":
        return _insert_following_ids(conn, table, rows)
    sequence: str = conn.execute(select(func.pg_get_serial_sequence(table.name, "id"))).scalar_one()
    ids: list[int] = list(
        conn.execute(
            select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows))),
        ).scalars()
    )
    columns = list(rows[0])
    _copy_rows(conn, table, ["id", *columns], [(i, *(row[c] for c in columns)) for i, row in zip(ids, rows)])
    return ids


def _insert_following_ids(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    first: int = conn.execute(insert(table).returning(table.c.id), [dict(rows[0])]).scalar_one()
    ids = list(range(first, first + len(rows)))
    if len(rows) > 1:
        conn.execute(insert(table), [{"id": i, **row} for i, row in zip(ids[1:], rows[1:], strict=True)])
    return ids


def _copy_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    preparer = conn.dialect.identifier_preparer
    names = ", ".join(preparer.quote(column) for column in columns)
    statement = f"COPY {preparer.format_table(table)} ({names}) FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
