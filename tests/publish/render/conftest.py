"""The real corpus imported once; summaries of its last evening for the renderer tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from etstats.stats.session_summary import SessionSummary
from etstats.store.session_queries import latest_session
from tests.corpus_db import imported_database


@pytest.fixture(scope="session")
def corpus_engine(tmp_path_factory: pytest.TempPathFactory, corpus_files: list[Path]) -> Engine:
    engine = imported_database(tmp_path_factory.mktemp("render") / "etstats.db", corpus_files)
    yield engine  # type: ignore[misc]
    engine.dispose()


@pytest.fixture(scope="session")
def evening(corpus_engine: Engine) -> SessionSummary:
    with corpus_engine.connect() as conn:
        summary = latest_session(conn)
    assert summary is not None
    return summary
