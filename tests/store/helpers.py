"""Running import batches and reading tables back, for the store tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, inspect, text

from etstats.store.importer import BatchResult, IncomingFile, import_batch

SOURCE = "test"


def run_batches(engine: Engine, batches: Iterable[list[IncomingFile]]) -> list[BatchResult]:
    """Each batch in its own transaction, the way ``etstats import`` and the monitor do it."""
    results = []
    for batch in batches:
        with engine.begin() as conn:
            results.append(import_batch(conn, SOURCE, batch))
    return results


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two equal dumps mean nothing changed."""
    result = {}
    with engine.connect() as conn:
        for name in table_names(engine):
            rows = conn.execute(text(f'SELECT * FROM "{name}"')).all()
            result[name] = sorted((tuple(r) for r in rows), key=repr)
    return result


def scalar(engine: Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def rows(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]
