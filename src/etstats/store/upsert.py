"""Insert-or-update for SQLite and PostgreSQL, which share the ON CONFLICT syntax."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    DateTime,
    Dialect,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import TypeEngine


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

    ``rows`` hold values in ``columns`` order. PostgreSQL gets them through COPY:
    psycopg's executemany sends one statement per row, which made a bulk import spend most
    of its time in the driver. SQLite gets one executemany, with the column types' own
    conversions applied here (dates to text); numbers and flags go as they are.
    """
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        _copy_rows(conn, table, columns, rows)
        return
    wanted = set(columns)
    order = [column.name for column in table.columns if column.name in wanted]
    if len(order) != len(columns):
        raise ValueError(f"insert into {table.name}: unknown columns in {list(columns)}")
    if order != list(columns):
        index = [list(columns).index(name) for name in order]
        rows = [tuple(row[i] for i in index) for row in rows]
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=order)
    if tuple(compiled.positiontup or ()) != tuple(order):
        raise ValueError(f"insert into {table.name}: the driver does not take positional parameters")
    convert = [(i, p) for i, name in enumerate(order) if (p := _bind_processor(table, name, conn.dialect))]
    if convert:
        rows = [_converted(row, convert) for row in rows]
    conn.exec_driver_sql(str(compiled), list(rows))


def _bind_processor(table: Table, name: str, dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column type's conversion, except for numbers and flags, which the driver takes as they are."""
    column_type = table.c[name].type
    if isinstance(column_type, _DRIVER_NATIVE):
        return None
    return column_type.dialect_impl(dialect).bind_processor(dialect)


_DRIVER_NATIVE = (Boolean, Float, Integer)


def _converted(row: Sequence[Any], convert: list[tuple[int, Callable[[Any], Any]]]) -> tuple[Any, ...]:
    values = list(row)
    for i, process in convert:
        if values[i] is not None:
            values[i] = process(values[i])
    return tuple(values)


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows given as dicts with the same keys, the bulk way :func:`insert_many` does."""
    if rows:
        columns = list(rows[0])
        insert_many(conn, table, columns, [tuple(row[c] for c in columns) for row in rows])


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
    columns = list(rows[0])
    if conn.dialect.name == "postgresql":
        sequence: str = conn.execute(select(func.pg_get_serial_sequence(table.name, "id"))).scalar_one()
        ids: list[int] = list(
            conn.execute(
                select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows))),
            ).scalars()
        )
        rest, rest_ids = rows, ids
    else:
        first: int = conn.execute(insert(table).returning(table.c.id), [dict(rows[0])]).scalar_one()
        ids = list(range(first, first + len(rows)))
        rest, rest_ids = rows[1:], ids[1:]
    values = [(i, *(row[c] for c in columns)) for i, row in zip(rest_ids, rest, strict=True)]
    insert_many(conn, table, ["id", *columns], values)
    return ids


def bulk_insert(
    conn: Connection, table: Table, columns: Sequence[str]
) -> AbstractContextManager[Callable[[Iterable[Sequence[Any]]], None]]:
    """Rows added as they are made, stored by the end of the ``with`` block.

    On PostgreSQL they go straight into a COPY, which the server works through while the
    caller makes the next rows; the connection takes no other statement until the block
    ends. Elsewhere they are gathered for one :func:`insert_many`.
    """
    if conn.dialect.name == "postgresql":
        return _copy(conn, table, columns)
    return _gathered(conn, table, columns)


@contextmanager
def _gathered(
    conn: Connection, table: Table, columns: Sequence[str]
) -> Iterator[Callable[[Iterable[Sequence[Any]]], None]]:
    rows: list[Sequence[Any]] = []
    yield rows.extend
    insert_many(conn, table, columns, rows)


def _copy_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    with _copy(conn, table, columns) as add:
        add(rows)


@contextmanager
def _copy(
    conn: Connection, table: Table, columns: Sequence[str]
) -> Iterator[Callable[[Iterable[Sequence[Any]]], None]]:
    """COPY in PostgreSQL's binary format: the server reads numbers as they are instead of
    parsing text, and the driver writes them without formatting."""
    preparer = conn.dialect.identifier_preparer
    names = ", ".join(preparer.quote(column) for column in columns)
    statement = f"COPY {preparer.format_table(table)} ({names}) FROM STDIN (FORMAT BINARY)"
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        copy.set_types([_postgresql_type(table.c[column].type) for column in columns])

        def add(rows: Iterable[Sequence[Any]]) -> None:
            for row in rows:
                copy.write_row(row)

        yield add


def _postgresql_type(column_type: TypeEngine[Any]) -> str:
    """The server type a binary COPY sends a column as; it must be the column's own type."""
    for kind, name in _COPY_TYPES:
        if isinstance(column_type, kind):
            return name
    raise TypeError(f"no binary COPY type for {column_type!r}")


_COPY_TYPES: tuple[tuple[type[TypeEngine[Any]], str], ...] = (
    (Boolean, "bool"),
    (Integer, "int4"),
    (Float, "float8"),
    (DateTime, "timestamp"),
    (LargeBinary, "bytea"),
    (String, "text"),
)
