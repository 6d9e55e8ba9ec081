"""Real SQLite files in tmp_path and the corpus as importer input."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from etstats.store.database import open_database
from etstats.store.importer import IncomingFile
from tests.store.helpers import run_batches

_counter = itertools.count()


@pytest.fixture(scope="session")
def corpus_incoming(corpus_files: list[Path]) -> list[IncomingFile]:
    return [IncomingFile(p.name, p.read_bytes()) for p in corpus_files]


@pytest.fixture
def new_engine(tmp_path: Path) -> Iterator[Callable[[], Engine]]:
    """A fresh, migrated SQLite database file per call."""
    engines: list[Engine] = []

    def make() -> Engine:
        engine = open_database(f"sqlite:///{tmp_path / f'etstats-{next(_counter)}.db'}")
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, corpus_incoming: list[IncomingFile]) -> Iterator[Engine]:
    """The whole corpus imported once, in order; tests using it only read."""
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'etstats.db'}")
    run_batches(engine, [corpus_incoming])
    yield engine
    engine.dispose()
