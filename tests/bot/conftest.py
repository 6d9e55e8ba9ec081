"""A database of the real corpus for the command tests: one to read, fresh ones to link in."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from etstats.store.database import open_database
from etstats.store.importer import IncomingFile, import_batch


def _imported(path: Path, files: list[Path]) -> Engine:
    engine = open_database(f"sqlite:///{path}")
    with engine.begin() as conn:
        import_batch(conn, "local", [IncomingFile(p.name, p.read_bytes()) for p in files])
    return engine


@pytest.fixture(scope="session")
def stats_engine(tmp_path_factory: pytest.TempPathFactory, corpus_files: list[Path]) -> Engine:
    """The whole corpus; tests using it only read."""
    engine = _imported(tmp_path_factory.mktemp("bot") / "etstats.db", corpus_files)
    yield engine  # type: ignore[misc]
    engine.dispose()


@pytest.fixture
def link_engine(tmp_path: Path, corpus_files: list[Path]) -> Engine:
    """The last evening only, in a database of the test's own (for commands that write)."""
    engine = _imported(tmp_path / "links.db", [p for p in corpus_files if p.name.startswith("2025-11")])
    yield engine  # type: ignore[misc]
    engine.dispose()
