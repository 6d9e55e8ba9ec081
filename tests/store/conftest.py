"""Fresh databases (each store test runs on SQLite and on PostgreSQL) and the corpus as importer input."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from etstats.store.database import open_database
from etstats.store.importer import IncomingFile
from tests.store.helpers import run_batches


@pytest.fixture(scope="session")
def corpus_incoming(corpus_files: list[Path]) -> list[IncomingFile]:
    return [IncomingFile(p.name, p.read_bytes()) for p in corpus_files]


@pytest.fixture
def new_engine(db_urls: Callable[[], str]) -> Iterator[Callable[[], Engine]]:
    """A fresh, migrated database of the test's backend (SQLite or PostgreSQL) per call."""
    engines: list[Engine] = []

    def make() -> Engine:
        engine = open_database(db_urls())
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture(scope="module")
def corpus_db(module_db_urls: Callable[[], str], corpus_incoming: list[IncomingFile]) -> Iterator[Engine]:
    """The whole corpus imported once, in order; tests using it only read."""
    engine = open_database(module_db_urls())
    run_batches(engine, [corpus_incoming])
    yield engine
    engine.dispose()
