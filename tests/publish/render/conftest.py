"""The real corpus imported once; summaries of its last evening for the renderer tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch
from etstats.store.session_queries import SessionSummary, latest_session


@pytest.fixture(scope="session")
def corpus_engine(tmp_path_factory: pytest.TempPathFactory, corpus_files: list[Path]) -> Engine:
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('render') / 'etstats.db'}")
    with engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(p.name, p.read_bytes()) for p in corpus_files])
    yield engine  # type: ignore[misc]
    engine.dispose()


@pytest.fixture(scope="session")
def evening(corpus_engine: Engine) -> SessionSummary:
    with corpus_engine.connect() as conn:
        summary = latest_session(conn)
    assert summary is not None
    return summary
