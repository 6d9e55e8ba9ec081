"""A database of the real corpus for the command tests: one to read, fresh ones to link in."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.corpus_db import imported_database


@pytest.fixture(scope="session")
def stats_engine(tmp_path_factory: pytest.TempPathFactory, corpus_files: list[Path]) -> Engine:
    """The whole corpus; tests using it only read."""
    engine = imported_database(tmp_path_factory.mktemp("bot") / "etstats.db", corpus_files)
    yield engine  # type: ignore[misc]
    engine.dispose()


@pytest.fixture
def link_engine(tmp_path: Path, corpus_files: list[Path]) -> Engine:
    """The last evening only, in a database of the test's own (for commands that write)."""
    engine = imported_database(tmp_path / "links.db", [p for p in corpus_files if p.name.startswith("2025-11")])
    yield engine  # type: ignore[misc]
    engine.dispose()
